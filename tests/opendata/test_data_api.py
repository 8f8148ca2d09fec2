"""The data API: filters, full text, sorting, field selection, keyset paging, JSON and CSV, streamed
downloads; keys, scopes and throttling; the write API; every error as JSON with the right status."""

import datetime

import pytest
from django.utils import timezone

from modellstadt.opendata import services
from modellstadt.opendata.models import ApiKey, Dataset
from tests.opendata.conftest import upload


@pytest.fixture
def parking(rep, publisher, make_dataset):
    content = (
        "Id;Parkhaus;Belegt;Frei;Stichtag\n"
        + "".join(f"{i};{['Nord', 'Süd', 'Mitte'][i % 3]};{i * 7 % 300};{'' if i % 10 == 0 else 300 - i * 7 % 300};"
                  f"{1 + i % 28:02d}.03.2024\n" for i in range(1, 251))
    ).encode()
    ds, dist = make_dataset(rep, publisher, title="Parkhausbelegung", content=content, primary_key=("Id",))
    return dist


def rows_url(dist, query=""):
    return f"/api/v1/resources/{dist.pk}/rows{'?' + query if query else ''}"


def test_resource_description_and_typed_rows(client, parking):
    meta = client.get(f"/api/v1/resources/{parking.pk}").json()
    assert meta["row_count"] == 250 and meta["primary_key"] == ["id"]
    assert {f["name"]: f["type"] for f in meta["fields"]} == {
        "id": "integer", "parkhaus": "string", "belegt": "integer", "frei": "integer", "stichtag": "date",
    }
    data = client.get(rows_url(parking, "limit=2")).json()
    assert data["rows"][0] == {"_id": 2, "id": 1, "parkhaus": "Süd", "belegt": 7, "frei": 293,
                               "stichtag": "2024-03-02"}
    assert data["next_cursor"] and data["next"].startswith("http://localhost/api/v1/resources/")


def test_filters_ranges_in_null_text_fields(client, parking):
    def ids(query):
        return [r["id"] for r in client.get(rows_url(parking, query)).json()["rows"]]

    assert ids("id=5") == [5]
    assert ids("id__gte=248") == [248, 249, 250]
    assert ids("id__gt=10&id__lt=13") == [11, 12]
    assert ids("id__in=3,7,11&fields=id") == [3, 7, 11]
    assert ids("frei__null=true&id__lte=30") == [10, 20, 30]
    assert ids("parkhaus=Nord&id__lte=9") == [3, 6, 9]
    assert ids("stichtag=2024-03-05&limit=3") == [4, 32, 60]
    assert ids("q=Mitte&id__lte=7") == [2, 5]
    row = client.get(rows_url(parking, "fields=parkhaus&limit=1")).json()["rows"][0]
    assert set(row) == {"_id", "parkhaus"}


def test_keyset_paging_by_a_column_with_empty_values_returns_every_row_once(client, parking):
    seen, url, pages = [], rows_url(parking, "sort=-frei&limit=40"), 0
    while url:
        data = client.get(url).json()
        seen += [r["id"] for r in data["rows"]]
        url = data["next"]
        pages += 1
        assert pages < 20
    assert len(seen) == len(set(seen)) == 250
    assert seen[-25:] == sorted(seen[-25:], reverse=True)  # empty values last, by _id


@pytest.mark.parametrize("sort", ["frei", "-frei", "parkhaus", "-parkhaus", "-stichtag"])
def test_sorted_pages_follow_the_column_then_the_row_with_empty_values_last(client, parking, sort):
    """Every page in (value, _id) order in the asked direction, empty values after all others, across
    page boundaries that fall inside runs of equal values and inside the empty values."""
    everything = client.get(rows_url(parking, "limit=1000")).json()["rows"]
    column, descending = sort.lstrip("-"), sort.startswith("-")
    filled = sorted((r for r in everything if r[column] is not None), key=lambda r: (r[column], r["_id"]),
                    reverse=descending)
    empty = sorted((r for r in everything if r[column] is None), key=lambda r: r["_id"], reverse=descending)
    seen, url = [], rows_url(parking, f"sort={sort}&limit=17")
    while url:
        data = client.get(url).json()
        seen += [r["_id"] for r in data["rows"]]
        url = data["next"]
    assert seen == [r["_id"] for r in filled + empty]


