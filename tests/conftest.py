import pytest


@pytest.fixture
def portal(db):
    """The empty portal skeleton (home page and its fixed sections)."""
    from modellstadt.portal.services import ensure_portal_structure

    return ensure_portal_structure(city="Teststadt", programme_name="Digitale Teststadt")
