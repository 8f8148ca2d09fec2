from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from modellstadt.core.text import plain_text
from modellstadt.news.selectors import published_posts


class NewsFeed(Feed):
    """Atom feed of the latest news posts (/aktuelles/feed/)."""

    feed_type = Atom1Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        from django.conf import settings

        return f"{settings.WAGTAIL_SITE_NAME}: {self.index_page.title}"

    def link(self):
        return self.index_page.get_url(self.request)

    def subtitle(self):
        return plain_text(self.index_page.intro)[:300]

    def items(self):
        return published_posts()[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.teaser

    def item_link(self, item):
        return item.get_url(self.request)

    def item_pubdate(self, item):
        return item.date

    def item_updateddate(self, item):
        return item.last_published_at or item.date