def test_csv_output_and_streamed_download(client, parking):
    response = client.get(rows_url(parking, "format=csv&limit=3&fields=id,parkhaus"))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines() == ["id,parkhaus", "1,Süd", "2,Mitte", "3,Nord"]
    assert response["X-Next-Cursor"]
    response = client.get(f"/api/v1/resources/{parking.pk}/download.csv")
    assert response.streaming
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 251 and lines[0] == "id,parkhaus,belegt,frei,stichtag"
    response = client.get(f"/api/v1/resources/{parking.pk}/download.csv?parkhaus=Nord")
    assert len(b"".join(response.streaming_content).decode().splitlines()) == 84


@pytest.mark.parametrize("query", [
    "gibtsnicht=1", "id=abc", "id__like=1", "stichtag=31.02.2024", "limit=0", "limit=5000", "limit=x",
    "sort=unbekannt", "cursor=%%%", "cursor=bm9wZQ", "fields=id,gibtsnicht", "format=xml", "belegt__gte=nan",
    "id__in=", "frei__null=vielleicht",
])
def test_malformed_parameters_give_400_json(client, parking, query):
    response = client.get(rows_url(parking, query))
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json" and response.json()["detail"]


def test_unknown_resource_and_draft_give_404(client, rep, publisher, make_dataset):
    assert client.get("/api/v1/resources/99999/rows").status_code == 404
    _ds, dist = make_dataset(rep, publisher, publish=False)
    assert client.get(rows_url(dist)).json()["detail"]
    assert client.get(rows_url(dist)).status_code == 404


def key_for(user, **kw):
    kw.setdefault("expires", timezone.localdate() + datetime.timedelta(days=30))
    kw.setdefault("name", "Test")
    return services.create_api_key(user, **kw)


