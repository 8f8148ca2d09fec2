"""The comment section on projects, ideas and news posts: writing, guests, anti-spam, editing,
deleting, reporting, escaping and a constant query count."""

import re

import pytest
from django.core.cache import caches
from django.test import Client

from modellstadt.comments import services as comment_services
from modellstadt.comments.forms import GuestCommentForm
from modellstadt.comments.models import Comment
from modellstadt.core import guards
from modellstadt.ideas.models import Moderation, PhaseKind
from modellstadt.moderation import services as moderation_services
from modellstadt.moderation.models import Report
from tests import factories
from tests.ideas.conftest import make_idea, make_process
from tests.query_counts import assert_constant_queries

GUEST = {"guest_name": "Greta", "guest_email": "greta@example.org", "text": "Schöne Nachricht, **danke**!"}


@pytest.fixture(autouse=True)
def fresh_cache():
    caches["default"].clear()


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def post(portal):
    return factories.news_post(title="Glasfaser für alle Stadtteile")


@pytest.fixture
def project(field):
    return factories.project(field, title="Ladepark am Hauptbahnhof")


def signed_in(user):
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def html_of(response):
    return response.content.decode()


def guest_post(client, post, **overrides):
    data = {**GUEST, **guards.filled_in(GuestCommentForm), **overrides}
    return client.post(f"/kommentare/neu/nachricht/{post.pk}/", data)


def section(html):
    return re.search(r'<section class="comments" id="kommentare".*?</section>', html, re.S).group(0)


# --- Guests ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_guest_comment_on_news_waits_for_release_then_appears(client, post, moderator):
    page = html_of(client.get(post.url))
    assert "Als Gast kommentieren" in page and f"/kommentare/neu/nachricht/{post.pk}/" in page
    form_page = html_of(client.get(f"/kommentare/neu/nachricht/{post.pk}/"))
    assert 'name="guest_email"' in form_page and "Wird nicht veröffentlicht" in form_page
    assert "erscheint, sobald die Moderation ihn freigegeben hat" in form_page

    response = guest_post(client, post)
    assert response.status_code == 302 and response["Location"] == f"{post.url}#kommentare"
    comment = Comment.objects.get()
    assert comment.moderation == Moderation.PENDING and comment.author is None
    assert (comment.guest_name, comment.guest_email) == ("Greta", "greta@example.org")
    assert comment.text == "Schöne Nachricht, **danke**!"

    after = html_of(client.get(post.url))
    assert "Er erscheint hier, sobald die Moderation ihn freigegeben hat." in after  # the message
    assert "Schöne Nachricht" not in after
    assert "Schöne Nachricht" not in html_of(Client(HTTP_HOST="localhost").get(post.url))

    moderation_services.release_comment(moderator, comment)
    released = section(html_of(Client(HTTP_HOST="localhost").get(post.url)))
    assert "Schöne Nachricht, <strong>danke</strong>!" in released
    assert "<strong><bdi>Greta</bdi></strong> <span class=\"tag\">Gast</span>" in released
    assert "greta@example.org" not in released
    assert f'id="kommentar-{comment.pk}"' in released


@pytest.mark.django_db
def test_a_right_to_left_override_in_a_guest_name_cannot_flip_the_guest_label(post, moderator):
    rlo = "\u202e"
    guest_post(Client(HTTP_HOST="localhost"), post, guest_name=f"Greta{rlo}tsaG")
    moderation_services.release_comment(moderator, Comment.objects.get())
    released = section(html_of(Client(HTTP_HOST="localhost").get(post.url)))
    assert f"<strong><bdi>Greta{rlo}tsaG</bdi></strong> <span class=\"tag\">Gast</span>" in released


@pytest.mark.django_db
def test_one_solved_question_carries_one_guest_comment_whatever_the_ip(post):
    """A solved arithmetic question is used up: replaying it from other addresses within its two
    hours is refused (tokens are recorded in the shared cache)."""
    data = {**GUEST, **guards.filled_in(GuestCommentForm)}
    statuses = [
        Client(HTTP_HOST="localhost", REMOTE_ADDR=f"203.0.113.{n}").post(f"/kommentare/neu/nachricht/{post.pk}/", data)
        for n in range(1, 5)
    ]
    assert statuses[0].status_code == 302
    assert all(r.status_code != 302 for r in statuses[1:])
    assert Comment.objects.count() == 1
    assert "Diese Rechenfrage wurde schon einmal beantwortet." in html_of(statuses[1])


