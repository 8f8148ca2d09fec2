"""The rules of the partner services called directly, as the back office, the demo loader and management
commands call them: each refusal carries its German message, the form field it belongs next to and its
kind; decisions are logged with the deciding person and reach the caller's object; only active office
members hear of requests; an invitation is accepted only with the person's own confirmed address."""

import datetime
import time

import pytest
from django.contrib.auth.models import Group
from django.core import mail, signing
from wagtail.models import ModelLogEntry

from modellstadt.accounts.roles import OFFICE_GROUP
from modellstadt.partners import services
from modellstadt.partners.models import Membership, MembershipState, SupportLetter
from tests.partners import test_partner_area as area
from tests.partners.test_letters import upload

private_root, make_person, office = area.private_root, area.make_person, area.office
stadtwerke, klinikum, rep = area.stadtwerke, area.klinikum, area.rep
pdf_bytes, png_bytes = area.pdf_bytes, area.png_bytes

LETTER = {"date": datetime.date(2017, 2, 3), "signatory": "Vorstand"}


def _refusal(call):
    with pytest.raises(services.PartnerError) as caught:
        call()
    error = caught.value
    return str(error), error.field, error.code


# (name, call(rep, office, stadtwerke, klinikum), message, field, code)
REFUSALS = [
    ("join-without-message", lambda r, o, s, k: services.request_membership(r, k, "   "),
     "Bitte schreiben Sie kurz, in welcher Funktion Sie die Organisation vertreten.", "message", "partners"),
    ("decide-without-office", lambda r, o, s, k: services.approve_membership(r, Membership.objects.get(user=r)),
     "Nur das Programmbüro darf das.", None, "permission"),
    ("decide-twice", lambda r, o, s, k: services.approve_membership(o, Membership.objects.get(user=r)),
     "Über diese Anfrage wurde bereits entschieden.", None, "decided"),
    ("other-organisation", lambda r, o, s, k: services.save_pledge(r, k, kind="money", description="x"),
     "Sie vertreten diese Organisation nicht.", None, "permission"),
    ("pledge-unknown-kind", lambda r, o, s, k: services.save_pledge(r, s, kind="gold", description="x"),
     "Bitte wählen Sie die Art der Zusage.", "kind", "partners"),
    ("pledge-blank-description", lambda r, o, s, k: services.save_pledge(r, s, kind="money", description="  "),
     "Bitte beschreiben Sie, was Sie zusagen.", "description", "partners"),
    ("pledge-no-description", lambda r, o, s, k: services.save_pledge(r, s, kind="money", description=None),
     "Bitte beschreiben Sie, was Sie zusagen.", "description", "partners"),
    ("pledge-negative", lambda r, o, s, k: services.save_pledge(r, s, kind="money", description="x",
                                                                estimated_value_eur="-0.01"),
     "Der Wert darf nicht negativ sein.", "estimated_value_eur", "partners"),
    ("letter-no-signatory", lambda r, o, s, k: services.create_letter(r, s, upload=upload(pdf_bytes()),
                                                                      date=LETTER["date"], signatory=None),
     "Bitte geben Sie an, wer das Schreiben unterzeichnet hat.", "signatory", "partners"),
    ("letter-no-date", lambda r, o, s, k: services.create_letter(r, s, upload=upload(pdf_bytes()), date=None,
                                                                 signatory="Vorstand"),
     "Bitte geben Sie das Datum des Schreibens an.", "date", "partners"),
    ("letter-no-file", lambda r, o, s, k: services.create_letter(r, s, **LETTER),
     "Bitte wählen Sie die PDF-Datei des Schreibens aus.", "file", "partners"),
    ("letter-by-post-only-for-office", lambda r, o, s, k: services.create_letter(r, s, received_by_post=True,
                                                                                 **LETTER),
     "Bitte wählen Sie die PDF-Datei des Schreibens aus.", "file", "partners"),
    ("letter-not-a-pdf", lambda r, o, s, k: services.create_letter(r, s, upload=upload(png_bytes()), **LETTER),
     "Die Datei ist keine PDF-Datei. Bitte laden Sie das Schreiben als PDF hoch.", "file", "partners"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("call", "message", "field", "code"), [case[1:] for case in REFUSALS],
                         ids=[case[0] for case in REFUSALS])
def test_each_refusal_names_its_message_field_and_kind(rep, office, stadtwerke, klinikum, private_root,
                                                       call, message, field, code):
    assert _refusal(lambda: call(rep, office, stadtwerke, klinikum)) == (message, field, code)
    assert not SupportLetter.objects.exists()
    assert list(Membership.objects.values_list("state", flat=True)) == [MembershipState.APPROVED]


@pytest.mark.django_db
def test_invitation_refusals_say_why(office, make_person, stadtwerke, monkeypatch):
    token = services.make_invitation_token("dora@example.org", stadtwerke, office)
    assert _refusal(lambda: services.read_invitation(token[:-2] + "xx")) == (
        "Dieser Einladungslink ist ungültig.", None, "invalid")
    now = time.time()
    with monkeypatch.context() as later:
        later.setattr(signing.time, "time", lambda: now + services.INVITATION_MAX_AGE + 60)
        assert _refusal(lambda: services.read_invitation(token)) == (
            "Diese Einladung ist abgelaufen. Bitte bitten Sie das Programmbüro um eine neue Einladung.", None,
            "expired")
    assert services.read_invitation(token) == ("dora@example.org", stadtwerke, office)
    stadtwerke.delete()
    assert _refusal(lambda: services.read_invitation(token)) == (
        "Die Organisation dieser Einladung gibt es nicht mehr.", None, "invalid")
    dora = make_person("dora")
    assert _refusal(lambda: services.accept_invitation(dora, token))[2] == "invalid"
    assert not Membership.objects.exists()


@pytest.mark.django_db
def test_an_invitation_is_accepted_only_with_the_persons_own_confirmed_address(make_person, office, stadtwerke):
    carla = make_person("carla", "carla@example.org")  # the invited person exists, with that address confirmed
    mallory = make_person("mallory")
    token = services.make_invitation_token("carla@example.org", stadtwerke, office)
    assert services.is_invited_person(carla, "carla@example.org") is True
    assert services.is_invited_person(mallory, "carla@example.org") is False
    assert _refusal(lambda: services.accept_invitation(mallory, token))[2] == "wrong_email"
    assert not Membership.objects.exists()
    assert services.accept_invitation(carla, token).user == carla


@pytest.mark.django_db
def test_a_decision_called_directly_is_logged_with_the_office_user_and_updates_the_callers_object(
    make_person, office, stadtwerke, klinikum, django_capture_on_commit_callbacks
):
    anna = make_person("anna")
    membership = services.request_membership(anna, stadtwerke, "Ich leite dort die IT.")
    request_entry = ModelLogEntry.objects.get(action=services.ACTION_REQUEST)
    assert request_entry.user_id == anna.pk
    assert request_entry.data == {"organisation": "Stadtwerke Wolfsburg AG", "organisation_id": stadtwerke.pk,
                                  "person": "anna", "reason": ""}

    with django_capture_on_commit_callbacks(execute=True):
        services.approve_membership(office, membership)  # no note given
    # the object the caller holds shows the decision without a reload
    assert (membership.state, membership.decided_by_id, membership.decision_note) == (
        MembershipState.APPROVED, office.pk, "")
    assert membership.decided_at is not None
    entry = ModelLogEntry.objects.get(action=services.ACTION_APPROVE)
    assert entry.user_id == office.pk and entry.data["reason"] == ""
    message = mail.outbox[-1]
    assert message.to == ["anna@example.org"]
    assert message.subject == "Ihre Anfrage für Stadtwerke Wolfsburg AG wurde bestätigt"
    assert "„Stadtwerke Wolfsburg AG“ im Partnerbereich von Modellstadt vertreten" in message.body
    assert "Zum Partnerbereich: http://127.0.0.1:8000/partnerbereich/" in message.body

    ben = make_person("ben")
    refused = services.request_membership(ben, klinikum, "Praktikum")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_membership(office, refused, "  Keine Vollmacht. ")
    assert (refused.state, refused.decision_note) == (MembershipState.REJECTED, "Keine Vollmacht.")
    entry = ModelLogEntry.objects.get(action=services.ACTION_REJECT)
    assert entry.user_id == office.pk and entry.data["reason"] == "Keine Vollmacht."
    message = mail.outbox[-1]
    assert message.to == ["ben@example.org"] and message.subject == "Ihre Anfrage für Klinikum Wolfsburg"
    assert "„Klinikum Wolfsburg“ im Partnerbereich von Modellstadt zu vertreten" in message.body


@pytest.mark.django_db
def test_only_active_office_members_hear_of_a_request(make_person, office, stadtwerke,
                                                       django_capture_on_commit_callbacks):
    former = make_person("ehemals")
    former.groups.add(Group.objects.get(name=OFFICE_GROUP))
    former.is_active = False
    former.save()
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.request_membership(make_person("anna"), stadtwerke, "Ich leite dort die IT.")
    (message,) = mail.outbox
    assert message.to == ["buero@example.org"]
    assert message.subject == "Neue Anfrage für den Partnerbereich: Stadtwerke Wolfsburg AG"
    assert (f"Zur Entscheidung: http://127.0.0.1:8000/verwaltung/partner/mitgliedschaften/decide/{membership.pk}/"
            in message.body)


@pytest.mark.django_db
def test_letter_defaults_and_the_offices_editorial_note(rep, office, stadtwerke, private_root):
    letter = services.create_letter(rep, stadtwerke, upload=upload(pdf_bytes()), editorial_note="von mir", **LETTER)
    assert letter.public is False  # not named on the supporters page unless chosen
    assert letter.editorial_note == ""  # only the office writes editorial notes
    assert letter.received_by_post is False
    noted = services.create_letter(office, stadtwerke, received_by_post=True, editorial_note="  Annahme: Original "
                                   "liegt im Büro. ", **LETTER)
    assert noted.editorial_note == "Annahme: Original liegt im Büro." and noted.received_by_post is True
    plain = services.create_letter(office, stadtwerke, received_by_post=True, **LETTER)
    assert plain.editorial_note == "" and plain.original_name == "" and not plain.file
