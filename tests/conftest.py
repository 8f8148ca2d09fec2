import pytest


@pytest.fixture
def portal(db):
    """The empty portal skeleton (home page and its fixed sections)."""
    from modellstadt.portal.services import ensure_portal_structure

    return ensure_portal_structure(city="Teststadt", programme_name="Digitale Teststadt")


@pytest.fixture(autouse=True)
def _fresh_markdown_cache():
    """Each test renders Markdown itself instead of seeing a result another test left in the cache
    (core/text.py keeps rendered texts per process)."""
    from modellstadt.core.text import _cached_render_markdown

    _cached_render_markdown.cache_clear()