@pytest.mark.django_db
def test_anonymous_pages_stay_cacheable_and_show_released_comments_at_once(post, moderator, settings):
    """The news page links to the guest form (no CSRF token on it), so it can be cached; a comment
    becoming visible retires the cached pages; a guest's pending comment does not."""
    settings.PAGE_CACHE_SECONDS = 60
    caches["pages"].clear()
    visitor = Client(HTTP_HOST="localhost")
    visitor.get(post.url)
    assert visitor.get(post.url)["X-Cache"] == "hit"
    guest_post(Client(HTTP_HOST="localhost"), post)
    assert visitor.get(post.url)["X-Cache"] == "hit"  # waiting for release: nothing new to show
    moderation_services.release_comment(moderator, Comment.objects.get())
    response = visitor.get(post.url)
    assert response["X-Cache"] == "miss" and "Schöne Nachricht" in html_of(response)


@pytest.mark.django_db
def test_guests_cannot_comment_on_projects(client, project):
    page = section(html_of(client.get(project.url)))
    assert "melden Sie sich an</a>, um zu kommentieren" in page and "Als Gast" not in page
    data = {**GUEST, **guards.filled_in(GuestCommentForm)}
    response = client.post(f"/kommentare/neu/projekt/{project.pk}/", data)
    assert response.status_code == 302 and response["Location"].startswith("/konto/login/")
    assert not Comment.objects.exists()
    assert client.get(f"/kommentare/neu/seite/{project.pk}/").status_code == 404
    assert client.get(f"/kommentare/neu/nachricht/{project.pk}/").status_code == 404  # not a news post


@pytest.mark.django_db
def test_wrong_answer_keeps_name_email_and_text_and_asks_a_new_question(client, post):
    challenge = guards.new_challenge("guest-comment", issued_at=guards._now() - 30)
    data = {**GUEST, guards.TOKEN_FIELD: challenge.token, guards.ANSWER_FIELD: str(challenge.answer + 1),
            guards.HONEYPOT_FIELD: ""}
    response = client.post(f"/kommentare/neu/nachricht/{post.pk}/", data)
    html = html_of(response)
    assert response.status_code == 200 and not Comment.objects.exists()
    assert "Das ist leider nicht richtig. Bitte beantworten Sie die neue Rechenfrage." in html
    assert 'value="Greta"' in html and 'value="greta@example.org"' in html
    assert "Schöne Nachricht, **danke**!</textarea>" in html
    token = re.search(rf'name="{guards.TOKEN_FIELD}" value="([^"]+)"', html).group(1)
    assert token != challenge.token
    question = re.search(rf'<label for="id_comment_{guards.ANSWER_FIELD}">([^<]+)</label>', html).group(1)
    assert question == guards.read_token(token, "guest-comment")["q"]
    assert f'aria-describedby="id_comment_{guards.ANSWER_FIELD}-hint id_comment_{guards.ANSWER_FIELD}-error"' in html


@pytest.mark.django_db
def test_the_question_on_the_page_can_be_answered_in_german_words(client, post):
    html = html_of(client.get(f"/kommentare/neu/nachricht/{post.pk}/"))
    token = re.search(rf'name="{guards.TOKEN_FIELD}" value="([^"]+)"', html).group(1)
    question = re.search(rf'<label for="id_comment_{guards.ANSWER_FIELD}">([^<]+)</label>', html).group(1)
    a, op, b = re.fullmatch(r"(?:Wie viel ist|Was ergibt) (\S+) (\S+) (\S+)\?", question).groups()
    a, b = guards.parse_number(a), guards.parse_number(b)
    result = {"plus": a + b, "+": a + b, "minus": a - b, "×": a * b, "mal": a * b}[op]
    later = guards._now() + 10  # a person takes a few seconds
    data = {**GUEST, guards.TOKEN_FIELD: token, guards.ANSWER_FIELD: guards.NUMBER_WORDS[result].capitalize(),
            guards.HONEYPOT_FIELD: ""}
    import unittest.mock

    with unittest.mock.patch.object(guards, "_now", lambda: later):
        response = client.post(f"/kommentare/neu/nachricht/{post.pk}/", data)
    assert response.status_code == 302
    assert Comment.objects.get().guest_name == "Greta"


