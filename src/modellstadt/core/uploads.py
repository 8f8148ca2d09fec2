"""Private files: uploads and generated documents that only permission-checked views may serve.

Files live under ``settings.PRIVATE_MEDIA_ROOT / <folder>``, never under MEDIA_ROOT, and have no
public address. The location is read from the settings at each access, so a test can point
PRIVATE_MEDIA_ROOT at a temporary folder. Each app names its folder with a small subclass
(``dossier.storage.PrivateDossierStorage``, ``partners.uploads.PrivateLetterStorage``), which keeps
the paths its migrations refer to.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage below PRIVATE_MEDIA_ROOT with restrictive file modes and no URLs."""

    folder = ""
    no_url_message = "Private files have no public address; serve them through a permission-checked view."

    def __init__(self) -> None:
        super().__init__(file_permissions_mode=0o640, directory_permissions_mode=0o750)

    @property
    def base_location(self) -> str:
        return str(Path(settings.PRIVATE_MEDIA_ROOT) / self.folder)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError(self.no_url_message)


def megabytes(limit: int) -> int:
    """A byte limit in whole megabytes, for messages."""
    return limit // (1024 * 1024)
