import datetime
from decimal import Decimal

import pytest

from modellstadt.progress import services
from modellstadt.progress.models import Indicator, IndicatorTarget
from tests import factories


def make_indicator(field, *, name="Öffentliche Ladepunkte", baseline=(datetime.date(2017, 12, 31), 100),
                   targets=((datetime.date(2025, 12, 31), 1000),), values=(), **extra):
    indicator = Indicator.objects.create(
        field=field, name=name, definition="Anzahl der **öffentlich** zugänglichen Ladepunkte.",
        baseline_date=baseline[0] if baseline else None, baseline_value=Decimal(baseline[1]) if baseline else None,
        source="Stadtwerke", **{"unit": "Ladepunkte", **extra})
    for day, value in targets:
        IndicatorTarget.objects.create(indicator=indicator, date=day, value=Decimal(value))
    for day, value in values:
        services.record_value(indicator=indicator, date=day, value=Decimal(value))
    services.refresh_indicator(indicator)
    return indicator


@pytest.fixture
def field(portal):
    return factories.field(number=5, title="Elektromobilität")


@pytest.fixture
def indicator(field):
    return make_indicator(field, values=[(datetime.date(2019, 12, 31), 300), (datetime.date(2021, 12, 31), 640)])
