"""Backup and restore of one installation: the database, every file storage and a manifest.

A backup folder holds

- ``database.sqlite3`` (SQLite, copied with the online backup API) or ``database.dump``
  (PostgreSQL, ``pg_dump -Fc`` of one snapshot),
- ``files/<storage>/<path>`` for every file of every storage the models use (public media through
  the default storage, letters of support, dossier versions and exports, open data files), read and
  written through the storage objects, so object storage works the same way as folders on disk,
- ``manifest.json``, written last: when it was made, the app version, the database vendor, the last
  migration of every app, the rows of every table and the size and SHA-256 of every file.

Row counts and migrations are read from the dumped state itself (the copied SQLite file, or the
PostgreSQL snapshot the dump was taken from), so they describe exactly what was saved. Files are
copied after the database: a file removed in between can be missing from the backup, an extra file
is harmless.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import FileField
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
FILES_DIR = "files"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MANIFEST_FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore cannot go on; the message says why (German, for the operator)."""


# --- File storages ------------------------------------------------------------------------------------


def storage_key(storage):
    if storage is default_storage:
        return "media"
    cls = type(storage)
    return f"{cls.__module__}.{cls.__qualname__}"


def file_storages():
    """{key: storage} of the default storage (public media) and every storage a model's file field uses."""
    found = {"media": default_storage}
    for model in apps.get_models():
        for model_field in model._meta.get_fields():
            if isinstance(model_field, FileField):
                found.setdefault(storage_key(model_field.storage), model_field.storage)
    return found


