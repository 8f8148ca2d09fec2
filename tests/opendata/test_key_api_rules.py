"""The data API's key checks over HTTP: how a key is sent, the 401/403/404 answers with their German
message, read and write scopes, keys of another organisation and of a representative who left,
throttling per key and per address, the private cache header, and which reads are logged."""

import datetime

import pytest
from django.utils import timezone

from modellstadt.core.cache_backends import SharedCacheUnavailable
from modellstadt.opendata import api, services
from modellstadt.opendata.models import ApiKey, Dataset, RestrictedRead
from modellstadt.partners.models import Membership, MembershipState

INVALID = "Der API-Schlüssel ist ungültig, abgelaufen oder widerrufen."
NO_ACCESS = "Sie haben keinen Zugang zu diesen Daten. Beantragen Sie ihn auf der Seite des Datensatzes."
NOT_FOUND = "Diese Ressource gibt es nicht."
NOT_OPEN = "Diese Daten sind nicht offen. Bitte senden Sie Ihren API-Schlüssel mit."
PURPOSE = "Eine ausreichend lange Begründung."


def key_for(user, **kw):
    kw.setdefault("expires", timezone.localdate() + datetime.timedelta(days=30))
    kw.setdefault("name", "Test")
    return services.create_api_key(user, **kw)


def bearer(secret):
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def answer(response, status, detail):
    assert (response.status_code, response.json()["detail"]) == (status, detail), response.content


def rows(dist):
    return f"/api/v1/resources/{dist.pk}/rows"


@pytest.fixture
def open_dist(rep, publisher, make_dataset):
    return make_dataset(rep, publisher, title="Offen")[1]


@pytest.fixture
def restricted_dist(rep, publisher, make_dataset):
    return make_dataset(rep, publisher, title="Eingeschränkt", access_level="restricted")[1]


# --- sending a key ------------------------------------------------------------------------------------


def test_a_key_is_read_from_either_header_in_any_case(client, developer, open_dist):
    _key, secret = key_for(developer)
    for headers in ({"HTTP_AUTHORIZATION": f"bearer   {secret}  "}, {"HTTP_AUTHORIZATION": f"BEARER {secret}"},
                    {"HTTP_X_API_KEY": f" {secret} "}):
        response = client.get(rows(open_dist), **headers)
        assert response.status_code == 200, headers
        assert response["Cache-Control"] == "private, no-store"  # an answer to a key is never shared


def test_an_open_read_without_a_key_may_be_cached(client, open_dist):
    response = client.get(rows(open_dist))
    assert response.status_code == 200 and "private" not in response.get("Cache-Control", "")
    response = client.get(f"/api/v1/resources/{open_dist.pk}")
    assert response.status_code == 200 and "private" not in response.get("Cache-Control", "")


@pytest.mark.parametrize("header", ["Bearer msd_falsch", "Bearer falsch", "Basic msd_falsch"])
def test_a_wrong_key_is_401_even_for_open_data(client, open_dist, header):
    response = client.get(rows(open_dist), HTTP_AUTHORIZATION=header)
    if header.startswith("Basic"):  # not a bearer key: the header is ignored
        assert response.status_code == 200
        return
    answer(response, 401, INVALID)
    assert response["WWW-Authenticate"] == "Bearer" and response["Cache-Control"] == "no-store"


def test_expired_revoked_and_switched_off_keys_are_401(client, developer, open_dist):
    key, secret = key_for(developer)
    ApiKey.objects.filter(pk=key.pk).update(expires=timezone.now() - datetime.timedelta(seconds=1))
    answer(client.get(rows(open_dist), **bearer(secret)), 401, INVALID)
    key, secret = key_for(developer, name="Zwei")
    services.revoke_api_key(developer, key)
    answer(client.get(rows(open_dist), **bearer(secret)), 401, INVALID)
    _key, secret = key_for(developer, name="Drei")
    developer.is_active = False
    developer.save()
    answer(client.get(rows(open_dist), **bearer(secret)), 401, INVALID)


