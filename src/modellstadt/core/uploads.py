"""Where files live: public media, private files, and what happens when the file store is down.

One setting decides the backend for every file: ``settings.MODELLSTADT_S3`` (built in settings.py from
``MODELLSTADT_S3_BUCKET`` and its companions). Unset, files stay on disk as before: public media under
MEDIA_ROOT (Django's FileSystemStorage) and private files under ``PRIVATE_MEDIA_ROOT / <folder>``. Set,
both go to one S3-compatible bucket through django-storages' S3 backend (boto3): public media under
``media/``, private files under ``private/<folder>/``.

Private files (letters of support, dossier versions and exports, council reports, open data files) have
no public address on either backend: ``url()`` refuses, objects are written with a private ACL, and the
permission-checked views stream them from ``storage.open()``. Each app names its folder with a small
subclass (``dossier.storage.PrivateDossierStorage``, ``partners.uploads.PrivateLetterStorage``), which
keeps the paths its migrations refer to. The backend is chosen from the settings at each access, so a
test can point PRIVATE_MEDIA_ROOT at a temporary folder or MODELLSTADT_S3 at a test endpoint.
"""

import contextlib
import os
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any, cast

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.translation import gettext_lazy as _

PUBLIC_PREFIX = "media"
PRIVATE_PREFIX = "private"

STORAGE_UNAVAILABLE_MESSAGE = _(
    "Die Datei konnte gerade nicht gespeichert werden, weil die Dateiablage nicht erreichbar ist. "
    "Ihre übrigen Angaben sind erhalten. Bitte wählen Sie die Datei erneut aus und versuchen Sie es "
    "in einigen Minuten noch einmal."
)


FILE_UNAVAILABLE_MESSAGE = _(
    "Die Datei ist im Moment nicht erreichbar, weil die Dateiablage nicht antwortet. "
    "Bitte versuchen Sie es in einigen Minuten noch einmal."
)


class StorageUnavailable(Exception):
    """The file store did not answer (disk error, object storage unreachable or refusing)."""


def storage_errors() -> tuple[type[BaseException], ...]:
    """The exceptions a storage raises when it cannot be used: OSError for disks, boto's for S3."""
    return (OSError, *_object_storage_errors())


def _object_storage_errors() -> tuple[type[BaseException], ...]:
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 is a base requirement
        return ()
    return (BotoCoreError, ClientError)


def is_storage_outage(exception: BaseException) -> bool:
    """The error (or one it came from) is the object store failing: unreachable, timing out or refusing.
    Disk errors (OSError) are not counted here: too many other things raise them."""
    from django.core.exceptions import PermissionDenied
    from django.http import Http404

    if isinstance(exception, (Http404, PermissionDenied, FileNotFoundError)):
        return False  # a missing file or a refused request is an answer, not an outage
    errors: tuple[type[BaseException], ...] = (StorageUnavailable, *_object_storage_errors())
    current: BaseException | None = exception
    seen = 0
    while current is not None and seen < 10:
        if isinstance(current, errors):
            status = getattr(current, "response", {}).get("ResponseMetadata", {}).get("HTTPStatusCode")
            return status not in (404, 416)
        if current.__cause__ is not None:
            current = current.__cause__
        else:
            current = None if current.__suppress_context__ else current.__context__
        seen += 1
    return False


@contextlib.contextmanager
def storage_guard() -> Iterator[None]:
    """Turns a storage failure into StorageUnavailable, for services that show a message next to a field."""
    try:
        yield
    except storage_errors() as error:
        raise StorageUnavailable(str(error)) from error


def s3_storage(*, prefix: str, private: bool, options: dict[str, Any] | None = None) -> Storage:
    """A django-storages S3Storage for ``prefix`` in the configured bucket (``settings.MODELLSTADT_S3``)."""
    from botocore.config import Config
    from storages.backends.s3 import S3Storage

    config: dict[str, Any] = dict(options if options is not None else settings.MODELLSTADT_S3 or {})
    timeout = config.pop("timeout", 5)
    addressing_style = config.pop("addressing_style", "path")
    private_acl = config.pop("private_acl", "private")

    client_config = Config(
        connect_timeout=timeout,
        read_timeout=timeout * 2,
        retries={"max_attempts": 2, "mode": "standard"},
        s3={"addressing_style": addressing_style},
        signature_version="s3v4",
    )
    return cast(
        Storage,
        S3Storage(
            **config,
            location=prefix,
            client_config=client_config,
            # Private objects: written with the private ACL (where the store knows ACLs); PrivateStorage.url()
            # refuses, so they leave the store only through the app. Public media: the bucket's default ACL,
            # since the app or the proxy serves /media/.
            default_acl=(private_acl or None) if private else None,
            querystring_auth=True,
            querystring_expire=60,
            file_overwrite=False,
            max_memory_size=8 * 1024 * 1024,  # larger downloads spill to a temporary file, not into memory
        ),
    )


