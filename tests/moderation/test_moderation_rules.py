"""The rules every moderation service enforces, tried with each kind of caller, with objects that are
not contributions, and with data that holds resolved reports and a comment sharing an idea's number."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from modellstadt.comments import services as comment_services
from modellstadt.comments.models import Comment
from modellstadt.ideas.models import Idea, Moderation
from modellstadt.ideas.rules import ParticipationError
from modellstadt.moderation import services as moderation_services
from modellstadt.moderation.models import Report, ReportResolution
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