# --- reading ----------------------------------------------------------------------------------------


def test_a_read_costs_one_query_for_the_resource_and_one_for_the_key(client, developer, open_dist,
                                                                     django_assert_num_queries):
    """The resource, its dataset and its live version come in one query; a key recently used adds one."""
    _k, secret = key_for(developer)
    assert client.get(rows(open_dist), **bearer(secret)).status_code == 200  # records the key's use
    with django_assert_num_queries(1):
        assert client.get(f"/api/v1/resources/{open_dist.pk}").status_code == 200
    with django_assert_num_queries(2):
        assert client.get(f"/api/v1/resources/{open_dist.pk}", **bearer(secret)).status_code == 200


def test_restricted_data_without_a_key_is_401_and_a_draft_404(client, rep, publisher, restricted_dist, make_dataset):
    response = client.get(rows(restricted_dist))
    answer(response, 401, NOT_OPEN)
    assert response["WWW-Authenticate"] == "Bearer"
    answer(client.get("/api/v1/resources/999999/rows"), 404, NOT_FOUND)
    _ds, draft = make_dataset(rep, publisher, title="Entwurf", access_level="restricted", publish=False)
    answer(client.get(rows(draft)), 404, NOT_FOUND)
    _ds, open_draft = make_dataset(rep, publisher, title="Offener Entwurf", publish=False)
    answer(client.get(rows(open_draft)), 404, NOT_FOUND)
    _key, secret = key_for(rep)
    assert client.get(rows(open_draft), **bearer(secret)).status_code == 200  # its publisher


def test_registered_data_needs_any_valid_key(client, rep, publisher, developer, make_dataset):
    _ds, dist = make_dataset(rep, publisher, title="Registriert", access_level="registered")
    answer(client.get(rows(dist)), 401, NOT_OPEN)
    _key, secret = key_for(developer)
    response = client.get(rows(dist), **bearer(secret))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert not RestrictedRead.objects.exists()  # only restricted reads are logged


def test_a_key_without_any_scope_reads_nothing_but_open_data(client, rep, publisher, restricted_dist, open_dist):
    _key, secret = key_for(rep, organisation=publisher, read=False, write=False)
    answer(client.get(rows(restricted_dist), **bearer(secret)), 403, "Dieser Schlüssel hat keine Leserechte.")
    assert client.get(rows(open_dist), **bearer(secret)).status_code == 200
    _key, secret = key_for(rep, name="Schreiben", organisation=publisher, read=False, write=True)
    assert client.get(rows(restricted_dist), **bearer(secret)).status_code == 200  # writing includes reading


def test_restricted_reads_follow_the_access_request(client, rep, other_rep, developer, publisher, restricted_dist):
    dataset = restricted_dist.dataset
    _key, secret = key_for(developer)
    answer(client.get(rows(restricted_dist), **bearer(secret)), 403, NO_ACCESS)
    req = services.request_access(developer, dataset, purpose=PURPOSE, terms_accepted=True)
    answer(client.get(rows(restricted_dist), **bearer(secret)), 403, NO_ACCESS)  # pending
    services.decide_access(rep, req, approve=True)
    assert client.get(rows(restricted_dist), **bearer(secret)).status_code == 200
    _key, other_secret = key_for(other_rep)
    answer(client.get(rows(restricted_dist), **bearer(other_secret)), 403, NO_ACCESS)  # another organisation
    services.revoke_access(rep, req)
    answer(client.get(rows(restricted_dist), **bearer(secret)), 403, NO_ACCESS)
    _key, rep_secret = key_for(rep, organisation=publisher)
    assert client.get(rows(restricted_dist), **bearer(rep_secret)).status_code == 200
    Membership.objects.filter(user=rep).update(state=MembershipState.REVOKED)
    answer(client.get(rows(restricted_dist), **bearer(rep_secret)), 403, NO_ACCESS)  # left the organisation
    Dataset.objects.filter(pk=dataset.pk).update(state="draft")
    answer(client.get(rows(restricted_dist), **bearer(rep_secret)), 404, NOT_FOUND)


