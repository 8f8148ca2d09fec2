"""The first login of back-office staff: password, then straight to the TOTP set-up (no second
password prompt), then the recovery codes with a way on to /verwaltung/."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.test import Client

from modellstadt.accounts.roles import ensure_office_group
from tests.totp import totp

PASSWORD = "Sehr-sicheres-Passwort-1"


@pytest.fixture
def office_person(portal, django_user_model):
    from allauth.account.models import EmailAddress

    cache.clear()
    person = django_user_model.objects.create_user(
        "buero-neu", email="neu@example.org", password=PASSWORD, display_name="Nora Neu"
    )
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    person.groups.add(ensure_office_group(portal))
    return person


@pytest.mark.django_db
def test_first_login_of_staff_is_one_straight_path(office_person, settings):
    settings.MODELLSTADT_REQUIRE_STAFF_MFA = True
    client = Client(HTTP_HOST="localhost")
    response = client.post("/konto/login/", {"login": "neu@example.org", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/verwaltung/"
    response = client.get("/verwaltung/")
    assert response.status_code == 302 and response["Location"] == "/konto/2fa/totp/activate/"

    page = client.get("/konto/2fa/totp/activate/")
    assert page.status_code == 200  # no "Zugriff bestätigen" (password again) in between
    html = page.content.decode()
    assert "Authenticator-App einrichten" in html and "<svg" in html
    secret = unescape(re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', html).group(1))

    response = client.post("/konto/2fa/totp/activate/", {"code": totp(secret)})
    assert response.status_code == 302 and response["Location"] == "/konto/2fa/recovery-codes/"
    codes = client.get("/konto/2fa/recovery-codes/").content.decode()
    assert '<a class="button" href="/verwaltung/">Weiter zur Verwaltung</a>' in codes
    assert client.get("/verwaltung/").status_code == 200


@pytest.mark.django_db
def test_changing_an_existing_second_factor_still_asks_for_the_password(office_person, settings):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=office_person, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    client = Client(HTTP_HOST="localhost")
    client.force_login(office_person)
    response = client.get("/konto/2fa/totp/deactivate/")
    assert response.status_code == 302 and "/konto/reauthenticate/" in response["Location"]


@pytest.mark.django_db
def test_residents_continue_to_their_account_after_the_recovery_codes(portal, django_user_model):
    from allauth.account.models import EmailAddress

    cache.clear()
    resident = django_user_model.objects.create_user("rita", email="rita@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=resident, email=resident.email, verified=True, primary=True)
    client = Client(HTTP_HOST="localhost")
    response = client.post("/konto/login/", {"login": "rita@example.org", "password": PASSWORD})
    assert response["Location"] == "/konto/"
    html = client.get("/konto/2fa/totp/activate/").content.decode()
    secret = unescape(re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', html).group(1))
    client.post("/konto/2fa/totp/activate/", {"code": totp(secret)})
    codes = client.get("/konto/2fa/recovery-codes/").content.decode()
    assert '<a class="button" href="/konto/">Weiter zu Ihrem Konto</a>' in codes
    assert "Weiter zur Verwaltung" not in codes


@pytest.mark.django_db
def test_a_code_from_the_step_just_gone_counts_and_an_older_one_does_not(office_person):
    """A code typed at the end of its 30-second step and sent in the next still works (one step of delay);
    a code two steps old does not."""
    import time

    client = Client(HTTP_HOST="localhost")
    client.post("/konto/login/", {"login": "neu@example.org", "password": PASSWORD})
    html = client.get("/konto/2fa/totp/activate/").content.decode()
    secret = unescape(re.search(r'id="authenticator_secret" value="([A-Z2-7]+)"', html).group(1))

    too_old = client.post("/konto/2fa/totp/activate/", {"code": totp(secret, at=time.time() - 70)})
    assert too_old.status_code == 200 and "code" in too_old.context["form"].errors
    just_gone = client.post("/konto/2fa/totp/activate/", {"code": totp(secret, at=time.time() - 30)})
    assert just_gone.status_code == 302 and just_gone["Location"] == "/konto/2fa/recovery-codes/"
