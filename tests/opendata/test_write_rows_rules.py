"""Writing rows into a live table (the write API's ``upsert_rows``): who may write without a key, the
exact refusal of each bad row with its row number and column, empty values, and what a write updates."""

import datetime

import pytest
from django.utils import timezone

from modellstadt.opendata import services
from modellstadt.opendata.models import Dataset, DistributionVersion

CONTENT = "Id;Name;Anzahl;Tag;Offen\n1;Nord;3;01.03.2024;ja\n2;Süd;5;02.03.2024;nein\n".encode()


@pytest.fixture
def table(rep, publisher, make_dataset):
    _ds, dist = make_dataset(rep, publisher, title="Zählungen", content=CONTENT, primary_key=("Id",))
    return dist


def refused(user, dist, rows, message, code="invalid", key=None):
    with pytest.raises(services.OpenDataError) as exc:
        services.upsert_rows(user, dist, rows, key=key)
    assert (str(exc.value), exc.value.code) == (message, code)


def stored(dist):
    version = DistributionVersion.objects.get(pk=dist.live_version_id)
    from modellstadt.opendata import datastore

    names, found = datastore.select(version.table_name, version.fields, datastore.TableQuery(limit=100))
    return {row["id"]: row for row in found}


def test_the_publisher_and_the_office_write_without_a_key_others_not(rep, office, other_rep, developer, table):
    assert services.upsert_rows(rep, table, [{"id": 3, "name": "Ost"}]) == 1
    assert services.upsert_rows(office, table, [{"id": 4, "name": "West"}]) == 1
    for user in (other_rep, developer, None):
        refused(user, table, [{"id": 5}], "Sie dürfen die Datensätze dieser Organisation nicht bearbeiten.",
                code="permission")
    assert sorted(stored(table)) == [1, 2, 3, 4]


def test_a_write_updates_the_row_count_and_the_dataset_s_time(rep, table):
    Dataset.objects.filter(pk=table.dataset_id).update(modified=timezone.now() - datetime.timedelta(days=3))
    before = timezone.now()
    services.upsert_rows(rep, table, [{"id": 2, "name": "Süd", "anzahl": 9}, {"id": 3, "name": "Ost"}])
    assert DistributionVersion.objects.get(pk=table.live_version_id).row_count == 3
    assert Dataset.objects.get(pk=table.dataset_id).modified >= before
    rows = stored(table)
    assert (rows[2]["anzahl"], rows[3]["name"], rows[3]["anzahl"]) == (9, "Ost", None)


def test_empty_values_are_stored_empty_and_text_as_given(rep, table):
    services.upsert_rows(rep, table, [{"id": 7, "name": "  Mitte ", "anzahl": "", "tag": None, "offen": True}])
    row = stored(table)[7]
    assert (row["name"], row["anzahl"], row["tag"], bool(row["offen"])) == ("  Mitte ", None, None, True)
    services.upsert_rows(rep, table, [{"id": "8", "anzahl": "12", "tag": "2024-03-09", "offen": "false"}])
    row = stored(table)[8]
    assert (row["anzahl"], str(row["tag"])[:10], bool(row["offen"])) == (12, "2024-03-09", False)


@pytest.mark.parametrize("rows, message", [
    ([{"id": 9}, ["keine", "Zeile"]], "Zeile 2 ist kein Objekt."),
    ([{"id": 9}, {"id": 10, "zz": 1, "aa": 2}], "Zeile 2: unbekannte Spalte „aa“."),
    ([{"id": 9}, {"name": "ohne"}], "Zeile 2: der Primärschlüssel „id“ fehlt."),
    ([{"id": ""}], "Zeile 1: der Primärschlüssel „id“ fehlt."),
    ([{"id": 9}, {"id": 10, "anzahl": "viele" * 20}],
     "Zeile 2, Spalte „anzahl“: „" + ("viele" * 20)[:40] + "“ ist kein gültiger Wert vom Typ ganze Zahl."),
    ([{"id": 9, "tag": "31.03.2024"}], "Zeile 1, Spalte „tag“: „31.03.2024“ ist kein gültiger Wert vom Typ Datum."),
])
def test_a_bad_row_is_refused_with_its_number_and_nothing_is_written(rep, table, rows, message):
    refused(rep, table, rows, message)
    assert sorted(stored(table)) == [1, 2]


@pytest.mark.parametrize("given, expected", [(True, True), (False, False), ("ja", True), ("False", False)])
def test_json_true_and_false_are_written_to_a_boolean_column(rep, table, given, expected):
    services.upsert_rows(rep, table, [{"id": 9, "offen": given}])
    assert bool(stored(table)[9]["offen"]) is expected


@pytest.mark.parametrize("column, given, label", [("offen", 1, "Ja/Nein"), ("anzahl", True, "ganze Zahl")])
def test_numbers_for_a_boolean_and_booleans_for_a_number_are_refused(rep, table, column, given, label):
    refused(rep, table, [{"id": 9, column: given}],
            f"Zeile 1, Spalte „{column}“: „{given}“ ist kein gültiger Wert vom Typ {label}.")


def test_the_write_api_takes_json_booleans(client, rep, publisher, table):
    _key, secret = services.create_api_key(rep, name="Schreiben", organisation=publisher, write=True,
                                           expires=timezone.localdate() + datetime.timedelta(days=3))
    response = client.post(f"/api/v1/resources/{table.pk}/rows", {"rows": [{"id": 9, "offen": False}]},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.json() == {"written": 1}
    assert bool(stored(table)[9]["offen"]) is False