def test_every_restricted_read_is_logged_with_person_key_and_address(
        client, rep, developer, restricted_dist, open_dist):
    req = services.request_access(developer, restricted_dist.dataset, purpose=PURPOSE, terms_accepted=True)
    services.decide_access(rep, req, approve=True)
    key, secret = key_for(developer)
    assert client.get(rows(restricted_dist) + "?limit=2", **bearer(secret)).status_code == 200
    download = f"/api/v1/resources/{restricted_dist.pk}/download.csv"
    response = client.get(download, **bearer(secret))
    assert response.status_code == 200 and b"".join(response.streaming_content)
    assert response["Cache-Control"] == "private, no-store"
    reads = list(RestrictedRead.objects.order_by("id").values_list("dataset", "user", "api_key", "what"))
    assert reads == [(restricted_dist.dataset_id, developer.pk, key.pk, rows(restricted_dist) + "?limit=2"),
                     (restricted_dist.dataset_id, developer.pk, key.pk, download)]
    assert client.get(rows(open_dist), **bearer(secret)).status_code == 200
    assert client.get(f"/api/v1/resources/{open_dist.pk}/download.csv", **bearer(secret)).status_code == 200
    assert RestrictedRead.objects.count() == 2  # open reads are not logged


# --- writing ----------------------------------------------------------------------------------------


def write(client, dist, secret):
    return client.post(rows(dist), {"rows": [{"standort": "Neu"}]}, content_type="application/json",
                       **(bearer(secret) if secret else {}))


def test_writing_needs_a_key_with_write_scope_of_the_publisher(client, rep, publisher, other_rep, other_org,
                                                              open_dist):
    response = write(client, open_dist, None)
    answer(response, 401, "Für diese Anfrage brauchen Sie einen API-Schlüssel.")
    assert response["WWW-Authenticate"] == "Bearer"
    answer(write(client, open_dist, "msd_falsch"), 401, INVALID)
    _k, secret = key_for(rep, organisation=publisher)
    answer(write(client, open_dist, secret), 403, "Dieser Schlüssel hat keine Schreibrechte.")
    _k, secret = key_for(rep, name="Persönlich")
    answer(write(client, open_dist, secret), 403, "Dieser Schlüssel hat keine Schreibrechte.")
    _k, secret = key_for(other_rep, organisation=other_org, write=True)
    answer(write(client, open_dist, secret), 403, "Dieser Schlüssel gehört zu einer anderen Organisation.")
    _k, secret = key_for(rep, name="Schreiben", organisation=publisher, write=True)
    assert write(client, open_dist, secret).json() == {"written": 1}
    Membership.objects.filter(user=rep).update(state=MembershipState.REVOKED)
    answer(write(client, open_dist, secret), 403, "Die Person dieses Schlüssels vertritt die Organisation nicht mehr.")
    assert client.get(rows(open_dist)).json()["rows"].__len__() == 5


def test_a_dataset_is_created_only_for_the_key_s_own_organisation(client, rep, publisher, other_org):
    body = {"title": "Neu", "description": "Beschreibung."}
    _k, personal = key_for(rep)
    response = client.post("/api/v1/datasets", body, content_type="application/json", **bearer(personal))
    answer(response, 403, "Dieser Schlüssel gehört zu keiner Organisation.")
    _k, secret = key_for(rep, name="Schreiben", organisation=publisher, write=True)
    response = client.post("/api/v1/datasets", {**body, "organisation": other_org.slug},
                           content_type="application/json", **bearer(secret))
    answer(response, 403, "Dieser Schlüssel gehört zu einer anderen Organisation.")
    assert not Dataset.objects.filter(title="Neu").exists()


