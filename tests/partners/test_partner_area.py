"""The partner area: joining, approval in the back office, invitations, profile, pledges, ideas,
permissions across organisations, the audit log, the data export and the public supporters page."""

import io
import re
import time
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.test import Client
from PIL import Image
from wagtail.models import ModelLogEntry

from modellstadt.accounts.roles import OFFICE_GROUP, ensure_office_group
from modellstadt.accounts.services import export_user_data
from modellstadt.partners import services
from modellstadt.partners.models import Membership, MembershipState, Organisation, Pledge, SupportLetter
from tests import factories
from tests.query_counts import assert_constant_queries

# --- helpers shared with test_letters.py -------------------------------------------------------------


def pdf_bytes(text="Unterstützungsschreiben", pages=1):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        pdf.drawString(72, 760, f"{text} – Seite {number + 1}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def png_bytes(size=(40, 20), color=(0, 90, 160)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def make_person(django_user_model):
    def make(username, email=None, *, verified=True):
        email = email or f"{username}@example.org"
        user = django_user_model.objects.create_user(username, email=email, password=None, display_name=username)
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        return user

    return make


@pytest.fixture
def office(portal, make_person):
    ensure_office_group(portal)
    user = make_person("buero")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=OFFICE_GROUP))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def stadtwerke(portal):
    return factories.organisation(name="Stadtwerke Wolfsburg AG", kind="municipal_company")


@pytest.fixture
def klinikum(portal):
    return factories.organisation(name="Klinikum Wolfsburg", kind="municipal_company")


def representative(user, organisation):
    return Membership.objects.create(user=user, organisation=organisation, state=MembershipState.APPROVED,
                                     message="Leitung Digitalisierung")


@pytest.fixture
def rep(make_person, stadtwerke):
    user = make_person("rita")
    representative(user, stadtwerke)
    return user


@pytest.fixture
def other_rep(make_person, klinikum):
    user = make_person("kurt")
    representative(user, klinikum)
    return user


