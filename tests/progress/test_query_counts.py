"""The progress pages cost a fixed number of queries, whatever the number of indicators, values and places."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from modellstadt.progress import services
from modellstadt.progress.models import Assessment, CriterionRating, SmartCityArea
from tests import factories
from tests.progress.conftest import make_indicator
from tests.query_counts import assert_constant_queries, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


def _idea(field, n):
    from modellstadt.ideas.models import Idea, Process

    process = Process.objects.first() or Process.objects.create(title="Ideen", slug="ideen")
    return Idea.objects.create(process=process, field=field, title=f"Idee {n}", description="Text",
                               latitude=Decimal("52.42") + Decimal(n) / 1000, longitude=Decimal("10.78"))


def grow(field):
    def add():
        other = factories.field(number=7)
        for n in range(4):
            make_indicator(other if n % 2 else field, name=f"Indikator {n}",
                           values=[(datetime.date(2020 + y, 12, 31), 100 + y * 50) for y in range(4)])
            factories.project(field, latitude=Decimal("52.4"), longitude=Decimal("10.7") + Decimal(n) / 100,
                              milestones=2)
            _idea(field, n)
        services.take_snapshot(date=datetime.date(2024, 1, 31))
        services.take_snapshot(date=datetime.date(2024, 2, 29))
    return add


@pytest.fixture
def located(field):
    from modellstadt.progress.models import District

    factories.project(field, latitude=Decimal("52.41"), longitude=Decimal("10.71"), status="pilot")
    _idea(field, 99)
    # an idea beside the project, so each area below holds places of both kinds before the data grows
    from modellstadt.ideas.models import Idea

    Idea.objects.create(process=Idea.objects.get().process, field=field, title="Idee daneben", description="Text",
                        latitude=Decimal("52.411"), longitude=Decimal("10.711"))
    District.objects.create(name="Mitte", latitude=Decimal("52.41"), longitude=Decimal("10.71"))
    square = [[10.6, 52.3], [10.9, 52.3], [10.9, 52.5], [10.6, 52.5], [10.6, 52.3]]
    District.objects.create(name="Nord", outline={"type": "Polygon", "coordinates": [square]},
                            latitude=Decimal("52.4"), longitude=Decimal("10.75"))


@pytest.mark.parametrize("url, expected", [
    ("/karte/", 9),
    ("/karte/?art=projekt&status=pilot", 7),
    ("/karte/daten.json?bbox=10,52,11,53&zoom=12", 5),
    ("/karte/daten.json?bbox=10,52,11,53&zoom=3", 5),
    ("/karte/daten.json?bbox=10,52,11,53&zoom=17", 3),  # a close view: the fields, its projects, its ideas
    # an area: no bounds of all places to compute; a district without outline is a rectangle in the database
    ("/karte/?stadtteil=mitte", 7),
    ("/karte/?stadtteil=nord", 9),  # with an outline: +1 query per kind for the candidates' positions
    ("/karte/?ausschnitt=10.6,52.3,10.9,52.5&art=projekt", 5),
    # the district looked up by its short name, the outline's candidates for the clusters and for the markers
    ("/karte/daten.json?bbox=10,52,11,53&zoom=12&stadtteil=nord", 10),
])
def test_progress_lists_have_constant_query_count(client, field, indicator, located, url, expected):
    assert_constant_queries(client, url, grow(field), expected)


def test_overview_costs_the_same_queries_whatever_the_data_with_its_indicator_part_cached_or_not(client, field,
                                                                                                 indicator):
    """Both parts kept: fields and indicator rows for the indicators' digest, snapshots, latest assessment
    and published reports for the figures' digest (all compiled once), the site (read here: these tests
    keep no page parts) (6). After new indicators, projects and snapshots both parts are drawn again:
    three more for the indicators (fields and indicators as objects, the series of the new cards) and
    three for the figures (snapshots, assessment and reports as objects)."""
    client.get("/fortschritt/")  # programme figures and the indicator part into the cache
    warm = queries_for(client, "/fortschritt/")
    grow(field)()
    changed = queries_for(client, "/fortschritt/")
    assert (warm, changed, queries_for(client, "/fortschritt/")) == (6, 12, 6)


def test_indicator_page_query_count_does_not_grow(client, field, indicator):
    def more_values():
        for m in range(1, 13):
            services.record_value(indicator=indicator, date=datetime.date(2022, m, 28), value=700 + m)

    assert_constant_queries(client, indicator.get_absolute_url(), more_values, expected=4)


def test_field_page_with_indicators_costs_one_query_more(client, field, indicator):
    assert_constant_queries(client, field.url, grow(field), expected=14)  # +1 for the field's datasets (opendata)


def test_assessment_page_query_count_does_not_grow(client, field, indicator):
    assessment = Assessment.objects.create(title="Selbstbewertung", date=datetime.date(2025, 1, 1))
    first = SmartCityArea.objects.first().criteria.first()
    seed = CriterionRating.objects.create(assessment=assessment, criterion=first, score=10)
    seed.indicators.add(indicator)
    seed.save()

    def rate_all():
        project = factories.project(field)
        for area in SmartCityArea.objects.all():
            for criterion in area.criteria.exclude(pk=first.pk):
                rating = CriterionRating.objects.create(assessment=assessment, criterion=criterion, score=50)
                rating.projects.add(project)
                rating.indicators.add(indicator)
                rating.save()

    assert_constant_queries(client, assessment.get_absolute_url(), rate_all, expected=8)
