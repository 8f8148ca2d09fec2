"""Private storage for dossier files (frozen versions and exports) below PRIVATE_MEDIA_ROOT/dossiers.

Served only by permission-checked views (FileResponse); the storage itself is ``core.uploads``.
"""

from django.utils.deconstruct import deconstructible

from modellstadt.core.uploads import PrivateStorage


@deconstructible(path="modellstadt.dossier.storage.PrivateDossierStorage")
class PrivateDossierStorage(PrivateStorage):
    folder = "dossiers"
    no_url_message = "Private dossier files have no public address; use the office's download views."


private_storage = PrivateDossierStorage()