# --- joining and approval ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_join_request_approval_and_access(client, make_person, office, stadtwerke, klinikum,
                                          django_capture_on_commit_callbacks):
    anna = make_person("anna")
    client.force_login(anna)
    page = client.get("/partnerbereich/").content.decode()
    assert "So werden Sie Teil des Partnerbereichs" in page
    search = client.get("/partnerbereich/beitreten/?suche=stadtwerke").content.decode()
    assert "Stadtwerke Wolfsburg AG" in search and "Klinikum Wolfsburg" not in search

    # an empty message is refused next to the field, the choice is kept
    response = client.post("/partnerbereich/beitreten/", {"organisation": stadtwerke.pk, "message": ""})
    assert response.status_code == 400
    assert "in welcher Funktion Sie die Organisation vertreten" in response.content.decode()
    assert f'<option value="{stadtwerke.pk}" selected>' in response.content.decode()
    assert not Membership.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/partnerbereich/beitreten/",
                               {"organisation": stadtwerke.pk, "message": "Ich leite dort die IT."})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["buero@example.org"] and "Stadtwerke Wolfsburg AG" in mail.outbox[0].subject
    assert "Ich leite dort die IT." in mail.outbox[0].body
    mail.outbox.clear()
    membership = Membership.objects.get()
    assert (membership.user, membership.organisation, membership.state) == (anna, stadtwerke, "requested")
    assert "angefragt am" in client.get("/partnerbereich/").content.decode()
    assert client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/").status_code == 404
    # asking twice is refused
    again = client.post("/partnerbereich/beitreten/", {"organisation": stadtwerke.pk, "message": "Nochmal"})
    assert "liegt dem Programmbüro bereits vor" in again.content.decode()
    assert Membership.objects.count() == 1

    # the office sees the request in the back office and approves it
    office_client = Client(HTTP_HOST="localhost")
    office_client.force_login(office)
    listing = office_client.get("/verwaltung/partner/mitgliedschaften/").content.decode()
    assert "anna" in listing and "Stadtwerke Wolfsburg AG" in listing
    decide_url = f"/verwaltung/partner/mitgliedschaften/decide/{membership.pk}/"
    assert "Ich leite dort die IT." in office_client.get(decide_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = office_client.post(decide_url, {"decision": "approve", "note": ""})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.state == "approved" and membership.decided_by == office and membership.decided_at
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anna@example.org"]
    assert "bestätigt" in mail.outbox[0].subject
    entry = ModelLogEntry.objects.get(action=services.ACTION_APPROVE)
    assert entry.object_id == str(membership.pk) and entry.user_id == office.pk
    assert entry.data["organisation"] == "Stadtwerke Wolfsburg AG" and entry.data["person"] == "anna"
    history = office_client.get("/verwaltung/reports/site-history/results/").content.decode()
    assert "Mitgliedschaft bestätigt" in history and "anna – Stadtwerke Wolfsburg AG (Bestätigt)" in history

    html = client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/").content.decode()
    assert "Stadtwerke Wolfsburg AG" in html and "Schreiben hochladen" in html
    assert f"/partnerbereich/organisation/{stadtwerke.slug}/" in client.get("/partnerbereich/").content.decode()
    # a decided request cannot be decided again
    with pytest.raises(services.PartnerError, match="bereits entschieden"):
        services.reject_membership(office, membership, "zu spät")


@pytest.mark.django_db
def test_rejection_needs_a_reason_and_is_logged(client, make_person, office, stadtwerke,
                                                django_capture_on_commit_callbacks):
    ben = make_person("ben")
    membership = services.request_membership(ben, stadtwerke, "Ich bin Praktikant.")
    client.force_login(office)
    url = f"/verwaltung/partner/mitgliedschaften/decide/{membership.pk}/"
    response = client.post(url, {"decision": "reject", "note": ""})
    assert response.status_code == 400 and "Bitte begründen Sie die Ablehnung." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"decision": "reject", "note": "Keine Vertretungsbefugnis."})
    membership.refresh_from_db()
    assert membership.state == "rejected" and membership.decision_note == "Keine Vertretungsbefugnis."
    assert "Keine Vertretungsbefugnis." in mail.outbox[0].body
    entry = ModelLogEntry.objects.get(action=services.ACTION_REJECT)
    assert entry.data["reason"] == "Keine Vertretungsbefugnis."
    assert ModelLogEntry.objects.filter(action=services.ACTION_REQUEST, object_id=str(membership.pk)).exists()
    # after a rejection the person may ask again (only one *active* membership per person and organisation)
    services.request_membership(ben, stadtwerke, "Jetzt mit Vollmacht.")
    assert Membership.objects.filter(user=ben, organisation=stadtwerke).count() == 2


@pytest.mark.django_db
def test_revoking_ends_access_and_is_logged(client, rep, office, stadtwerke):
    membership = Membership.objects.get(user=rep)
    services.revoke_membership(office, membership, "Hat die Organisation verlassen.")
    client.force_login(rep)
    assert client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/").status_code == 404
    assert ModelLogEntry.objects.get(action=services.ACTION_REVOKE).data["reason"] == "Hat die Organisation verlassen."


@pytest.mark.django_db
def test_only_the_office_decides(make_person, rep, stadtwerke, client):
    other = make_person("otto")
    membership = services.request_membership(other, stadtwerke, "Hallo")
    with pytest.raises(services.PartnerError):
        services.approve_membership(rep, membership)
    client.force_login(rep)
    assert client.get(f"/verwaltung/partner/mitgliedschaften/decide/{membership.pk}/").status_code in (302, 403)
    membership.refresh_from_db()
    assert membership.state == "requested"


