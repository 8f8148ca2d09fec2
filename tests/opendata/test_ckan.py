"""The CKAN Action API, driven by ckanapi's RemoteCKAN against the running test server, as an
existing CKAN client (harvesters, federation tools, scripts) would use it."""

import pytest
import requests
from ckanapi import NotFound, RemoteCKAN, ValidationError

from modellstadt.opendata import services


@pytest.fixture
def catalogue(rep, publisher, other_rep, other_org, make_dataset):
    a, dist_a = make_dataset(rep, publisher, title="Ladepunkte", keywords=("Laden", "Mobilität"))
    b, _ = make_dataset(other_rep, other_org, title="Wohnungen je Stadtteil", keywords=("Wohnen",),
                        themes=("SOCI",), content=b"Stadtteil,Wohnungen\nMitte,100\n", licence="cc-by/4.0")
    c, _ = make_dataset(rep, publisher, title="Verkehrszählung", keywords=("Mobilität",), content=None)
    services.add_distribution(rep, c, title="Zählstellen-API", format="API", kind="api",
                              external_url="https://example.org/api")
    make_dataset(rep, publisher, title="Entwurf", publish=False)
    return {"a": a, "b": b, "c": c, "dist_a": dist_a}


@pytest.fixture
def ckan(live_server):
    return RemoteCKAN(live_server.url, user_agent="modellstadt-tests/1.0")


# serialized_rollback: a transactional test before this one (the support races) empties the database
# when it ends; restoring the migrated state gives these tests the content types and pages they need.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_status_and_lists(ckan, catalogue):
    assert ckan.action.status_show()["ckan_version"].startswith("2.")
    assert ckan.action.package_list() == ["ladepunkte", "verkehrszaehlung", "wohnungen-je-stadtteil"]
    assert ckan.action.package_list(limit=1, offset=1) == ["verkehrszaehlung"]
    assert ckan.action.organization_list() == ["stadtwerke-teststadt", "wohnungsbau-teststadt"]
    orgs = ckan.action.organization_list(all_fields=True)
    assert {o["name"]: o["package_count"] for o in orgs} == {"stadtwerke-teststadt": 2, "wohnungsbau-teststadt": 1}
    assert ckan.action.tag_list() == ["Laden", "Mobilität", "Wohnen"]
    assert ckan.action.tag_list(query="mob") == ["Mobilität"]


def test_package_search_with_q_fq_rows_start_and_sort(ckan, catalogue):
    result = ckan.action.package_search(q="Wohnungen")
    assert result["count"] == 1 and result["results"][0]["name"] == "wohnungen-je-stadtteil"
    result = ckan.action.package_search(fq="organization:stadtwerke-teststadt", sort="title_string asc")
    assert [r["name"] for r in result["results"]] == ["ladepunkte", "verkehrszaehlung"]
    assert ckan.action.package_search(fq='tags:"Mobilität"')["count"] == 2
    assert ckan.action.package_search(fq="res_format:CSV")["count"] == 2
    assert ckan.action.package_search(fq="license_id:cc-by/4.0")["count"] == 1
    assert ckan.action.package_search(fq="organization:stadtwerke-teststadt res_format:API")["count"] == 1
    page = ckan.action.package_search(rows=1, start=1, sort="name asc")
    assert page["count"] == 3 and [r["name"] for r in page["results"]] == ["verkehrszaehlung"]
    facets = ckan.action.package_search(**{"facet.field": ["organization", "res_format"]})["search_facets"]
    assert {i["name"]: i["count"] for i in facets["res_format"]["items"]} == {"CSV": 2, "API": 1}


def test_package_show_and_resource_show(ckan, catalogue):
    pkg = ckan.action.package_show(id="ladepunkte")
    assert pkg["organization"]["name"] == "stadtwerke-teststadt"
    assert pkg["license_id"] == "dl-by-de/2.0" and pkg["isopen"] is True
    assert [t["name"] for t in pkg["tags"]] == ["Laden", "Mobilität"]
    resource = pkg["resources"][0]
    assert resource["format"] == "CSV" and resource["datastore_active"] is True
    assert resource["hash"].startswith("sha256:")
    assert requests.get(resource["url"], timeout=10).content.startswith(b"Standort;")
    assert ckan.action.resource_show(id=resource["id"])["url"] == resource["url"]
    org = ckan.action.organization_show(id="wohnungsbau-teststadt", include_datasets=True)
    assert [p["name"] for p in org["packages"]] == ["wohnungen-je-stadtteil"]


def test_errors_have_ckan_shapes(ckan, catalogue, live_server):
    with pytest.raises(NotFound):
        ckan.action.package_show(id="entwurf")
    with pytest.raises(NotFound):
        ckan.action.resource_show(id="999999")
    with pytest.raises(ValidationError):
        ckan.action.package_show()
    with pytest.raises(ValidationError):
        ckan.action.package_search(rows="viele")
    response = requests.get(f"{live_server.url}/api/3/action/gibt_es_nicht", timeout=10)
    assert response.status_code == 400 and response.json()["success"] is False
    response = requests.get(f"{live_server.url}/api/3/action/package_search?fq=unsinn:1", timeout=10)
    assert response.status_code == 409 and response.json()["error"]["__type"] == "Search Query Error"
    response = requests.post(f"{live_server.url}/api/3/action/package_search", data=b"{kaputt",
                             headers={"Content-Type": "application/json"}, timeout=10)
    assert response.status_code == 400
