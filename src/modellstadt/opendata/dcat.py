"""The catalogue as DCAT-AP.de 3.0 RDF (rdflib): Turtle, RDF/XML and JSON-LD.

The whole catalogue is paged with hydra (100 datasets a page) the way CKAN's ckanext-dcat serves
``/catalog.ttl``: every page carries a ``hydra:PagedCollection`` node with the total, the page size
and the first, last, previous and next page, so RDF harvesters (GovData's, the states') follow it.

The data API is described as a ``dcat:DataService`` (the catalogue's ``dcat:service``): its endpoint,
its OpenAPI document as ``dcat:endpointDescription``, and ``dcat:servesDataset`` for the datasets on
the page that have a table loaded into it; those distributions point at it with ``dcat:accessService``.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Prefetch
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, XSD

from modellstadt.opendata.models import AccessLevel, Dataset, Distribution, DistributionKind, TableState
from modellstadt.opendata.selectors import published
from modellstadt.opendata.vocabularies import (
    EU_FILE_TYPE,
    EU_FREQUENCY,
    EU_THEME,
    FORMATS,
    GEOCODING_LEVEL_MUNICIPALITY,
    LICENCES,
    geocoding_uri,
)

DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
ACCESS_RIGHTS = "http://publications.europa.eu/resource/authority/access-right/"
LANG_DEU = URIRef("http://publications.europa.eu/resource/authority/language/DEU")
IANA = "https://www.iana.org/assignments/media-types/"
PAGE_SIZE = 100

FORMATS_RDF = {"ttl": "turtle", "rdf": "pretty-xml", "jsonld": "json-ld"}
CONTENT_TYPES = {"ttl": "text/turtle", "rdf": "application/rdf+xml", "jsonld": "application/ld+json"}


def _graph():
    g = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("dcatde", DCATDE), ("hydra", HYDRA),
                       ("vcard", VCARD), ("spdx", SPDX), ("adms", ADMS)):
        g.bind(prefix, ns)
    return g


def _dt(value):
    return Literal(value.isoformat(), datatype=XSD.dateTime)


def dataset_uri(base, dataset):
    return URIRef(f"{base}/daten/{dataset.slug}/")


def _agent(g, base, organisation):
    agent = URIRef(f"{base}/partner/{organisation.slug}/")
    g.add((agent, RDF.type, FOAF.Organization))
    g.add((agent, RDF.type, FOAF.Agent))
    g.add((agent, FOAF.name, Literal(organisation.name)))
    return agent


def data_service_uri(base):
    return URIRef(f"{base}/api/v1/")


def in_data_api(dist):
    """A distribution whose live version is a table of the data API."""
    version = dist.live_version
    return dist.kind == DistributionKind.FILE and version is not None and version.table_state == TableState.LOADED


def add_data_service(g, base, datasets):
    """The data API as dcat:DataService serving ``datasets`` (their dataset nodes)."""
    service = data_service_uri(base)
    g.add((service, RDF.type, DCAT.DataService))
    site = settings.WAGTAIL_SITE_NAME
    g.add((service, DCTERMS.title, Literal(f"{site} – Daten-API", lang="de")))
    g.add((service, DCTERMS.description, Literal(
        "Abfrage der Tabellen der offenen Daten: Filter, Volltext, Sortierung, Feldauswahl, "
        "Keyset-Paginierung, JSON und CSV. Offene Daten ohne Schlüssel, eingeschränkte Daten mit einem "
        "API-Schlüssel nach genehmigtem Zugang.", lang="de")))
    g.add((service, DCAT.endpointURL, service))
    g.add((service, DCAT.endpointDescription, URIRef(f"{base}/api/openapi.json")))
    g.add((service, FOAF.page, URIRef(f"{base}/api/docs/")))
    g.add((service, DCTERMS.publisher, _catalogue_publisher(g, base)))
    g.add((service, DCTERMS.accessRights, URIRef(ACCESS_RIGHTS + "PUBLIC")))
    licence = LICENCES.get(settings.OPENDATA_SERVICE_LICENCE)
    if licence:
        g.add((service, DCTERMS.license, URIRef(licence.uri)))
    for ds in datasets:
        g.add((service, DCAT.servesDataset, ds))
    return service


def add_dataset(g, base, dataset):
    ds = dataset_uri(base, dataset)
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.identifier, Literal(str(ds))))
    g.add((ds, DCTERMS.title, Literal(dataset.title, lang="de")))
    g.add((ds, DCTERMS.description, Literal(dataset.description, lang="de")))
    publisher = _agent(g, base, dataset.publisher)
    g.add((ds, DCTERMS.publisher, publisher))
    g.add((ds, DCATDE.maintainer, publisher))
    g.add((ds, DCAT.landingPage, ds))
    g.add((ds, DCTERMS.language, LANG_DEU))
    for keyword in dataset.keywords.all():
        g.add((ds, DCAT.keyword, Literal(keyword.name, lang="de")))
    for theme in dataset.themes.all():
        g.add((ds, DCAT.theme, URIRef(EU_THEME + theme.code)))
    key = dataset.geocoding_key
    if key:
        g.add((ds, DCATDE.politicalGeocodingURI, URIRef(geocoding_uri(key))))
        g.add((ds, DCATDE.politicalGeocodingLevelURI, URIRef(GEOCODING_LEVEL_MUNICIPALITY)))
        g.add((ds, DCTERMS.spatial, URIRef(geocoding_uri(key))))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        g.add((ds, DCTERMS.temporal, period))
        g.add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            g.add((period, DCAT.startDate, Literal(dataset.temporal_start.isoformat(), datatype=XSD.date)))
        if dataset.temporal_end:
            g.add((period, DCAT.endDate, Literal(dataset.temporal_end.isoformat(), datatype=XSD.date)))
    g.add((ds, DCTERMS.accrualPeriodicity, URIRef(EU_FREQUENCY + dataset.frequency)))
    if dataset.issued:
        g.add((ds, DCTERMS.issued, _dt(dataset.issued)))
    g.add((ds, DCTERMS.modified, _dt(dataset.modified)))
    rights = {"open": "PUBLIC", "registered": "PUBLIC", "restricted": "RESTRICTED"}[dataset.access_level]
    g.add((ds, DCTERMS.accessRights, URIRef(ACCESS_RIGHTS + rights)))
    if dataset.contact_name or dataset.contact_email:
        contact = BNode()
        g.add((ds, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Organization))
        g.add((contact, VCARD.fn, Literal(dataset.contact_name or dataset.publisher.name)))
        if dataset.contact_email:
            g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{dataset.contact_email}")))
    if settings.OPENDATA_CONTRIBUTOR_ID:
        g.add((ds, DCATDE.contributorID, URIRef(settings.OPENDATA_CONTRIBUTOR_ID)))
    licence = LICENCES.get(dataset.licence)
    for dist in dataset.distributions.all():
        add_distribution(g, base, ds, dataset, dist, licence)
    return ds


def served(dataset):
    return any(in_data_api(dist) for dist in dataset.distributions.all())


def add_distribution(g, base, ds, dataset, dist, licence):
    node = URIRef(f"{base}/daten/{dataset.slug}/distribution/{dist.pk}")
    g.add((ds, DCAT.distribution, node))
    g.add((node, RDF.type, DCAT.Distribution))
    g.add((node, DCTERMS.title, Literal(dist.title, lang="de")))
    if dist.description:
        g.add((node, DCTERMS.description, Literal(dist.description, lang="de")))
    if licence:
        g.add((node, DCTERMS.license, URIRef(licence.uri)))
        if licence.attribution:
            g.add((node, DCATDE.licenseAttributionByText, Literal(dataset.publisher.name)))
    media_type, file_type = FORMATS.get(dist.format, ("application/octet-stream", "BIN"))
    g.add((node, DCTERMS.format, URIRef(EU_FILE_TYPE + file_type)))
    g.add((node, DCAT.mediaType, URIRef(IANA + media_type)))
    open_data = dataset.access_level == AccessLevel.OPEN
    if dist.kind != DistributionKind.FILE:
        g.add((node, DCAT.accessURL, URIRef(dist.external_url)))
        return node
    version = dist.live_version
    if version and open_data:
        download = URIRef(f"{base}/daten/{dataset.slug}/download/{dist.pk}/")
        g.add((node, DCAT.accessURL, download))
        g.add((node, DCAT.downloadURL, download))
    else:
        g.add((node, DCAT.accessURL, dataset_uri(base, dataset)))
    if in_data_api(dist):
        g.add((node, DCAT.accessService, data_service_uri(base)))
    if version:
        g.add((node, DCAT.byteSize, Literal(version.byte_size, datatype=XSD.nonNegativeInteger)))
        g.add((node, DCTERMS.modified, _dt(version.created)))
        checksum = BNode()
        g.add((node, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
        g.add((checksum, SPDX.checksumValue, Literal(version.sha256, datatype=XSD.hexBinary)))
    return node


def _catalogue_publisher(g, base):
    publisher = URIRef(f"{base}/")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(settings.WAGTAIL_SITE_NAME)))
    return publisher


def _catalogue_node(g, base):
    catalog = URIRef(f"{base}/daten/")
    g.add((catalog, RDF.type, DCAT.Catalog))
    site = settings.WAGTAIL_SITE_NAME
    g.add((catalog, DCTERMS.title, Literal(f"{site} – Offene Daten", lang="de")))
    g.add((catalog, DCTERMS.description, Literal(
        f"Datenkatalog von {site}: offene Daten der Stadt, ihrer kommunalen Unternehmen und Partner.", lang="de")))
    g.add((catalog, DCTERMS.publisher, _catalogue_publisher(g, base)))
    g.add((catalog, FOAF.homepage, URIRef(f"{base}/daten/")))
    g.add((catalog, DCTERMS.language, LANG_DEU))
    return catalog


def _dataset_queryset():
    return published().select_related("publisher").prefetch_related(
        "keywords", "themes",
        Prefetch("distributions", queryset=Distribution.objects.select_related("live_version")),
    ).order_by("id")


def catalogue_page(base, ext, page_number):
    """(graph, paginator page) of one catalogue page; raises EmptyPage / PageNotAnInteger."""
    g = _graph()
    catalog = _catalogue_node(g, base)
    paginator = Paginator(_dataset_queryset(), PAGE_SIZE)
    page = paginator.page(page_number)
    serves = []
    for dataset in page.object_list:
        node = add_dataset(g, base, dataset)
        g.add((catalog, DCAT.dataset, node))
        if served(dataset):
            serves.append(node)
    g.add((catalog, DCAT.service, add_data_service(g, base, serves)))
    latest = published().order_by("-modified").values_list("modified", flat=True).first()
    if latest:
        g.add((catalog, DCTERMS.modified, _dt(latest)))
    url = f"{base}/daten/katalog.{ext}"
    collection = URIRef(f"{url}?page={page.number}")
    g.add((collection, RDF.type, HYDRA.PagedCollection))
    g.add((collection, HYDRA.totalItems, Literal(paginator.count, datatype=XSD.integer)))
    g.add((collection, HYDRA.itemsPerPage, Literal(PAGE_SIZE, datatype=XSD.integer)))
    g.add((collection, HYDRA.firstPage, Literal(f"{url}?page=1")))
    g.add((collection, HYDRA.lastPage, Literal(f"{url}?page={paginator.num_pages}")))
    if page.has_next():
        g.add((collection, HYDRA.nextPage, Literal(f"{url}?page={page.next_page_number()}")))
        g.add((collection, HYDRA.next, URIRef(f"{url}?page={page.next_page_number()}")))
    if page.has_previous():
        g.add((collection, HYDRA.previousPage, Literal(f"{url}?page={page.previous_page_number()}")))
        g.add((collection, HYDRA.previous, URIRef(f"{url}?page={page.previous_page_number()}")))
    return g, page


def dataset_graph(base, dataset):
    g = _graph()
    node = add_dataset(g, base, dataset)
    if served(dataset):
        add_data_service(g, base, [node])
    return g


def serialize(g, ext):
    return g.serialize(format=FORMATS_RDF[ext], encoding="utf-8")


def one_dataset(slug):
    return _dataset_queryset().filter(slug=slug).first()


__all__ = ["Dataset", "catalogue_page", "dataset_graph", "serialize", "one_dataset", "CONTENT_TYPES"]