def test_keys_are_hashed_expire_and_can_be_revoked(client, developer, parking):
    key, secret = key_for(developer)
    assert secret.startswith("msd_") and secret not in key.key_hash and len(key.key_hash) == 64
    assert client.get(rows_url(parking), HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    key.refresh_from_db()
    assert key.last_used is not None
    assert client.get(rows_url(parking), HTTP_AUTHORIZATION="Bearer msd_falsch").status_code == 401
    ApiKey.objects.filter(pk=key.pk).update(expires=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(rows_url(parking), HTTP_X_API_KEY=secret).status_code == 401
    key2, secret2 = key_for(developer, name="Zweiter")
    services.revoke_api_key(developer, key2)
    assert client.get(rows_url(parking), HTTP_AUTHORIZATION=f"Bearer {secret2}").status_code == 401
    with pytest.raises(services.OpenDataError):
        key_for(developer, expires=timezone.localdate() + datetime.timedelta(days=400))
    with pytest.raises(services.OpenDataError):
        key_for(developer, write=True)


def test_throttling_per_key_with_retry_after(client, settings, developer, parking, monkeypatch):
    from modellstadt.opendata import api

    settings.OPENDATA_API_RATE = 3
    monkeypatch.setattr(api, "_clock", lambda: 1_800_000_010.0)  # ten seconds into a minute
    _key, secret = key_for(developer)
    statuses = [client.get(rows_url(parking, "limit=1"), HTTP_AUTHORIZATION=f"Bearer {secret}").status_code
                for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get(rows_url(parking, "limit=1"), HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response["Retry-After"] == "50" and "Anfragen" in response.json()["detail"]


# --- the write API ------------------------------------------------------------------------------------


def test_write_api_creates_updates_uploads_and_upserts(client, rep, publisher, django_capture_on_commit_callbacks):
    _key, secret = key_for(rep, organisation=publisher, write=True)
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    response = client.post("/api/v1/datasets", {
        "title": "Zählstellen Radverkehr", "description": "Tägliche Zählung. Werte sind erfunden.",
        "keywords": ["Rad"], "themes": ["TRAN"],
    }, content_type="application/json", **auth)
    assert response.status_code == 201, response.content
    slug = response.json()["slug"]
    response = client.post(f"/api/v1/datasets/{slug}/resources", {"title": "Zählwerte", "format": "CSV"},
                           content_type="application/json", **auth)
    resource = response.json()["id"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/api/v1/resources/{resource}/versions", {
            "file": upload("z.csv", b"Stelle;Tag;Anzahl\nA;01.05.2024;10\nB;01.05.2024;12\n"),
            "primary_key": "Stelle,Tag",
        }, **auth)
    assert response.status_code == 202, response.content
    status = client.get(f"/api/v1/versions/{response.json()['id']}", **auth).json()
    assert status["table_state"] == "loaded" and status["row_count"] == 2 and status["live"]
    response = client.post(f"/api/v1/resources/{resource}/rows", {"rows": [
        {"stelle": "A", "tag": "2024-05-01", "anzahl": 11},
        {"stelle": "C", "tag": "2024-05-01", "anzahl": 5},
    ]}, content_type="application/json", **auth)
    assert response.json() == {"written": 2}
    response = client.put(f"/api/v1/datasets/{slug}", {
        "title": "Zählstellen Radverkehr", "description": "Neu.", "publish": True, "confirm_no_personal_data": True,
    }, content_type="application/json", **auth)
    assert response.json()["state"] == "published"
    rows = client.get(rows_url(type("D", (), {"pk": resource}), "sort=stelle")).json()["rows"]
    assert [(r["stelle"], r["anzahl"]) for r in rows] == [("A", 11), ("B", 12), ("C", 5)]
    bad = {"rows": [{"stelle": "D", "tag": "2024-05-02", "anzahl": "viele"}]}
    response = client.post(f"/api/v1/resources/{resource}/rows", bad,
                           content_type="application/json", **auth)
    assert response.status_code == 400 and "anzahl" in response.json()["detail"]


def test_write_api_refuses_wrong_keys_and_changes_nothing(client, rep, publisher, other_rep, other_org, make_dataset):
    ds, dist = make_dataset(rep, publisher)
    body = {"title": "Geändert", "description": "x"}
    response = client.put(f"/api/v1/datasets/{ds.slug}", body, content_type="application/json")
    assert response.status_code == 401
    response = client.put(f"/api/v1/datasets/{ds.slug}", body, content_type="application/json",
                          HTTP_AUTHORIZATION="Bearer msd_falsch")
    assert response.status_code == 401
    _k, other_secret = key_for(other_rep, organisation=other_org, write=True)
    response = client.put(f"/api/v1/datasets/{ds.slug}", body, content_type="application/json",
                          HTTP_AUTHORIZATION=f"Bearer {other_secret}")
    assert response.status_code == 403
    _k, read_secret = key_for(rep, organisation=publisher, write=False)
    response = client.post(f"/api/v1/resources/{dist.pk}/rows", {"rows": [{"standort": "X"}]},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {read_secret}")
    assert response.status_code == 403
    expired, expired_secret = key_for(rep, organisation=publisher, write=True)
    ApiKey.objects.filter(pk=expired.pk).update(expires=timezone.now() - datetime.timedelta(days=1))
    response = client.post(f"/api/v1/resources/{dist.pk}/rows", {"rows": [{"standort": "X"}]},
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {expired_secret}")
    assert response.status_code == 401
    assert Dataset.objects.get(pk=ds.pk).title == "Ladepunkte"
    assert client.get(rows_url(dist)).json()["rows"].__len__() == 4
    response = client.post("/api/v1/datasets", "kein json", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {other_secret}")
    assert response.status_code == 400


def test_the_api_lookup_reads_what_the_orm_reads(client, parking):
    """The data API's one-query lookup (SQL compiled once) gives the same distribution, dataset and live
    version as the ORM, the table schema as a dict on both databases, and other fields on access."""
    from modellstadt.opendata import selectors
    from modellstadt.opendata.models import Distribution

    found = selectors.api_distribution(parking.pk)
    orm = Distribution.objects.select_related("dataset", "live_version").get(pk=parking.pk)
    assert (found.pk, found.title, found.format, found.dataset_id) == (orm.pk, orm.title, orm.format, orm.dataset_id)
    assert (found.dataset.slug, found.dataset.access_level, found.dataset.state, found.dataset.publisher_id) == (
        orm.dataset.slug, orm.dataset.access_level, orm.dataset.state, orm.dataset.publisher_id)
    version = found.live_version
    assert (version.pk, version.number, version.table_state, version.row_count) == (
        orm.live_version.pk, orm.live_version.number, orm.live_version.table_state, 250)
    assert isinstance(version.table_schema, dict) and version.table_schema == orm.live_version.table_schema
    assert found.dataset.title == orm.dataset.title  # not read by the lookup: loaded on access
    assert selectors.api_distribution(parking.pk + 1000) is None
    Distribution.objects.filter(pk=parking.pk).update(live_version=None)
    assert selectors.api_distribution(parking.pk).live_version is None
    response = client.get(f"/api/v1/resources/{parking.pk}/rows")
    assert response.status_code == 404 and "noch keine geladene Datentabelle" in response.json()["detail"]

