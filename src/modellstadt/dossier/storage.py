"""Private storage for dossier files (frozen versions and exports).

Files live under ``settings.PRIVATE_MEDIA_ROOT / "dossiers"``, never under MEDIA_ROOT, and are
served only by permission-checked views (FileResponse). The location is read from the settings at
each access, so a test can point PRIVATE_MEDIA_ROOT at a temporary folder.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="modellstadt.dossier.storage.PrivateDossierStorage")
class PrivateDossierStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(file_permissions_mode=0o640, directory_permissions_mode=0o750)

    @property
    def base_location(self):
        return str(Path(settings.PRIVATE_MEDIA_ROOT) / "dossiers")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private dossier files have no public address; use the office's download views.")


private_storage = PrivateDossierStorage()
