"""The exact rules of the idea services: the messages and form fields of their errors, the history,
audit log and notifications they write, and the edges of the city area."""

import datetime

import pytest
from django.dispatch import receiver
from django.utils import timezone
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry

from modellstadt.ideas import services as idea_services
from modellstadt.ideas import signals
from modellstadt.ideas.models import Idea, IdeaEvent, IdeaEventKind, IdeaState, Moderation
from modellstadt.ideas.rules import ParticipationError
from modellstadt.notifications import services as notification_services
from modellstadt.notifications.models import Notification, NotificationKind
from tests import factories
from tests.ideas.conftest import make_idea, make_process
from tests.ideas.test_cleanup_uploads import upload

pytestmark = pytest.mark.django_db

BOUNDS = (10.60, 52.33, 10.92, 52.50)  # west, south, east, north
AREA = "Das Stadtgebiet reicht von Breitengrad 52.3300 bis 52.5000 und von Längengrad 10.6000 bis 10.9200."


def submit(user, process, title="Ladesäulen am Bahnhof", **extra):
    return idea_services.submit_idea(
        user, process, process.fields.first(), title, "Mehr Ladesäulen für E-Autos.", **extra
    )


def error_of(call, *args, **kwargs):
    with pytest.raises(ParticipationError) as error:
        call(*args, **kwargs)
    return error.value


def notified(kind):
    return sorted(Notification.objects.filter(kind=kind).values_list("user__username", flat=True))


# --- City area ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("latitude", "longitude"), [
    ("52.33", "10.7"), ("52.5", "10.7"),  # south and north edge
    ("52.4", "10.6"), ("52.4", "10.92"),  # west and east edge
    ("52.33", "10.6"), ("52.5", "10.92"),  # corners
])
def test_a_place_on_the_edge_of_the_city_area_is_inside(process, resident, settings, latitude, longitude):
    settings.MODELLSTADT_CITY_BOUNDS = BOUNDS
    idea = submit(resident, process, latitude=latitude, longitude=longitude)
    assert Idea.objects.get(pk=idea.pk).has_location


@pytest.mark.parametrize(("latitude", "longitude", "off_field", "message"), [
    ("52.329999", "10.7", "latitude", "Dieser Breitengrad liegt außerhalb des Stadtgebiets."),
    ("52.500001", "10.7", "latitude", "Dieser Breitengrad liegt außerhalb des Stadtgebiets."),
    ("52.4", "10.599999", "longitude", "Dieser Längengrad liegt außerhalb des Stadtgebiets."),
    ("52.4", "10.920001", "longitude", "Dieser Längengrad liegt außerhalb des Stadtgebiets."),
    ("48.137", "11.575", "latitude", "Dieser Breitengrad liegt außerhalb des Stadtgebiets."),  # both off
])
def test_a_place_just_outside_names_the_field_and_the_area(process, resident, settings, latitude, longitude,
                                                          off_field, message):
    settings.MODELLSTADT_CITY_BOUNDS = BOUNDS
    error = error_of(submit, resident, process, latitude=latitude, longitude=longitude)
    assert str(error) == f"{message} {AREA}"
    assert error.field == off_field
    assert not Idea.objects.exists()


def test_without_a_city_area_setting_any_valid_place_is_taken(process, resident, settings):
    del settings.MODELLSTADT_CITY_BOUNDS
    idea = submit(resident, process, latitude="48.137", longitude="11.575")
    assert Idea.objects.get(pk=idea.pk).has_location


def test_an_idea_without_coordinates_needs_no_city_area_check(process, resident, settings):
    settings.MODELLSTADT_CITY_BOUNDS = BOUNDS
    idea = submit(resident, process, latitude="", longitude=None)
    idea.refresh_from_db()
    assert idea.latitude is None and idea.longitude is None and not idea.has_location


# --- Editing --------------------------------------------------------------------------------------------


def test_editing_without_a_place_leaves_the_place_empty(process, resident):
    idea = submit(resident, process)
    idea_services.edit_idea(resident, idea, title="Neu", description="Neu.", field=idea.field)
    assert Idea.objects.get(pk=idea.pk).location_label == ""


# --- Withdrawing ----------------------------------------------------------------------------------------


def test_only_the_author_withdraws(process, resident, neighbour, office):
    idea = submit(resident, process)
    for someone in (neighbour, office):
        error = error_of(idea_services.withdraw_idea, someone, idea)
        assert str(error) == "Nur wer die Idee eingereicht hat, kann sie zurückziehen."
        assert error.code == "permission"
    assert Idea.objects.get(pk=idea.pk).state == IdeaState.SUBMITTED
    assert not IdeaEvent.objects.filter(kind=IdeaEventKind.WITHDRAWN).exists()


