"""Loading large tables: types from a sample, checked on every later row; the database parses the values.

The sample and the chunks are made small here, so that a few dozen rows behave like a file of a
million rows: values after the sample, several chunks, a chunk the database refuses.
"""

import datetime

import pytest
from django.db import connection

from modellstadt.opendata import datastore, services, tables
from modellstadt.opendata.models import TableState
from tests.opendata.conftest import upload


@pytest.fixture(autouse=True)
def small_sample(monkeypatch):
    monkeypatch.setattr(tables, "SAMPLE_ROWS", 5)
    monkeypatch.setattr(tables, "CHUNK_ROWS", 4)


def load(rep, dist, content, **kw):
    version = services.upload_version(rep, dist, upload=upload("gross.csv", content), **kw)
    services.load_version(version.pk)
    version.refresh_from_db()
    return version


def csv_lines(header, rows):
    return (header + "\n" + "\n".join(rows) + "\n").encode()


@pytest.fixture
def dist(rep, publisher, make_dataset):
    _ds, dist = make_dataset(rep, publisher)
    return dist


def column_values(version, column):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT {datastore.q(column)} FROM {datastore.q(version.table_name)} ORDER BY "_id"')
        return [row[0] for row in cursor.fetchall()]


def test_german_values_across_chunks_are_typed_by_the_database(rep, dist):
    rows = [f"{i};{i % 28 + 1}.02.2024 {i % 24}:05;{i},5;{'ja' if i % 2 else 'Nein'};Ort {i}" for i in range(1, 24)]
    rows.insert(10, ";;;;")  # blank rows are skipped, also after the sample
    version = load(rep, dist, csv_lines("Id;Zeit;Wert;Aktiv;Ort", rows), primary_key=["Id"])
    assert version.table_state == TableState.LOADED, version.report
    assert version.row_count == 23 == datastore.count_rows(version.table_name)
    assert {f["name"]: f["type"] for f in version.fields} == {
        "id": "integer", "zeit": "datetime", "wert": "number", "aktiv": "boolean", "ort": "string"}
    assert column_values(version, "wert")[:3] == [1.5, 2.5, 3.5]
    assert column_values(version, "aktiv")[:2] == [True, False]
    zeit = column_values(version, "zeit")[22]
    if connection.vendor == "postgresql":
        assert zeit == datetime.datetime(2024, 2, 24, 23, 5, tzinfo=datetime.UTC)
    assert column_values(version, "_id")[9:11] == [11, 13]  # _id is the line in the file


def test_a_later_value_of_another_shape_types_the_column_from_the_whole_file(rep, dist):
    rows = [f"{i};{i * 10}" for i in range(1, 20)] + ["20;k. A."]
    version = load(rep, dist, csv_lines("Id;Anzahl", rows))
    assert version.table_state == TableState.LOADED, version.report
    assert {f["name"]: f["type"] for f in version.fields} == {"id": "integer", "anzahl": "string"}
    assert column_values(version, "anzahl")[-2:] == ["190", "k. A."]
    assert version.row_count == 20


def test_a_column_empty_in_the_sample_is_typed_from_the_whole_file(rep, dist):
    rows = [f"{i};" for i in range(1, 10)] + ["10;3,25"]
    version = load(rep, dist, csv_lines("Id;Wert", rows))
    assert version.table_state == TableState.LOADED, version.report
    assert version.fields[1]["type"] == "number" and version.fields[1]["decimalChar"] == ","
    assert column_values(version, "wert")[-1] == 3.25


def test_utf8_that_breaks_after_the_sample_is_read_as_windows_1252(rep, dist, monkeypatch):
    monkeypatch.setattr(tables, "CHUNK_ROWS", 2000)
    # the Windows-1252 "ä" comes after the head that is sniffed for the encoding and after the sample
    content = csv_lines("Id;Ort", [f"{i};Ort {i}" for i in range(1, 8000)]) + "8000;Kästorf\n".encode("cp1252")
    assert len(content) > tables.SNIFF_BYTES
    version = load(rep, dist, content)
    assert version.table_state == TableState.LOADED, version.report
    assert version.table_schema["encoding"] == "cp1252"
    assert column_values(version, "ort")[-1] == "Kästorf"


def test_invalid_values_after_the_sample_are_reported_with_row_and_column_and_nothing_stays(rep, dist):
    live = dist.live_version_id
    rows = [f"{i};01.03.2024 10:00;{i}" for i in range(1, 17)]
    rows[8] = "9;31.02.2024 10:00;9"  # line 10: a day that does not exist (the database refuses the chunk)
    rows[13] = "14;01.03.2024 24:00;14"  # line 15: PostgreSQL would read 24:00, the report names it
    rows[14] = "15;01.03.2024 10:00;1;2"  # line 16: one value too many
    version = load(rep, dist, csv_lines("Id;Tag;Wert", rows), primary_key=["Id"])
    assert version.table_state == TableState.FAILED
    assert [(p["row"], p["column"]) for p in version.report] == [(10, "Tag"), (15, "Tag"), (16, None)]
    assert "31.02.2024" in version.report[0]["message"] and "3 Spalten" in version.report[2]["message"]
    dist.refresh_from_db()
    assert dist.live_version_id == live
    with connection.cursor() as cursor:
        assert version.table_name not in connection.introspection.table_names(cursor)


def test_a_time_python_rejects_but_postgresql_would_read_is_reported(rep, dist):
    rows = [f"{i};2024-03-01T10:00" for i in range(1, 10)] + ["10;2024-03-01T24:00"]
    version = load(rep, dist, csv_lines("Id;Zeit", rows))
    assert version.table_state == TableState.FAILED
    assert [(p["row"], p["column"]) for p in version.report] == [(11, "Zeit")]


def test_empty_primary_key_after_the_sample_is_reported(rep, dist):
    rows = [f"{i};a" for i in range(1, 10)] + [";b"]
    version = load(rep, dist, csv_lines("Id;V", rows), primary_key=["Id"])
    assert version.table_state == TableState.FAILED
    assert (version.report[0]["row"], version.report[0]["column"]) == (11, "Id")
    assert "leer" in version.report[0]["message"]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_value_only_the_database_refuses_is_named_with_row_and_column(rep, dist):
    rows = [f"{i};{i}.5" for i in range(1, 10)] + ["10;1e999"]  # Python reads infinity, PostgreSQL refuses
    version = load(rep, dist, csv_lines("Id;Wert", rows))
    assert version.table_state == TableState.FAILED
    assert (version.report[0]["row"], version.report[0]["column"]) == (11, "Wert")
    assert "1e999" in version.report[0]["message"]


def test_progress_is_counted_per_chunk(rep, dist, monkeypatch):
    seen = []
    original = services.DistributionVersion.objects.filter

    def spy(*args, **kwargs):
        query = original(*args, **kwargs)
        update = query.update

        def record(**values):
            if "rows_loaded" in values and values.get("table_state") is None:
                seen.append(values["rows_loaded"])
            return update(**values)

        query.update = record
        return query

    monkeypatch.setattr(services.DistributionVersion.objects, "filter", spy)
    load(rep, dist, csv_lines("Id;V", [f"{i};x" for i in range(1, 11)]))
    assert seen[:3] == [4, 8, 10]
