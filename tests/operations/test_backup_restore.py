"""The restore drill: an installation with an organisation's letter of support and a frozen dossier version
is backed up, restored into a fresh database and fresh file folders, and compared with the original.

Backup runs in the test process against the test database; restore and the checks of the restored
installation run as separate processes with their own DATABASE_URL, MEDIA_ROOT and PRIVATE_MEDIA_ROOT,
exactly as an operator would run them on a new machine.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from modellstadt.dossier import services
from modellstadt.partners.models import SupportLetter

# serialized_rollback: the drill needs committed rows (the restore runs in another process), and the tests
# after it need the migrated rows (Wagtail's root page) back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SRC = Path(__file__).resolve().parents[2] / "src"
PNG = b"\x89PNG\r\n\x1a\n" + b"public image bytes" * 10

CHECK_SCRIPT = """
import hashlib, json
from django.apps import apps
from django.core.files.storage import default_storage
from modellstadt.dossier.models import DossierVersion
from modellstadt.dossier.versions import verify_version
from modellstadt.partners.models import SupportLetter
letter = SupportLetter.objects.get(pk={letter_pk})
with letter.file.open("rb") as handle:
    letter_sha = hashlib.sha256(handle.read()).hexdigest()
with default_storage.open("original_images/plan.png", "rb") as handle:
    image_sha = hashlib.sha256(handle.read()).hexdigest()
version = DossierVersion.objects.get(pk={version_pk})
print(json.dumps({{
    "letter_sha": letter_sha, "image_sha": image_sha, "version_ok": verify_version(version),
    "counts": {{m._meta.label: m._default_manager.count() for m in apps.get_models()}},
}}))
"""


def _model_counts():
    from django.apps import apps

    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


class Fresh:
    """A new, empty installation: its own database and file folders, reached through subprocesses."""

    def __init__(self, root):
        self.root = root
        root.mkdir(parents=True)
        self.database_name = None
        if connection.vendor == "postgresql":
            self.database_name = f"modellstadt_drill_{uuid.uuid4().hex[:10]}"
            self._psql(f'CREATE DATABASE "{self.database_name}"')
            s = connection.settings_dict
            auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
            self.database_url = f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{self.database_name}"
        else:
            self.database_url = f"sqlite:///{root / 'modellstadt.sqlite3'}"

    def _psql(self, statement):
        s = connection.settings_dict
        env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
        subprocess.run(["psql", "-h", s["HOST"] or "127.0.0.1", "-p", str(s["PORT"] or 5432), "-U", s["USER"],
                        "-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c", statement], env=env, check=True,
                       capture_output=True)

    def drop(self):
        if self.database_name:
            self._psql(f'DROP DATABASE IF EXISTS "{self.database_name}"')

    def run(self, *args):
        env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "DJANGO_"))}
        env.update({
            "DJANGO_SETTINGS_MODULE": "modellstadt.settings",
            "PYTHONPATH": str(SRC),
            "DATABASE_URL": self.database_url,
            "MEDIA_ROOT": str(self.root / "media"),
            "PRIVATE_MEDIA_ROOT": str(self.root / "private"),
            "MODELLSTADT_VAR_DIR": str(self.root / "var"),
            "SECRET_KEY": "drill-" + "x" * 50,
        })
        return subprocess.run([sys.executable, "-m", "modellstadt", *args], env=env, capture_output=True,
                              text=True, timeout=300)


@pytest.fixture
def fresh(tmp_path):
    installation = Fresh(tmp_path / "fresh")
    yield installation
    installation.drop()


@pytest.fixture
def installation(live_files, support, office_user):
    """Accounts, an organisation's letter of support with its PDF and a public image."""
    default_storage.save("original_images/plan.png", ContentFile(PNG))
    letter = support["letters"][0]
    with letter.file.open("rb") as handle:
        letter_bytes = handle.read()
    return {"letter": letter, "letter_bytes": letter_bytes}


