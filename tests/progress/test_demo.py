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
