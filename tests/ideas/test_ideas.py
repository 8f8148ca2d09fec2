"""Submitting, editing, withdrawing, supporting and answering ideas (services)."""

import pytest
from django.db import IntegrityError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import ModelLogEntry

from modellstadt.comments import services as comment_services
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import Idea, IdeaEventKind, IdeaState, Moderation, PhaseKind, Support
from modellstadt.ideas.rules import ParticipationError
from modellstadt.moderation import services as moderation_services
from tests import factories
from tests.ideas.conftest import make_process

C, E = PhaseKind.COLLECT, PhaseKind.EVALUATE


def submit(user, process, title="Ladesäulen am Bahnhof", **extra):
    return idea_services.submit_idea(
        user, process, process.fields.first(), title, "Mehr Ladesäulen für E-Autos.", **extra
    )


@pytest.mark.django_db
def test_resident_submits_an_idea_with_location_and_history(process, resident):
    idea = submit(resident, process, location_label="Hauptbahnhof", latitude="52.429", longitude=10.788)
    idea.refresh_from_db()
    assert idea.author == resident and idea.state == IdeaState.SUBMITTED and idea.moderation == Moderation.PUBLISHED
    assert str(idea.latitude) == "52.429000" and idea.has_location
    assert [e.kind for e in idea.events.all()] == [IdeaEventKind.SUBMITTED]
    assert idea.support_count == 0 and idea.comment_count == 0


@pytest.mark.django_db
def test_submitting_needs_sign_in_and_valid_input(process, resident, field):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(ParticipationError, match="Bitte melden Sie sich an, um eine Idee einzureichen."):
        submit(AnonymousUser(), process)
    with pytest.raises(ParticipationError, match="Bitte geben Sie einen Titel an.") as error:
        submit(resident, process, title="   ")
    assert error.value.field == "title"
    with pytest.raises(ParticipationError, match="höchstens 150 Zeichen"):
        submit(resident, process, title="x" * 151)
    with pytest.raises(ParticipationError, match="gemeinsam an"):
        submit(resident, process, latitude="52.4")
    with pytest.raises(ParticipationError, match="außerhalb des gültigen Bereichs"):
        submit(resident, process, latitude="95", longitude="10")
    other_field = factories.field(number=2)
    with pytest.raises(ParticipationError, match="gehört nicht zu diesem Verfahren"):
        idea_services.submit_idea(resident, process, other_field, "Titel", "Text")
    with pytest.raises(ParticipationError, match="Bitte wählen Sie ein Kooperationsfeld."):
        idea_services.submit_idea(resident, process, None, "Titel", "Text")
    assert not Idea.objects.exists()


@pytest.mark.django_db
def test_place_must_lie_inside_the_configured_city_area(process, resident, settings):
    settings.MODELLSTADT_CITY_BOUNDS = (10.60, 52.33, 10.92, 52.50)
    with pytest.raises(ParticipationError, match="Breitengrad liegt außerhalb des Stadtgebiets") as error:
        submit(resident, process, latitude="48.137", longitude="10.78")
    assert error.value.field == "latitude"
    with pytest.raises(ParticipationError, match="Längengrad liegt außerhalb des Stadtgebiets") as error:
        submit(resident, process, latitude="52.42", longitude="11.58")
    assert error.value.field == "longitude"
    assert not Idea.objects.exists()
    idea = submit(resident, process, location_label="Stadtmitte", latitude="52.4227", longitude="10.7865")
    assert idea.has_location
    settings.MODELLSTADT_CITY_BOUNDS = None  # no area configured: any valid coordinates
    assert submit(resident, process, title="Anderswo", latitude="48.137", longitude="11.575").has_location


@pytest.mark.django_db
def test_image_needs_alt_text(process, resident):
    image = Image.objects.create(title="Foto", file=get_test_image_file())
    with pytest.raises(ParticipationError, match="Alternativtext") as error:
        submit(resident, process, image=image, image_alt=" ")
    assert error.value.field == "image_alt"
    idea = submit(resident, process, image=image, image_alt="Leere Parkplätze vor dem Bahnhof")
    assert idea.image == image
    with pytest.raises(IntegrityError):  # the database insists too
        Idea.objects.filter(pk=idea.pk).update(image_alt="")


@pytest.mark.django_db
def test_ideas_only_while_the_phase_collects_them(field, resident):
    upcoming = make_process([field], phases=[(C, 2, 10, "i")])
    with pytest.raises(ParticipationError, match=r"^Ideen können ab .* Uhr eingereicht werden\.$"):
        submit(resident, upcoming)
    over = make_process([field], phases=[(C, -10, -2, "i"), (E, -2, 10, "sc")])
    with pytest.raises(ParticipationError, match="nicht mehr eingereicht werden"):
        submit(resident, over)


