"""Comments on ideas, projects and news posts: threads, guests, edits and soft deletion."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from wagtail.models import ModelLogEntry

from modellstadt.comments import services as comment_services
from modellstadt.comments.models import Comment
from modellstadt.comments.selectors import comment_tree
from modellstadt.ideas.models import Idea, Moderation, PhaseKind
from modellstadt.ideas.rules import ParticipationError
from modellstadt.moderation import services as moderation_services
from tests import factories
from tests.ideas.conftest import make_idea, make_process


@pytest.fixture
def idea(process, resident):
    return make_idea(process, resident, title="Ladesäulen am Bahnhof")


def count(idea):
    return Idea.objects.get(pk=idea.pk).comment_count


@pytest.mark.django_db
def test_comments_on_ideas_projects_and_news(idea, field, neighbour):
    first = comment_services.comment(neighbour, idea, "Unbedingt, auch für Lastenräder.")
    assert first.idea == idea and first.moderation == Moderation.PUBLISHED and first.depth == 0
    assert idea.comment_count == 1 == count(idea)  # the caller's instance sees the new count
    project = factories.project(field)
    post = factories.news_post()
    assert comment_services.comment(neighbour, project, "Wann geht es los?").project_id == project.pk
    assert comment_services.comment(neighbour, post, "Danke für die Info.").news_post_id == post.pk
    with pytest.raises(ParticipationError, match="Bitte schreiben Sie einen Kommentar."):
        comment_services.comment(neighbour, idea, "  ")
    with pytest.raises(ParticipationError, match="Hier kann nicht kommentiert werden."):
        comment_services.comment(neighbour, field, "Zum Feld")


@pytest.mark.django_db
def test_threads_are_limited_to_three_levels(idea, resident, neighbour):
    top = comment_services.comment(neighbour, idea, "Ebene 1")
    reply = comment_services.comment(resident, idea, "Ebene 2", parent=top)
    deepest = comment_services.comment(neighbour, idea, "Ebene 3", parent=reply)
    assert (top.depth, reply.depth, deepest.depth) == (0, 1, 2)
    with pytest.raises(ParticipationError, match="nicht weiter geantwortet werden") as error:
        comment_services.comment(resident, idea, "Ebene 4", parent=deepest)
    assert error.value.code == "max_depth"
    assert count(idea) == 3
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(idea=idea, parent=deepest, depth=3, text="zu tief")


@pytest.mark.django_db
def test_reply_must_belong_to_the_same_discussion(idea, process, resident, neighbour):
    other = make_idea(process, resident)
    top = comment_services.comment(neighbour, idea, "Hier")
    with pytest.raises(ParticipationError, match="gehört nicht zu dieser Diskussion"):
        comment_services.comment(resident, other, "Dort", parent=top)


@pytest.mark.django_db
def test_comments_on_ideas_follow_the_phase(field, resident, neighbour):
    process = make_process([field], phases=[(PhaseKind.COLLECT, -5, -1, "ic"), (PhaseKind.EVALUATE, -1, 5, "s")])
    idea = make_idea(process, resident)
    with pytest.raises(ParticipationError, match="nicht mehr kommentiert werden"):
        comment_services.comment(neighbour, idea, "Zu spät")


@pytest.mark.django_db
def test_guests_comment_only_on_news_and_wait_for_release(idea, field, moderator, neighbour):
    guest = AnonymousUser()
    with pytest.raises(ParticipationError, match="Bitte melden Sie sich an, um zu kommentieren."):
        comment_services.comment(guest, idea, "Ich bin Gast", guest_name="Gast", guest_email="gast@example.org")
    with pytest.raises(ParticipationError, match="Bitte melden Sie sich an"):
        comment_services.comment(None, factories.project(field), "Ich bin Gast", guest_name="G",
                                 guest_email="g@example.org")
    post = factories.news_post()
    with pytest.raises(ParticipationError, match="Ihren Namen"):
        comment_services.comment(guest, post, "Hallo", guest_email="gast@example.org")
    with pytest.raises(ParticipationError, match="gültige E-Mail-Adresse") as error:
        comment_services.comment(guest, post, "Hallo", guest_name="Gerda", guest_email="keine-adresse")
    assert error.value.field == "guest_email"

    pending = comment_services.comment(guest, post, "Schöner Artikel!", guest_name="Gerda",
                                       guest_email="gerda@example.org")
    assert pending.moderation == Moderation.PENDING and pending.author is None and pending.is_guest
    assert comment_tree(post) == []  # nobody sees it before release
    with pytest.raises(ParticipationError, match="Nur die Moderation"):
        moderation_services.release_comment(neighbour, pending)
    moderation_services.release_comment(moderator, pending)
    [shown] = comment_tree(post)
    assert shown.text == "Schöner Artikel!" and str(shown.author_name) == "Gerda (Gast)"
    assert shown.guest_email == ""  # never handed to a page
    assert ModelLogEntry.objects.filter(action="modellstadt.release", object_id=str(pending.pk)).exists()
    with pytest.raises(ParticipationError, match="wartet nicht auf eine Freigabe"):
        moderation_services.release_comment(moderator, pending)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(idea=idea, guest_name="Gast", text="Direkt in die Datenbank")


@pytest.mark.django_db
def test_premoderated_comments_count_only_once_released(field, resident, neighbour, moderator):
    process = make_process([field], premoderation=True)
    idea = make_idea(process, resident)
    pending = comment_services.comment(neighbour, idea, "Bitte prüfen")
    assert pending.moderation == Moderation.PENDING and count(idea) == 0
    assert [c.pk for c in comment_tree(idea, viewer=neighbour)] == [pending.pk]  # its author sees it
    assert comment_tree(idea, viewer=resident) == []
    moderation_services.release_comment(moderator, pending)
    assert count(idea) == 1


@pytest.mark.django_db
def test_edit_marks_the_comment_as_edited(idea, resident, neighbour):
    comment = comment_services.comment(neighbour, idea, "Erster Gedanke")
    with pytest.raises(ParticipationError, match="Nur wer den Kommentar geschrieben hat"):
        comment_services.edit_comment(resident, comment, "Übernommen")
    comment_services.edit_comment(neighbour, comment, "Zweiter Gedanke")
    comment.refresh_from_db()
    assert comment.text == "Zweiter Gedanke" and comment.edited_at is not None


@pytest.mark.django_db
def test_deleted_comment_leaves_a_placeholder(idea, resident, neighbour, make_user, moderator):
    top = comment_services.comment(neighbour, idea, "Das wird gelöscht")
    reply = comment_services.comment(resident, idea, "Antwort bleibt lesbar", parent=top)
    assert count(idea) == 2
    with pytest.raises(ParticipationError, match="nur Ihre eigenen Kommentare"):
        comment_services.delete_comment(make_user(), top)
    comment_services.delete_comment(neighbour, top)
    comment_services.delete_comment(neighbour, top)  # twice is harmless
    assert count(idea) == 1
    [placeholder] = comment_tree(idea)
    assert placeholder.is_deleted and placeholder.text == ""
    assert [c.text for c in placeholder.children] == ["Antwort bleibt lesbar"]
    with pytest.raises(ParticipationError, match="gelöschter Kommentar kann nicht bearbeitet"):
        comment_services.edit_comment(neighbour, top, "Doch nicht")
    with pytest.raises(ParticipationError, match="nicht geantwortet werden"):
        comment_services.comment(resident, idea, "Auf Gelöschtes", parent=top)
    assert not ModelLogEntry.objects.filter(action="modellstadt.delete_comment").exists()
    comment_services.delete_comment(moderator, reply)  # moderators may delete too, and that is logged
    assert count(idea) == 0
    assert ModelLogEntry.objects.filter(action="modellstadt.delete_comment", object_id=str(reply.pk)).exists()


@pytest.mark.django_db
def test_comment_tree_is_one_query(idea, resident, neighbour, make_user, django_assert_num_queries):
    roots = [comment_services.comment(make_user(), idea, f"Kommentar {i}") for i in range(3)]
    for root in roots:
        reply = comment_services.comment(resident, idea, "Antwort", parent=root)
        comment_services.comment(neighbour, idea, "Antwort auf Antwort", parent=reply)
    with django_assert_num_queries(1):
        tree = comment_tree(idea, viewer=resident)
        names = [(c.author_name, [(r.author_name, [g.author_name for g in r.children]) for r in c.children])
                 for c in tree]
    assert len(names) == 3 and names[0][1] == [("Anna", ["Ben"])]
    assert [r.is_own for r in tree[0].children] == [True]


@pytest.mark.django_db
def test_a_comment_has_exactly_one_target(idea, field):
    project = factories.project(field)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(idea=idea, project=project, text="Zwei Ziele")
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.create(text="Kein Ziel")


@pytest.mark.django_db
def test_a_thread_row_names_its_author_as_the_comment_does(idea, make_user):
    """The thread is read as plain rows (selectors.ThreadComment); each says who wrote it exactly as the
    comment itself does: display name, else full name, else user name; a deleted account as such."""
    by_display = comment_services.comment(make_user(display_name="Dora D."), idea, "eins")
    by_full_name = comment_services.comment(make_user(first_name="Erik", last_name="Ernst"), idea, "zwei")
    by_username = comment_services.comment(make_user("fritz"), idea, "drei")
    gone = comment_services.comment(make_user("geht"), idea, "vier")
    Comment.objects.filter(pk=gone.pk).update(author=None)  # as after the account's deletion
    comments = [Comment.objects.get(pk=c.pk) for c in (by_display, by_full_name, by_username, gone)]
    rows = comment_tree(idea)
    assert [str(r.author_name) for r in rows] == [str(c.author_name) for c in comments]
    assert [str(r.author_name) for r in rows] == ["Dora D.", "Erik Ernst", "fritz", "gelöschtes Konto"]
    assert [(r.is_visible, r.is_hidden, r.is_deleted) for r in rows] == [(True, False, False)] * 4