@pytest.mark.django_db
def test_anonymous_sees_how_to_join_and_must_sign_in_to_ask(client):
    html = client.get("/partnerbereich/").content.decode()
    assert "So werden Sie Teil des Partnerbereichs" in html and "Melden Sie sich an" in html
    response = client.get("/partnerbereich/beitreten/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


# --- invitations ---------------------------------------------------------------------------------------


def _invite(office, organisation, email, django_capture_on_commit_callbacks):
    client = Client(HTTP_HOST="localhost")
    client.force_login(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/verwaltung/partner/einladen/", {"email": email, "organisation": organisation.pk})
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == [email] and organisation.name in message.subject
    return re.search(r"http://localhost/partnerbereich/einladung/([^/\s]+)/", message.body).group(1)


@pytest.mark.django_db
def test_invitation_link_makes_an_approved_membership(client, make_person, office, stadtwerke,
                                                      django_capture_on_commit_callbacks):
    token = _invite(office, stadtwerke, "carla@example.org", django_capture_on_commit_callbacks)
    assert ModelLogEntry.objects.get(action=services.ACTION_INVITE).data["email"] == "carla@example.org"
    url = f"/partnerbereich/einladung/{token}/"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/?next=")

    # someone else who got hold of the link cannot use it
    mallory = make_person("mallory")
    client.force_login(mallory)
    refused = client.post(url)
    refused_text = refused.content.decode()
    assert refused.status_code == 400 and "gilt für die Adresse c\u2022\u2022\u2022@example.org" in refused_text
    assert "carla@example.org" not in refused_text  # a stranger with the link sees it masked
    assert not Membership.objects.exists()

    carla = make_person("carla", "Carla@Example.org")
    client.force_login(carla)
    assert "Stadtwerke Wolfsburg AG" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    membership = Membership.objects.get()
    assert (membership.user, membership.state, membership.invited, membership.decided_by) == (
        carla, "approved", True, office)
    entry = ModelLogEntry.objects.get(action=services.ACTION_APPROVE)
    assert entry.data["invitation"] is True and entry.user_id == office.pk
    assert client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/").status_code == 200
    client.post(url)  # using the link again changes nothing
    assert Membership.objects.count() == 1


@pytest.mark.django_db
def test_invitation_page_shows_the_address_only_to_the_invited_person(client, make_person, office, stadtwerke):
    token = services.make_invitation_token("carla@example.org", stadtwerke, office)
    url = f"/partnerbereich/einladung/{token}/"
    client.force_login(make_person("mallory"))
    page = client.get(url).content.decode()
    assert "c\u2022\u2022\u2022@example.org" in page and "carla@example.org" not in page
    client.force_login(make_person("carla2", "carla@example.org", verified=False))  # not confirmed: masked too
    assert "carla@example.org" not in client.get(url).content.decode()
    client.force_login(make_person("carla", "Carla@Example.org"))
    page = client.get(url).content.decode()
    assert "Die Einladung gilt für die E-Mail-Adresse carla@example.org." in page


@pytest.mark.django_db
def test_expired_or_forged_invitation_is_refused(client, make_person, office, stadtwerke, monkeypatch):
    token = services.make_invitation_token("dora@example.org", stadtwerke, office)
    dora = make_person("dora")
    client.force_login(dora)
    forged = client.get(f"/partnerbereich/einladung/{token[:-2]}xx/")
    assert forged.status_code == 400 and "Einladungslink ist ungültig" in forged.content.decode()
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 15 * 24 * 3600)
    expired = client.post(f"/partnerbereich/einladung/{token}/")
    assert expired.status_code == 400 and "Einladung ist abgelaufen" in expired.content.decode()
    assert not Membership.objects.exists()


# --- permissions across organisations ------------------------------------------------------------------


@pytest.mark.django_db
def test_representatives_see_only_their_own_organisation(client, rep, other_rep, stadtwerke, klinikum):
    pledge = Pledge.objects.create(organisation=klinikum, kind="data", description="Bettenbelegung als Daten")
    letter = services.create_letter(
        other_rep, klinikum, upload=_upload(pdf_bytes()), date="2017-03-01", signatory="Prof. K.",
    )
    client.force_login(rep)
    for url in (
        f"/partnerbereich/organisation/{klinikum.slug}/",
        f"/partnerbereich/organisation/{klinikum.slug}/profil/",
        f"/partnerbereich/organisation/{klinikum.slug}/schreiben/neu/",
        f"/partnerbereich/organisation/{klinikum.slug}/zusagen/neu/",
        f"/partnerbereich/organisation/{klinikum.slug}/ideen/neu/",
        f"/partnerbereich/zusagen/{pledge.pk}/bearbeiten/",
        f"/partnerbereich/zusagen/{pledge.pk}/loeschen/",
        f"/partnerbereich/schreiben/{letter.pk}/datei/",
        f"/partnerbereich/schreiben/{letter.pk}/loeschen/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/partnerbereich/zusagen/{pledge.pk}/bearbeiten/",
                       {"kind": "money", "description": "gekapert"}).status_code == 404
    assert client.post(f"/partnerbereich/zusagen/{pledge.pk}/loeschen/").status_code == 404
    assert client.post(f"/partnerbereich/organisation/{klinikum.slug}/profil/",
                       {"description": "gekapert"}).status_code == 404
    pledge.refresh_from_db()
    klinikum.refresh_from_db()
    assert pledge.description == "Bettenbelegung als Daten" and klinikum.description == ""
    assert SupportLetter.objects.filter(pk=letter.pk).exists()
    # and the own organisation works
    assert client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/").status_code == 200
    with pytest.raises(services.PartnerError):
        services.save_pledge(rep, klinikum, kind="money", description="x")


def _upload(content, name="schreiben.pdf", content_type="application/pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


# --- profile ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_profile_edit_with_logo_and_consent(client, rep, stadtwerke):
    client.force_login(rep)
    url = f"/partnerbereich/organisation/{stadtwerke.slug}/profil/"
    bad = client.post(url, {
        "description": "Energie **für alle**", "website": "keine adresse", "contact_person": "Rita Rot",
        "logo": _upload(b"GIF89a das ist kein Bild", "logo.png", "image/png"),
    })
    text = bad.content.decode()
    assert bad.status_code == 400
    assert "Bitte geben Sie eine vollständige Adresse an" in text
    assert "Diese Datei ist kein Bild im Format PNG, JPEG, GIF oder WebP." in text
    assert "Rita Rot" in text and "Energie **für alle**" in text  # input kept
    stadtwerke.refresh_from_db()
    assert stadtwerke.contact_person == "" and stadtwerke.logo is None

    response = client.post(url, {
        "description": "Energie **für alle**", "website": "https://www.sw-wolfsburg.de", "contact_person": "Rita Rot",
        "contact_email": "rita@example.org", "contact_phone": "05361 123", "public_supporter": "on",
        "logo": _upload(png_bytes(), "logo.png", "image/png"), "logo_alt": "Logo der Stadtwerke",
    })
    assert response.status_code == 302
    stadtwerke.refresh_from_db()
    assert (stadtwerke.contact_person, stadtwerke.contact_email, stadtwerke.contact_phone) == (
        "Rita Rot", "rita@example.org", "05361 123")
    assert stadtwerke.public_supporter and stadtwerke.public_supporter_since is not None
    assert stadtwerke.logo.width == 40 and "Stadtwerke" in stadtwerke.logo.title
    assert "rita" not in stadtwerke.logo.file.name  # a random stored name
    html = client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/").content.decode()
    assert "Rita Rot" in html and "wird genannt" in html
    assert "Aktuelles Logo:" in client.get(url).content.decode()


@pytest.mark.django_db
def test_oversized_logo_is_refused(client, rep, stadtwerke, monkeypatch):
    from modellstadt.partners import uploads

    monkeypatch.setattr(uploads, "LOGO_MAX_BYTES", 100)
    monkeypatch.setattr(uploads.check_image, "__kwdefaults__", {"max_bytes": 100})
    client.force_login(rep)
    response = client.post(f"/partnerbereich/organisation/{stadtwerke.slug}/profil/",
                           {"logo": _upload(png_bytes((400, 400)), "logo.png", "image/png")})
    assert response.status_code == 400 and "Das Bild ist zu groß" in response.content.decode()


# --- pledges ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pledge_create_edit_delete(client, rep, stadtwerke):
    field = factories.field(number=5, title="Elektromobilität")
    project = factories.project(field, title="Ladeparks")
    client.force_login(rep)
    url = f"/partnerbereich/organisation/{stadtwerke.slug}/zusagen/neu/"
    form = client.get(url).content.decode()
    assert "Elektromobilität" in form and "Ladeparks" in form and "Personalzeit" in form

    bad = client.post(url, {"kind": "money", "description": "Zuschuss", "estimated_value_eur": "-5"})
    assert bad.status_code == 400 and "Der Wert darf nicht negativ sein." in bad.content.decode()
    assert "Zuschuss" in bad.content.decode() and not Pledge.objects.exists()

    response = client.post(url, {
        "kind": "staff_time", "description": "Zwei Fachleute für ein Jahr", "estimated_value_eur": "1.500,50",
        "fields": [field.pk], "projects": [project.pk],
    })
    assert response.status_code == 302
    pledge = Pledge.objects.get()
    assert (pledge.organisation, pledge.kind, pledge.estimated_value_eur, pledge.created_by) == (
        stadtwerke, "staff_time", Decimal("1500.50"), rep)
    assert list(pledge.fields.all()) == [field] and list(pledge.projects.all()) == [project]
    html = client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/").content.decode()
    assert "Zwei Fachleute für ein Jahr" in html and "Personalzeit" in html

    edit = f"/partnerbereich/zusagen/{pledge.pk}/bearbeiten/"
    assert "Zwei Fachleute für ein Jahr" in client.get(edit).content.decode()
    client.post(edit, {"kind": "money", "description": "Zuschuss für Ladesäulen", "estimated_value_eur": ""})
    pledge.refresh_from_db()
    assert (pledge.kind, pledge.description, pledge.estimated_value_eur) == ("money", "Zuschuss für Ladesäulen", None)
    assert list(pledge.fields.all()) == []

    delete = f"/partnerbereich/zusagen/{pledge.pk}/loeschen/"
    assert "wirklich löschen" in client.get(delete).content.decode()
    assert client.post(delete).status_code == 302
    assert not Pledge.objects.exists()


# --- project ideas ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_partner_idea_goes_into_the_open_process(client, rep, stadtwerke):
    from modellstadt.ideas.models import Idea
    from tests.ideas.conftest import make_process

    field = factories.field(number=2, title="Offene Datenplattform")
    closed = make_process([field], title="Abgeschlossen", phases=[("collect", -10, -5, "i")])
    process = make_process([field], title="Ideen für die Digitalstrategie")
    client.force_login(rep)
    url = f"/partnerbereich/organisation/{stadtwerke.slug}/ideen/neu/"
    form = client.get(url).content.decode()
    assert "Ideen für die Digitalstrategie" in form and "Abgeschlossen" not in form
    refused = client.post(url, {"process": closed.pk, "field": field.pk, "title": "Alt", "description": "x"})
    assert refused.status_code == 400 and "nimmt gerade keine Ideen an" in refused.content.decode()
    response = client.post(url, {"process": process.pk, "field": field.pk, "title": "Offene Ladesäulendaten",
                                 "description": "Wir stellen Belegungsdaten bereit."})
    assert response.status_code == 302
    idea = Idea.objects.get()
    assert (idea.organisation, idea.author, idea.process, idea.is_partner_idea) == (stadtwerke, rep, process, True)
    assert "Offene Ladesäulendaten" in client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/").content.decode()


@pytest.mark.parametrize("state", [MembershipState.REQUESTED, MembershipState.REJECTED, MembershipState.REVOKED])
@pytest.mark.django_db
def test_only_an_approved_representative_submits_a_partner_idea(client, make_person, stadtwerke, state):
    from modellstadt.ideas.models import Idea
    from modellstadt.ideas.rules import ParticipationError
    from modellstadt.ideas.services import submit_partner_idea
    from tests.ideas.conftest import make_process

    field = factories.field(number=2, title="Offene Datenplattform")
    process = make_process([field], title="Ideen für die Digitalstrategie")
    person = make_person("paula")
    Membership.objects.create(user=person, organisation=stadtwerke, state=state)
    with pytest.raises(ParticipationError):
        submit_partner_idea(person, stadtwerke, process, field, "Fremde Idee", "Im Namen der Stadtwerke")
    client.force_login(person)
    url = f"/partnerbereich/organisation/{stadtwerke.slug}/ideen/neu/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"process": process.pk, "field": field.pk, "title": "Fremde Idee",
                             "description": "x"}).status_code == 404
    assert not Idea.objects.exists()


