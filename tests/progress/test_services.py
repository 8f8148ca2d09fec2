import datetime
from decimal import Decimal

import pytest

from modellstadt.progress import services, sources
from modellstadt.progress.models import IndicatorValue, ProgrammeSnapshot
from modellstadt.progress.sources import SourceResult
from tests import factories
from tests.progress.conftest import make_indicator

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text, number", [("1.234,5", "1234.5"), ("1234,5", "1234.5"), ("1234.5", "1234.5"),
                                          ("1,234.5", "1234.5"), ("1.000", "1000"), ("1 000", "1000"), ("-3", "-3")])
def test_numbers_as_people_type_them(text, number):
    assert services.parse_number(text) == Decimal(number)


@pytest.mark.parametrize("text", ["abc", "1,2,3x", ""])
def test_non_numbers_are_refused(text):
    with pytest.raises(ValueError):
        services.parse_number(text)


def test_dates_in_german_iso_month_and_year_form():
    assert services.parse_date("31.03.2024") == datetime.date(2024, 3, 31)
    assert services.parse_date("2024-03-31") == datetime.date(2024, 3, 31)
    assert services.parse_date("02/2024") == datetime.date(2024, 2, 29)
    assert services.parse_date("2023") == datetime.date(2023, 12, 31)


def test_recording_a_value_replaces_the_value_of_that_date_and_refreshes_status(indicator):
    services.record_value(indicator=indicator, date=datetime.date(2023, 12, 31), value=Decimal("700"))
    assert indicator.latest_value == 700 and indicator.status == "at_risk"
    services.record_value(indicator=indicator, date=datetime.date(2023, 12, 31), value=Decimal("800"))
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 3
    indicator.refresh_from_db()
    assert indicator.latest_value == 800 and indicator.status == "on_track"
    assert indicator.series[-1] == ["2023-12-31", 800.0]


def test_future_dates_are_refused(indicator):
    with pytest.raises(services.ProgressError) as error:
        services.record_value(indicator=indicator, date=datetime.date.today() + datetime.timedelta(days=30), value=1)
    assert error.value.field == "date" and "Zukunft" in error.value.messages[0]


def test_csv_import_writes_all_rows(indicator, field):
    other = make_indicator(field, name="Anteil E-Autos", unit="%", values=[])
    data = ("Indikator;Datum;Wert;Quelle;vorläufig\n"
            f"{indicator.slug};31.12.2022;710;Stadtwerke;nein\n"
            f"{indicator.slug};2023-12-31;\"1.020\";Stadtwerke;ja\n"
            f"{other.slug};2023;12,5;KBA;\n").encode("utf-8-sig")
    result = services.import_values_csv(data=data)
    assert (result.created, result.updated) == (3, 0)
    indicator.refresh_from_db()
    assert indicator.latest_value == 1020 and indicator.status == "reached"
    latest = IndicatorValue.objects.get(indicator=indicator, date=datetime.date(2023, 12, 31))
    assert latest.provisional and latest.origin == "import" and latest.source_note == "Stadtwerke"
    assert IndicatorValue.objects.get(indicator=other).value == Decimal("12.5")


def test_csv_import_with_a_bad_row_imports_nothing_and_reports_each_row_in_german(indicator):
    before = IndicatorValue.objects.count()
    data = ("Indikator,Datum,Wert\n"
            f"{indicator.slug},31.12.2022,710\n"
            "gibt-es-nicht,31.12.2022,5\n"
            f"{indicator.slug},32.13.2022,zehn\n"
            f"{indicator.slug},31.12.2022,711\n")
    with pytest.raises(services.ImportFailed) as error:
        services.import_values_csv(data=data)
    assert IndicatorValue.objects.count() == before
    rows = error.value.row_errors
    assert rows[0] == "Zeile 3: Den Indikator „gibt-es-nicht“ gibt es nicht."
    assert rows[1].startswith("Zeile 4: „32.13.2022“ ist kein Datum") and "„zehn“ ist keine Zahl." in rows[1]
    assert rows[2] == "Zeile 5: Derselbe Stichtag steht schon in Zeile 2."
    assert "3 Zeilen fehlerhaft" in error.value.messages[0]


def test_csv_import_names_missing_columns(indicator):
    with pytest.raises(services.ProgressError) as error:
        services.import_values_csv(data="Datum;Betrag\n2022;1\n")
    assert "Indikator, Wert" in error.value.messages[0]
    result = services.import_values_csv(data="Datum;Wert\n2022;1\n", indicator=indicator)
    assert result.created == 1


def test_computed_values_come_from_a_registered_source(indicator):
    indicator.computed_source = "test.rows"
    indicator.computed_parameter = "ladepunkte"
    indicator.save()
    seen = []

    def rows(parameter):
        seen.append(parameter)
        return SourceResult(value=Decimal(812), date=datetime.date(2024, 6, 30), note="Datensatz Ladepunkte")

    sources.register_source("test.rows", label="Zeilen", compute=rows)
    try:
        recorded, skipped = services.compute_values()
    finally:
        sources.unregister_source("test.rows")
    assert seen == ["ladepunkte"] and not skipped
    assert recorded[0].origin == "computed" and recorded[0].source_note == "Datensatz Ladepunkte"
    indicator.refresh_from_db()
    assert indicator.latest_value == 812


def test_unknown_source_is_skipped_with_a_reason(indicator):
    indicator.computed_source = "opendata.row_count"
    indicator.save()
    recorded, skipped = services.compute_values()
    assert recorded == [] and "nicht verfügbar" in skipped[0][1]


def test_snapshot_counts_public_projects_by_status(field):
    factories.project(field, status="pilot")
    factories.project(field, status="pilot")
    factories.project(field, status="operation")
    snapshot = services.take_snapshot(date=datetime.date(2024, 1, 31))
    assert snapshot.by_status == {"pilot": 2, "operation": 1}
    assert snapshot.by_field[str(field.pk)] == {"pilot": 2, "operation": 1}
    services.take_snapshot(date=datetime.date(2024, 1, 31))
    assert ProgrammeSnapshot.objects.count() == 1
