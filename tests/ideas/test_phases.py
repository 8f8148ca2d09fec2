"""Phases decide what is possible, and say when it opens or that it has closed."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from modellstadt.ideas.models import Phase, PhaseKind, Process
from modellstadt.ideas.selectors import current_phase, format_moment, phase_state
from tests.ideas.conftest import DAY, make_process

C, E, R = PhaseKind.COLLECT, PhaseKind.EVALUATE, PhaseKind.RESULTS


@pytest.fixture
def three_phases(field):
    # collect ideas (days 0-10), evaluate with supports and comments (10-20), results (25-30)
    return make_process([field], phases=[(C, 0, 10, "ic"), (E, 10, 20, "sc"), (R, 25, 30, "")])


def at(process, days):
    return phase_state(process, now=process.phases.order_by("starts_at").first().starts_at + days * DAY)


@pytest.mark.django_db
def test_state_before_during_between_and_after(three_phases):
    before = at(three_phases, -2)
    assert before.status == "upcoming" and before.phase is None
    assert not before.ideas.allowed and before.ideas.opens_at == before.phases[0].starts_at
    assert before.ideas.message.startswith("Ideen können ab ")
    assert before.ideas.message.endswith(" Uhr eingereicht werden.")

    collecting = at(three_phases, 1)
    assert collecting.status == "running" and collecting.phase.kind == C
    assert collecting.ideas.allowed and collecting.ideas.closes_at == collecting.phases[0].ends_at
    assert not collecting.supports.allowed and collecting.supports.opens_at == collecting.phases[1].starts_at
    # comments are allowed in both adjoining phases, so they stay open until the end of evaluation
    assert collecting.comments.allowed and collecting.comments.closes_at == collecting.phases[1].ends_at

    evaluating = at(three_phases, 12)
    assert evaluating.phase.kind == E and evaluating.supports.allowed
    assert evaluating.ideas.closed
    assert evaluating.ideas.message == "Ideen können in diesem Verfahren nicht mehr eingereicht werden."

    gap = at(three_phases, 22)
    assert gap.status == "between" and gap.phase is None and gap.next_phase.kind == R

    after = at(three_phases, 31)
    assert after.status == "finished"
    assert all(after.action(a).closed for a in ("ideas", "supports", "comments"))
    assert after.comments.message == "Ideen können in diesem Verfahren nicht mehr kommentiert werden."


@pytest.mark.django_db
def test_current_phase_and_unscheduled_process(three_phases):
    start = three_phases.phases.order_by("starts_at").first().starts_at
    assert current_phase(three_phases, start + 11 * DAY).kind == E
    assert current_phase(three_phases, start + 10 * DAY).kind == E  # a phase ends before the next begins
    assert current_phase(three_phases, start - DAY) is None
    empty = Process.objects.create(title="Ohne Termine", description="x")
    state = phase_state(empty)
    assert state.status == "not_scheduled" and not state.ideas.allowed
    assert state.ideas.message == "Für dieses Verfahren stehen noch keine Termine fest."


@pytest.mark.django_db
def test_moments_are_shown_in_berlin_time_in_german():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 1, 17, 0), datetime.UTC)
    assert format_moment(moment) == "1. März 2026, 18:00 Uhr"


@pytest.mark.django_db
def test_phase_must_end_after_it_starts(process):
    now = timezone.now()
    with pytest.raises(IntegrityError):
        Phase.objects.create(process=process, kind=C, starts_at=now, ends_at=now)


@pytest.mark.django_db
def test_phase_state_uses_prefetched_phases(three_phases, django_assert_num_queries):
    process = Process.objects.prefetch_related("phases").get(pk=three_phases.pk)
    with django_assert_num_queries(0):
        assert phase_state(process).status == "running"