class DelegatingStorage(Storage):
    """A Storage whose file operations go to ``backend`` (disk or bucket, chosen by the subclass)."""

    @property
    def backend(self) -> Storage:
        raise NotImplementedError

    def _open(self, name: str, mode: str = "rb") -> Any:
        return self.backend.open(name, mode)

    def _save(self, name: str, content: Any) -> str:
        return str(cast(Any, self.backend)._save(name, content))

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self.backend.get_available_name(name, max_length)

    def delete(self, name: str) -> None:
        return self.backend.delete(name)

    def exists(self, name: str) -> bool:
        return self.backend.exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self.backend.listdir(path)

    def size(self, name: str) -> int:
        return self.backend.size(name)

    def get_accessed_time(self, name: str) -> datetime:
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name: str) -> datetime:
        return self.backend.get_created_time(name)

    def get_modified_time(self, name: str) -> datetime:
        return self.backend.get_modified_time(name)


class PublicMediaStorage(DelegatingStorage):
    """Public media (images and their renditions) in the bucket under ``media/``.

    Addresses stay ``MEDIA_URL + name`` as on disk: the app (``core.views.serve_media``) or a reverse
    proxy serves /media/, so pages never point at the storage host (the CSP allows images from self only).
    """

    def __init__(self, **options: Any) -> None:
        self._options = options or None
        self._backend: Storage | None = None

    @property
    def backend(self) -> Storage:
        if self._backend is None:
            self._backend = s3_storage(prefix=PUBLIC_PREFIX, private=False, options=self._options)
        return self._backend

    def url(self, name: str | None) -> str:
        from urllib.parse import urljoin

        from django.utils.encoding import filepath_to_uri

        return str(urljoin(settings.MEDIA_URL, (filepath_to_uri(name) or "").lstrip("/")))


class PrivateStorage(DelegatingStorage):
    """Private files of one folder: on disk below PRIVATE_MEDIA_ROOT, or in the bucket below private/.

    Every Storage method goes to the backend the settings name at the moment of the call; ``url()``
    refuses on both, so no template or API can hand out an address that skips the permission check.
    """

    folder = ""
    no_url_message = "Private files have no public address; serve them through a permission-checked view."

    _backends: dict[tuple[str, ...] | tuple[Any, ...], Storage] = {}

    def _backend_key(self) -> tuple[Any, ...]:
        s3 = getattr(settings, "MODELLSTADT_S3", None)
        if s3:
            return ("s3", self.folder, tuple(sorted((k, repr(v)) for k, v in s3.items())))
        return ("disk", self.folder, str(Path(settings.PRIVATE_MEDIA_ROOT)))

    @property
    def backend(self) -> Storage:
        key = self._backend_key()
        backend = PrivateStorage._backends.get(key)
        if backend is None:
            if key[0] == "s3":
                prefix = f"{PRIVATE_PREFIX}/{self.folder}" if self.folder else PRIVATE_PREFIX
                backend = s3_storage(prefix=prefix, private=True)
            else:
                backend = FileSystemStorage(
                    location=os.path.abspath(Path(settings.PRIVATE_MEDIA_ROOT) / self.folder),
                    file_permissions_mode=0o640,
                    directory_permissions_mode=0o750,
                )
            PrivateStorage._backends[key] = backend
        return backend

    @property
    def is_object_storage(self) -> bool:
        return bool(self._backend_key()[0] == "s3")

    @property
    def base_location(self) -> str:
        return str(Path(settings.PRIVATE_MEDIA_ROOT) / self.folder)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError(self.no_url_message)

    def path(self, name: str) -> str:
        """The file's path on disk; NotImplementedError on object storage (use open() instead)."""
        return self.backend.path(name)


@contextlib.contextmanager
def local_copy(storage: Storage, name: str) -> Iterator[IO[bytes]]:
    """A real, seekable file object with the content of ``name``: the file itself on disk, a temporary
    copy (removed afterwards) on object storage. For readers that need an OS file (csv, openpyxl)."""
    import shutil
    import tempfile

    try:
        path = storage.path(name)
    except NotImplementedError:
        path = None
    if path is not None:
        with open(path, "rb") as handle:
            yield handle
        return
    with tempfile.TemporaryFile(dir=settings.FILE_UPLOAD_TEMP_DIR) as copy:
        with storage.open(name, "rb") as source:
            shutil.copyfileobj(source, copy, 1024 * 1024)
        copy.seek(0)
        yield copy


def megabytes(limit: int) -> int:
    """A byte limit in whole megabytes, for messages."""
    return limit // (1024 * 1024)