# --- public supporters page ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_supporters_page_groups_counts_and_hides_non_consenting(client, portal):
    city = factories.organisation(name="Stadt Wolfsburg", kind="administration", public_supporter=True)
    factories.organisation(name="Stadtwerke Wolfsburg AG", kind="municipal_company", public_supporter=True)
    factories.organisation(name="Klinikum Wolfsburg", kind="municipal_company", public_supporter=True)
    factories.organisation(name="Geheime GmbH", kind="private_company")
    SupportLetter.objects.create(organisation=city, date="2017-02-01", signatory="Oberbürgermeister",
                                 public=True, received_by_post=True)
    SupportLetter.objects.create(organisation=city, date="2017-02-02", signatory="Intern", received_by_post=True)
    response = client.get("/unterstuetzer/")
    groups = [(label, [o.name for o in orgs]) for _k, label, orgs in response.context["groups"]]
    assert groups == [("Verwaltung", ["Stadt Wolfsburg"]),
                      ("Kommunales Unternehmen", ["Klinikum Wolfsburg", "Stadtwerke Wolfsburg AG"])]
    assert response.context["total"] == 3
    assert response.context["counts"] == [("Verwaltung", 1), ("Kommunales Unternehmen", 2)]
    html = response.content.decode()
    assert "3 Organisationen insgesamt" in html and "Kommunales Unternehmen: 2" in html
    assert "Geheime GmbH" not in html
    assert "Oberbürgermeister" in html and "Intern" not in html
    assert "/partnerbereich/schreiben/" not in html  # a letter received by post has no file to link
    assert '<a href="/unterstuetzer/">' in html  # linked from the footer


