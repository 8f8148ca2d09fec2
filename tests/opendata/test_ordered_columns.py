"""Columns that grow with the row number (a counter, the time of appended measurements): a filter on
one, in row order, walks the column's index instead of the rows the filter excludes. The answer must be
the one of the plain row-order query, page by page, and a write that breaks the order must end it."""

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modellstadt.opendata import datastore, services
from modellstadt.opendata.models import DistributionVersion


def _measurements():
    """Id counts up; Zeit grows with empty values and runs of equal times between; Wert is random;
    Rest counts down; Name is text in alphabetical order."""
    rnd = random.Random(7)
    lines = ["Id;Zeit;Wert;Rest;Name"]
    for i in range(1, 301):
        minute = (i // 3) % 60
        zeit = "" if i % 11 == 0 else f"{1 + i // 180:02d}.05.2024 {(i // 3) // 60 % 24:02d}:{minute:02d}"
        lines.append(f"{i};{zeit};{rnd.randint(0, 999)};{1000 - i};Stelle {i:04d}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def series(rep, publisher, make_dataset):
    _ds, dist = make_dataset(rep, publisher, title="Messreihe", content=_measurements(), primary_key=("Id",))
    return dist


def _version(dist):
    dist.refresh_from_db()
    return DistributionVersion.objects.get(pk=dist.live_version_id)


def _walk(client, dist, query):
    """Every row of every page of a query, following the cursor; and the SQL of the row queries."""
    rows, url = [], f"/api/v1/resources/{dist.pk}/rows?{query}"
    with CaptureQueriesContext(connection) as queries:
        while url:
            data = client.get(url).json()
            rows += data["rows"]
            url = data["next"]
            assert len(rows) < 400
    return rows, [q["sql"] for q in queries.captured_queries if "opendata_t" in q["sql"]]


def test_loading_finds_the_columns_that_grow_with_the_row_number(series):
    assert sorted(_version(series).ordered_columns) == ["id", "name", "zeit"]


def _plain(client, dist, query):
    """The answer of the row-order query that walks the rows, as it is without ordered columns."""
    version = _version(dist)
    ordered = version.ordered_columns
    DistributionVersion.objects.filter(pk=version.pk).update(ordered_columns=[])
    rows, sql = _walk(client, dist, f"{query}&limit=1000")
    DistributionVersion.objects.filter(pk=version.pk).update(ordered_columns=ordered)
    assert all('ORDER BY "_id"' in s for s in sql)
    return [r["_id"] for r in rows]


@pytest.mark.parametrize("query", [
    "id__gt=200",
    "id__gte=17&id__lte=95",
    "zeit__gte=2024-05-01T00:20:00&wert__lt=600",
    "zeit=2024-05-01T00:30:00",
    "name__in=Stelle 0005,Stelle 0150,Stelle 0299",
    "id__lt=250&sort=-_id",
    "zeit__lte=2024-05-02T00:10:00&sort=-_id",
])
def test_pages_of_a_filter_on_an_ordered_column_are_the_row_order_pages(client, series, query):
    wanted = _plain(client, series, query)
    assert len(wanted) > 2
    for limit in (1, 3, 7, 1000):
        rows, sql = _walk(client, series, f"{query}&limit={limit}")
        assert [r["_id"] for r in rows] == wanted, limit
    column = query.split("__")[0].split("=")[0]
    assert f'ORDER BY "{column}"' in sql[-1]  # the column's index gives the order


def test_a_filter_on_a_column_that_does_not_grow_keeps_the_row_order_query(client, series):
    rows, sql = _walk(client, series, "wert__lt=500&rest__gt=900&limit=20")
    assert [r["id"] for r in rows] == [i for i in range(1, 100) if i in {r["id"] for r in rows}]
    assert all(r["wert"] < 500 and r["rest"] > 900 for r in rows) and rows
    assert all('ORDER BY "_id"' in s for s in sql)


def test_a_streamed_download_filtered_on_an_ordered_column_is_in_row_order(client, series):
    body = b"".join(client.get(f"/api/v1/resources/{series.pk}/download.csv?id__gt=280").streaming_content)
    ids = [int(line.split(",")[0]) for line in body.decode().splitlines()[1:]]
    assert ids == list(range(281, 301))


def test_appending_in_order_keeps_the_column_and_out_of_order_ends_it(client, rep, series):
    services.upsert_rows(rep, series, [{"id": 301, "zeit": "2024-05-02T23:00:00", "wert": 1, "rest": 5,
                                        "name": "Stelle 0301"}])
    assert sorted(_version(series).ordered_columns) == ["id", "name", "zeit"]
    # an earlier time and a name that sorts before the last one, appended after the last row
    services.upsert_rows(rep, series, [{"id": 302, "zeit": "2024-05-01T00:00:00", "wert": 2, "rest": 4,
                                        "name": "Messstelle"}])
    assert _version(series).ordered_columns == ["id"]
    rows, sql = _walk(client, series, "zeit__gte=2024-05-01T00:00:00&limit=50")
    assert [r["_id"] for r in rows] == sorted(r["_id"] for r in rows) and rows[-1]["id"] == 302
    assert all('ORDER BY "_id"' in s for s in sql)


def test_replacing_a_row_out_of_order_ends_the_column(rep, series):
    services.upsert_rows(rep, series, [{"id": 150, "zeit": "2024-05-01T00:50:00", "wert": 3, "rest": 850,
                                        "name": "Stelle 0150"}])
    assert sorted(_version(series).ordered_columns) == ["id", "name", "zeit"]  # between its neighbours
    services.upsert_rows(rep, series, [{"id": 150, "zeit": "2024-05-02T12:00:00", "wert": 3, "rest": 850,
                                        "name": "Stelle 0150"}])
    assert sorted(_version(series).ordered_columns) == ["id", "name"]
    services.upsert_rows(rep, series, [{"id": 151, "name": "Stelle 0000"}, {"id": 152, "name": "Stelle 0152"}])
    assert _version(series).ordered_columns == ["id"]


def test_a_cursor_on_a_row_without_a_value_in_the_column_continues_after_it(client, series):
    """The row of Id 22 (row number 23) has no time (it may have lost it since the page was read): the
    next page starts after it, bounded by the nearest earlier time."""
    query = "zeit__gte=2024-05-01T00:01:00"
    wanted = [i for i in _plain(client, series, query) if i > 23]
    rows, sql = _walk(client, series, f"{query}&limit=5&cursor={datastore.encode_cursor(None, 23)}")
    assert [r["_id"] for r in rows] == wanted
    assert 'ORDER BY "zeit"' in sql[-1]


def test_a_replaced_row_is_found_by_a_key_of_two_columns(rep, publisher, make_dataset):
    content = "Stelle;Tag;Anzahl\n" + "".join(f"S{i:02d};{i:02d}.05.2024;{i * 10}\n" for i in range(1, 31))
    _ds, dist = make_dataset(rep, publisher, title="Zählstellen", content=content.encode(),
                             primary_key=("Stelle", "Tag"))
    assert sorted(_version(dist).ordered_columns) == ["anzahl", "stelle", "tag"]
    services.upsert_rows(rep, dist, [{"stelle": "S05", "tag": "2024-05-05", "anzahl": 55},
                                     {"stelle": "S31", "tag": "2024-05-31", "anzahl": 310}])
    assert sorted(_version(dist).ordered_columns) == ["anzahl", "stelle", "tag"]
    services.upsert_rows(rep, dist, [{"stelle": "S05", "tag": "2024-05-05", "anzahl": 1000}])
    assert sorted(_version(dist).ordered_columns) == ["stelle", "tag"]