@pytest.mark.django_db
def test_partner_idea_is_marked_as_a_partners(process, resident):
    org = factories.organisation(name="Stadtwerke")
    idea = submit(resident, process, organisation=org)
    assert idea.is_partner_idea and idea.organisation == org


@pytest.mark.django_db
def test_premoderated_idea_waits_for_release(field, resident, neighbour, moderator):
    process = make_process([field], premoderation=True)
    idea = submit(resident, process)
    assert idea.moderation == Moderation.PENDING
    with pytest.raises(ParticipationError, match="wartet noch auf die Freigabe"):
        idea_services.support(neighbour, idea)
    with pytest.raises(ParticipationError, match="Nur die Moderation"):
        moderation_services.release(neighbour, idea)
    moderation_services.release_idea(moderator, idea)
    assert idea.moderation == Moderation.PUBLISHED
    assert idea_services.support(neighbour, idea)
    assert ModelLogEntry.objects.filter(action="modellstadt.release", object_id=str(idea.pk)).exists()


@pytest.mark.django_db
def test_author_edits_until_supported(process, resident, neighbour):
    idea = submit(resident, process)
    with pytest.raises(ParticipationError, match="Nur wer die Idee eingereicht hat"):
        idea_services.edit_idea(neighbour, idea, title="Fremd", description="x", field=idea.field)
    idea_services.edit_idea(resident, idea, title="Schnellladesäulen am Bahnhof", description="Neu.", field=idea.field)
    idea.refresh_from_db()
    assert idea.title == "Schnellladesäulen am Bahnhof"
    assert [e.kind for e in idea.events.all()] == [IdeaEventKind.SUBMITTED, IdeaEventKind.EDITED]
    idea_services.support(neighbour, idea)
    with pytest.raises(
        ParticipationError,
        match="Diese Idee kann nicht mehr bearbeitet werden, weil sie bereits unterstützt oder kommentiert wurde.",
    ):
        idea_services.edit_idea(resident, idea, title="Anders", description="Anders.", field=idea.field)
    assert Idea.objects.get(pk=idea.pk).title == "Schnellladesäulen am Bahnhof"


@pytest.mark.django_db
def test_author_cannot_edit_after_a_comment(process, resident, neighbour):
    idea = submit(resident, process)
    comment_services.comment(neighbour, idea, "Gute Idee!")
    with pytest.raises(ParticipationError, match="bereits unterstützt oder kommentiert"):
        idea_services.edit_idea(resident, idea, title="Anders", description="Anders.", field=idea.field)


@pytest.mark.django_db
def test_edit_under_premoderation_is_checked_again(field, resident, moderator):
    process = make_process([field], premoderation=True)
    idea = submit(resident, process)
    moderation_services.release(moderator, idea)
    idea_services.edit_idea(resident, idea, title="Geändert", description="Neu.", field=field)
    assert idea.moderation == Moderation.PENDING


@pytest.mark.django_db
def test_withdraw(process, resident, neighbour, office):
    idea = submit(resident, process)
    with pytest.raises(ParticipationError, match="Nur wer die Idee eingereicht hat"):
        idea_services.withdraw_idea(neighbour, idea)
    idea_services.withdraw_idea(resident, idea, reason="Hat sich erledigt.")
    assert idea.state == IdeaState.WITHDRAWN and Idea.objects.get(pk=idea.pk).state == IdeaState.WITHDRAWN
    assert idea.events.last().kind == IdeaEventKind.WITHDRAWN and idea.events.last().text == "Hat sich erledigt."
    with pytest.raises(ParticipationError, match="bereits zurückgezogen"):
        idea_services.withdraw_idea(resident, idea)
    with pytest.raises(ParticipationError, match="zurückgezogene Idee kann nicht mehr bearbeitet"):
        idea_services.edit_idea(resident, idea, title="x", description="y", field=idea.field)
    with pytest.raises(ParticipationError, match="zurückgezogene Idee kann nicht unterstützt"):
        idea_services.support(neighbour, idea)
    with pytest.raises(ParticipationError, match="zurückgezogene Idee kann nicht beantwortet"):
        idea_services.answer_idea(office, idea, IdeaState.ACCEPTED, "Gern.")

    accepted = submit(resident, process, title="Zweite Idee")
    idea_services.answer_idea(office, accepted, IdeaState.ACCEPTED, "Machen wir.")
    with pytest.raises(ParticipationError, match="bereits entschiedene Idee"):
        idea_services.withdraw_idea(resident, accepted)