@pytest.mark.django_db
def test_supporters_page_query_count_is_constant(client, portal):
    counter = iter(range(1000))

    def grow():
        for kind in ("administration", "research", "association"):
            for _ in range(3):
                org = factories.organisation(name=f"Unterstützer {next(counter)}", kind=kind, public_supporter=True)
                for day in (1, 2):
                    SupportLetter.objects.create(organisation=org, date=f"2017-01-0{day}", signatory="A",
                                                 public=True, received_by_post=True)

    grow()
    assert_constant_queries(client, "/unterstuetzer/", grow, 3)


# --- data export -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_my_data_contains_partner_data(rep, stadtwerke):
    services.save_pledge(rep, stadtwerke, kind="goods", description="Zehn Ladesäulen", estimated_value_eur="9000")
    data = export_user_data(rep)["Partnerbereich"][0]
    assert data["Mitgliedschaften"][0]["Organisation"] == "Stadtwerke Wolfsburg AG"
    assert data["Mitgliedschaften"][0]["Stand"] == "Bestätigt"
    assert data["Erfasste Zusagen"][0]["Beschreibung"] == "Zehn Ladesäulen"
    assert data["Erfasste Zusagen"][0]["Geschätzter Wert (EUR)"] == "9000.00"


@pytest.mark.django_db
def test_office_group_has_partner_permissions(office):
    for perm in ("change_membership", "add_supportletter", "view_supportletter", "delete_pledge"):
        assert office.has_perm(f"partners.{perm}")


