"""Idea lists (filters, orderings, stable random order, viewer flag), similar ideas, detail and export."""

import pytest
from django.contrib.auth.models import AnonymousUser

from modellstadt.accounts.services import export_user_data
from modellstadt.comments import services as comment_services
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import Idea, IdeaState, Moderation
from modellstadt.ideas.selectors import idea_detail, idea_history, idea_list, similar_ideas
from modellstadt.moderation import services as moderation_services
from tests import factories
from tests.ideas.conftest import make_idea, make_process


def titles(qs):
    return [idea.title for idea in qs]


@pytest.fixture
def ideas(process, resident):
    """Four ideas: A newest ... D oldest, with distinct support and comment counts."""
    made = []
    for title, supports, comments in [("D", 5, 0), ("C", 1, 7), ("B", 9, 2), ("A", 0, 3)]:
        idea = make_idea(process, resident, title=title)
        Idea.objects.filter(pk=idea.pk).update(support_count=supports, comment_count=comments)
        made.append(idea)
    return made


@pytest.mark.django_db
def test_orderings(ideas):
    assert titles(idea_list()) == ["A", "B", "C", "D"]
    assert titles(idea_list(sort="supports")) == ["B", "D", "C", "A"]
    assert titles(idea_list(sort="comments")) == ["C", "A", "B", "D"]
    assert titles(idea_list(sort="something else")) == ["A", "B", "C", "D"]


@pytest.mark.django_db
def test_equal_counts_fall_back_to_the_newer_idea(process, resident):
    older, newer = make_idea(process, resident, title="alt"), make_idea(process, resident, title="neu")
    assert titles(idea_list(sort="supports")) == ["neu", "alt"]
    assert titles(idea_list(sort="comments")) == ["neu", "alt"]
    assert older.pk < newer.pk


@pytest.mark.django_db
def test_random_order_is_stable_per_seed_and_differs_between_seeds(process, resident):
    for i in range(30):
        make_idea(process, resident, title=f"Idee {i:02}")
    first = titles(idea_list(sort="random", seed=4711))
    assert first == titles(idea_list(sort="random", seed=4711))  # the same visitor pages through one order
    assert sorted(first) == sorted(titles(idea_list()))
    orders = {tuple(titles(idea_list(sort="random", seed=seed))) for seed in range(8)}
    assert len(orders) == 8  # visitors see different orders
    assert len({order[0] for order in orders}) > 2  # and not always the same idea on top
    assert first != titles(idea_list()) and first != titles(idea_list())[::-1]
    page_one, page_two = idea_list(sort="random", seed=4711)[:10], idea_list(sort="random", seed=4711)[10:20]
    assert not {i.pk for i in page_one} & {i.pk for i in page_two}


@pytest.mark.django_db
def test_filters_and_what_lists_leave_out(process, field, resident, moderator, portal):
    other_field = factories.field(number=2, title="Bildung")
    other_process = make_process([field, other_field])
    a = make_idea(process, resident, title="im Verfahren")
    b = make_idea(other_process, resident, title="Bildung", field=other_field)
    c = make_idea(other_process, resident, title="Mobilität", field=field, state=IdeaState.ACCEPTED)
    make_idea(process, resident, title="wartet", moderation=Moderation.PENDING)
    make_idea(process, resident, title="zurückgezogen", state=IdeaState.WITHDRAWN)
    hidden = make_idea(process, resident, title="ausgeblendet")
    moderation_services.hide(moderator, hidden, "Spam")
    assert set(idea_list()) == {a, b, c}
    assert set(idea_list(process=process)) == {a}
    assert set(idea_list(field=field)) == {a, c}
    assert set(idea_list(process=other_process, field=other_field)) == {b}
    assert set(idea_list(state=IdeaState.ACCEPTED)) == {c}
    assert titles(idea_list(state=IdeaState.WITHDRAWN)) == ["zurückgezogen"]


