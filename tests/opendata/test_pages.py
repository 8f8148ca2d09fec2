"""Public pages: the catalogue with search, facets, sorting and paging; the dataset page with
licence, versions, previews, API example and citation; restricted data; field and project pages."""

import json

import pytest
from django.template import Context, Template

from modellstadt.opendata import services
from tests import factories
from tests.opendata.conftest import upload
from tests.query_counts import assert_constant_queries

GEOJSON = json.dumps({
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "properties": {"name": "Rathaus", "ssid": "Stadt-WLAN"},
         "geometry": {"type": "Point", "coordinates": [10.78, 52.42]}},
        {"type": "Feature", "properties": {"name": "Bahnhof", "ssid": "Stadt-WLAN"},
         "geometry": {"type": "Point", "coordinates": [10.79, 52.43]}},
    ],
}).encode()


def test_catalogue_search_facets_and_sorting(client, rep, publisher, other_rep, other_org, make_dataset):
    make_dataset(rep, publisher, title="Ladepunkte")
    make_dataset(other_rep, other_org, title="Wohnungen je Stadtteil", keywords=("Wohnen",), themes=("SOCI",),
                 content=b"Stadtteil,Wohnungen\nMitte,100\n", licence="cc-by/4.0")
    make_dataset(rep, publisher, title="Entwurf", publish=False)
    response = client.get("/daten/")
    html = response.content.decode()
    assert "Ladepunkte" in html and "Wohnungen je Stadtteil" in html and "Entwurf" not in html
    assert "2 Datensätze gefunden" in html
    html = client.get("/daten/?q=wohnungen").content.decode()
    assert "1 Datensatz gefunden" in html and "Wohnungen je Stadtteil" in html
    html = client.get(f"/daten/?organisation={publisher.slug}").content.decode()
    assert "Ladepunkte" in html and "Wohnungen je Stadtteil" not in html
    html = client.get("/daten/?lizenz=cc-by/4.0&thema=SOCI&format=CSV").content.decode()
    assert "1 Datensatz gefunden" in html
    html = client.get("/daten/?sortierung=titel").content.decode()
    assert html.index("Ladepunkte") < html.index("Wohnungen je Stadtteil")
    assert client.get("/daten/?seite=99&sortierung=quatsch").status_code == 200


def test_catalogue_and_dataset_page_cost_constant_queries(client, rep, publisher, make_dataset):
    make_dataset(rep, publisher, title="Erster Datensatz")

    def grow():
        for i in range(3):
            d, dist = make_dataset(rep, publisher, title=f"Weiterer {i}", keywords=(f"k{i}", "Laden"),
                                   themes=("TRAN", "ENER"))
            services.add_distribution(rep, d, title=f"Link {i}", format="HTML", kind="url",
                                      external_url="https://example.org/")

    # count, page, keywords, themes, six facets and the site lookups of the layout
    assert_constant_queries(client, "/daten/", grow, expected=11)


def test_dataset_page_costs_constant_queries(client, rep, publisher, make_dataset):
    ds, _ = make_dataset(rep, publisher, title="Erster Datensatz")

    def grow():
        for i in range(3):
            dist = services.add_distribution(rep, ds, title=f"Datei {i}", format="CSV")
            services.load_version(services.upload_version(rep, dist, upload=upload("b.csv", b"a\n1\n")).pk)
            services.add_distribution(rep, ds, title=f"Link {i}", format="HTML", kind="url",
                                      external_url="https://example.org/")

    # dataset with its relations and versions, one table preview, the layout
    assert_constant_queries(client, f"/daten/{ds.slug}/", grow, expected=9)


