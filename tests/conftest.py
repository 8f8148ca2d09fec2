import pytest


@pytest.fixture
def portal(db):
    """The empty portal skeleton (home page and its fixed sections)."""
    from modellstadt.portal.services import ensure_portal_structure

    return ensure_portal_structure(city="Teststadt", programme_name="Digitale Teststadt")


@pytest.fixture
def empty_page_cache():
    """The page cache (whole pages, page parts, kept answers) empty before and after the test."""
    from django.core.cache import caches

    caches["pages"].clear()
    yield
    caches["pages"].clear()


@pytest.fixture
def kept_parts(settings, empty_page_cache):
    """Production's set-up for signed-in visitors: no whole-page cache, page parts and lookups kept
    under the content generation (the test settings keep nothing)."""
    settings.PAGE_CACHE_SECONDS = 0
    settings.FRAGMENT_CACHE_SECONDS = 600


@pytest.fixture(autouse=True)
def _fresh_markdown_cache():
    """Each test renders Markdown and page parts itself instead of seeing a result another test left
    in a process's memory (core/text.py keeps rendered texts, progress/views.py recent parts)."""
    from modellstadt.core.text import _cached_render_markdown
    from modellstadt.progress.views import _RECENT_PARTS

    _cached_render_markdown.cache_clear()
    _RECENT_PARTS.clear()  # the progress pages' parts this process used last (progress/views.py)
# --- "Sie", never "du": every German page and e-mail of every test (tests/informal.py) -----------------


@pytest.fixture(scope="session", autouse=True)
def _watch_for_informal_address():
    """Wrap Django's request handler (test client and live server alike) once for the session."""
    from django.core.handlers.base import BaseHandler

    from tests import informal

    original = BaseHandler.get_response

    def get_response(self, request):
        response = original(self, request)
        informal.record_response(request, response)
        return response

    BaseHandler.get_response = get_response
    yield
    BaseHandler.get_response = original


@pytest.fixture(autouse=True)
def no_informal_address(request):
    """Fails the test during which a German page or an e-mail said "du" (or dich, dir, dein…)."""
    from tests import informal

    informal.take_findings()
    yield
    try:
        from django.core import mail

        outbox = list(getattr(mail, "outbox", []) or [])
    except Exception:  # noqa: BLE001 - tests without Django settings have no outbox
        outbox = []
    for message in outbox:
        informal.record_mail(message)
    found = informal.take_findings()
    if found:
        pytest.fail(informal.report(found), pytrace=False)


@pytest.fixture(autouse=True)
def _no_rate_limit_counts_from_other_tests():
    """Rate limits count in the default cache (core/guards.py), and every test client comes from
    127.0.0.1: without a fresh cache the ideas and comments of earlier tests would count against the
    next one."""
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture(autouse=True)
def _no_published_terms_from_other_tests():
    """The versions of the terms in force are cached (accounts.services.published_terms_versions); a test
    that published terms (the demo does) must not leave them to the next test, whose database has none."""
    from django.core.cache import cache

    from modellstadt.accounts.services import TERMS_CACHE_KEY

    cache.delete(TERMS_CACHE_KEY)
    yield
    cache.delete(TERMS_CACHE_KEY)


def pytest_collection_modifyitems(config, items):
    """A transactional test must restore the database it empties (``serialized_rollback=True``): without
    it, its flush re-creates content types with new numbers and every later test that reloads the saved
    database (the support races, the CKAN API, the restore drill) fails at set-up on the same worker."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            raise pytest.UsageError(
                f"{item.nodeid}: use @pytest.mark.django_db(transaction=True, serialized_rollback=True)"
            )


@pytest.fixture(scope="session", autouse=True)
def _leave_the_test_database_filled(django_db_setup, django_db_blocker):
    """A transactional test empties the database when it ends; the next one reloads the saved contents
    first, but the last one of a session leaves it empty. A later session that reuses the file
    (``--reuse-db``, as the mutation runs do for every mutant) would then start without the Wagtail root.
    Reload it once at the end of the session when it was left empty (before ``django_db_setup`` ends, so
    it is always the test database)."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            contents = getattr(connection, "_test_serialized_contents", None)
            if not contents:
                continue  # no transactional test ran, or the database was never set up
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM wagtailcore_page")
                empty = cursor.fetchone()[0] == 0
            if empty:
                connection.creation.deserialize_db_from_string(contents)