def test_withdrawing_writes_the_history_and_tells_the_followers_not_the_author(process, resident, neighbour,
                                                                               make_user):
    idea = submit(resident, process)
    notification_services.follow(neighbour, idea)
    notification_services.follow(resident, idea)
    notification_services.follow(make_user("carla"), process)  # the process's followers hear only of answers
    idea_services.withdraw_idea(resident, idea, reason="  Hat sich erledigt.  ")
    event = idea.events.get(kind=IdeaEventKind.WITHDRAWN)
    assert (event.actor, event.text, event.state) == (resident, "Hat sich erledigt.", IdeaState.WITHDRAWN)
    assert idea.state == IdeaState.WITHDRAWN
    assert notified(NotificationKind.IDEA_STATE) == ["ben"]


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_withdrawing_without_a_reason_keeps_the_history_text_empty(process, resident, reason):
    idea = submit(resident, process)
    idea_services.withdraw_idea(resident, idea, reason=reason)
    assert idea.events.get(kind=IdeaEventKind.WITHDRAWN).text == ""


def test_withdrawing_with_the_default_reason_keeps_the_history_text_empty(process, resident):
    idea = submit(resident, process)
    idea_services.withdraw_idea(resident, idea)
    assert idea.events.get(kind=IdeaEventKind.WITHDRAWN).text == ""


def test_a_long_reason_is_cut_to_its_limit(process, resident):
    idea = submit(resident, process)
    idea_services.withdraw_idea(resident, idea, reason="a" * 1001)
    assert idea.events.get(kind=IdeaEventKind.WITHDRAWN).text == "a" * 1000


def test_withdrawing_twice_says_so(process, resident):
    idea = submit(resident, process)
    idea_services.withdraw_idea(resident, idea)
    assert str(error_of(idea_services.withdraw_idea, resident, idea)) == "Diese Idee wurde bereits zurückgezogen."
    assert idea.events.filter(kind=IdeaEventKind.WITHDRAWN).count() == 1


@pytest.mark.parametrize("state", [IdeaState.SUBMITTED, IdeaState.UNDER_REVIEW])
def test_an_idea_not_yet_decided_can_be_withdrawn(process, resident, state):
    idea = make_idea(process, resident, state=state)
    idea_services.withdraw_idea(resident, idea)
    assert Idea.objects.get(pk=idea.pk).state == IdeaState.WITHDRAWN


@pytest.mark.parametrize("state", [IdeaState.ACCEPTED, IdeaState.NOT_PURSUED, IdeaState.IMPLEMENTED])
def test_a_decided_idea_cannot_be_withdrawn(process, resident, state):
    idea = make_idea(process, resident, state=state)
    error = error_of(idea_services.withdraw_idea, resident, idea)
    assert str(error) == "Eine bereits entschiedene Idee kann nicht mehr zurückgezogen werden."
    assert Idea.objects.get(pk=idea.pk).state == state


def test_the_signals_come_from_the_idea_model(process, resident, office):
    heard = []

    @receiver(signals.idea_state_changed, sender=Idea)
    def state_changed(sender, idea, actor, **kwargs):
        heard.append(("state", idea.pk, actor))

    @receiver(signals.idea_answered, sender=Idea)
    def answered(sender, idea, actor, **kwargs):
        heard.append(("answer", idea.pk, actor))

    try:
        answered_idea = submit(resident, process, title="Beantwortet")
        idea_services.answer_idea(office, answered_idea, IdeaState.UNDER_REVIEW, "Wir prüfen.")
        withdrawn = submit(resident, process, title="Zurückgezogen")
        idea_services.withdraw_idea(resident, withdrawn)
    finally:
        signals.idea_state_changed.disconnect(state_changed, sender=Idea)
        signals.idea_answered.disconnect(answered, sender=Idea)
    assert heard == [("answer", answered_idea.pk, office), ("state", withdrawn.pk, resident)]


# --- Answering ------------------------------------------------------------------------------------------


def test_only_the_office_answers(process, resident, neighbour):
    idea = submit(resident, process)
    for someone in (resident, neighbour):
        error = error_of(idea_services.answer_idea, someone, idea, IdeaState.ACCEPTED, "Ja.")
        assert str(error) == "Nur das Programmbüro kann Ideen beantworten."
        assert error.code == "permission"
    assert Idea.objects.get(pk=idea.pk).state == IdeaState.SUBMITTED


@pytest.mark.parametrize("state", [IdeaState.SUBMITTED, IdeaState.WITHDRAWN, "vielleicht"])
def test_an_answer_needs_a_valid_state_next_to_the_state_field(process, resident, office, state):
    idea = submit(resident, process)
    error = error_of(idea_services.answer_idea, office, idea, state, "Begründung.")
    assert str(error) == "Bitte wählen Sie einen gültigen Stand für die Antwort."
    assert error.field == "state"


