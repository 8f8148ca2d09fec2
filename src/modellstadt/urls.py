from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.sitemap_generator import Sitemap as WagtailSitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from modellstadt.accounts import views as account_views
from modellstadt.core import views as core_views
from modellstadt.opendata.sitemaps import DatasetSitemap
from modellstadt.operations import metrics as operations_metrics
from modellstadt.operations import views as operations_views
from modellstadt.portal import views as portal_views

urlpatterns = [
    # For load balancers and monitoring (docs/operator-guide.md, "Health checks").
    path("healthz", operations_views.healthz, name="healthz"),
    path("readyz", operations_views.readyz, name="readyz"),
    path("metrics", operations_metrics.metrics, name="metrics"),  # Prometheus; loopback or bearer token
    # One login for everyone (with two-factor authentication): the back office uses the portal's.
    path("verwaltung/login/", RedirectView.as_view(url="/konto/login/", query_string=True)),
    path("verwaltung/", include(wagtailadmin_urls)),
    path("konto/", account_views.account_overview, name="account_overview"),
    path("konto/meine-daten/", account_views.my_data, name="my_data"),
    path("konto/meine-daten/download/", account_views.download_my_data, name="download_my_data"),
    path("konto/loeschen/", account_views.delete_account, name="delete_account"),
    path("konto/zustimmung/", account_views.terms_consent, name="terms_consent"),
    path("konto/", include("modellstadt.notifications.urls")),  # folgen/, benachrichtigungen/
    path("konto/", include("allauth.urls")),
    path("dokumente/", include(wagtaildocs_urls)),
    path("suche/", portal_views.search_view, name="search"),
    path("sprache/<str:language>/", core_views.switch_language, name="switch_language"),
    path("sitemap.xml", sitemap, {"sitemaps": {"wagtail": WagtailSitemap, "daten": DatasetSitemap}}, name="sitemap"),
    path("kommentare/", include("modellstadt.comments.urls")),
    path("", include("modellstadt.moderation.urls")),  # kommentare/…/melden/
    path("", include("modellstadt.ideas.urls")),  # beteiligung/, ideen/
    path("", include("modellstadt.partners.area_urls")),  # partnerbereich/, unterstuetzer/
    path("", include("modellstadt.opendata.urls")),  # daten/, api/
    path("", include("modellstadt.progress.urls")),  # fortschritt/, karte/
    path("", include("modellstadt.assistant.urls")),
]

if settings.SERVE_MEDIA:
    # Public media (images and their renditions). Behind a reverse proxy, let it serve /media/.
    urlpatterns += [
        re_path(r"^media/(?P<path>(?:original_images|images)/.*)$", core_views.serve_media),
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "modellstadt.core.views.page_not_found"
handler500 = "modellstadt.core.views.server_error"
