"""Published datasets in /sitemap.xml, next to Wagtail's pages."""

from django.contrib.sitemaps import Sitemap

from modellstadt.opendata.selectors import published


class DatasetSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return published().only("slug", "modified").order_by("id")

    def lastmod(self, dataset):
        return dataset.modified
