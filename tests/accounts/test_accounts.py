"""Registration, consent, two-factor duty for staff, Meine Daten export and account deletion."""

import io
import json
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from modellstadt.accounts.models import TermsAcceptance
from modellstadt.accounts.roles import ensure_office_group
from modellstadt.core import guards

PASSWORD = "Sehr-sicheres-Passwort-1"


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


def signup(client, **overrides):
    data = {"email": "anna@example.org", "password1": PASSWORD, "password2": PASSWORD,
            "display_name": "Anna aus Fallersleben", "district": "Fallersleben", "accept_terms": "on"}
    data.update(guards.filled_in("signup"))  # the anti-spam question, answered (tests/core/test_guards.py)
    data.update(overrides)
    return client.post("/konto/signup/", data)


def test_production_settings_hash_passwords_with_argon2():
    import modellstadt.settings as production

    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_registration_keeps_input_and_explains_errors_in_german(client, portal):
    response = signup(client, password2="anders", accept_terms="")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="anna@example.org"' in html and 'value="Anna aus Fallersleben"' in html
    assert "Bitte stimmen Sie den Nutzungsbedingungen und Datenschutzhinweisen zu." in html
    assert 'aria-invalid="true"' in html
    assert get_user_model().objects.count() == 0


@pytest.mark.django_db
def test_registration_confirmation_and_consent(client, portal, settings):
    response = signup(client)
    assert response.status_code == 302
    user = get_user_model().objects.get()
    assert user.display_name == "Anna aus Fallersleben" and user.district == "Fallersleben"
    accepted = set(TermsAcceptance.objects.filter(user=user).values_list("document", "version"))
    assert accepted == {("terms", settings.MODELLSTADT_TERMS_VERSION), ("privacy", settings.MODELLSTADT_TERMS_VERSION)}
    assert client.get("/konto/").status_code == 302  # not signed in before confirming
    link = re.search(r"https?://[^\s]+/konto/confirm-email/[^\s]+", mail.outbox[0].body).group(0)
    client.get(link.replace("http://localhost", "").replace("http://testserver", ""))
    client.post(link.split("localhost", 1)[-1].split("testserver", 1)[-1])
    response = client.get("/konto/")
    assert response.status_code == 200 and "anna@example.org" in response.content.decode()