@pytest.mark.django_db
def test_filled_honeypot_is_rejected(client, post):
    response = guest_post(client, post, **{guards.HONEYPOT_FIELD: "http://cheap-pills.example"})
    html = html_of(response)
    assert response.status_code == 200 and not Comment.objects.exists()
    assert "Ihre Eingabe konnte nicht angenommen werden" in html
    assert "Schöne Nachricht, **danke**!</textarea>" in html


@pytest.mark.django_db
def test_too_fast_submission_is_rejected_and_keeps_the_text(client, post):
    data = {**GUEST, **guards.filled_in(GuestCommentForm, seconds_ago=1)}
    html = html_of(client.post(f"/kommentare/neu/nachricht/{post.pk}/", data))
    assert not Comment.objects.exists()
    assert "Das ging sehr schnell" in html and "Schöne Nachricht, **danke**!</textarea>" in html


@pytest.mark.django_db
def test_guest_rate_limit_per_ip(client, post, settings):
    settings.MODELLSTADT_RATE_LIMITS = {"comment": ((5, 600), (20, 600))}
    for n in range(5):
        assert guest_post(client, post, text=f"Kommentar {n}").status_code == 302
    response = guest_post(client, post, text="Der sechste Kommentar")
    html = html_of(response)
    assert response.status_code == 429
    assert "Sie haben in kurzer Zeit sehr viele Beiträge gesendet" in html
    assert "Der sechste Kommentar</textarea>" in html
    assert Comment.objects.count() == 5
    other = Client(HTTP_HOST="localhost", REMOTE_ADDR="198.51.100.20")
    assert guest_post(other, post, text="Von woanders").status_code == 302


# --- Signed in ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_signed_in_comment_on_a_project_is_published_at_once(project, resident):
    client = signed_in(resident)
    page = section(html_of(client.get(project.url)))
    assert f'action="/kommentare/neu/projekt/{project.pk}/"' in page and 'name="text"' in page
    assert guards.ANSWER_FIELD not in page  # no question for signed-in people
    response = client.post(f"/kommentare/neu/projekt/{project.pk}/", {"text": "Wann geht es los?"})
    comment = Comment.objects.get()
    assert response["Location"] == f"{project.url}#kommentar-{comment.pk}"
    assert comment.moderation == Moderation.PUBLISHED and comment.author == resident
    html = html_of(client.get(project.url))
    assert "Ihr Kommentar ist veröffentlicht." in html
    assert "Wann geht es los?" in section(html) and "Anna" in section(html)
    assert "Wann geht es los?" in html_of(Client(HTTP_HOST="localhost").get(project.url))


@pytest.mark.django_db
def test_empty_comment_shows_a_german_error_next_to_the_field(project, resident):
    client = signed_in(resident)
    html = html_of(client.post(f"/kommentare/neu/projekt/{project.pk}/", {"text": "   "}))
    assert not Comment.objects.exists()
    assert 'id="id_comment_text-error"' in html and "Bitte schreiben Sie einen Kommentar." in html


@pytest.mark.django_db
def test_reply_page_works_without_javascript(project, resident, neighbour):
    top = comment_services.comment(resident, project, "Gute Sache.")
    client = signed_in(neighbour)
    page = section(html_of(client.get(project.url)))
    assert f'href="/kommentare/{top.pk}/antworten/"' in page
    form = html_of(client.get(f"/kommentare/{top.pk}/antworten/"))
    assert "Gute Sache." in form and f'action="/kommentare/{top.pk}/antworten/"' in form
    response = client.post(f"/kommentare/{top.pk}/antworten/", {"text": "Finde ich auch."})
    reply = Comment.objects.get(parent=top)
    assert reply.depth == 1 and response["Location"].endswith(f"#kommentar-{reply.pk}")
    html = section(html_of(client.get(project.url)))
    nested = re.search(rf'id="kommentar-{top.pk}".*?<ol class="comment-list replies">(.*?)</ol>', html, re.S)
    assert nested and "Finde ich auch." in nested.group(1)