def _backup(directory):
    out = io.StringIO()
    call_command("backup", str(directory), stdout=out)
    return json.loads((directory / "manifest.json").read_text(encoding="utf-8")), out.getvalue()


def test_restore_drill(installation, dossier, office_user, fresh, tmp_path):
    version = services.freeze(dossier, office_user)
    manifest, output = _backup(tmp_path / "backup")
    assert "Sicherung fertig" in output
    letter = installation["letter"]
    listed = {(entry["storage"], entry["path"]): entry for entry in manifest["files"]}
    letter_entry = listed[("modellstadt.partners.uploads.PrivateLetterStorage", letter.file.name)]
    assert letter_entry["sha256"] == hashlib.sha256(installation["letter_bytes"]).hexdigest()
    assert letter_entry["size"] == len(installation["letter_bytes"])
    assert ("modellstadt.dossier.storage.PrivateDossierStorage", version.pdf.name) in listed
    assert ("media", "original_images/plan.png") in listed
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["migrations"]["dossier"]
    assert manifest["row_counts"]["partners_supportletter"] == SupportLetter.objects.count() == 2
    original_counts = _model_counts()
    # The backup's own record is written after the dump, so the restored installation lacks exactly that row.
    assert original_counts["operations.BackupRecord"] == 1
    original_counts["operations.BackupRecord"] = 0

    restored = fresh.run("restore", str(tmp_path / "backup"))
    assert restored.returncode == 0, restored.stderr + restored.stdout
    assert "Prüfung bestanden" in restored.stdout

    checked = fresh.run("shell", "-c", CHECK_SCRIPT.format(letter_pk=letter.pk, version_pk=version.pk))
    assert checked.returncode == 0, checked.stderr
    result = json.loads(checked.stdout.strip().splitlines()[-1])
    assert result["letter_sha"] == hashlib.sha256(installation["letter_bytes"]).hexdigest()
    assert result["image_sha"] == hashlib.sha256(PNG).hexdigest()
    assert result["version_ok"] is True
    assert result["counts"] == original_counts
    assert (fresh.root / "private" / "letters" / letter.file.name).read_bytes() == installation["letter_bytes"]


def test_a_changed_file_in_the_backup_stops_the_restore(installation, fresh, tmp_path):
    manifest, _output = _backup(tmp_path / "backup")
    letter = installation["letter"]
    copy = tmp_path / "backup" / "files" / "modellstadt.partners.uploads.PrivateLetterStorage" / letter.file.name
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0x01
    copy.write_bytes(bytes(data))

    restored = fresh.run("restore", str(tmp_path / "backup"))
    assert restored.returncode != 0
    assert letter.file.name in restored.stderr
    assert "verändert (Prüfsumme)" in restored.stderr
    assert not (fresh.root / "private" / "letters" / letter.file.name).exists()  # nothing restored


def test_a_row_count_that_does_not_match_fails_the_verification(installation, fresh, tmp_path):
    manifest, _output = _backup(tmp_path / "backup")
    manifest["row_counts"]["partners_supportletter"] += 1
    (tmp_path / "backup" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")

    restored = fresh.run("restore", str(tmp_path / "backup"))
    assert restored.returncode != 0
    assert "partners_supportletter: 2 Zeilen statt 3" in restored.stderr


def test_restore_refuses_an_installation_with_accounts(installation, tmp_path):
    _backup(tmp_path / "backup")
    with pytest.raises(CommandError, match="bereits Konten"):
        call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())
    assert SupportLetter.objects.count() == 2


def test_a_folder_that_is_not_empty_gets_a_timestamped_backup(installation, tmp_path):
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "older").mkdir()
    call_command("backup", str(tmp_path / "backups"), stdout=io.StringIO())
    made = [path for path in (tmp_path / "backups").iterdir() if path.name != "older"]
    assert len(made) == 1 and (made[0] / "manifest.json").exists()
