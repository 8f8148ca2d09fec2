"""What the read queries of ideas show and in which order, pinned at their edges: hidden, pending,
withdrawn and answered ideas, ideas of deleted accounts, phases that start or end at the very moment
asked about, equal timestamps and counts, the stable random order and the similar-ideas hint.

Written against the survivors of the mutation run of ``ideas/selectors.py`` (docs/testing.md)."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from modellstadt.ideas.models import Idea, IdeaEvent, IdeaState, Moderation, Phase, PhaseKind, Process
from modellstadt.ideas.selectors import (
    ended_processes_condition,
    idea_detail,
    idea_history,
    idea_list,
    idea_page,
    orphaned_idea_images,
    phase_state,
    random_order_key,
    running_processes,
    similar_ideas,
    unanswered_ideas,
    unanswered_ideas_of_ended_processes,
    upcoming_phase_ends,
)
from tests import factories
from tests.ideas.conftest import make_idea

C, E, R = PhaseKind.COLLECT, PhaseKind.EVALUATE, PhaseKind.RESULTS
T0 = datetime.datetime(2026, 3, 2, 9, 30, tzinfo=datetime.UTC)  # the moment the tests ask about
DAY = datetime.timedelta(days=1)
HIDDEN = {"moderation": Moderation.HIDDEN, "hidden_reason": "Beleidigung"}
PENDING = {"moderation": Moderation.PENDING}
WITHDRAWN = {"state": IdeaState.WITHDRAWN}


def scheduled(title, *spans, fields=()):
    """A process whose phases are (kind, start, end, allows) with start and end in days from T0."""
    process = Process.objects.create(title=title, description="Worum es geht.")
    process.fields.set(fields)
    for kind, start, end, allows in spans:
        Phase.objects.create(
            process=process,
            kind=kind,
            starts_at=T0 + start * DAY,
            ends_at=T0 + end * DAY,
            allows_ideas="i" in allows,
            allows_supports="s" in allows,
            allows_comments="c" in allows,
        )
    return process


def titles(ideas):
    return [idea.title for idea in ideas]


def same_moment(*ideas, moment=T0):
    Idea.objects.filter(pk__in=[idea.pk for idea in ideas]).update(created=moment)


# --- Phases at the moment a phase starts or ends --------------------------------------------------------


@pytest.mark.django_db
def test_at_the_last_end_the_process_is_finished_not_between(field):
    process = scheduled("Zwei Phasen", (C, -10, -5, "isc"), (E, -3, 0, "sc"), fields=[field])
    assert phase_state(process, now=T0 - DAY).status == "running"
    assert phase_state(process, now=T0 - 4 * DAY).status == "between"
    at_end = phase_state(process, now=T0)
    assert at_end.status == "finished" and at_end.phase is None and at_end.next_phase is None
    assert at_end.supports.closed and at_end.supports.opens_at is None


@pytest.mark.django_db
def test_at_the_start_of_a_phase_it_runs_and_the_next_phase_is_the_one_after_it(field):
    process = scheduled("Drei Phasen", (C, 0, 10, "ic"), (E, 10, 20, "sc"), (R, 25, 30, ""), fields=[field])
    collect, evaluate, results = process.phases.order_by("starts_at")
    start = phase_state(process, now=T0)
    assert start.status == "running" and start.is_running
    assert start.phase == collect and start.next_phase == evaluate
    handover = phase_state(process, now=T0 + 10 * DAY)
    assert handover.phase == evaluate and handover.next_phase == results
    assert handover.supports.allowed and handover.supports.closes_at == evaluate.ends_at
    assert not phase_state(process, now=T0 - DAY).is_running
    not_yet = phase_state(process, now=T0 - DAY).action("ideas")
    assert not_yet.allowed is False and not_yet.opens_at == collect.starts_at


@pytest.mark.django_db
def test_adjoining_phases_extend_the_window_and_a_gap_or_a_shorter_phase_does_not(field):
    process = scheduled(
        "Kette",
        (C, 0, 10, "isc"),
        (E, 10, 12, "sc"),
        (E, 11, 11.5, "s"),
        (R, 12, 14, "s"),
        (R, 20, 30, "sc"),
        fields=[field],
    )
    state = phase_state(process, now=T0 + DAY)
    # supports: 0-10, 10-12 and 12-14 follow each other; 11-11.5 lies inside; 20-30 comes after a gap
    assert state.supports.allowed and state.supports.closes_at == T0 + 14 * DAY
    # comments: 0-10, then 10-12 until the short phase 11-11.5 (started last, no comments) takes over
    assert state.comments.closes_at == T0 + 11 * DAY
    assert state.ideas.closes_at == T0 + 10 * DAY
    later = phase_state(process, now=T0 + 11.2 * DAY)  # inside the short phase, which started last
    assert later.phase.ends_at == T0 + 11.5 * DAY and later.supports.allowed
    assert not later.comments.allowed and later.comments.opens_at == T0 + 20 * DAY
    assert later.ideas.closed


@pytest.mark.django_db
def test_the_deadline_shown_inside_a_nested_phase_is_the_end_of_the_phase_around_it(field):
    process = scheduled("Verschachtelt", (C, -10, 10, "s"), (E, -2, 2, "s"), (R, 5, 6, ""), fields=[field])
    state = phase_state(process, now=T0)
    assert state.phase.kind == E and state.supports.allowed
    # the long phase still allows supports after the nested one ends, until a phase without them starts
    assert state.supports.closes_at == T0 + 5 * DAY
    assert phase_state(process, now=T0 + 3 * DAY).supports.allowed


@pytest.mark.django_db
def test_overlapping_phases_the_one_that_started_last_decides(field):
    process = scheduled("Überlappend", (C, -10, 10, "isc"), (E, -2, 2, ""), fields=[field])
    state = phase_state(process, now=T0)
    assert state.phase.kind == E
    assert state.ideas.allowed is False and state.ideas.closed
    assert phase_state(process, now=T0 + 3 * DAY).ideas.allowed  # the long phase runs again


@pytest.mark.django_db
def test_two_phases_starting_together_the_later_created_one_decides(field):
    process = scheduled("Gleichzeitig", (C, 0, 5, "i"), (E, 0, 5, "s"), fields=[field])
    state = phase_state(process, now=T0)
    assert state.phase.kind == E
    assert state.supports.allowed and not state.ideas.allowed
    assert state.ideas.opens_at is None  # a phase that already began does not "open" again


@pytest.mark.django_db
def test_messages_name_the_deadline_and_the_opening_in_berlin_time(field):
    # ends 11 March 2026 at midnight in Berlin (23:00 UTC): the last day is 10 March
    process = scheduled("Termine", (C, -1, 8 + 13.5 / 24, "ic"), fields=[field])
    Phase.objects.create(
        process=process,
        kind=E,
        starts_at=T0 + 10 * DAY,
        ends_at=datetime.datetime(2026, 3, 20, 17, tzinfo=datetime.UTC),
        allows_supports=True,
        allows_comments=True,
    )
    before = phase_state(process, now=T0)
    assert before.ideas.message == "Ideen können bis einschließlich 10. März 2026 eingereicht werden."
    assert before.supports.message == "Ideen können ab 12. März 2026, 10:30 Uhr unterstützt werden."
    evaluating = phase_state(process, now=T0 + 11 * DAY)
    assert evaluating.supports.message == "Ideen können bis 20. März 2026, 18:00 Uhr unterstützt werden."
    assert evaluating.ideas.message == "Ideen können in diesem Verfahren nicht mehr eingereicht werden."


@pytest.mark.django_db
def test_a_process_without_phases_allows_nothing_and_says_so():
    state = phase_state(Process.objects.create(title="Ohne Termine", description="x"), now=T0)
    assert (state.status, state.phase, state.next_phase, state.phases) == ("not_scheduled", None, None, ())
    for name in ("ideas", "supports", "comments"):
        action = state.action(name)
        assert (action.action, action.allowed, action.scheduled, action.opens_at, action.closes_at) == (
            name,
            False,
            False,
            None,
            None,
        )
        assert action.message == "Für dieses Verfahren stehen noch keine Termine fest."


# --- Running processes (home page, Leichte Sprache) -------------------------------------------------------


@pytest.mark.django_db
def test_running_processes_newest_first_with_all_their_phases(field, django_assert_num_queries):
    older = scheduled("Älter", (C, -1, 1, "isc"), (E, 5, 9, "s"), fields=[field])
    starting = scheduled("Beginnt jetzt", (C, 0, 3, "i"))
    scheduled("Endet jetzt", (C, -3, 0, "isc"), (E, 4, 6, "s"))
    scheduled("Später", (C, 1, 3, "isc"))
    Process.objects.create(title="Ohne Termine", description="x")
    Process.objects.filter(pk=older.pk).update(created=T0 - 5 * DAY)
    Process.objects.filter(pk=starting.pk).update(created=T0 - DAY)
    with django_assert_num_queries(1):
        found = running_processes(now=T0)
        shown = [(r.process.title, r.state.status, len(r.state.phases)) for r in found]
    assert shown == [("Beginnt jetzt", "running", 1), ("Älter", "running", 2)]
    first_phase, second_phase = older.phases.order_by("starts_at")
    state = found[1].state
    assert state.phases == (first_phase, second_phase)
    assert state.phase == first_phase and state.next_phase == second_phase
    assert state.supports.allowed and state.supports.closes_at == T0 + DAY
    assert not found[0].state.supports.allowed and found[0].state.supports.closed


@pytest.mark.django_db
def test_running_processes_created_at_the_same_moment_newer_row_first(field):
    first = scheduled("Erstes", (C, -1, 1, "i"))
    second = scheduled("Zweites", (C, -1, 1, "i"))
    Process.objects.update(created=T0 - DAY)
    assert [r.process for r in running_processes(now=T0)] == [second, first]
    assert running_processes(now=T0 + 2 * DAY) == []


@pytest.mark.django_db
def test_running_processes_default_to_now(process):
    assert [r.process for r in running_processes()] == [process]


# --- Lists: what a filter by state shows ------------------------------------------------------------------


@pytest.mark.django_db
def test_state_filter_never_shows_hidden_or_pending_ideas(process, resident, neighbour):
    accepted = make_idea(process, resident, title="angenommen", state=IdeaState.ACCEPTED)
    make_idea(process, neighbour, title="angenommen, ausgeblendet", state=IdeaState.ACCEPTED, **HIDDEN)
    make_idea(process, neighbour, title="angenommen, wartet", state=IdeaState.ACCEPTED, **PENDING)
    withdrawn = make_idea(process, resident, title="zurückgezogen", **WITHDRAWN)
    make_idea(process, neighbour, title="zurückgezogen, ausgeblendet", **WITHDRAWN, **HIDDEN)
    make_idea(process, neighbour, title="zurückgezogen, wartet", **WITHDRAWN, **PENDING)
    assert list(idea_list(state=IdeaState.ACCEPTED, viewer=neighbour)) == [accepted]
    assert list(idea_list(state=IdeaState.WITHDRAWN, viewer=neighbour)) == [withdrawn]
    assert list(idea_list(state="unbekannt")) == [accepted]  # an unknown state is no filter
    assert list(idea_list(state=IdeaState.SUBMITTED)) == []


@pytest.mark.django_db
def test_newest_first_with_equal_timestamps_falls_back_to_the_later_row(process, resident):
    first, second, third = (make_idea(process, resident, title=t) for t in ("eins", "zwei", "drei"))
    same_moment(first, second, third)
    assert titles(idea_list()) == ["drei", "zwei", "eins"]
    assert titles(idea_list(sort="newest")) == ["drei", "zwei", "eins"]


@pytest.mark.django_db
def test_viewer_flag_marks_only_the_viewers_own_supports(process, resident, neighbour, make_user):
    from modellstadt.ideas import services as idea_services

    supported, other = make_idea(process, resident, title="unterstützt"), make_idea(process, resident, title="nicht")
    idea_services.support(neighbour, supported)
    idea_services.support(make_user(), other)
    flags = {i.title: i.viewer_supports for i in idea_list(viewer=neighbour)}
    assert flags == {"unterstützt": True, "nicht": False}
    assert [i.viewer_supports for i in idea_list(viewer=None)] == [False, False]
    assert [i.viewer_supports for i in idea_list(viewer=AnonymousUser())] == [False, False]


# --- The random order: a fixed function of the seed, computed in the database -------------------------------


def expected_key(pk, seed):
    """(id * a + b) mod (2**31 - 1) with a and b from the SHA-256 of "modellstadt-ideas:<seed>"."""
    digest = hashlib.sha256(f"modellstadt-ideas:{seed}".encode()).digest()
    prime = 2**31 - 1
    multiplier = int.from_bytes(digest[:4], "big") % (prime - 1) + 1
    offset = int.from_bytes(digest[4:8], "big") % prime
    return (pk * multiplier + offset) % prime


@pytest.mark.django_db
@pytest.mark.parametrize("seed", [0, 1, 4711, 2**40])
def test_random_order_is_the_documented_permutation_of_the_seed(process, resident, seed):
    for n in range(12):
        make_idea(process, resident, title=f"Idee {n}")
    shown = list(idea_list(sort="random", seed=seed))
    assert [i.random_key for i in shown] == [expected_key(i.pk, seed) for i in shown]
    assert [i.pk for i in shown] == sorted((i.pk for i in shown), key=lambda pk: expected_key(pk, seed))
    keys = Idea.objects.annotate(key=random_order_key(seed)).values_list("pk", "key")
    assert all(key == expected_key(pk, seed) for pk, key in keys)


@pytest.mark.django_db
def test_random_order_without_a_seed_is_the_order_of_seed_zero(process, resident):
    for n in range(8):
        make_idea(process, resident, title=f"Idee {n}")
    assert titles(idea_list(sort="random", seed=None)) == titles(idea_list(sort="random", seed=0))
    assert titles(idea_list(sort="random")) == titles(idea_list(sort="random", seed=0))
    assert titles(idea_list(sort="random", seed="")) == titles(idea_list(sort="random", seed=0))
    assert titles(idea_list(sort="random", seed="17")) == titles(idea_list(sort="random", seed=17))


# --- Pages of a list ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_pages_keep_the_order_and_cost_two_queries(process, resident, django_assert_num_queries):
    for n in range(7):
        make_idea(process, resident, title=f"Idee {n}", support_count=n)
    ideas = idea_list(sort="supports")
    with django_assert_num_queries(2):
        page = idea_page(ideas, 2, 3)
        assert titles(page.object_list) == ["Idee 3", "Idee 2", "Idee 1"]
    assert isinstance(page.object_list, list)
    assert page.number == 2 and page.paginator.count == 7 and page.paginator.num_pages == 3
    assert titles(idea_page(ideas, 3, 3).object_list) == ["Idee 0"]
    assert titles(idea_page(ideas, "kaputt", 3).object_list) == ["Idee 6", "Idee 5", "Idee 4"]
    assert idea_page(ideas, 99, 3).number == 3


@pytest.mark.django_db
def test_an_empty_list_is_one_page_and_one_query(process, django_assert_num_queries):
    with django_assert_num_queries(1):
        page = idea_page(idea_list(process=process), 1, 20)
        assert page.object_list == []
    assert page.number == 1 and page.paginator.count == 0


# --- An idea's page ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_pending_idea_only_for_its_author_and_moderators(process, resident, neighbour, office, make_user):
    idea = make_idea(process, resident, title="wartet", **PENDING)
    staff_without_permission = make_user("redaktion", is_staff=True)
    answerer = make_user("antworten", "answer_idea", is_staff=True)
    assert idea_detail(idea.pk, viewer=resident) == idea
    assert idea_detail(idea.pk, viewer=office) == idea
    for viewer in (None, AnonymousUser(), neighbour, staff_without_permission, answerer):
        assert idea_detail(idea.pk, viewer=viewer) is None
    assert idea_detail(idea.pk) is None


@pytest.mark.django_db
def test_a_pending_idea_of_a_deleted_account_is_shown_to_no_visitor(process, resident, office):
    idea = make_idea(process, resident, title="wartet, Konto gelöscht", **PENDING)
    resident.delete()
    idea.refresh_from_db()
    assert idea.author_id is None
    assert idea_detail(idea.pk, viewer=AnonymousUser()) is None  # None == None must not make a visitor the author
    assert idea_detail(idea.pk, viewer=None) is None
    assert idea_detail(idea.pk, viewer=office) == idea


@pytest.mark.django_db
def test_hidden_and_withdrawn_ideas_keep_their_page_with_one_query(
    process, field, resident, neighbour, office, django_assert_num_queries
):
    from tests.ideas.test_cleanup_uploads import upload

    hidden = make_idea(
        process,
        resident,
        title="ausgeblendet",
        organisation=factories.organisation(name="Stadtwerke"),
        state=IdeaState.ACCEPTED,
        project=factories.project(field, title="Ladenetz"),
        answered_by=office,
        answered_at=T0,
        image=upload(resident),
        image_alt="Ein Platz",
        **HIDDEN,
    )
    withdrawn = make_idea(process, resident, title="zurückgezogen", **WITHDRAWN)
    assert idea_detail(withdrawn.pk, viewer=AnonymousUser()) == withdrawn
    # One query for what every idea page shows; the project, which only answered ideas have, is read
    # when shown (reading it with every idea cost 2 ms of Python each time), the answering account
    # is not shown on the page.
    with django_assert_num_queries(2):
        page = idea_detail(hidden.pk, viewer=AnonymousUser())
        shown = (
            page.hidden_reason,
            page.process.title,
            page.field.title,
            page.author_name,
            page.organisation.name,
            page.image.pk,
            page.viewer_supports,
            page.project.title,
        )
    assert shown == (
        "Beleidigung",
        process.title,
        "Mobilität",
        "Anna",
        "Stadtwerke",
        hidden.image_id,
        False,
        "Ladenetz",
    )
    assert idea_detail(str(hidden.pk), viewer=neighbour) == hidden


@pytest.mark.django_db
def test_history_is_in_order_of_time_then_of_writing_and_public_leaves_out_moderation(
    process, resident, office, django_assert_num_queries
):
    idea = make_idea(process, resident)
    events = [
        IdeaEvent.objects.create(idea=idea, kind=kind, actor=actor, text=text, created=T0)
        for kind, actor, text in [
            ("submitted", resident, ""),
            ("released", office, ""),
            ("edited", resident, ""),
            ("hidden", office, "Beleidigung"),
            ("unhidden", office, ""),
            ("answered", office, "Danke."),
        ]
    ]
    IdeaEvent.objects.filter(pk=events[0].pk).update(created=T0 - 2 * DAY)
    # recorded after the others, with the moment it happened: its time decides, not its row
    IdeaEvent.objects.create(idea=idea, kind="withdrawn", actor=resident, created=T0 - DAY)
    other = make_idea(process, resident)
    IdeaEvent.objects.create(idea=other, kind="submitted", actor=resident, created=T0)
    assert [e.kind for e in idea_history(idea)] == [
        "submitted",
        "withdrawn",
        "edited",
        "hidden",
        "unhidden",
        "answered",
    ]
    assert [e.kind for e in idea_history(idea, public=False)] == [
        "submitted",
        "withdrawn",
        "released",
        "edited",
        "hidden",
        "unhidden",
        "answered",
    ]
    with django_assert_num_queries(1):  # the office's history names who acted, in the same query
        assert [e.actor.username for e in idea_history(idea, public=False)][3:5] == ["anna", "buero"]
    with django_assert_num_queries(1) as captured:  # the public one shows what happened, reads no account
        shown = [(e.kind, e.get_kind_display(), e.text) for e in idea_history(idea)]
    assert shown[-1] == ("answered", "Antwort des Programmbüros", "Danke.")
    assert "accounts_user" not in captured.captured_queries[0]["sql"]


# --- Similar ideas ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_similar_ideas_rank_by_shared_stems_then_supports_then_newest(process, resident):
    both = make_idea(process, resident, title="Ladesäulen am Bahnhof")
    few = make_idea(process, resident, title="Bahnhof barrierefrei", support_count=1)
    many = make_idea(process, resident, title="Ladesäule am Markt", support_count=8)
    old_tie, new_tie = (
        make_idea(process, resident, title="Bahnhofsuhr"),
        make_idea(process, resident, title="Bahnhofplatz"),
    )
    found = similar_ideas("Ladesäule Bahnhof", process, limit=10)
    assert found == [both, many, few, new_tie, old_tie]
    assert [i.overlap for i in found] == [2, 1, 1, 1, 1]
    assert similar_ideas("Ladesäule Bahnhof", process, exclude=both, limit=10) == [many, few, new_tie, old_tie]
    assert old_tie.pk < new_tie.pk


@pytest.mark.django_db
def test_similar_ideas_show_five_unless_told_otherwise(process, resident):
    made = [make_idea(process, resident, title=f"Spielplatz Nummer {n}") for n in range(7)]
    make_idea(process, resident, title="XXXX Platzhalter")
    assert similar_ideas("Spielplatz", process) == made[::-1][:5]
    assert similar_ideas(None, process) == []  # no title, no words: nothing to compare


@pytest.mark.django_db
def test_similar_ideas_leave_out_capitalised_stop_words_and_stems_shorter_than_three(process, resident):
    make_idea(process, resident, title="Bänke für Senioren")
    way = make_idea(process, resident, title="Weg am Fluss")
    assert similar_ideas("Für", process) == []  # "für" is a stop word however it is written
    assert similar_ideas("ÜBER FÜR", process) == []
    assert similar_ideas("Weg", process) == [way]  # a stem of three letters counts
    assert similar_ideas("Fl", process) == []  # one of two does not


@pytest.mark.django_db
def test_similar_ideas_read_only_the_first_200_characters_of_a_title(process, resident):
    make_idea(process, resident, title="Park am See")
    padding = "und " * 49  # 196 characters of stop words
    assert len(padding + "Parkx") == 201
    assert titles(similar_ideas("Parkx", process)) == []
    assert titles(similar_ideas(padding + "Parkx", process)) == ["Park am See"]  # "Parkx" is cut to "Park"


@pytest.mark.django_db
def test_similar_ideas_endpoint_ranks_and_counts_and_names_deleted_accounts_ideas(process, resident, neighbour):
    client = Client(HTTP_HOST="localhost")
    kept = make_idea(process, neighbour, title="Ladesäulen am Bahnhof", support_count=4)
    make_idea(process, resident, title="Ladesäulen am Rathaus", support_count=9, **HIDDEN)
    orphan = make_idea(process, resident, title="Ladesäule am Markt", support_count=2)
    make_idea(process, resident, title="Ladesäule am Hafen", **WITHDRAWN)
    resident.delete()  # the ideas of a deleted account stay (without author) and are still found
    response = client.get("/ideen/aehnliche/", {"verfahren": process.slug, "titel": "Ladesäulen am Bahnhof"})
    assert response.json() == {
        "ideas": [
            {"title": "Ladesäulen am Bahnhof", "url": f"/ideen/{kept.pk}/", "supports": 4},
            {"title": "Ladesäule am Markt", "url": f"/ideen/{orphan.pk}/", "supports": 2},
        ]
    }
    assert client.get("/ideen/aehnliche/", {"verfahren": "gibt-es-nicht", "titel": "Ladesäulen"}).json() == {
        "ideas": []
    }


# --- The office's open work ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unanswered_ideas_are_published_not_withdrawn_and_oldest_first(process, resident, office):
    tie_first, tie_second = (
        make_idea(process, resident, title="gleich 1"),
        make_idea(process, resident, title="gleich 2"),
    )
    make_idea(process, resident, title="beantwortet", answered_at=T0, answered_by=office, state=IdeaState.UNDER_REVIEW)
    make_idea(process, resident, title="ausgeblendet", **HIDDEN)
    make_idea(process, resident, title="wartet", **PENDING)
    make_idea(process, resident, title="zurückgezogen", **WITHDRAWN)
    waiting_longest = make_idea(process, resident, title="älteste")  # the newest row, with the oldest moment
    same_moment(waiting_longest, moment=T0 - 3 * DAY)
    same_moment(tie_first, tie_second, moment=T0 - DAY)
    assert titles(unanswered_ideas()) == ["älteste", "gleich 1", "gleich 2"]


@pytest.mark.django_db
def test_overdue_ideas_are_those_of_processes_whose_phases_have_all_ended(
    field, resident, office, django_assert_num_queries
):
    ended = scheduled("Beendet", (C, -30, -10, "isc"), (E, -10, 0, "s"), fields=[field])
    running = scheduled("Läuft", (C, -30, -10, "isc"), (E, -10, 1, "s"), fields=[field])
    upcoming = scheduled("Kommt noch", (C, -30, -10, "isc"), (R, 5, 6, ""), fields=[field])
    unscheduled = scheduled("Ohne Termine", fields=[field])
    for process in (ended, running, upcoming, unscheduled):
        make_idea(process, resident, title=f"Idee in {process.title}")
    make_idea(ended, resident, title="beantwortet", answered_at=T0, answered_by=office, state=IdeaState.ACCEPTED)
    make_idea(ended, resident, title="zurückgezogen", **WITHDRAWN)
    assert titles(unanswered_ideas_of_ended_processes(now=T0)) == ["Idee in Beendet"]  # a phase ending now is over
    assert titles(unanswered_ideas_of_ended_processes(now=T0 - DAY)) == []
    assert titles(unanswered_ideas_of_ended_processes(now=T0 + 7 * DAY)) == [
        "Idee in Beendet",
        "Idee in Läuft",
        "Idee in Kommt noch",
    ]
    over = Idea.objects.filter(ended_processes_condition(T0 + 2 * DAY)).order_by("created", "id")
    assert titles(over) == ["Idee in Beendet", "Idee in Läuft", "beantwortet", "zurückgezogen"]
    with django_assert_num_queries(1):
        assert [i.process.title for i in unanswered_ideas_of_ended_processes(now=T0)] == ["Beendet"]


@pytest.mark.django_db
def test_overdue_ideas_default_to_now(field, resident):
    ended = scheduled("Längst beendet", (C, -400, -300, "isc"), fields=[field])
    make_idea(ended, resident, title="überfällig")
    assert titles(unanswered_ideas_of_ended_processes()) == ["überfällig"]
    assert Idea.objects.filter(ended_processes_condition()).count() == 1


@pytest.mark.django_db
def test_upcoming_phase_ends_by_their_end_including_one_ending_now(field, django_assert_num_queries):
    scheduled("Vorbei", (C, -5, -1, "isc"))
    first = scheduled("Eins", (C, -1, 8, "isc"))
    second = scheduled("Zwei", (C, -5, 0, "isc"), (E, 3, 8, "s"))
    with django_assert_num_queries(1):
        shown = [(p.process.title, p.ends_at) for p in upcoming_phase_ends(now=T0)]
    assert shown == [("Zwei", T0), ("Eins", T0 + 8 * DAY), ("Zwei", T0 + 8 * DAY)]  # by end, then as written
    assert [p.process for p in upcoming_phase_ends(now=T0 + DAY)] == [first, second]
    assert list(upcoming_phase_ends()) == []  # all of these lie in the past of the real clock


# --- Uploaded images no idea shows -------------------------------------------------------------------------


@pytest.mark.django_db
def test_orphaned_images_of_one_account_leave_other_peoples_uploads_alone(process, resident, neighbour):
    from tests.ideas.test_cleanup_uploads import upload

    own_old, own_new = upload(resident, hours_ago=30), upload(resident)
    shown = upload(resident, hours_ago=30)
    make_idea(process, resident, title="Mit Bild", image=shown, image_alt="Ein Platz")
    others = upload(neighbour)  # perhaps being written into an idea right now
    ownerless = upload(neighbour, hours_ago=40)
    type(ownerless).objects.filter(pk=ownerless.pk).update(uploaded_by_user=None)  # its account was deleted
    assert orphaned_idea_images(None, uploaded_by=resident) == [own_old, own_new]
    assert orphaned_idea_images(None, uploaded_by=neighbour) == [others]
    assert orphaned_idea_images(None) == [ownerless, own_old, own_new, others]  # oldest first


@pytest.mark.django_db
def test_orphaned_images_come_oldest_first(resident):
    from tests.ideas.test_cleanup_uploads import upload

    first, second, oldest = upload(resident), upload(resident), upload(resident)
    type(first).objects.filter(pk__in=[first.pk, second.pk]).update(created_at=T0)
    type(first).objects.filter(pk=oldest.pk).update(created_at=T0 - DAY)
    assert orphaned_idea_images(None) == [oldest, first, second]
    assert orphaned_idea_images(T0) == [oldest]  # uploaded before, not at, the cut-off