@pytest.mark.django_db
def test_no_reply_link_beyond_the_maximum_depth(project, resident, neighbour):
    a = comment_services.comment(resident, project, "Ebene 1")
    b = comment_services.comment(neighbour, project, "Ebene 2", parent=a)
    c = comment_services.comment(resident, project, "Ebene 3", parent=b)
    page = section(html_of(signed_in(neighbour).get(project.url)))
    assert f"/kommentare/{a.pk}/antworten/" in page and f"/kommentare/{b.pk}/antworten/" in page
    assert f"/kommentare/{c.pk}/antworten/" not in page


@pytest.mark.django_db
def test_edit_marks_the_comment_as_edited(project, resident):
    comment = comment_services.comment(resident, project, "Erste Fassung")
    client = signed_in(resident)
    form = html_of(client.get(f"/kommentare/{comment.pk}/bearbeiten/"))
    assert "Erste Fassung</textarea>" in form
    response = client.post(f"/kommentare/{comment.pk}/bearbeiten/", {"text": "Zweite Fassung"})
    assert response["Location"] == f"{project.url}#kommentar-{comment.pk}"
    html = section(html_of(Client(HTTP_HOST="localhost").get(project.url)))
    assert "Zweite Fassung" in html and "Erste Fassung" not in html and "(bearbeitet)" in html


@pytest.mark.django_db
def test_others_cannot_edit_or_delete(project, resident, neighbour):
    comment = comment_services.comment(resident, project, "Meins")
    other = signed_in(neighbour)
    assert other.get(f"/kommentare/{comment.pk}/bearbeiten/").status_code == 403
    assert other.post(f"/kommentare/{comment.pk}/bearbeiten/", {"text": "Übernommen"}).status_code == 403
    assert other.post(f"/kommentare/{comment.pk}/loeschen/").status_code == 403
    comment.refresh_from_db()
    assert comment.text == "Meins" and comment.deleted_at is None and comment.edited_at is None
    page = section(html_of(other.get(project.url)))
    assert f"/kommentare/{comment.pk}/bearbeiten/" not in page and f"/kommentare/{comment.pk}/melden/" in page
    anonymous = Client(HTTP_HOST="localhost").get(f"/kommentare/{comment.pk}/bearbeiten/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/konto/login/")


@pytest.mark.django_db
def test_delete_leaves_a_placeholder_and_replies_stay_readable(project, resident, neighbour):
    top = comment_services.comment(resident, project, "Wird gleich gelöscht")
    comment_services.comment(neighbour, project, "Eine Antwort, die bleibt", parent=top)
    client = signed_in(resident)
    confirm = html_of(client.get(f"/kommentare/{top.pk}/loeschen/"))
    assert "Kommentar löschen?" in confirm and "Wird gleich gelöscht" in confirm
    response = client.post(f"/kommentare/{top.pk}/loeschen/")
    assert response.status_code == 302
    html = section(html_of(Client(HTTP_HOST="localhost").get(project.url)))
    assert "Dieser Kommentar wurde gelöscht." in html and "Wird gleich gelöscht" not in html
    assert "Eine Antwort, die bleibt" in html
    assert Comment.objects.get(pk=top.pk).deleted_at is not None


@pytest.mark.django_db
def test_script_tags_are_escaped(project, resident):
    client = signed_in(resident)
    text = '<script>alert("x")</script> [a](javascript:alert(1))'
    client.post(f"/kommentare/neu/projekt/{project.pk}/", {"text": text})
    assert Comment.objects.get().text.startswith("<script>")  # stored as typed
    html = html_of(Client(HTTP_HOST="localhost").get(project.url))
    assert "<script>alert" not in html
    assert '<p>&lt;script&gt;alert("x")&lt;/script&gt; [a](javascript:alert(1))</p>' in section(html)
    assert 'href="javascript' not in html