@pytest.mark.django_db
def test_repeated_wrong_passwords_are_throttled(client, portal, django_user_model):
    from django.core.cache import cache

    cache.clear()
    user = django_user_model.objects.create_user("bernd", email="bernd@example.org", password=PASSWORD)
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _ in range(5):
        response = client.post("/konto/login/", {"login": "bernd@example.org", "password": "falsch"})
        assert "E-Mail-Adresse oder Passwort sind nicht richtig." in response.content.decode()
    response = client.post("/konto/login/", {"login": "bernd@example.org", "password": "falsch"})
    assert "Zu viele fehlgeschlagene Anmeldeversuche für dieses Konto." in response.content.decode()
    # Even the right password is refused while the account is throttled.
    response = client.post("/konto/login/", {"login": "bernd@example.org", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    cache.clear()


@pytest.mark.django_db
@pytest.mark.parametrize("first, then", [("bernd", "bernd@example.org"), ("Bernd@Example.org", "BERND")])
def test_failed_logins_lock_the_account_whatever_name_it_is_given(client, portal, django_user_model, first, then):
    """Five wrong passwords by user name lock the account for the e-mail address too (and back)."""
    from allauth.account.models import EmailAddress
    from django.core.cache import cache

    cache.clear()
    user = django_user_model.objects.create_user("bernd", email="bernd@example.org", password=PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    for _ in range(5):
        client.post("/konto/login/", {"login": first, "password": "falsch"})
    response = client.post("/konto/login/", {"login": then, "password": PASSWORD})
    assert "Zu viele fehlgeschlagene Anmeldeversuche für dieses Konto." in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()  # the lock lifts when its period is over (allauth keeps it in the shared cache)
    response = client.post("/konto/login/", {"login": then, "password": PASSWORD})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_login_form_labels_the_field_and_the_button_differently(client, portal):
    html = client.get("/konto/login/").content.decode()
    label = '<label for="id_login">E-Mail-Adresse oder Benutzername <span class="small">(Pflichtfeld)</span></label>'
    assert label in html
    assert '<button type="submit" class="button">Anmelden</button>' in html
    assert "Anmeldung<" not in html


@pytest.mark.django_db
def test_back_office_requires_two_factor_authentication(client, portal, settings, django_user_model):
    settings.MODELLSTADT_REQUIRE_STAFF_MFA = True
    office = django_user_model.objects.create_user("buero", password=PASSWORD)
    office.groups.add(ensure_office_group(portal))
    client.force_login(office)
    response = client.get("/verwaltung/")
    assert response.status_code == 302 and response.headers["Location"] == "/konto/2fa/totp/activate/"
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(user=office, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    assert client.get("/verwaltung/").status_code == 200


@pytest.mark.django_db
def test_residents_are_not_asked_for_a_second_factor_on_the_portal(client, portal, settings, django_user_model):
    settings.MODELLSTADT_REQUIRE_STAFF_MFA = True
    client.force_login(django_user_model.objects.create_user("carla", password=PASSWORD))
    assert client.get("/konto/").status_code == 200
    assert client.get("/verwaltung/").status_code == 302  # no back-office access at all
    assert "/konto/2fa/" not in client.get("/verwaltung/").headers["Location"]


@pytest.mark.django_db
def test_wagtail_login_is_the_portal_login(client, portal):
    response = client.get("/verwaltung/login/?next=/verwaltung/pages/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/konto/login/?next=/verwaltung/pages/"


@pytest.mark.django_db
def test_my_data_export_is_json_and_text(client, portal, django_user_model):
    user = django_user_model.objects.create_user("dora", email="dora@example.org", password=PASSWORD,
                                                 display_name="Dora", district="Westhagen")
    client.force_login(user)
    response = client.post("/konto/meine-daten/download/")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["meine-daten.json", "meine-daten.txt"]
    data = json.loads(archive.read("meine-daten.json"))
    assert data["Konto"]["Anzeigename"] == "Dora" and data["Konto"]["Stadtteil"] == "Westhagen"
    assert "Stadtteil: Westhagen" in archive.read("meine-daten.txt").decode()
    assert client.get("/konto/meine-daten/download/").status_code == 405  # only by a deliberate POST


@pytest.mark.django_db
def test_account_deletion_needs_confirmation_and_erases_personal_data(client, portal, django_user_model):
    user = django_user_model.objects.create_user("emil", email="emil@example.org", password=PASSWORD)
    client.force_login(user)
    response = client.post("/konto/loeschen/", {"confirm": "ja"})
    assert response.status_code == 400
    assert "Bitte geben Sie genau das Wort LÖSCHEN ein." in response.content.decode()
    assert django_user_model.objects.filter(pk=user.pk).exists()
    response = client.post("/konto/loeschen/", {"confirm": "LÖSCHEN"})
    assert response.status_code == 302
    assert not django_user_model.objects.filter(pk=user.pk).exists()
    assert client.get("/konto/").status_code == 302


@pytest.mark.django_db
def test_names_are_kept_on_one_line(client, portal, django_user_model):
    user = django_user_model.objects.create_user("clara", email="clara@example.org", password=PASSWORD)
    client.force_login(user)
    client.post("/konto/", {"display_name": "Clara\r\nBcc: x@example.org", "district": "Vor\x0bsfelde"})
    user.refresh_from_db()
    assert (user.display_name, user.district) == ("Clara Bcc: x@example.org", "Vor sfelde")


@pytest.mark.django_db
def test_signup_emails_are_signed_with_the_programme_and_show_no_user_name(client, portal):
    from wagtail.models import Site

    Site.objects.update(site_name="#Teststadt digital")
    signup(client)
    message = mail.outbox[0]
    user = get_user_model().objects.get()
    assert message.body.rstrip().splitlines()[-2:] == ["#Teststadt digital", "http://127.0.0.1:8000/"]
    assert f"({user.username})" not in message.body and "Benutzername" not in message.body
    assert "Sie erhalten diese E-Mail, weil mit dieser E-Mail-Adresse ein Konto bei #Teststadt digital" in message.body


@pytest.mark.django_db
def test_signup_asks_for_email_password_and_display_name_only(client, portal):
    html = client.get("/konto/signup/").content.decode()
    assert 'name="username"' not in html
    assert 'name="email"' in html and 'name="display_name"' in html
    assert '<button type="submit" class="button">Konto anlegen</button>' in html
