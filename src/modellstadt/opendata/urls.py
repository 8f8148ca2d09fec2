"""Public addresses of the opendata app: the catalogue under /daten/, the APIs under /api/,
the API-key page in the account, the publishing pages in the partner area."""

from django.urls import include, path, re_path

from modellstadt.opendata import area_views, ckan, views
from modellstadt.opendata.api import api

area_patterns = ([
    path("", area_views.index, name="index"),
    path("<slug:org_slug>/neu/", area_views.dataset_create, name="create"),
    path("datensatz/<slug:slug>/", area_views.manage, name="manage"),
    path("datensatz/<slug:slug>/distribution/", area_views.distribution_add, name="distribution_add"),
    path("datensatz/<slug:slug>/distribution/<int:dist_id>/hochladen/", area_views.version_upload, name="upload"),
    path("datensatz/<slug:slug>/version/<int:version_id>/spalten/", area_views.personal_columns, name="personal"),
    path("datensatz/<slug:slug>/veroeffentlichen/", area_views.publish, name="publish"),
    path("datensatz/<slug:slug>/zurueckziehen/", area_views.unpublish, name="unpublish"),
    path("datensatz/<slug:slug>/antrag/<int:request_id>/", area_views.decide, name="decide"),
], "opendata_area")

public_patterns = ([
    path("daten/", views.catalogue, name="catalogue"),
    re_path(r"^daten/katalog\.(?P<ext>ttl|rdf|jsonld)$", views.catalogue_rdf, name="catalogue_rdf"),
    re_path(r"^daten/(?P<slug>[-a-z0-9_]+)\.(?P<ext>ttl|rdf|jsonld)$", views.dataset_rdf, name="dataset_rdf"),
    path("daten/<slug:slug>/", views.dataset, name="dataset"),
    path("daten/<slug:slug>/download/<int:dist_id>/", views.download, name="download"),
    path("daten/<slug:slug>/version/<int:version_id>/", views.version_download, name="version_download"),
    path("daten/<slug:slug>/zugang/", views.access_request, name="access_request"),
    path("konto/api-schluessel/", views.api_keys, name="api_keys"),
    path("konto/api-schluessel/<int:pk>/widerrufen/", views.api_key_revoke, name="api_key_revoke"),
    path("api/3/action/<str:name>", ckan.action, name="ckan_action"),
    path("api/action/<str:name>", ckan.action),  # CKAN answers without the version too (ckanapi uses it)
], "opendata")

# Three namespaces side by side: "opendata" (public pages), "opendata_area" (publishing) and the data
# API's own "dataapi" (django-ninja reverses its docs under that name, so it must not be nested).
urlpatterns = [
    path("", include(public_patterns)),
    path("partnerbereich/daten/", include(area_patterns)),
    path("api/", api.urls),
]