def test_dataset_page_shows_licence_versions_preview_api_and_citation(client, rep, publisher, make_dataset):
    ds, dist = make_dataset(rep, publisher)
    html = client.get(f"/daten/{ds.slug}/").content.decode()
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in html
    assert "Nennen Sie dabei" in html  # the licence in plain German
    assert "Rathaus Süd" in html and "integer" in html  # preview with typed columns
    assert f"/api/v1/resources/{dist.pk}/rows" in html and "import requests" in html
    assert "So zitieren Sie diesen Datensatz" in html
    assert f"/daten/{ds.slug}/version/{dist.live_version.pk}/" in html
    response = client.get(f"/daten/{ds.slug}/download/{dist.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"Standort;")


def test_geojson_preview_as_feature_table(client, rep, publisher, make_dataset):
    ds, _dist = make_dataset(rep, publisher, title="WLAN", content=GEOJSON, fmt="GEOJSON",
                             filename="wlan.geojson")
    html = client.get(f"/daten/{ds.slug}/").content.decode()
    assert "Bahnhof" in html and "10.79, 52.43" in html and "Stadt-WLAN" in html


def test_drafts_are_hidden_from_the_public_and_shown_to_the_publisher(client, rep, publisher, make_dataset):
    ds, dist = make_dataset(rep, publisher, publish=False)
    assert client.get(f"/daten/{ds.slug}/").status_code == 404
    assert client.get(f"/daten/{ds.slug}/download/{dist.pk}/").status_code == 404
    client.force_login(rep)
    assert client.get(f"/daten/{ds.slug}/").status_code == 200


def test_restricted_dataset_shows_description_but_not_data(client, rep, publisher, developer, make_dataset):
    ds, dist = make_dataset(rep, publisher, title="Energielast", access_level="restricted")
    html = client.get(f"/daten/{ds.slug}/").content.decode()
    assert "Beschreibung." in html and "Zugang beantragen" in html and "Rathaus Süd" not in html
    assert client.get(f"/daten/{ds.slug}/download/{dist.pk}/").status_code == 302
    client.force_login(developer)
    assert client.get(f"/daten/{ds.slug}/download/{dist.pk}/").status_code == 302


def test_field_and_project_template_tags(portal, rep, publisher, make_dataset):
    field = factories.field(2, title="Offene digitale Plattform")
    project = factories.project(field, title="Datenplattform")
    ds, _ = make_dataset(rep, publisher, fields=[field], projects=[project])
    html = Template("{% load opendata_tags %}{% field_datasets page %}").render(Context({"page": field}))
    assert ds.title in html and "Offene Daten in diesem Feld" in html
    html = Template("{% load opendata_tags %}{% project_datasets page %}").render(Context({"page": project}))
    assert "Daten aus diesem Projekt" in html


@pytest.mark.parametrize("path", ["/daten/", "/daten/katalog.ttl", "/api/docs/", "/api/openapi.json"])
def test_public_addresses_answer(client, db, path):
    assert client.get(path).status_code == 200


def test_api_docs_use_only_local_assets(client, db):
    html = client.get("/api/docs/").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html.split("swagger-settings")[0]
    assert '"validatorUrl": null' in html


def test_field_and_project_pages_and_sitemap_show_datasets(client, portal, rep, publisher, make_dataset):
    field = factories.field(2, title="Offene digitale Plattform")
    project = factories.project(field, title="Datenplattform")
    ds, _ = make_dataset(rep, publisher, fields=[field], projects=[project])
    assert ds.title in client.get(field.url).content.decode()
    assert ds.title in client.get("/projekte/datenplattform/").content.decode()
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/daten/{ds.slug}/" in xml and "/projekte/datenplattform/" in xml


def test_publishing_retires_the_anonymous_page_cache(client, settings, rep, publisher, make_dataset,
                                                     django_capture_on_commit_callbacks):
    settings.PAGE_CACHE_SECONDS = 300
    make_dataset(rep, publisher, title="Erster")
    assert "Erster" in client.get("/daten/").content.decode()
    assert client.get("/daten/")["X-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        make_dataset(rep, publisher, title="Zweiter")
    assert "Zweiter" in client.get("/daten/").content.decode()