def walk(storage, path=""):
    """Every file name in ``storage`` below ``path``, sorted, as the storage names them."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from walk(storage, f"{path}/{directory}" if path else directory)


def _copy(source, target):
    """Copy the open binary file ``source`` into ``target``; (size, sha256)."""
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
        target.write(chunk)
    return size, digest.hexdigest()


def file_sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def storage_sha256(storage, name):
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- Database state -----------------------------------------------------------------------------------


def _table_names(cursor, vendor):
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _quote(name):
    return '"' + name.replace('"', '""') + '"'


def row_counts(cursor, vendor):
    counts = {}
    for table in _table_names(cursor, vendor):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608 - names from the catalogue
        counts[table] = cursor.fetchone()[0]
    return counts


def migration_state(cursor):
    """{app: name of its last applied migration}."""
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY applied, id")
    return {app: name for app, name in cursor.fetchall()}


def _vendor():
    return connection.vendor


def _pg_environment(settings_dict):
    env = dict(os.environ)
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                          ("NAME", "PGDATABASE")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = settings_dict["OPTIONS"]["sslmode"]
    return env


def _run(command, env=None):
    try:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise BackupError(_("Das Programm %(program)s ist nicht installiert.") % {"program": command[0]}) from None
    if result.returncode != 0:
        raise BackupError(_("%(program)s ist fehlgeschlagen: %(error)s")
                          % {"program": command[0], "error": result.stderr.strip()[-2000:]})


def dump_database(folder):
    """Write the database into ``folder``; (file name, row counts, migrations) of the dumped state."""
    vendor = _vendor()
    if vendor == "sqlite":
        target = folder / SQLITE_FILE
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            cursor = copy.cursor()
            return SQLITE_FILE, row_counts(cursor, vendor), migration_state(cursor)
        finally:
            copy.close()
    if vendor == "postgresql":
        target = folder / POSTGRES_FILE
        # One snapshot for the dump, the counts and the migrations: they describe the same state.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            _run(["pg_dump", "-Fc", "--no-owner", f"--snapshot={snapshot}", "-f", str(target)],
                 env=_pg_environment(connection.settings_dict))
            return POSTGRES_FILE, row_counts(cursor, vendor), migration_state(cursor)
    raise BackupError(_("Die Datenbank %(vendor)s wird nicht unterstützt.") % {"vendor": vendor})


def restore_database(folder, manifest):
    vendor = _vendor()
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(_("Die Sicherung stammt aus %(source)s, diese Installation nutzt %(target)s.")
                          % {"source": manifest["database"]["vendor"], "target": vendor})
    source = folder / manifest["database"]["file"]
    settings_dict = connection.settings_dict
    connections.close_all()
    if vendor == "sqlite":
        Path(settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(settings_dict["NAME"])
        try:
            backup.backup(target)
        finally:
            backup.close()
            target.close()
    else:
        _run(["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", "--clean", "--if-exists",
              "-d", settings_dict["NAME"], str(source)], env=_pg_environment(settings_dict))


def installation_is_empty():
    """True if no account exists yet (or the database has no tables at all)."""
    try:
        return not get_user_model().objects.exists()
    except DatabaseError:
        return True


# --- Backup -------------------------------------------------------------------------------------------


def app_version():
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("modellstadt")
    except PackageNotFoundError:
        return "unknown"


def backup_folder(directory):
    """``directory`` itself if it is new or empty, else a new timestamped folder inside it."""
    directory = Path(directory)
    if not directory.exists() or not any(directory.iterdir()):
        directory.mkdir(parents=True, exist_ok=True)
        return directory
    folder = directory / timezone.now().strftime("%Y%m%d-%H%M%S")
    number = 1
    while folder.exists():
        number += 1
        folder = directory / f"{timezone.now():%Y%m%d-%H%M%S}-{number}"
    folder.mkdir()
    return folder


def backup(directory):
    """Back up database and files into ``directory`` (see backup_folder); (folder, manifest)."""
    folder = backup_folder(directory)
    created = timezone.now()
    database_file, counts, migrations = dump_database(folder)
    files = []
    for key, storage in file_storages().items():
        for name in walk(storage):
            target = folder / FILES_DIR / key / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as source, open(target, "wb") as copy:
                size, sha = _copy(source, copy)
            files.append({"storage": key, "path": name, "size": size, "sha256": sha})
    manifest = {
        "format": MANIFEST_FORMAT,
        "created": created.isoformat(),
        "finished": timezone.now().isoformat(),
        "app_version": app_version(),
        "database": {
            "vendor": _vendor(), "file": database_file,
            "size": (folder / database_file).stat().st_size, "sha256": file_sha256(folder / database_file),
        },
        "migrations": migrations,
        "row_counts": counts,
        "files": files,
    }
    # written last: a folder without a manifest is an interrupted backup and restore refuses it
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    return folder, manifest


# --- Restore ------------------------------------------------------------------------------------------


@dataclass
class Report:
    problems: list = field(default_factory=list)
    tables: int = 0
    rows: int = 0
    files: int = 0
    bytes: int = 0

    @property
    def ok(self):
        return not self.problems


def read_manifest(folder):
    path = Path(folder) / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(_("%(path)s fehlt: Das ist keine vollständige Sicherung.") % {"path": path}) from None
    except ValueError:
        raise BackupError(_("%(path)s ist beschädigt.") % {"path": path}) from None
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(_("Unbekanntes Format der Sicherung: %(format)s") % {"format": manifest.get("format")})
    return manifest


def check_backup(folder, manifest):
    """Problems of the backup folder itself: a missing or changed database dump or file."""
    folder = Path(folder)
    problems = []
    database = folder / manifest["database"]["file"]
    if not database.exists():
        problems.append(_("Datenbanksicherung fehlt: %(file)s") % {"file": database.name})
    elif file_sha256(database) != manifest["database"]["sha256"]:
        problems.append(_("Datenbanksicherung ist verändert (Prüfsumme): %(file)s") % {"file": database.name})
    storages = file_storages()
    for entry in manifest["files"]:
        label = f"{entry['storage']}/{entry['path']}"
        if entry["storage"] not in storages:
            problems.append(_("Unbekannter Speicher in der Sicherung: %(storage)s") % {"storage": entry["storage"]})
            continue
        path = folder / FILES_DIR / entry["storage"] / entry["path"]
        if not path.is_file():
            problems.append(_("Datei fehlt in der Sicherung: %(file)s") % {"file": label})
        elif file_sha256(path) != entry["sha256"]:
            problems.append(_("Datei in der Sicherung ist verändert (Prüfsumme): %(file)s") % {"file": label})
    return problems


def restore_files(folder, manifest):
    storages = file_storages()
    for entry in manifest["files"]:
        storage = storages[entry["storage"]]
        if storage.exists(entry["path"]):
            storage.delete(entry["path"])
        with open(Path(folder) / FILES_DIR / entry["storage"] / entry["path"], "rb") as handle:
            stored = storage.save(entry["path"], File(handle))
        if stored != entry["path"]:
            raise BackupError(_("Die Datei %(file)s wurde unter einem anderen Namen gespeichert: %(stored)s")
                              % {"file": entry["path"], "stored": stored})


def verify(manifest):
    """Compare the installation with ``manifest``: rows per table, migrations, every file's checksum."""
    report = Report()
    with connection.cursor() as cursor:
        counts = row_counts(cursor, _vendor())
        migrations = migration_state(cursor)
    for table, expected in sorted(manifest["row_counts"].items()):
        actual = counts.get(table)
        if actual != expected:
            report.problems.append(_("Tabelle %(table)s: %(actual)s Zeilen statt %(expected)s")
                                   % {"table": table, "actual": "–" if actual is None else actual,
                                      "expected": expected})
        report.tables += 1
        report.rows += expected
    for app, name in sorted(manifest["migrations"].items()):
        if migrations.get(app) != name:
            report.problems.append(_("Migrationen von %(app)s: %(actual)s statt %(expected)s")
                                   % {"app": app, "actual": migrations.get(app, "–"), "expected": name})
    storages = file_storages()
    for entry in manifest["files"]:
        label = f"{entry['storage']}/{entry['path']}"
        storage = storages.get(entry["storage"])
        try:
            sha = storage_sha256(storage, entry["path"]) if storage else None
        except FileNotFoundError:
            sha = None
        if sha is None:
            report.problems.append(_("Datei fehlt: %(file)s") % {"file": label})
        elif sha != entry["sha256"]:
            report.problems.append(_("Datei weicht ab (Prüfsumme): %(file)s") % {"file": label})
        else:
            report.files += 1
            report.bytes += entry["size"]
    return report


def restore(folder, *, force=False):
    """Restore the backup in ``folder`` into this installation and verify it; a Report.

    Refuses a damaged backup before touching anything, and an installation that already has accounts
    unless ``force``.
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    problems = check_backup(folder, manifest)
    if problems:
        raise BackupError("\n".join([_("Die Sicherung ist beschädigt, es wurde nichts wiederhergestellt:"),
                                     *problems]))
    if not force and not installation_is_empty():
        raise BackupError(_("Diese Installation hat bereits Konten. Wiederherstellen nur in eine leere "
                            "Installation oder mit --force (überschreibt die Datenbank)."))
    restore_database(folder, manifest)
    restore_files(folder, manifest)
    connections.close_all()
    return verify(manifest)

