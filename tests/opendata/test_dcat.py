"""The DCAT-AP.de catalogue: validated against the project's SHACL shapes, parsable in all three
serialisations, and paged with hydra so a harvester walking hydra:nextPage gets every dataset once."""

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from modellstadt.opendata.models import Dataset, Distribution, DistributionVersion
from tests import factories

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
SHAPES = Graph().parse(Path(__file__).with_name("dcat_ap_de_shapes.ttl"))
BASE = "http://localhost"


def shacl(data):
    conforms, _graph, text = validate(data, shacl_graph=SHAPES, inference="none", allow_warnings=False)
    return conforms, text


def fetch(client, url, fmt="turtle"):
    response = client.get(url)
    assert response.status_code == 200, url
    return Graph().parse(data=response.content, format=fmt)


def test_catalogue_conforms_to_the_shapes_with_all_recommended_properties(client, rep, publisher, make_dataset):
    make_dataset(rep, publisher)
    make_dataset(rep, publisher, title="WLAN", content=b'{"type": "FeatureCollection", "features": []}',
                 fmt="GEOJSON", filename="w.geojson")
    make_dataset(rep, publisher, title="Energielast", access_level="restricted")
    g = fetch(client, "/daten/katalog.ttl")
    conforms, report = shacl(g)
    assert conforms, report
    datasets = set(g.subjects(RDF.type, DCAT.Dataset))
    assert len(datasets) == 3
    ds = URIRef(f"{BASE}/daten/ladepunkte/")
    assert (ds, URIRef("http://dcat-ap.de/def/dcatde/politicalGeocodingURI"),
            URIRef("http://dcat-ap.de/def/politicalGeocoding/municipalityKey/03103000")) in g
    licences = {o for d in g.subjects(RDF.type, DCAT.Distribution) for o in g.objects(d, DCTERMS.license)}
    assert licences == {URIRef("http://dcat-ap.de/def/licenses/dl-by-de/2.0")}
    # restricted data: no download address, access rights say so
    restricted = URIRef(f"{BASE}/daten/energielast/")
    assert (restricted, DCTERMS.accessRights,
            URIRef("http://publications.europa.eu/resource/authority/access-right/RESTRICTED")) in g
    dist = next(g.objects(restricted, DCAT.distribution))
    assert next(g.objects(dist, DCAT.downloadURL), None) is None


def test_data_api_is_a_data_service_serving_the_datasets_with_loaded_tables(client, rep, publisher, make_dataset):
    make_dataset(rep, publisher)  # a CSV, loaded into the data API
    make_dataset(rep, publisher, title="WLAN", content=b'{"type": "FeatureCollection", "features": []}',
                 fmt="GEOJSON", filename="w.geojson")  # a file only
    g = fetch(client, "/daten/katalog.ttl")
    conforms, report = shacl(g)
    assert conforms, report
    service = URIRef(f"{BASE}/api/v1/")
    assert (service, RDF.type, DCAT.DataService) in g
    assert (URIRef(f"{BASE}/daten/"), DCAT.service, service) in g
    assert (service, DCAT.endpointURL, service) in g
    assert (service, DCAT.endpointDescription, URIRef(f"{BASE}/api/openapi.json")) in g
    assert next(g.objects(service, DCTERMS.title)).language == "de"
    assert set(g.objects(service, DCAT.servesDataset)) == {URIRef(f"{BASE}/daten/ladepunkte/")}
    assert (service, DCTERMS.license, URIRef("http://dcat-ap.de/def/licenses/dl-zero-de/2.0")) in g
    assert (service, DCTERMS.accessRights,
            URIRef("http://publications.europa.eu/resource/authority/access-right/PUBLIC")) in g
    csv = next(g.objects(URIRef(f"{BASE}/daten/ladepunkte/"), DCAT.distribution))
    geojson = next(g.objects(URIRef(f"{BASE}/daten/wlan/"), DCAT.distribution))
    assert (csv, DCAT.accessService, service) in g
    assert next(g.objects(geojson, DCAT.accessService), None) is None
    assert client.get("/api/openapi.json").status_code == 200  # the endpoint description resolves
    single = fetch(client, "/daten/ladepunkte.ttl")
    assert set(single.objects(service, DCAT.servesDataset)) == {URIRef(f"{BASE}/daten/ladepunkte/")}
    assert shacl(single)[0]
    # the shapes check the service too
    g.remove((service, DCAT.endpointURL, None))
    conforms, report = shacl(g)
    assert not conforms and "endpointURL" in report