def test_an_answer_needs_a_justification_of_limited_length(process, resident, office):
    idea = submit(resident, process)
    error = error_of(idea_services.answer_idea, office, idea, IdeaState.UNDER_REVIEW, " \n ")
    assert (str(error), error.field) == ("Bitte begründen Sie die Antwort.", "justification")
    error = error_of(idea_services.answer_idea, office, idea, IdeaState.UNDER_REVIEW, "x" * 5001)
    assert (str(error), error.field) == ("Die Begründung darf höchstens 5000 Zeichen lang sein.", "justification")
    idea_services.answer_idea(office, idea, IdeaState.UNDER_REVIEW, "x" * 5000)
    assert len(Idea.objects.get(pk=idea.pk).answer_text) == 5000


@pytest.mark.parametrize("state", [IdeaState.UNDER_REVIEW, IdeaState.NOT_PURSUED])
def test_only_accepted_or_implemented_ideas_get_a_project(process, resident, office, field, state):
    idea = submit(resident, process)
    project = factories.project(field, title="Ladenetz Innenstadt")
    error = error_of(idea_services.answer_idea, office, idea, state, "Begründung.", project=project)
    assert str(error) == "Nur angenommene oder umgesetzte Ideen können mit einem Projekt verknüpft werden."
    assert error.field == "project"


def test_a_withdrawn_idea_is_not_answered(process, resident, office):
    idea = submit(resident, process)
    idea_services.withdraw_idea(resident, idea)
    error = error_of(idea_services.answer_idea, office, idea, IdeaState.ACCEPTED, "Gern.")
    assert str(error) == "Eine zurückgezogene Idee kann nicht beantwortet werden."


def test_a_pending_idea_is_released_before_it_is_answered(field, resident, office):
    idea = submit(resident, make_process([field], premoderation=True))
    error = error_of(idea_services.answer_idea, office, idea, IdeaState.ACCEPTED, "Gern.")
    assert str(error) == "Bitte geben Sie die Idee zuerst frei."
    idea = Idea.objects.get(pk=idea.pk)
    assert (idea.state, idea.moderation, idea.answered_by) == (IdeaState.SUBMITTED, Moderation.PENDING, None)


def test_an_answer_writes_history_and_audit_log_with_the_office_account(process, resident, office, field):
    idea = submit(resident, process)
    project = factories.project(field, title="Ladenetz Innenstadt")
    idea_services.answer_idea(office, idea, IdeaState.ACCEPTED, " Wird umgesetzt. ", project=project)
    event = idea.events.get(kind=IdeaEventKind.ANSWERED)
    assert (event.actor, event.text, event.state) == (office, "Wird umgesetzt.", IdeaState.ACCEPTED)
    entry = ModelLogEntry.objects.get(action="modellstadt.answer", object_id=str(idea.pk))
    assert entry.user_id == office.pk
    assert entry.data == {"state": IdeaState.ACCEPTED, "reason": "Wird umgesetzt.", "project": project.pk}

    idea_services.answer_idea(office, idea, IdeaState.NOT_PURSUED, "Doch nicht.")
    entry = ModelLogEntry.objects.filter(action="modellstadt.answer", object_id=str(idea.pk)).latest("timestamp")
    assert entry.data == {"state": IdeaState.NOT_PURSUED, "reason": "Doch nicht.", "project": None}
    assert Idea.objects.get(pk=idea.pk).project is None


def test_an_answer_tells_author_and_followers_but_not_the_office(process, resident, neighbour, office, make_user):
    idea = submit(resident, process)
    notification_services.follow(neighbour, idea)
    notification_services.follow(office, process)
    notification_services.follow(make_user("carla"), process)
    make_user("dora")  # follows nothing
    idea_services.answer_idea(office, idea, IdeaState.UNDER_REVIEW, "Wir prüfen.")
    assert notified(NotificationKind.IDEA_ANSWER) == ["anna", "ben", "carla"]


# --- Uploaded images ------------------------------------------------------------------------------------


def test_orphaned_images_are_kept_for_one_day_by_default(resident):
    now = timezone.now()
    older = upload(resident, hours_ago=25)
    younger = upload(resident, hours_ago=23)
    assert idea_services.delete_orphaned_images(now=now, dry_run=True) == 1
    assert idea_services.delete_orphaned_images(now=now) == 1
    remaining = set(get_image_model().objects.filter(pk__in=[older.pk, younger.pk]).values_list("pk", flat=True))
    assert remaining == {younger.pk}
    assert idea_services.delete_orphaned_images(now=now + datetime.timedelta(hours=2)) == 1
