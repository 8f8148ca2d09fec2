"""The rules every moderation service enforces, tried with each kind of caller, with objects that are
not contributions, and with data that holds resolved reports and a comment sharing an idea's number."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import ModelLogEntry

from modellstadt.comments import services as comment_services
from modellstadt.comments import signals as comment_signals
from modellstadt.comments.models import Comment
from modellstadt.ideas.models import Idea, IdeaEvent, IdeaEventKind, Moderation
from modellstadt.ideas.rules import ParticipationError
from modellstadt.moderation import services as moderation_services
from modellstadt.moderation.models import AccountBlock, Report, ReportResolution
from tests.ideas.conftest import make_idea, make_process

NOT_MODERATOR = "^Nur die Moderation kann das tun\\.$"


@pytest.fixture
def idea(process, resident):
    return make_idea(process, resident, title="Ladesäulen am Bahnhof")


def callers(make_user):
    """Everyone who is not a moderator: a visitor, a citizen, staff and an answerer without the right."""
    return {
        "anonymous": AnonymousUser(),
        "citizen": make_user(),
        "staff without the permission": make_user(None, is_staff=True),
        "answers ideas only": make_user(None, "answer_idea", is_staff=True),
    }


@pytest.mark.django_db
def test_every_moderation_action_refuses_everyone_but_moderators(idea, neighbour, make_user):
    comment = comment_services.comment(neighbour, idea, "Ein Kommentar")
    Report.objects.create(
        content_type=ContentType.objects.get_for_model(Idea), object_id=idea.pk, reporter=neighbour, reason="Spam"
    )
    for name, caller in callers(make_user).items():
        actions = {
            "hide": lambda c=caller: moderation_services.hide(c, idea, "Grund"),
            "unhide": lambda c=caller: moderation_services.unhide(c, idea),
            "release": lambda c=caller: moderation_services.release(c, idea),
            "release_idea": lambda c=caller: moderation_services.release_idea(c, idea),
            "release_comment": lambda c=caller: moderation_services.release_comment(c, comment),
            "dismiss_reports": lambda c=caller: moderation_services.dismiss_reports(c, idea),
            "block_account": lambda c=caller: moderation_services.block_account(c, neighbour, "Grund"),
            "unblock_account": lambda c=caller: moderation_services.unblock_account(c, neighbour),
        }
        for action, call in actions.items():
            with pytest.raises(ParticipationError, match=NOT_MODERATOR) as refused:
                call()
            assert refused.value.code == "permission", (name, action)
    idea.refresh_from_db()
    neighbour.refresh_from_db()
    assert idea.moderation == Moderation.PUBLISHED and neighbour.is_active
    assert Report.objects.get().resolved_at is None


@pytest.mark.django_db
def test_only_ideas_and_comments_can_be_reported_or_moderated(idea, neighbour, moderator):
    not_a_contribution = neighbour  # a person is not something to report or hide
    message = "^Dieser Inhalt kann nicht gemeldet oder moderiert werden\\.$"
    for call in (
        lambda: moderation_services.report(neighbour, not_a_contribution, "Spam"),
        lambda: moderation_services.hide(moderator, not_a_contribution, "Grund"),
        lambda: moderation_services.unhide(moderator, not_a_contribution),
        lambda: moderation_services.release(moderator, not_a_contribution),
        lambda: moderation_services.dismiss_reports(moderator, not_a_contribution),
    ):
        with pytest.raises(ParticipationError, match=message):
            call()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_release_idea_and_release_comment_take_only_their_kind(field, resident, neighbour, moderator):
    process = make_process([field], premoderation=True)
    idea = make_idea(process, resident, moderation=Moderation.PENDING)
    comment = Comment.objects.create(idea=idea, author=neighbour, text="Wartet", moderation=Moderation.PENDING)
    with pytest.raises(ParticipationError, match="^Das ist kein Kommentar\\.$"):
        moderation_services.release_comment(moderator, idea)
    with pytest.raises(ParticipationError, match="^Das ist keine Idee\\.$"):
        moderation_services.release_idea(moderator, comment)
    assert moderation_services.release_idea(moderator, idea) is idea
    assert Idea.objects.get(pk=idea.pk).moderation == Moderation.PUBLISHED
    with pytest.raises(ParticipationError, match="^Dieser Beitrag wartet nicht auf eine Freigabe\\.$"):
        moderation_services.release_idea(moderator, idea)
    assert moderation_services.release_comment(moderator, comment) is comment
    assert Comment.objects.get(pk=comment.pk).moderation == Moderation.PUBLISHED


@pytest.mark.django_db
def test_hiding_closes_only_the_open_reports_of_that_very_contribution(idea, resident, neighbour, moderator, make_user):
    comment = comment_services.comment(neighbour, idea, "Ein Kommentar")
    if comment.pk == idea.pk:  # the report below must name a number that is NOT this comment's
        comment = comment_services.comment(neighbour, idea, "Noch ein Kommentar")
    idea_type = ContentType.objects.get_for_model(Idea)
    comment_type = ContentType.objects.get_for_model(Comment)
    earlier = timezone.now() - timezone.timedelta(days=3)
    dismissed = Report.objects.create(
        content_type=idea_type,
        object_id=idea.pk,
        reporter=resident,
        reason="Alt",
        resolved_at=earlier,
        resolved_by=moderator,
        resolution=ReportResolution.DISMISSED,
    )
    open_on_idea = Report.objects.create(content_type=idea_type, object_id=idea.pk, reporter=neighbour, reason="Spam")
    # A report on a comment whose number is the idea's number: a filter without the type would close it.
    same_number = Report.objects.create(
        content_type=comment_type, object_id=idea.pk, reporter=make_user(), reason="Beleidigend"
    )
    on_comment = Report.objects.create(content_type=comment_type, object_id=comment.pk, reporter=resident, reason="x")

    moderation_services.hide(moderator, idea, "Verstößt gegen die Netiquette.")

    dismissed.refresh_from_db()
    assert (dismissed.resolution, dismissed.resolved_at) == (ReportResolution.DISMISSED, earlier)
    open_on_idea.refresh_from_db()
    assert open_on_idea.resolution == ReportResolution.HIDDEN and open_on_idea.resolved_by == moderator
    assert Report.objects.filter(pk__in=[same_number.pk, on_comment.pk], resolved_at__isnull=True).count() == 2
    assert moderation_services.dismiss_reports(moderator, comment) == 1
    assert Report.objects.get(pk=same_number.pk).resolved_at is None


def entry(obj, action):
    return ModelLogEntry.objects.get(object_id=str(obj.pk), action=action)


@pytest.mark.django_db
def test_each_moderation_step_names_the_moderator_in_the_history_and_audit_log(
    field, idea, resident, neighbour, moderator
):
    moderation_services.hide(moderator, idea, "Verstößt gegen die Netiquette.")
    with pytest.raises(ParticipationError, match="^Dieser Beitrag wurde bereits ausgeblendet\\.$"):
        moderation_services.report(neighbour, idea, "Spam")
    moderation_services.unhide(moderator, idea)
    with pytest.raises(ParticipationError, match="^Dieser Beitrag ist nicht ausgeblendet\\.$"):
        moderation_services.unhide(moderator, idea)
    assert entry(idea, "modellstadt.unhide").user_id == moderator.pk
    assert IdeaEvent.objects.get(idea=idea, kind=IdeaEventKind.UNHIDDEN).actor == moderator
    stored = Idea.objects.get(pk=idea.pk)
    assert (stored.moderation, stored.hidden_reason) == (Moderation.PUBLISHED, "")

    pending = make_idea(make_process([field], premoderation=True), resident, moderation=Moderation.PENDING)
    moderation_services.release(moderator, pending)
    assert entry(pending, "modellstadt.release").user_id == moderator.pk
    assert IdeaEvent.objects.get(idea=pending, kind=IdeaEventKind.RELEASED).actor == moderator

    moderation_services.report(neighbour, idea, "Spam")
    moderation_services.report(resident, idea, "Werbung")
    assert moderation_services.dismiss_reports(moderator, idea) == 2
    dismissed = entry(idea, "modellstadt.dismiss_reports")
    assert (dismissed.user_id, dismissed.data) == (moderator.pk, {"reports": 2})
    assert set(Report.objects.values_list("resolved_by", flat=True)) == {moderator.pk}
    assert moderation_services.dismiss_reports(moderator, idea) == 0  # nothing open: no second entry
    assert ModelLogEntry.objects.filter(action="modellstadt.dismiss_reports").count() == 1


@pytest.mark.django_db
def test_releasing_a_pending_comment_announces_it(idea, neighbour, moderator):
    comment = Comment.objects.create(idea=idea, author=neighbour, text="Hallo", moderation=Moderation.PENDING)
    heard = []

    def listener(sender, comment, **kwargs):
        heard.append((sender, comment.pk))

    comment_signals.comment_published.connect(listener)
    try:
        moderation_services.release_comment(moderator, comment)
    finally:
        comment_signals.comment_published.disconnect(listener)
    assert heard == [(Comment, comment.pk)]


@pytest.mark.django_db
def test_blocking_checks_its_reason_and_never_blocks_the_moderation(moderator, neighbour, make_user):
    with pytest.raises(ParticipationError, match="^Bitte geben Sie einen Grund für die Sperre an\\.$") as empty:
        moderation_services.block_account(moderator, neighbour, " ")
    assert empty.value.field == "reason"
    with pytest.raises(ParticipationError, match="^Der Grund darf höchstens 1000 Zeichen lang sein\\.$") as long:
        moderation_services.block_account(moderator, neighbour, "x" * 1001)
    assert long.value.field == "reason"
    with pytest.raises(ParticipationError, match="^Sie können Ihr eigenes Konto nicht sperren\\.$") as own:
        moderation_services.block_account(moderator, moderator, "Test")
    assert own.value.field == "reason"
    other_moderator = make_user(None, "moderate_contributions", is_staff=True)
    superuser = make_user(None, is_superuser=True)
    for protected in (other_moderator, superuser):
        with pytest.raises(ParticipationError, match="^Konten der Moderation und der Verwaltung") as refused:
            moderation_services.block_account(moderator, protected, "Test")
        assert refused.value.field == "reason"
    assert not AccountBlock.objects.exists()


@pytest.mark.django_db
def test_unblocking_lifts_only_that_persons_open_block(moderator, neighbour, resident):
    with pytest.raises(ParticipationError, match="^Dieses Konto ist nicht gesperrt\\.$"):
        moderation_services.unblock_account(moderator, neighbour)
    moderation_services.block_account(moderator, resident, "Beleidigungen")
    moderation_services.block_account(moderator, neighbour, "Spam")
    moderation_services.unblock_account(moderator, neighbour)
    assert neighbour.is_active is True and get_user_model().objects.get(pk=neighbour.pk).is_active
    assert AccountBlock.objects.get(user=resident).lifted_at is None
    assert not get_user_model().objects.get(pk=resident.pk).is_active
    lifted = AccountBlock.objects.get(user=neighbour)
    assert lifted.lifted_by == moderator and lifted.lifted_at is not None
    log_entry = entry(lifted, "modellstadt.unblock")
    assert log_entry.user_id == moderator.pk
    assert log_entry.data == {"user": neighbour.pk, "username": neighbour.get_username()}
    # Blocked again and lifted again: the new block is the one lifted, the old one keeps its date.
    moderation_services.block_account(moderator, neighbour, "Wieder Spam")
    moderation_services.unblock_account(moderator, neighbour)
    assert AccountBlock.objects.filter(user=neighbour, lifted_at__isnull=True).count() == 0
    assert AccountBlock.objects.get(pk=lifted.pk).lifted_at == lifted.lifted_at


@pytest.mark.django_db
def test_report_says_exactly_what_is_wrong_and_names_the_reason_field(idea, neighbour):
    with pytest.raises(ParticipationError, match="^Bitte melden Sie sich an, um einen Beitrag zu melden\\.$"):
        moderation_services.report(AnonymousUser(), idea, "Spam")
    with pytest.raises(ParticipationError, match="^Bitte nennen Sie einen Grund für die Meldung\\.$") as empty:
        moderation_services.report(neighbour, idea, "  ")
    assert empty.value.field == "reason"
    with pytest.raises(ParticipationError, match="^Der Grund darf höchstens 1000 Zeichen lang sein\\.$") as long:
        moderation_services.report(neighbour, idea, "x" * 1001)
    assert long.value.field == "reason"
    deleted = Comment.objects.create(idea=idea, author=neighbour, text="Gelöscht", deleted_at=timezone.now())
    with pytest.raises(ParticipationError, match="^Dieser Kommentar wurde bereits gelöscht\\.$"):
        moderation_services.report(neighbour, deleted, "Spam")
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_reporting_again_returns_that_persons_open_report_of_that_very_contribution(
    process, idea, resident, neighbour, moderator
):
    idea_type = ContentType.objects.get_for_model(Idea)
    other_idea = make_idea(process, resident, title="Radweg an der Schule")
    comment = Comment.objects.create(pk=idea.pk, idea=other_idea, author=resident, text="Gleiche Nummer")
    Report.objects.create(  # decided earlier: the same person may report again
        content_type=idea_type,
        object_id=idea.pk,
        reporter=neighbour,
        reason="Alt",
        resolved_at=timezone.now() - timezone.timedelta(days=1),
        resolved_by=moderator,
        resolution=ReportResolution.DISMISSED,
    )
    by_resident = moderation_services.report(resident, idea, "Werbung")
    on_comment = moderation_services.report(neighbour, comment, "Beleidigend")
    on_other_idea = moderation_services.report(neighbour, other_idea, "Doppelt")
    on_idea = moderation_services.report(neighbour, idea, "Spam")
    # The comment shares the idea's number but is another contribution: a report of its own.
    assert len({by_resident.pk, on_comment.pk, on_other_idea.pk, on_idea.pk}) == 4
    assert (on_comment.content_type, on_comment.object_id) == (ContentType.objects.get_for_model(Comment), idea.pk)

    again = moderation_services.report(neighbour, idea, "Immer noch Spam")

    assert again.pk == on_idea.pk and again.reason == "Spam"
    assert Report.objects.count() == 5


@pytest.mark.django_db
def test_hiding_asks_for_the_reason_in_its_field_and_keeps_it_in_the_history(idea, moderator):
    message = "^Bitte geben Sie einen Grund an\\. Er wird anstelle des Beitrags angezeigt\\.$"
    with pytest.raises(ParticipationError, match=message) as empty:
        moderation_services.hide(moderator, idea, " ")
    assert empty.value.field == "reason"
    with pytest.raises(ParticipationError, match="^Der Grund darf höchstens 1000 Zeichen lang sein\\.$") as long:
        moderation_services.hide(moderator, idea, "x" * 1001)
    assert long.value.field == "reason"
    assert Idea.objects.get(pk=idea.pk).moderation == Moderation.PUBLISHED

    moderation_services.hide(moderator, idea, " Enthält persönliche Daten. ")

    event = IdeaEvent.objects.get(idea=idea, kind=IdeaEventKind.HIDDEN)
    assert (event.actor, event.text) == (moderator, "Enthält persönliche Daten.")
    hidden = entry(idea, "modellstadt.hide")
    assert (hidden.user_id, hidden.data) == (moderator.pk, {"reason": "Enthält persönliche Daten."})


@pytest.mark.django_db
def test_blocking_deactivates_the_account_once_and_logs_who_blocked_whom(moderator, neighbour):
    block = moderation_services.block_account(moderator, neighbour, "Spam")

    assert neighbour.is_active is False  # the caller's instance too
    assert get_user_model().objects.get(pk=neighbour.pk).is_active is False
    assert (block.user, block.blocked_by, block.reason, block.lifted_at) == (neighbour, moderator, "Spam", None)
    blocked = entry(block, "modellstadt.block")
    assert blocked.user_id == moderator.pk
    assert blocked.data == {"reason": "Spam", "user": neighbour.pk, "username": "ben"}

    with pytest.raises(ParticipationError, match="^Dieses Konto ist bereits gesperrt\\.$"):
        moderation_services.block_account(moderator, neighbour, "Noch einmal")
    assert AccountBlock.objects.get() == block
    assert ModelLogEntry.objects.filter(action="modellstadt.block").count() == 1


@pytest.mark.django_db
def test_unblocking_lifts_this_persons_block_when_another_was_blocked_later_and_only_once(
    moderator, neighbour, resident
):
    own = moderation_services.block_account(moderator, neighbour, "Spam")
    other = moderation_services.block_account(moderator, resident, "Beleidigungen")  # the newest block

    assert moderation_services.unblock_account(moderator, neighbour).is_active is True

    assert AccountBlock.objects.get(pk=other.pk).lifted_at is None
    assert get_user_model().objects.get(pk=resident.pk).is_active is False
    lifted = AccountBlock.objects.get(pk=own.pk)
    assert lifted.lifted_at is not None and lifted.lifted_by == moderator
    # Lifted already: a second call finds no open block and changes nothing.
    with pytest.raises(ParticipationError, match="^Dieses Konto ist nicht gesperrt\\.$"):
        moderation_services.unblock_account(moderator, neighbour)
    assert AccountBlock.objects.get(pk=own.pk).lifted_at == lifted.lifted_at
    assert ModelLogEntry.objects.filter(action="modellstadt.unblock").count() == 1
