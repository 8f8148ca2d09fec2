from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from modellstadt.core import views as core_views

urlpatterns = [
    path("verwaltung/", include(wagtailadmin_urls)),
    path("dokumente/", include(wagtaildocs_urls)),
    path("suche/", core_views.search_view, name="search"),
    path("sprache/<str:language>/", core_views.switch_language, name="switch_language"),
    path("sitemap.xml", sitemap, name="sitemap"),
]

if settings.SERVE_MEDIA:
    # Public media (images and their renditions). Behind a reverse proxy, let it serve /media/.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "modellstadt.core.views.page_not_found"
handler500 = "modellstadt.core.views.server_error"