@pytest.mark.django_db
@pytest.mark.parametrize("sort", ["newest", "supports", "comments", "random"])
def test_list_with_viewer_flag_is_one_query_whatever_the_size(process, resident, neighbour, make_user, sort,
                                                               django_assert_num_queries):
    first = make_idea(process, resident, organisation=factories.organisation())
    idea_services.support(neighbour, first)

    def shown():
        with django_assert_num_queries(1):
            # Process and field titles come from the lists the views read anyway (views.with_cards).
            return [(i.title, i.viewer_supports, i.field_id, i.author_name, i.process_id,
                     i.organisation.name if i.organisation_id else None)
                    for i in idea_list(process=process, sort=sort, seed=7, viewer=neighbour)]

    assert [row[1] for row in shown()] == [True]
    for n in range(25):
        idea = make_idea(process, make_user(), organisation=factories.organisation() if n % 2 else None)
        if n % 3 == 0:
            idea_services.support(neighbour, idea)
    rows = shown()
    assert len(rows) == 26 and sum(row[1] for row in rows) == 10
    assert {row[4] for row in rows} == {process.pk} and all(row[2] == first.field_id for row in rows)
    with django_assert_num_queries(1):
        assert not any(i.viewer_supports for i in idea_list(viewer=AnonymousUser(), sort=sort))


@pytest.mark.django_db
def test_similar_titles_are_found_before_submitting(process, field, resident):
    wanted = make_idea(process, resident, title="Ladesäulen am Bahnhof")
    partly = make_idea(process, resident, title="Mehr Fahrradbügel am Bahnhof")
    make_idea(process, resident, title="Freies WLAN in der Bibliothek")
    make_idea(make_process([field]), resident, title="Ladesäulen am Bahnhof")  # another process
    make_idea(process, resident, title="Ladesäule Bahnhof Nord", state=IdeaState.WITHDRAWN)
    assert similar_ideas("Ladesäule Bahnhof", process) == [wanted, partly]
    assert similar_ideas("LADESÄULE", process) == [wanted]
    assert similar_ideas("Ladesaeule", process) == [wanted]  # the German stemmer folds "ae" into "ä"
    assert similar_ideas("für die am", process) == []  # stop words alone find nothing
    assert similar_ideas("", process) == []
    assert similar_ideas("Ladesäule Bahnhof", process, limit=1) == [wanted]


@pytest.mark.django_db
def test_idea_detail_and_history(field, resident, neighbour, office):
    process = make_process([field], premoderation=True)
    idea = idea_services.submit_idea(resident, process, field, "Sitzbänke", "Mehr Bänke im Park.")
    assert idea_detail(idea.pk, viewer=neighbour) is None  # pending: not for others
    assert idea_detail(idea.pk, viewer=resident) == idea
    assert idea_detail(idea.pk, viewer=office) == idea
    moderation_services.release(office, idea)
    idea_services.support(neighbour, idea)
    idea_services.answer_idea(office, idea, IdeaState.UNDER_REVIEW, "Wir prüfen das.")
    page = idea_detail(idea.pk, viewer=neighbour)
    assert page.viewer_supports and page.support_count == 1
    assert [(e.kind, e.text) for e in idea_history(idea)] == [("submitted", ""), ("answered", "Wir prüfen das.")]
    assert [e.kind for e in idea_history(idea, public=False)] == ["submitted", "released", "answered"]
    assert idea_detail(123456) is None


@pytest.mark.django_db
def test_data_export_contains_contributions(process, resident, neighbour):
    idea = make_idea(process, resident, title="Meine Idee")
    idea_services.support(neighbour, idea)
    comment_services.comment(neighbour, idea, "Mein Kommentar")
    data = export_user_data(neighbour)
    assert data["Unterstützungen"][0]["Idee"] == "Meine Idee"
    assert data["Kommentare"][0]["Kommentar"] == "Mein Kommentar"
    assert export_user_data(resident)["Ideen"][0]["Titel"] == "Meine Idee"