@pytest.mark.django_db
def test_guest_names_are_escaped(client, post, moderator):
    guest_post(client, post, guest_name="<b>Bold</b>")
    moderation_services.release_comment(moderator, Comment.objects.get())
    html = section(html_of(Client(HTTP_HOST="localhost").get(post.url)))
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html and "<b>Bold</b>" not in html


# --- Hidden, pending, deleted accounts ---------------------------------------------------------------


@pytest.mark.django_db
def test_hidden_comment_shows_the_reason_and_only_moderators_see_the_text(project, resident, moderator):
    comment = comment_services.comment(resident, project, "Etwas Beleidigendes")
    moderation_services.hide(moderator, comment, "Verstößt gegen die Nutzungsbedingungen.")
    public = section(html_of(Client(HTTP_HOST="localhost").get(project.url)))
    assert "von der Moderation ausgeblendet" in public and "Verstößt gegen die Nutzungsbedingungen." in public
    assert "Etwas Beleidigendes" not in public
    assert "Etwas Beleidigendes" not in section(html_of(signed_in(resident).get(project.url)))
    as_moderator = section(html_of(signed_in(moderator).get(project.url)))
    assert "nur für die Moderation sichtbar" in as_moderator and "Etwas Beleidigendes" in as_moderator


@pytest.mark.django_db
def test_deleted_account_is_shown_as_such(project, make_user):
    leaving = make_user("geht", display_name="Geht")
    comment_services.comment(leaving, project, "Bleibt stehen")
    leaving.delete()
    html = section(html_of(Client(HTTP_HOST="localhost").get(project.url)))
    assert "gelöschtes Konto" in html and "Bleibt stehen" in html


# --- Ideas -------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_idea_comments_follow_the_phase_and_premoderation(field, resident, neighbour):
    closed = make_process([field], phases=[(PhaseKind.COLLECT, -1, 30, "is")])
    idea = make_idea(closed, resident)
    client = signed_in(neighbour)
    page = html_of(client.get(f"/kommentare/neu/idee/{idea.pk}/"))
    assert "nicht mehr kommentiert werden" in page and 'name="text"' not in page
    html = html_of(client.post(f"/kommentare/neu/idee/{idea.pk}/", {"text": "Trotzdem"}))
    assert not Comment.objects.exists()
    assert "nicht mehr kommentiert werden" in html and "Trotzdem</textarea>" in html  # the text is kept

    moderated = make_process([field], premoderation=True)
    idea = make_idea(moderated, resident)
    page = html_of(client.get(f"/kommentare/neu/idee/{idea.pk}/"))
    assert "erscheinen Kommentare, sobald die Moderation sie freigegeben hat" in page
    response = client.post(f"/kommentare/neu/idee/{idea.pk}/", {"text": "Prüft mich"})
    assert response.status_code == 302 and response["Location"].endswith("#kommentare")
    assert Comment.objects.get().moderation == Moderation.PENDING
    own = html_of(client.get(f"/kommentare/neu/idee/{idea.pk}/"))
    assert "Prüft mich" in own and "wartet auf Freigabe" in own
    assert "Prüft mich" not in html_of(signed_in(resident).get(f"/kommentare/neu/idee/{idea.pk}/"))


