"""The participation part of the demo city: an open process full of ideas, loaded idempotently."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from modellstadt.comments.models import Comment
from modellstadt.demo.participation import CLOSED_SLUG, OPEN_SLUG, participation_counts
from modellstadt.ideas.models import Idea, IdeaState, Moderation, Process, Support
from modellstadt.ideas.selectors import phase_state


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path, monkeypatch):
    """Keep demo-login.txt out of the real var/ directory."""
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("MODELLSTADT_DEMO_PASSWORD", raising=False)
    return tmp_path


def run_demo():
    call_command("demo", stdout=StringIO())


@pytest.fixture
def loaded(db):
    run_demo()


@pytest.mark.django_db
def test_loading_twice_duplicates_nothing(loaded):
    first = participation_counts()
    counters = list(Idea.objects.order_by("pk").values_list("pk", "support_count", "comment_count", "state"))
    run_demo()
    assert participation_counts() == first
    assert list(Idea.objects.order_by("pk").values_list("pk", "support_count", "comment_count", "state")) == counters
    assert Process.objects.filter(slug=OPEN_SLUG).count() == 1


@pytest.mark.django_db
def test_open_process_has_forty_ideas_across_the_fields(loaded):
    process = Process.objects.get(slug=OPEN_SLUG)
    assert process.title == "Ideen für #WolfsburgDigital"
    assert process.fields.count() == 10
    ideas = Idea.objects.filter(process=process, moderation=Moderation.PUBLISHED)
    assert ideas.count() >= 40
    assert ideas.values("field").distinct().count() >= 8
    state = phase_state(process)
    assert state.status == "running"
    assert state.ideas.allowed and state.supports.allowed and state.comments.allowed
    assert [p.kind for p in state.phases] == ["collect", "evaluate", "results"]
    assert "Demo" in process.description
    assert ideas.filter(organisation__isnull=False).count() == 1


@pytest.mark.django_db
def test_closed_process_is_closed(loaded):
    state = phase_state(Process.objects.get(slug=CLOSED_SLUG))
    assert state.status == "finished" and state.supports.closed


@pytest.mark.django_db
def test_counters_equal_the_rows(loaded):
    ideas = Idea.objects.annotate(
        n_supports=Count("supports", distinct=True),
        n_comments=Count(
            "comments", filter=Q(comments__moderation=Moderation.PUBLISHED, comments__deleted_at__isnull=True),
            distinct=True,
        ),
    )
    assert ideas.exists()
    for idea in ideas:
        assert idea.support_count == idea.n_supports, idea.title
        assert idea.comment_count == idea.n_comments, idea.title
    assert Support.objects.count() > 200
    assert Comment.objects.filter(parent__isnull=False, idea__isnull=False).exists()
    assert Comment.objects.filter(depth=2).exists()


@pytest.mark.django_db
def test_official_answers_and_pending_guest_comment(loaded):
    states = set(Idea.objects.exclude(answered_at=None).values_list("state", flat=True))
    assert {IdeaState.UNDER_REVIEW, IdeaState.ACCEPTED, IdeaState.NOT_PURSUED, IdeaState.IMPLEMENTED} <= states
    accepted = Idea.objects.filter(state=IdeaState.ACCEPTED, project__isnull=False)
    assert accepted.exists()
    assert all(i.answered_by.username == "programmbuero" for i in Idea.objects.exclude(answered_at=None))
    pending = Comment.objects.filter(moderation=Moderation.PENDING)
    assert pending.count() == 1
    guest = pending.get()
    assert guest.guest_name and guest.news_post.slug == "wolfsburg-im-finale-digitale-stadt"
