import pytest

from tests.dossier.conftest import (  # noqa: F401 - fixtures shared with the dossier tests
    call,
    city,
    dossier,
    fields,
    governance,
    mapped,
    office_user,
    projects,
    support,
)


@pytest.fixture
def live_files(settings, tmp_path):
    """Public media and private files of the installation under test in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "live" / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "live" / "private"
    return settings