@pytest.mark.django_db
def test_one_support_per_person_and_taking_it_back(process, resident, neighbour, make_user):
    idea = submit(resident, process)
    assert idea_services.support(neighbour, idea) is True
    assert idea_services.support(neighbour, idea) is False  # a double click is not a second support
    assert idea.support_count == 1 and Support.objects.filter(idea=idea).count() == 1
    third = make_user()
    idea_services.support(third, idea)
    assert Idea.objects.get(pk=idea.pk).support_count == 2
    assert idea_services.unsupport(neighbour, idea) is True
    assert idea_services.unsupport(neighbour, idea) is False
    idea.refresh_from_db()
    assert idea.support_count == 1 == Support.objects.filter(idea=idea).count()
    with pytest.raises(ParticipationError, match="eigene Idee"):
        idea_services.support(resident, idea)
    with pytest.raises(IntegrityError):
        Support.objects.create(idea=idea, user=third)


@pytest.mark.django_db
def test_supports_follow_the_phase(field, resident, neighbour):
    process = make_process([field], phases=[(C, -5, 5, "i"), (E, 5, 10, "s")])
    idea = submit(resident, process)
    with pytest.raises(ParticipationError, match=r"^Ideen können ab .* unterstützt werden\.$"):
        idea_services.support(neighbour, idea)
    with pytest.raises(ParticipationError, match="unterstützt werden"):
        idea_services.unsupport(neighbour, idea)
    assert idea.support_count == 0


@pytest.mark.django_db
def test_account_deletion_keeps_supports_counted(process, resident, neighbour):
    idea = submit(resident, process)
    idea_services.support(neighbour, idea)
    neighbour.delete()
    idea.refresh_from_db()
    assert idea.support_count == 1 == Support.objects.filter(idea=idea).count()
    resident.delete()
    assert Idea.objects.get(pk=idea.pk).author is None


@pytest.mark.django_db
def test_office_answers_and_links_the_project(process, resident, office, field):
    idea = submit(resident, process)
    project = factories.project(field, title="Ladenetz Innenstadt")
    with pytest.raises(ParticipationError, match="Nur das Programmbüro"):
        idea_services.answer_idea(resident, idea, IdeaState.ACCEPTED, "Ja.")
    with pytest.raises(ParticipationError, match="gültigen Stand"):
        idea_services.answer_idea(office, idea, IdeaState.WITHDRAWN, "Nein.")
    with pytest.raises(ParticipationError, match="Bitte begründen Sie die Antwort."):
        idea_services.answer_idea(office, idea, IdeaState.UNDER_REVIEW, " ")
    with pytest.raises(ParticipationError, match="Nur angenommene oder umgesetzte Ideen"):
        idea_services.answer_idea(office, idea, IdeaState.NOT_PURSUED, "Nein.", project=project)

    idea_services.answer_idea(office, idea, IdeaState.UNDER_REVIEW, "Wir prüfen die Standorte.")
    idea_services.answer_idea(office, idea, IdeaState.ACCEPTED, "Wird im Projekt umgesetzt.", project=project)
    idea = Idea.objects.get(pk=idea.pk)
    assert idea.state == IdeaState.ACCEPTED and idea.project == project and idea.answered_by == office
    assert idea.answer_text == "Wird im Projekt umgesetzt." and idea.answered_at is not None
    assert list(project.ideas.all()) == [idea]
    answers = idea.events.filter(kind=IdeaEventKind.ANSWERED)
    assert [(e.state, e.text) for e in answers] == [
        (IdeaState.UNDER_REVIEW, "Wir prüfen die Standorte."),
        (IdeaState.ACCEPTED, "Wird im Projekt umgesetzt."),
    ]
    entry = ModelLogEntry.objects.filter(action="modellstadt.answer", object_id=str(idea.pk)).latest("timestamp")
    assert entry.user_id == office.pk and entry.data["project"] == project.pk
    with pytest.raises(IntegrityError):  # a project only for accepted or implemented ideas
        Idea.objects.filter(pk=idea.pk).update(state=IdeaState.SUBMITTED)


@pytest.mark.django_db
def test_state_is_checked_by_the_database(process, resident):
    idea = submit(resident, process)
    with pytest.raises(IntegrityError):
        Idea.objects.filter(pk=idea.pk).update(state="vielleicht")