# --- Reports -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_report_a_comment_and_an_idea(project, process, resident, neighbour):
    comment = comment_services.comment(resident, project, "Kauft billige Uhren!")
    anonymous = Client(HTTP_HOST="localhost").get(f"/kommentare/{comment.pk}/melden/")
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/konto/login/")
    client = signed_in(neighbour)
    form = html_of(client.get(f"/kommentare/{comment.pk}/melden/"))
    assert "Kauft billige Uhren!" in form and 'name="reason"' in form
    html = html_of(client.post(f"/kommentare/{comment.pk}/melden/", {"reason": " "}))
    assert "Bitte nennen Sie einen Grund für die Meldung." in html and not Report.objects.exists()
    response = client.post(f"/kommentare/{comment.pk}/melden/", {"reason": "Werbung"})
    assert response["Location"] == f"{project.url}#kommentar-{comment.pk}"
    report = Report.objects.get()
    assert (report.target, report.reporter, report.reason) == (comment, neighbour, "Werbung")
    assert "Danke für Ihre Meldung." in html_of(client.get(project.url))

    idea = make_idea(process, resident)
    response = client.post(f"/kommentare/ideen/{idea.pk}/melden/", {"reason": "Doppelt eingereicht"})
    assert response.status_code == 302
    assert Report.objects.filter(object_id=idea.pk, reason="Doppelt eingereicht").exists()


# --- Query count -------------------------------------------------------------------------------------


def _add_comments(target, people, count, moderator):
    """``count`` comments, every third one a reply, the last one hidden by the moderation."""

    def grow():
        top = new = None
        for n in range(count):
            parent = top if n % 3 == 1 else None
            new = comment_services.comment(people[n % len(people)], target, f"Kommentar {n}", parent=parent)
            if n % 3 == 0:
                top = new
        moderation_services.hide(moderator, new, "Grund")

    return grow


def _section_queries(target, user):
    """Queries and HTML of the comment section alone, rendered for ``user`` (None: anonymous)."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.template import Context, Template
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    request = RequestFactory().get("/")
    # A fresh user object, as in a request (no permission cache from the test's own calls).
    request.user = get_user_model().objects.get(pk=user.pk) if user else AnonymousUser()
    template = Template("{% load comment_tags %}{% comment_section target %}")
    with CaptureQueriesContext(connection) as ctx:
        html = template.render(Context({"request": request, "target": target}))
    return len(ctx.captured_queries), html


# The section's own cost: one query for the thread; a signed-in viewer one for the permission check
# (user and group permissions together, accounts/backends.py); a moderator one more for the hidden
# texts; an idea one for its phases.
SECTION_QUERIES = {None: 1, "resident": 2, "moderator": 3}


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", [None, "resident", "moderator"])
@pytest.mark.parametrize("kind", ["project", "post", "idea"])
def test_the_section_costs_a_fixed_number_of_queries(kind, viewer, request, process, resident, neighbour, moderator):
    from modellstadt.ideas.selectors import idea_detail

    user = {None: None, "resident": resident, "moderator": moderator}[viewer]
    if kind == "idea":
        target = make_idea(process, neighbour)
    else:
        target = request.getfixturevalue(kind)
    expected = SECTION_QUERIES[viewer] + (1 if kind == "idea" else 0)

    def load():
        return idea_detail(target.pk) if kind == "idea" else target  # as the idea page loads it

    _add_comments(target, [resident, neighbour], 3, moderator)()
    before, html = _section_queries(load(), user)
    assert html.count('<li class="comment"') == 3
    _add_comments(target, [resident, neighbour], 27, moderator)()
    after, html = _section_queries(load(), user)
    assert (before, after) == (expected, expected)
    assert html.count('<li class="comment"') == 30
    assert html.count("von der Moderation ausgeblendet") == 2
    assert ("nur für die Moderation sichtbar" in html) == (viewer == "moderator")


@pytest.mark.django_db
@pytest.mark.parametrize("viewer", ["anonymous", "resident", "moderator"])
def test_pages_with_the_section_cost_the_same_for_3_and_30_comments(project, post, resident, neighbour, moderator,
                                                                    viewer):
    from tests.query_counts import queries_for

    people = [resident, neighbour]
    client = {"anonymous": Client(HTTP_HOST="localhost"), "resident": signed_in(resident),
              "moderator": signed_in(moderator)}[viewer]
    for target in (project, post):
        _add_comments(target, people, 3, moderator)()
        client.get(target.url)
        with_three = queries_for(client, target.url)
        assert_constant_queries(client, target.url, _add_comments(target, people, 27, moderator), with_three)
        html = section(html_of(client.get(target.url)))
        assert html.count('<li class="comment"') == 30