@pytest.mark.django_db
def test_office_back_office_lists_letters_and_pledges(client, office, stadtwerke):
    Pledge.objects.create(organisation=stadtwerke, kind="money", description="Sponsoring",
                          estimated_value_eur=Decimal("2500"))
    client.force_login(office)
    listing = client.get("/verwaltung/partner/zusagen/").content.decode()
    assert "Stadtwerke Wolfsburg AG" in listing and "Geld" in listing
    SupportLetter.objects.create(organisation=stadtwerke, date="2017-01-02", signatory="Vorstand",
                                 received_by_post=True)
    letters = client.get("/verwaltung/partner/schreiben/").content.decode()
    assert "Vorstand" in letters and "per Post" in letters
    menu = client.get("/verwaltung/").content.decode()
    for address in ("/verwaltung/partner/mitgliedschaften/", "/verwaltung/partner/einladen/",
                    "/verwaltung/partner/schreiben/", "/verwaltung/partner/zusagen/"):
        assert address in menu
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_office_reads_pledged_amounts_the_german_way(client, office, stadtwerke):
    Pledge.objects.create(organisation=stadtwerke, kind="money", description="Sponsoring",
                          estimated_value_eur=Decimal("885000.00"))
    Pledge.objects.create(organisation=stadtwerke, kind="data", description="Daten")  # no amount
    client.force_login(office)
    listing = client.get("/verwaltung/partner/zusagen/").content.decode()
    assert "885.000\u00a0€" in listing
    assert "885000" not in listing
    assert not re.search(r"<td[^>]*>\s*None\s*</td>", listing)  # no amount: an empty cell