def test_rows_written_with_a_key_are_logged_for_its_person(rep, publisher, other_rep, other_org, open_dist):
    from wagtail.models import ModelLogEntry

    message = "Dieser Schlüssel darf diesen Datensatz nicht schreiben."
    read_key, _s = key_for(rep, organisation=publisher)
    other_key, _s = key_for(other_rep, organisation=other_org, write=True)
    for key in (read_key, other_key):
        with pytest.raises(services.OpenDataError) as exc:
            services.upsert_rows(None, open_dist, [{"standort": "X"}], key=key)
        assert (str(exc.value), exc.value.code) == (message, "permission")
    with pytest.raises(services.OpenDataError) as exc:
        services.upsert_rows(other_rep, open_dist, [{"standort": "X"}])
    assert (str(exc.value), exc.value.code) == ("Sie dürfen die Datensätze dieser Organisation nicht bearbeiten.",
                                                "permission")
    write_key, _s = key_for(rep, name="Schreiben", organisation=publisher, write=True)
    assert services.upsert_rows(None, open_dist, [{"standort": "X"}], key=write_key) == 1
    entry = ModelLogEntry.objects.filter(action=services.ACTION_ROWS).get()
    assert (entry.user, entry.data["distribution"], entry.data["rows"]) == (rep, open_dist.title, 1)


# --- throttling -------------------------------------------------------------------------------------


@pytest.fixture
def rate_two(settings, monkeypatch):
    settings.OPENDATA_API_RATE = 2
    monkeypatch.setattr(api, "_clock", lambda: 1_800_000_059.5)  # half a second before a new minute


def test_keys_and_addresses_are_counted_apart(client, developer, open_dist, rate_two):
    _k, first = key_for(developer)
    _k, second = key_for(developer, name="Zwei")

    def status(secret=None, address="10.0.0.1"):
        return client.get(rows(open_dist), REMOTE_ADDR=address, **(bearer(secret) if secret else {})).status_code

    assert [status(first), status(first), status(first)] == [200, 200, 429]
    assert [status(second), status(second), status(second)] == [200, 200, 429]
    assert [status(), status(), status()] == [200, 200, 429]  # the address, not touched by the keys
    assert [status(address="10.0.0.2"), status(address="10.0.0.2")] == [200, 200]
    response = client.get(rows(open_dist), **bearer(first))
    answer(response, 429, "Zu viele Anfragen. Bitte versuchen Sie es in 1 Sekunden erneut.")
    assert response["Retry-After"] == "1"


def test_a_new_minute_starts_a_new_count(client, developer, open_dist, rate_two, monkeypatch):
    _k, secret = key_for(developer)
    assert [client.get(rows(open_dist), **bearer(secret)).status_code for _ in range(3)] == [200, 200, 429]
    monkeypatch.setattr(api, "_clock", lambda: 1_800_000_060.0)
    response = client.get(rows(open_dist), **bearer(secret))
    assert response.status_code == 200


def test_the_limit_refuses_when_it_cannot_be_counted(client, developer, open_dist, monkeypatch):
    def down(*args, **kwargs):
        raise SharedCacheUnavailable("down")

    monkeypatch.setattr(api.guards, "hit", down)
    _k, secret = key_for(developer)
    for headers in ({}, bearer(secret)):
        response = client.get(rows(open_dist), **headers)
        answer(response, 503, "Diese Aktion ist gerade nicht möglich, bitte versuchen Sie es in einigen Minuten "
                              "erneut.")
        assert response["Retry-After"] == "60"


def test_the_limit_is_asked_with_the_key_the_rate_and_a_minute(client, settings, developer, open_dist, monkeypatch):
    calls = []
    monkeypatch.setattr(api.guards, "hit", lambda *args, **kwargs: calls.append((args, kwargs)) or False)
    monkeypatch.setattr(api, "_clock", lambda: 1_800_000_010.0)
    settings.OPENDATA_API_RATE = 7
    key, secret = key_for(developer)
    client.get(rows(open_dist), REMOTE_ADDR="10.1.2.3")
    client.get(rows(open_dist), **bearer(secret))
    assert calls == [(("opendata:a10.1.2.3", 7, 60), {"now": 1_800_000_010.0}),
                     ((f"opendata:k{key.prefix}", 7, 60), {"now": 1_800_000_010.0})]
