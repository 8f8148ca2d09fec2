"""A thread's rows are kept per thread when page parts are kept (production), so a thread read again
costs no query. Whatever is kept, every page shows what is true now: a new, edited, hidden or deleted
comment, the author's own comment waiting for release (to them only), a renamed or deleted account."""

import pytest
from django.contrib.auth.signals import user_logged_in
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from modellstadt.accounts import services as account_services
from modellstadt.comments import services as comment_services
from modellstadt.moderation import services as moderation_services
from tests import factories
from tests.ideas.conftest import make_idea, make_process


def signed_in(user):
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def thread_of(client, url):
    """The page's comment section and how many queries read comments for it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    start = html.index('<section class="comments" id="kommentare"')
    reads = sum('FROM "participation_comment"' in q["sql"] for q in queries.captured_queries)
    return html[start:html.index("</section>", start)], reads


@pytest.mark.django_db
def test_a_kept_thread_follows_every_change(kept_parts, process, resident, neighbour, moderator):
    idea = make_idea(process, resident)
    url = f"/ideen/{idea.pk}/"
    reader = signed_in(neighbour)
    first = comment_services.comment(resident, idea, "Gute Idee für den Stadtteil")

    html, reads = thread_of(reader, url)
    assert "Gute Idee für den Stadtteil" in html and reads == 1
    html, reads = thread_of(reader, url)
    assert "Gute Idee für den Stadtteil" in html and reads == 0  # kept

    second = comment_services.comment(neighbour, idea, "Ich bin dafür")
    html, reads = thread_of(reader, url)
    assert "Ich bin dafür" in html and reads == 1
    comment_services.edit_comment(neighbour, second, "Ich bin sehr dafür")
    assert "Ich bin sehr dafür" in thread_of(reader, url)[0]
    moderation_services.hide(moderator, first, "Verstößt gegen die Netiquette.")
    html, _reads = thread_of(reader, url)
    assert "Gute Idee für den Stadtteil" not in html and "von der Moderation ausgeblendet" in html
    comment_services.delete_comment(neighbour, second)
    html, _reads = thread_of(reader, url)
    assert "Ich bin sehr dafür" not in html and "gelöscht" in html


@pytest.mark.django_db
def test_a_comment_waiting_for_release_shows_to_its_author_only(kept_parts, field, resident, neighbour):
    idea = make_idea(make_process([field], premoderation=True), resident)
    url = f"/ideen/{idea.pk}/"
    author, other = signed_in(neighbour), signed_in(resident)
    thread_of(author, url), thread_of(other, url)  # both have read the kept (empty) thread
    comment_services.comment(neighbour, idea, "Bitte prüfen Sie das")
    assert "Bitte prüfen Sie das" in thread_of(author, url)[0]
    assert "Bitte prüfen Sie das" not in thread_of(other, url)[0]


@pytest.mark.django_db
def test_renamed_and_deleted_accounts_show_at_once_and_a_login_moves_nothing(kept_parts, process, resident, neighbour,
                                                                             make_user):
    idea = make_idea(process, resident)
    url = f"/ideen/{idea.pk}/"
    writer = make_user("schreiberin", display_name="Erika E.")
    comment_services.comment(writer, idea, "Mit Namen")
    reader = signed_in(neighbour)
    assert "Erika E." in thread_of(reader, url)[0]

    user_logged_in.send(sender=type(writer), request=None, user=writer)  # writes last_login only
    assert thread_of(reader, url)[1] == 0

    account_services.update_profile(writer, display_name="Erika Eilig", district="")
    html, reads = thread_of(reader, url)
    assert "Erika Eilig" in html and "Erika E.<" not in html and reads == 1
    account_services.delete_account(writer)
    html, _reads = thread_of(reader, url)
    assert "Erika Eilig" not in html and "gelöschtes Konto" in html and "Mit Namen" in html


@pytest.mark.django_db
def test_threads_on_pages_are_kept_and_follow_changes_too(kept_parts, portal, resident, neighbour):
    post = factories.news_post(title="Glasfaser für alle Stadtteile")
    reader = signed_in(neighbour)
    comment_services.comment(resident, post, "Wann kommt Vorsfelde dran?")
    url = post.url
    assert "Wann kommt Vorsfelde dran?" in thread_of(reader, url)[0]
    assert thread_of(reader, url)[1] == 0
    comment_services.comment(neighbour, post, "Im Frühjahr")
    assert "Im Frühjahr" in thread_of(reader, url)[0]
