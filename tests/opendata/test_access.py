"""Controlled access to restricted data: request, decision with emails, reads with the person's key,
the read log the publisher sees, revocation, expiry notices; and the account's API-key page."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from modellstadt.opendata import services
from modellstadt.opendata.models import AccessRequest, RestrictedRead


@pytest.fixture
def restricted(rep, publisher, make_dataset):
    return make_dataset(rep, publisher, title="Energielast je Stadtteil", access_level="restricted")


def test_request_approve_read_and_revoke(client, rep, developer, restricted, django_capture_on_commit_callbacks):
    ds, dist = restricted
    client.force_login(developer)
    response = client.post(f"/daten/{ds.slug}/zugang/", {"purpose": "kurz", "terms_accepted": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "kurz" in html and "Nutzungsbedingungen" in html  # input kept, errors next to fields
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/daten/{ds.slug}/zugang/", {
            "organisation_name": "Hochschule", "purpose": "Lastprognosen für eine Abschlussarbeit berechnen",
            "terms_accepted": "on",
        })
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["daten@example.org", "vertreterin@example.org"]]
    req = AccessRequest.objects.get()
    _key, secret = services.create_api_key(developer, name="Analyse",
                                           expires=timezone.localdate() + datetime.timedelta(days=10))
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    url = f"/api/v1/resources/{dist.pk}/rows"
    assert client.get(url, **auth).status_code == 403  # pending
    client.logout()
    assert client.get(url).status_code == 401
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_access(rep, req, approve=True, days=30)
    assert "Genehmigt" in mail.outbox[-1].body and mail.outbox[-1].to == ["entwickler@example.org"]
    response = client.get(url, **auth)
    assert response.status_code == 200 and len(response.json()["rows"]) == 4
    assert "no-store" in response["Cache-Control"]  # never kept by the page cache or a proxy
    log = RestrictedRead.objects.get()
    assert log.user == developer and log.dataset == ds and url in log.what
    client.force_login(rep)
    html = client.get(f"/partnerbereich/daten/datensatz/{ds.slug}/").content.decode()
    assert "Protokoll der Zugriffe" in html and "entwickler" in html and url in html
    client.post(f"/partnerbereich/daten/datensatz/{ds.slug}/antrag/{req.pk}/",
                {"action": "revoke", "reason": "Projekt beendet", "days": "1"})
    req.refresh_from_db()
    assert req.state == "revoked"
    assert client.get(url, **auth).status_code == 403


def test_decline_needs_a_reason_and_only_the_publisher_decides(rep, other_rep, developer, restricted):
    ds, _dist = restricted
    req = services.request_access(developer, ds, purpose="Eine ausreichend lange Begründung.", terms_accepted=True)
    with pytest.raises(services.OpenDataError):
        services.decide_access(other_rep, req, approve=True)
    with pytest.raises(services.OpenDataError) as exc:
        services.decide_access(rep, req, approve=False)
    assert exc.value.field == "reason"
    req = services.decide_access(rep, req, approve=False, reason="Daten nur für Forschung.")
    assert req.state == "declined"
    with pytest.raises(services.OpenDataError):
        services.decide_access(rep, req, approve=True)


def test_access_ends_with_its_period_and_expiry_is_announced_once(rep, developer, restricted,
                                                                 django_capture_on_commit_callbacks):
    ds, _dist = restricted
    req = services.request_access(developer, ds, purpose="Eine ausreichend lange Begründung.", terms_accepted=True)
    services.decide_access(rep, req, approve=True, days=3)
    assert services.has_access(developer, ds)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.notify_expiring_access() == 1
        assert services.notify_expiring_access() == 0
    assert len(mail.outbox) == 1 and "endet" in mail.outbox[0].body
    AccessRequest.objects.filter(pk=req.pk).update(valid_until=timezone.now() - datetime.timedelta(seconds=1))
    assert not services.has_access(developer, ds)


def test_api_key_page_shows_the_secret_once_and_revokes(client, developer):
    client.force_login(developer)
    response = client.post("/konto/api-schluessel/", {"name": "", "expires": "2020-01-01"})
    assert response.status_code == 400 and "Bitte" in response.content.decode()
    expires = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    html = client.post("/konto/api-schluessel/", {"name": "Meine App", "expires": expires}).content.decode()
    key = developer.api_keys.get()
    assert "msd_" + key.prefix in html and "nur dieses eine Mal" in html
    html = client.get("/konto/api-schluessel/").content.decode()
    assert "Meine App" in html and "nur dieses eine Mal" not in html
    client.post(f"/konto/api-schluessel/{key.pk}/widerrufen/")
    key.refresh_from_db()
    assert key.revoked is not None
    too_far = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
    response = client.post("/konto/api-schluessel/", {"name": "Lang", "expires": too_far})
    assert response.status_code == 400 and "höchstens ein Jahr" in response.content.decode()