# --- demo ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_partner_area_is_idempotent_and_links_the_call(portal, settings, tmp_path, monkeypatch, private_root):
    from pypdf import PdfReader

    from modellstadt.demo.loader import load_organisations
    from modellstadt.demo.partners_area import LETTERS, PLEDGES, load_partner_area_demo
    from modellstadt.dossier.models import Call

    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("MODELLSTADT_DEMO_PASSWORD", raising=False)
    load_organisations()
    call = Call.objects.create(organiser="Bitkom e. V.", title="Digitale Stadt", slug="bitkom-digitale-stadt-2017")
    logins = load_partner_area_demo()
    assert logins[0][0] == "partner-stadtwerke" and len(logins[0][1]) >= 12
    assert "partner-stadtwerke: " in (tmp_path / "demo-login.txt").read_text()
    assert load_partner_area_demo() == logins  # same password, nothing created twice
    assert SupportLetter.objects.count() == len(LETTERS) == 25
    assert Pledge.objects.count() == len(PLEDGES) == 15
    assert SupportLetter.objects.filter(calls=call).count() == 25 and Pledge.objects.filter(calls=call).count() == 15
    assert all(letter.date.year in (2016, 2017) for letter in SupportLetter.objects.all())
    assert SupportLetter.objects.filter(public=True).exists() and SupportLetter.objects.filter(public=False).exists()
    assert all("Annahme" in letter.editorial_note for letter in SupportLetter.objects.all())
    letter = SupportLetter.objects.first()
    reader = PdfReader(letter.file.path)
    assert len(reader.pages) == 1 and "Unterstützungsschreiben" in reader.pages[0].extract_text()
    assert len(list((private_root / "letters").iterdir())) == 25
    rep_user = Membership.objects.get(state="approved").user
    assert rep_user.username == "partner-stadtwerke" and rep_user.check_password(logins[0][1])
    assert Organisation.objects.filter(public_supporter=True).count() >= 10


@pytest.mark.django_db
def test_partner_area_page_query_count_is_constant(client, rep, stadtwerke):
    field = factories.field(number=7, title="Stadtplanung")
    counter = iter(range(1000))

    def grow():
        for _ in range(3):
            n = next(counter)
            services.save_pledge(rep, stadtwerke, kind="goods", description=f"Zusage {n}", estimated_value_eur=n,
                                 fields=[field])
            SupportLetter.objects.create(organisation=stadtwerke, date="2017-01-02", signatory=f"Person {n}",
                                         received_by_post=True)
            factories.project(field, title=f"Projekt {n}", partners=[(stadtwerke, "Partner")])

    grow()
    client.force_login(rep)
    assert_constant_queries(client, f"/partnerbereich/organisation/{stadtwerke.slug}/", grow, 14)


@pytest.mark.parametrize("typed, expected", [
    ("1.500,50", "1500.50"), ("1500,50", "1500.50"), ("1500.50", "1500.50"), ("1 500 €", "1500"),
    ("1.500", "1500"), ("1,500.50", "1500.50"), ("12.000.000", "12000000"),
])
def test_euro_amounts_are_read_as_typed_in_german_or_english(typed, expected):
    from modellstadt.partners.area_forms import EuroField

    assert EuroField(required=False).clean(typed) == Decimal(expected)
