"""The partner services' permission rules through every membership state, called directly as the back
office and the demo loader call them: invitations (who may accept, which membership they turn into,
what the log and the e-mail say), ending a membership, the organisation profile and its logo, and
changing or deleting letters and pledges. Each refusal is pinned by its German message, field and kind,
so that a rule cannot silently loosen or a message silently change."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail, signing
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry

from modellstadt.core.uploads import STORAGE_UNAVAILABLE_MESSAGE, StorageUnavailable
from modellstadt.partners import services
from modellstadt.partners.models import Membership, MembershipState, Organisation, Pledge, SupportLetter
from tests.partners import test_partner_area as area
from tests.partners.test_letters import call, upload

private_root, make_person, office = area.private_root, area.make_person, area.office
stadtwerke, klinikum, rep, other_rep = area.stadtwerke, area.klinikum, area.rep, area.other_rep
pdf_bytes, png_bytes = area.pdf_bytes, area.png_bytes
call = call  # a fixture of test_letters.py, used here as well

NOT_REPRESENTATIVE = ("Sie vertreten diese Organisation nicht.", None, "permission")
NOT_OFFICE = ("Nur das Programmbüro darf das.", None, "permission")
LOGIN = ("Bitte melden Sie sich an.", None, "login_required")


def _refusal(call):
    with pytest.raises(services.PartnerError) as caught:
        call()
    error = caught.value
    return str(error), error.field, error.code


def _membership(user, organisation, state):
    return Membership.objects.create(user=user, organisation=organisation, state=state, message="Leitung IT")


def _separate_loads(queries):
    """Queries that load a person or an organisation on their own (instead of joined to the membership)."""
    starts = ('SELECT "accounts_user"."id"', 'SELECT "partners_organisation"."id"')
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith(starts)]


@pytest.fixture
def outsiders(make_person, stadtwerke, klinikum, other_rep):
    """Everyone who must not act for the Stadtwerke, by name: a pending, rejected and ended membership,
    the representative of another organisation, a former representative whose account is switched off,
    and a visitor who is not signed in."""
    pending, rejected, revoked = make_person("paula"), make_person("rolf"), make_person("vera")
    _membership(pending, stadtwerke, MembershipState.REQUESTED)
    _membership(rejected, stadtwerke, MembershipState.REJECTED)
    _membership(revoked, stadtwerke, MembershipState.REVOKED)
    inactive = make_person("ines")
    _membership(inactive, stadtwerke, MembershipState.APPROVED)
    inactive.is_active = False
    inactive.save()
    return {
        "pending": pending,
        "rejected": rejected,
        "revoked": revoked,
        "other-organisation": other_rep,
        "inactive": inactive,
        "anonymous": AnonymousUser(),
    }


# --- accepting an invitation --------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_a_signed_in_active_person_can_accept_an_invitation(make_person, office, stadtwerke):
    token = services.make_invitation_token("carla@example.org", stadtwerke, office)
    carla = make_person("carla")
    carla.is_active = False  # signed in a moment ago, switched off since
    carla.save()
    assert _refusal(lambda: services.accept_invitation(AnonymousUser(), token)) == LOGIN
    assert _refusal(lambda: services.accept_invitation(carla, token)) == LOGIN
    assert _refusal(lambda: services.accept_invitation(None, token)) == LOGIN
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_the_wrong_address_is_named_masked_in_the_refusal(make_person, office, stadtwerke):
    token = services.make_invitation_token("carla@example.org", stadtwerke, office)
    assert _refusal(lambda: services.accept_invitation(make_person("mallory"), token)) == (
        "Diese Einladung gilt für die Adresse c•••@example.org. Bitte melden Sie sich mit dieser bestätigten "
        "Adresse an.",
        None,
        "wrong_email",
    )


@pytest.mark.django_db
def test_accepting_creates_the_persons_own_membership_and_leaves_every_other_one_alone(
    make_person, office, rep, stadtwerke, klinikum
):
    carla = make_person("carla")
    old_rejected = _membership(carla, stadtwerke, MembershipState.REJECTED)
    old_revoked = _membership(carla, stadtwerke, MembershipState.REVOKED)
    elsewhere = _membership(carla, klinikum, MembershipState.APPROVED)
    token = services.make_invitation_token("carla@example.org", stadtwerke, office)

    membership = services.accept_invitation(carla, token)

    membership.refresh_from_db()
    assert (membership.user, membership.organisation, membership.state, membership.invited) == (
        carla,
        stadtwerke,
        MembershipState.APPROVED,
        True,
    )
    assert membership.pk not in (old_rejected.pk, old_revoked.pk, elsewhere.pk)
    assert membership.message == "Einladung durch das Programmbüro"
    assert membership.decided_by == office
    assert membership.decided_at is not None and membership.requested_at == membership.decided_at
    # the earlier decisions and the other organisation's membership stay as they were
    states = dict(Membership.objects.filter(user=carla).values_list("pk", "state"))
    assert states == {
        old_rejected.pk: MembershipState.REJECTED,
        old_revoked.pk: MembershipState.REVOKED,
        elsewhere.pk: MembershipState.APPROVED,
        membership.pk: MembershipState.APPROVED,
    }
    assert Membership.objects.get(user=rep).invited is False

    entry = ModelLogEntry.objects.get(action=services.ACTION_APPROVE)
    assert entry.user_id == office.pk
    assert entry.data == {
        "organisation": "Stadtwerke Wolfsburg AG",
        "organisation_id": stadtwerke.pk,
        "person": "carla",
        "reason": "Einladung angenommen",
        "invitation": True,
    }


@pytest.mark.django_db
def test_accepting_approves_a_pending_request_and_leaves_an_approved_membership_untouched(
    make_person, office, stadtwerke
):
    carla = make_person("carla")
    pending = _membership(carla, stadtwerke, MembershipState.REQUESTED)
    token = services.make_invitation_token("carla@example.org", stadtwerke, office)

    accepted = services.accept_invitation(carla, token)
    assert accepted.pk == pending.pk
    pending.refresh_from_db()
    assert (pending.state, pending.invited, pending.decided_by, pending.message) == (
        MembershipState.APPROVED,
        True,
        office,
        "Leitung IT",
    )
    assert ModelLogEntry.objects.filter(action=services.ACTION_APPROVE).count() == 1

    dora = make_person("dora")
    approved = _membership(dora, stadtwerke, MembershipState.APPROVED)
    again = services.accept_invitation(dora, services.make_invitation_token("dora@example.org", stadtwerke, office))
    assert again.pk == approved.pk
    approved.refresh_from_db()
    assert (approved.invited, approved.decided_by, approved.decided_at) == (False, None, None)
    assert ModelLogEntry.objects.filter(action=services.ACTION_APPROVE).count() == 1  # nothing new decided


# --- inviting -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_invitation_needs_the_office_and_an_address(office, rep, stadtwerke, outsiders):
    for person in (rep, *outsiders.values()):
        assert _refusal(lambda p=person: services.invite_representative(p, "dora@example.org", stadtwerke)) == (
            NOT_OFFICE
        )
    for email in (None, "", "   "):
        assert _refusal(lambda e=email: services.invite_representative(office, e, stadtwerke)) == (
            "Bitte geben Sie eine E-Mail-Adresse an.",
            "email",
            "partners",
        )
    assert not ModelLogEntry.objects.filter(action=services.ACTION_INVITE).exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_invitation_mail_names_link_site_and_days_and_is_logged(
    office, stadtwerke, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        token = services.invite_representative(
            office, "  Dora.Berg@Example.org ", stadtwerke, base_url="https://partner.example.org/"
        )
    assert services.read_invitation(token) == ("dora.berg@example.org", stadtwerke, office)
    (message,) = mail.outbox
    assert message.to == ["dora.berg@example.org"]
    assert message.subject == "Einladung in den Partnerbereich für Stadtwerke Wolfsburg AG"
    assert "„Stadtwerke Wolfsburg AG“ im Partnerbereich von Modellstadt zu vertreten" in message.body
    assert f"\nhttps://partner.example.org/partnerbereich/einladung/{token}/\n" in message.body
    assert "Der Link gilt 14 Tage." in message.body
    entry = ModelLogEntry.objects.get(action=services.ACTION_INVITE)
    assert entry.user_id == office.pk
    assert entry.data == {"email": "dora.berg@example.org", "organisation": "Stadtwerke Wolfsburg AG"}


@pytest.mark.django_db
def test_an_invitation_token_for_a_long_address_is_compressed(office, stadtwerke):
    """A compressed token (Django marks it with a leading dot) keeps the link in the e-mail short."""
    email = "dorothea.bergmann-schulze@digitalisierung.stadtwerke-wolfsburg.example.org"
    token = services.make_invitation_token(email, stadtwerke, office)
    assert token.startswith(".")
    assert services.read_invitation(token)[0] == email


# --- ending a membership --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_an_approved_membership_can_be_ended_and_only_by_the_office(office, rep, stadtwerke, outsiders):
    approved = Membership.objects.get(user=rep)
    for person in (rep, *outsiders.values()):
        assert _refusal(lambda p=person: services.revoke_membership(p, approved, "x")) == NOT_OFFICE
    for name in ("pending", "rejected", "revoked"):
        membership = Membership.objects.get(user=outsiders[name])
        before = membership.state
        assert _refusal(lambda m=membership: services.revoke_membership(office, m, "x")) == (
            "Nur eine bestätigte Mitgliedschaft kann beendet werden.",
            None,
            "state",
        )
        membership.refresh_from_db()
        assert (membership.state, membership.decided_by) == (before, None)
    assert not ModelLogEntry.objects.filter(action=services.ACTION_REVOKE).exists()


@pytest.mark.django_db
def test_ending_a_membership_records_who_when_and_why(office, rep, make_person, stadtwerke):
    membership = Membership.objects.get(user=rep)
    services.revoke_membership(office, membership)  # no reason given
    membership.refresh_from_db()
    assert (membership.state, membership.decided_by, membership.decision_note) == (MembershipState.REVOKED, office, "")
    assert membership.decided_at is not None
    entry = ModelLogEntry.objects.get(action=services.ACTION_REVOKE)
    assert entry.user_id == office.pk
    assert entry.data == {
        "organisation": "Stadtwerke Wolfsburg AG",
        "organisation_id": stadtwerke.pk,
        "person": "rita",
        "reason": "",
    }

    other = _membership(make_person("otto"), stadtwerke, MembershipState.APPROVED)
    services.revoke_membership(office, other, None)
    other.refresh_from_db()
    assert other.decision_note == ""
    third = _membership(make_person("theo"), stadtwerke, MembershipState.APPROVED)
    services.revoke_membership(office, third, "  Vollmacht erloschen. ")
    third.refresh_from_db()
    assert third.decision_note == "Vollmacht erloschen."


@pytest.mark.django_db
def test_ending_a_membership_updates_the_callers_object(office, rep):
    """Like an approval or a rejection: the object the caller holds shows the decision without a reload."""
    membership = Membership.objects.get(user=rep)
    services.revoke_membership(office, membership, "  Vollmacht erloschen. ")
    assert (membership.state, membership.decided_by_id, membership.decision_note) == (
        MembershipState.REVOKED,
        office.pk,
        "Vollmacht erloschen.",
    )
    assert membership.decided_at is not None
    assert membership.decided_at == Membership.objects.get(pk=membership.pk).decided_at


@pytest.mark.django_db
def test_ending_a_membership_loads_person_and_organisation_with_the_membership(office, rep):
    """The log entry names both: they come with the locked membership, not in two further queries."""
    membership = Membership.objects.get(user=rep)
    with CaptureQueriesContext(connection) as queries:
        services.revoke_membership(office, membership, "Vollmacht erloschen")
    assert _separate_loads(queries) == []
    assert any(
        'INNER JOIN "partners_organisation"' in q["sql"] and 'INNER JOIN "accounts_user"' in q["sql"]
        for q in queries.captured_queries
    )


# --- the organisation profile ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_profile_is_kept_by_its_representatives_and_the_office_only(office, rep, stadtwerke, outsiders):
    services.update_organisation_profile(office, stadtwerke, description="Vom Büro")
    services.update_organisation_profile(rep, stadtwerke, contact_person="Rita Roth")
    for name, person in outsiders.items():
        assert _refusal(
            lambda p=person, n=name: services.update_organisation_profile(p, stadtwerke, description=n)
        ) == (NOT_REPRESENTATIVE), name
    stadtwerke = Organisation.objects.get(pk=stadtwerke.pk)
    assert (stadtwerke.description, stadtwerke.contact_person) == ("Vom Büro", "Rita Roth")


@pytest.mark.django_db
def test_profile_values_are_trimmed_and_unknown_fields_refused(rep, stadtwerke):
    services.update_organisation_profile(
        rep, stadtwerke, website=" https://www.stadtwerke.example ", contact_phone=None, public_supporter="on"
    )
    stadtwerke.refresh_from_db()
    assert (stadtwerke.website, stadtwerke.contact_phone, stadtwerke.public_supporter) == (
        "https://www.stadtwerke.example",
        "",
        True,
    )
    with pytest.raises(TypeError) as caught:
        services.update_organisation_profile(rep, stadtwerke, name="Neu", slug="neu", description="x")
    assert str(caught.value) == "unknown profile fields: ['name', 'slug']"
    stadtwerke.refresh_from_db()
    assert stadtwerke.name == "Stadtwerke Wolfsburg AG"


@pytest.mark.django_db
def test_a_logo_is_stored_with_title_description_and_uploader(rep, office, stadtwerke):
    services.update_organisation_profile(rep, stadtwerke, logo=upload(png_bytes(), "logo.png", "image/png"))
    image = Organisation.objects.get(pk=stadtwerke.pk).logo
    assert (image.title, image.description, image.uploaded_by_user) == (
        "Logo Stadtwerke Wolfsburg AG",
        "Logo Stadtwerke Wolfsburg AG",
        rep,
    )

    services.update_organisation_profile(
        office,
        stadtwerke,
        logo=upload(png_bytes(), "logo.png", "image/png"),
        logo_alt="  Schriftzug der Stadtwerke in Blau ",
    )
    image = Organisation.objects.get(pk=stadtwerke.pk).logo
    assert (image.description, image.uploaded_by_user) == ("Schriftzug der Stadtwerke in Blau", office)

    services.update_organisation_profile(
        rep, stadtwerke, logo=upload(png_bytes(), "logo.png", "image/png"), logo_alt=None
    )
    assert Organisation.objects.get(pk=stadtwerke.pk).logo.description == "Logo Stadtwerke Wolfsburg AG"


@pytest.mark.django_db
def test_a_logo_that_is_no_image_or_cannot_be_stored_is_refused_at_the_logo_field(rep, stadtwerke, monkeypatch):
    assert _refusal(
        lambda: services.update_organisation_profile(
            rep, stadtwerke, description="Neu", logo=upload(pdf_bytes(), "logo.png", "image/png")
        )
    ) == ("Diese Datei ist kein Bild im Format PNG, JPEG, GIF oder WebP.", "logo", "partners")

    def store_down(*args, **kwargs):
        raise StorageUnavailable

    monkeypatch.setattr(services.images, "store_image", store_down)
    assert _refusal(
        lambda: services.update_organisation_profile(
            rep, stadtwerke, description="Neu", logo=upload(png_bytes(), "logo.png", "image/png")
        )
    ) == (STORAGE_UNAVAILABLE_MESSAGE, "logo", "partners")
    stadtwerke.refresh_from_db()
    assert stadtwerke.description == "" and stadtwerke.logo is None
    assert not get_image_model().objects.exists()


# --- letters of support and pledges ---------------------------------------------------------------------


def _letter(organisation, **extra):
    values = {"date": datetime.date(2017, 2, 3), "signatory": "Vorstand", "file": "letters/schreiben.pdf"} | extra
    return SupportLetter.objects.create(organisation=organisation, **values)


NEW_DETAILS = {"date": datetime.date(2017, 3, 1), "signatory": "  Geschäftsführung ", "public": "on"}


@pytest.mark.django_db
def test_letter_details_are_changed_by_representatives_and_the_office_only(office, rep, stadtwerke, call, outsiders):
    letter = _letter(stadtwerke)
    for name, person in outsiders.items():
        assert _refusal(lambda p=person: services.update_letter(p, letter, calls=[call], **NEW_DETAILS)) == (
            NOT_REPRESENTATIVE
        ), name
    letter.refresh_from_db()
    assert (letter.signatory, letter.public, list(letter.calls.all())) == ("Vorstand", False, [])

    services.update_letter(rep, letter, calls=[call], **NEW_DETAILS)
    letter = SupportLetter.objects.get(pk=letter.pk)
    assert (letter.date, letter.signatory, letter.public, list(letter.calls.all())) == (
        datetime.date(2017, 3, 1),
        "Geschäftsführung",
        True,
        [call],
    )

    services.update_letter(office, letter, date=datetime.date(2017, 3, 2), signatory="Vorstand", calls=[], public=None)
    letter = SupportLetter.objects.get(pk=letter.pk)
    assert (letter.date, letter.signatory, letter.public, list(letter.calls.all())) == (
        datetime.date(2017, 3, 2),
        "Vorstand",
        False,
        [],
    )


@pytest.mark.django_db
def test_a_letter_needs_a_signatory_and_keeps_what_the_office_recorded(office, rep, stadtwerke, call):
    letter = _letter(stadtwerke)
    for signatory in (None, "", "   "):
        assert _refusal(
            lambda s=signatory: services.update_letter(
                rep, letter, date=letter.date, signatory=s, calls=[], public=True
            )
        ) == ("Bitte geben Sie an, wer das Schreiben unterzeichnet hat.", "signatory", "partners")
    # the office notes something while the representative still has the letter open
    SupportLetter.objects.filter(pk=letter.pk).update(editorial_note="Original liegt im Büro.", received_by_post=True)
    services.update_letter(rep, letter, calls=[call], **NEW_DETAILS)
    letter = SupportLetter.objects.get(pk=letter.pk)
    assert (letter.signatory, letter.editorial_note, letter.received_by_post) == (
        "Geschäftsführung",
        "Original liegt im Büro.",
        True,
    )


@pytest.mark.django_db
def test_who_may_delete_a_letter(office, rep, stadtwerke, outsiders):
    uploaded, postal = _letter(stadtwerke), _letter(stadtwerke, received_by_post=True, file="")
    for name, person in outsiders.items():
        assert _refusal(lambda p=person: services.delete_letter(p, uploaded)) == NOT_REPRESENTATIVE, name
    assert _refusal(lambda: services.delete_letter(rep, postal)) == (
        "Dieses Schreiben hat das Programmbüro erfasst; nur das Programmbüro kann es löschen.",
        None,
        "permission",
    )
    assert SupportLetter.objects.count() == 2
    services.delete_letter(rep, uploaded)
    services.delete_letter(office, postal)  # the office represents no organisation and deletes every letter
    assert not SupportLetter.objects.exists()


@pytest.mark.django_db
def test_who_may_delete_a_pledge(office, rep, stadtwerke, outsiders):
    first, second = (
        Pledge.objects.create(organisation=stadtwerke, kind="money", description=f"Zusage {n}") for n in (1, 2)
    )
    for name, person in outsiders.items():
        assert _refusal(lambda p=person: services.delete_pledge(p, first)) == NOT_REPRESENTATIVE, name
    assert Pledge.objects.count() == 2
    services.delete_pledge(rep, first)
    services.delete_pledge(office, second)
    assert not Pledge.objects.exists()


# --- asking to join, deciding -----------------------------------------------------------------------


@pytest.mark.django_db
def test_only_a_signed_in_active_person_can_ask_to_join(make_person, stadtwerke):
    switched_off = make_person("ines")
    switched_off.is_active = False
    switched_off.save()
    for person in (AnonymousUser(), switched_off, None):
        assert _refusal(lambda p=person: services.request_membership(p, stadtwerke, "Ich leite dort die IT.")) == LOGIN
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_a_request_needs_a_message_of_at_most_2000_characters(make_person, stadtwerke, klinikum):
    anna = make_person("anna")
    missing = ("Bitte schreiben Sie kurz, in welcher Funktion Sie die Organisation vertreten.", "message", "partners")
    for message in (None, "", "  "):
        assert _refusal(lambda m=message: services.request_membership(anna, stadtwerke, m)) == missing
    assert _refusal(lambda: services.request_membership(anna, stadtwerke)) == missing  # no message at all
    assert _refusal(lambda: services.request_membership(anna, stadtwerke, "x" * 2001)) == (
        "Die Nachricht darf höchstens 2000 Zeichen lang sein.",
        "message",
        "partners",
    )
    assert services.request_membership(anna, klinikum, " " + "x" * 2000 + " ").message == "x" * 2000


@pytest.mark.django_db
def test_a_rejection_needs_a_reason_and_an_approval_keeps_its_note(make_person, office, stadtwerke, klinikum):
    anna = make_person("anna")
    asked = services.request_membership(anna, stadtwerke, "Ich leite dort die IT.")
    missing = ("Bitte begründen Sie die Ablehnung.", "note", "partners")
    for note in (None, "", "   "):
        assert _refusal(lambda n=note: services.reject_membership(office, asked, n)) == missing
    assert _refusal(lambda: services.reject_membership(office, asked)) == missing  # no reason at all
    asked.refresh_from_db()
    assert asked.state == MembershipState.REQUESTED

    services.approve_membership(office, asked, "  Vollmacht liegt vor. ")
    asked.refresh_from_db()
    assert (asked.state, asked.decision_note) == (MembershipState.APPROVED, "Vollmacht liegt vor.")
    assert ModelLogEntry.objects.get(action=services.ACTION_APPROVE).data["reason"] == "Vollmacht liegt vor."


@pytest.mark.django_db
def test_a_decision_loads_person_and_organisation_with_the_membership(make_person, office, stadtwerke):
    asked = services.request_membership(make_person("anna"), stadtwerke, "Ich leite dort die IT.")
    with CaptureQueriesContext(connection) as queries:
        services.approve_membership(office, Membership.objects.get(pk=asked.pk))
    assert _separate_loads(queries) == []


@pytest.mark.django_db
def test_an_invitation_without_an_address_reads_as_an_empty_address(office, stadtwerke):
    token = signing.dumps({"organisation": stadtwerke.pk, "inviter": office.pk}, salt=services.INVITATION_SALT)
    assert services.read_invitation(token) == ("", stadtwerke, office)


# --- asking twice, another organisation's pledge, letters the office records -----------------------------

ALREADY_ASKED = ("Ihre Anfrage für diese Organisation liegt dem Programmbüro bereits vor.", "organisation", "partners")
LETTER = {"date": datetime.date(2017, 2, 3), "signatory": "Vorstand"}


@pytest.mark.django_db
def test_a_person_asks_once_per_organisation_and_may_still_ask_another_one(make_person, rep, stadtwerke, klinikum):
    assert _refusal(lambda: services.request_membership(rep, stadtwerke, "Noch einmal")) == (
        "Sie vertreten diese Organisation bereits.",
        "organisation",
        "partners",
    )
    anna = make_person("anna")
    services.request_membership(anna, stadtwerke, "Ich leite dort die IT.")
    assert _refusal(lambda: services.request_membership(anna, stadtwerke, "Noch einmal")) == ALREADY_ASKED
    # an approved or a pending membership with one organisation does not stand in the way of another
    assert services.request_membership(rep, klinikum, "Auch im Aufsichtsrat").organisation == klinikum
    assert services.request_membership(anna, klinikum, "Auch dort").organisation == klinikum
    assert sorted(Membership.objects.filter(organisation=klinikum).values_list("user__username", flat=True)) == [
        "anna",
        "rita",
    ]
    assert Membership.objects.filter(organisation=stadtwerke).count() == 2
    assert ModelLogEntry.objects.filter(action=services.ACTION_REQUEST).count() == 3


@pytest.mark.django_db
def test_a_second_click_at_the_same_moment_is_refused_like_a_pending_request(make_person, stadtwerke, monkeypatch):
    anna = make_person("anna")
    first = services.request_membership(anna, stadtwerke, "Ich leite dort die IT.")
    # the second click's check ran before the first click's row was written: only the database sees it
    monkeypatch.setattr(Membership.objects, "filter", lambda *args, **kwargs: Membership.objects.none())
    assert _refusal(lambda: services.request_membership(anna, stadtwerke, "Ich leite dort die IT.")) == ALREADY_ASKED
    monkeypatch.undo()
    assert list(Membership.objects.filter(user=anna).values_list("pk", flat=True)) == [first.pk]
    assert ModelLogEntry.objects.filter(action=services.ACTION_REQUEST).count() == 1


@pytest.mark.django_db
def test_a_pledge_is_changed_only_through_its_own_organisation(office, rep, stadtwerke, klinikum):
    theirs = Pledge.objects.create(organisation=klinikum, kind="money", description="Sponsoring")
    for person in (rep, office):  # the Stadtwerke named with the Klinikum's pledge
        assert _refusal(
            lambda p=person: services.save_pledge(p, stadtwerke, theirs, kind="goods", description="gekapert")
        ) == ("Diese Zusage gehört zu einer anderen Organisation.", None, "permission")
    theirs.refresh_from_db()
    assert (theirs.organisation, theirs.kind, theirs.description) == (klinikum, "money", "Sponsoring")

    # the office keeps the pledges of every organisation without representing one
    new = services.save_pledge(office, klinikum, kind="goods", description=" Zehn Betten ", estimated_value_eur="500")
    services.save_pledge(office, klinikum, theirs, kind="data", description="Bettenbelegung")
    assert (new.organisation, new.created_by, new.description) == (klinikum, office, "Zehn Betten")
    theirs.refresh_from_db()
    assert (theirs.kind, theirs.description) == ("data", "Bettenbelegung")


@pytest.mark.django_db
def test_the_office_records_a_letter_without_a_file_only_when_it_came_by_post(office, stadtwerke, private_root):
    assert _refusal(lambda: services.create_letter(office, stadtwerke, **LETTER)) == (
        "Bitte wählen Sie die PDF-Datei des Schreibens aus.",
        "file",
        "partners",
    )
    assert not SupportLetter.objects.exists()
    uploaded = services.create_letter(office, stadtwerke, upload=upload(pdf_bytes()), **LETTER)
    assert (uploaded.received_by_post, uploaded.uploaded_by, uploaded.page_count) == (False, office, 1)
    postal = services.create_letter(office, stadtwerke, received_by_post=True, **LETTER)
    postal = SupportLetter.objects.get(pk=postal.pk)
    assert (postal.received_by_post, postal.file.name, postal.original_name, postal.page_count) == (
        True,
        "",
        "",
        None,
    )


@pytest.mark.django_db
def test_a_letter_that_cannot_be_stored_is_refused_at_the_file_field(rep, stadtwerke, private_root, monkeypatch):
    def store_down(*args, **kwargs):
        raise StorageUnavailable("Verbindung abgelehnt")

    monkeypatch.setattr(services.letter_storage, "save", store_down)
    assert _refusal(lambda: services.create_letter(rep, stadtwerke, upload=upload(pdf_bytes()), **LETTER)) == (
        STORAGE_UNAVAILABLE_MESSAGE,
        "file",
        "partners",
    )
    assert not SupportLetter.objects.exists()


@pytest.mark.django_db
def test_the_original_file_name_fits_its_column_and_stays_empty_for_a_file_without_a_name(
    rep, stadtwerke, private_root
):
    """Uploads through a form always have a name of at most 255 characters; a file handed over in code
    (a script, the demo loader) may have a longer one or none."""
    long_name = "Unterstützungsschreiben " + "x" * 300 + ".pdf"
    letter = services.create_letter(rep, stadtwerke, upload=ContentFile(pdf_bytes(), name=long_name), **LETTER)
    assert SupportLetter.objects.get(pk=letter.pk).original_name == long_name[:255]
    unnamed = services.create_letter(rep, stadtwerke, upload=ContentFile(pdf_bytes()), **LETTER)
    assert SupportLetter.objects.get(pk=unnamed.pk).original_name == ""
    assert unnamed.page_count == 1 and unnamed.file.name.endswith(".pdf")
