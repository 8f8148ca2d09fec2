import datetime

import pytest

from modellstadt.demo.progress import load_progress_demo
from modellstadt.progress.models import Assessment, CouncilReport, District, Indicator, IndicatorValue, Place
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_fills_every_field_with_invented_indicators_and_is_idempotent(portal):
    for number in range(1, 11):
        factories.field(number=number)
    counts = load_progress_demo(today=datetime.date(2026, 11, 30))
    assert counts["indicators"] >= 20
    assert set(Indicator.objects.values_list("field__number", flat=True)) == set(range(1, 11))
    assert not Indicator.objects.filter(values_are_invented=False).exists()
    assert not IndicatorValue.objects.exclude(origin="demo").exists()
    years = IndicatorValue.objects.dates("date", "year")
    assert len(years) >= 5
    assert {i.status for i in Indicator.objects.all()} >= {"on_track", "at_risk", "off_track"}
    assert District.objects.count() == 16 and Place.objects.count() >= 10
    assert Assessment.objects.count() == 2 and CouncilReport.objects.count() == 1
    values = IndicatorValue.objects.count()
    load_progress_demo(today=datetime.date(2026, 11, 30))
    assert (Indicator.objects.count(), IndicatorValue.objects.count(), Assessment.objects.count()) == (
        counts["indicators"], values, 2)


def test_demo_districts_have_illustrative_outlines_that_hold_their_centre_and_places():
    from modellstadt.demo.progress import DISTRICTS, PLACES, district_outlines
    from modellstadt.progress.geo import contains, validate_outline

    outlines = district_outlines()
    assert set(outlines) == {name for name, _lat, _lon in DISTRICTS}
    for name, lat, lon in DISTRICTS:
        validate_outline(outlines[name])
        # each centre lies in its own outline and in no other: the outlines do not overlap there
        assert [n for n, o in outlines.items() if contains(o, float(lat), float(lon))] == [name]
    for place, district, lat, lon in PLACES:
        assert [n for n, o in outlines.items() if contains(o, float(lat), float(lon))] == [district], place


def test_loaded_demo_districts_carry_their_outline(portal):
    from modellstadt.demo.progress import load_districts

    load_districts()
    assert not District.objects.filter(outline=None).exists()
    stadtmitte = District.objects.get(name="Stadtmitte")
    assert stadtmitte.outline["type"] == "Polygon" and len(stadtmitte.outline["coordinates"][0]) == 25