def test_shapes_catch_missing_mandatory_and_recommended_properties(client, rep, publisher, make_dataset):
    make_dataset(rep, publisher)
    g = fetch(client, "/daten/katalog.ttl")
    ds = next(g.subjects(RDF.type, DCAT.Dataset))
    g.remove((ds, DCTERMS.publisher, None))
    conforms, report = shacl(g)
    assert not conforms and "publisher" in report
    g = fetch(client, "/daten/katalog.ttl")
    g.remove((None, DCAT.keyword, None))
    conforms, report = shacl(g)
    assert not conforms and "keyword" in report
    g = fetch(client, "/daten/katalog.ttl")
    g.remove((None, DCTERMS.license, None))
    assert not shacl(g)[0]


@pytest.mark.parametrize("ext, fmt", [("rdf", "xml"), ("jsonld", "json-ld")])
def test_all_serialisations_carry_the_same_graph(client, rep, publisher, make_dataset, ext, fmt):
    ds, _ = make_dataset(rep, publisher)
    turtle = fetch(client, "/daten/katalog.ttl")
    other = fetch(client, f"/daten/katalog.{ext}", fmt)
    assert len(other) == len(turtle)
    single = fetch(client, f"/daten/{ds.slug}.{ext}", fmt)
    assert shacl(single)[0]


def test_harvester_walks_hydra_paging_without_losing_or_doubling(client, db):
    org = factories.organisation("Massenanbieter")
    Dataset.objects.bulk_create([
        Dataset(slug=f"ds-{i:03d}", publisher=org, title=f"Datensatz {i}", description="Beschreibung",
                state="published", no_personal_data=True) for i in range(250)
    ])
    Dataset.objects.create(slug="entwurf", publisher=org, title="Entwurf", description="x")
    seen = []
    url = "/daten/katalog.ttl?page=1"
    pages = 0
    while url:
        g = fetch(client, url.replace(BASE, ""))
        pages += 1
        seen += [str(s) for s in g.subjects(RDF.type, DCAT.Dataset)]
        collection = next(g.subjects(RDF.type, HYDRA.PagedCollection))
        assert int(next(g.objects(collection, HYDRA.totalItems))) == 250
        assert int(next(g.objects(collection, HYDRA.itemsPerPage))) == 100
        nxt = next(g.objects(collection, HYDRA.nextPage), None)
        url = str(nxt) if nxt else None
        assert pages <= 3
    assert pages == 3
    assert len(seen) == len(set(seen)) == 250
    assert f"{BASE}/daten/entwurf/" not in seen
    assert client.get("/daten/katalog.ttl?page=4").status_code == 404


def test_catalogue_page_costs_constant_queries(client, db):
    from tests.query_counts import assert_constant_queries

    org = factories.organisation("Anbieter")

    def add(n, start):
        for i in range(start, start + n):
            ds = Dataset.objects.create(slug=f"d{i}", publisher=org, title=f"D {i}", description="x",
                                        state="published", no_personal_data=True)
            dist = Distribution.objects.create(dataset=ds, title="CSV", format="CSV")
            v = DistributionVersion.objects.create(distribution=dist, number=1, original_name="a.csv", sha256="0" * 64)
            dist.live_version = v
            dist.save()

    add(2, 0)
    assert_constant_queries(client, "/daten/katalog.ttl", lambda: add(5, 10), expected=6)
