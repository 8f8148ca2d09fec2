"""Files on S3-compatible object storage (django-storages' S3 backend on boto3), against moto's S3 server on a
loopback port: public media under media/, private files under private/<folder>/ with a private ACL and no
address of their own, downloads through the permission-checked views, the dossier export with letters,
backup and restore into a fresh installation and bucket, and what happens while the store is down."""

import hashlib
import io
import json
import socket
import subprocess
import uuid
from types import SimpleNamespace

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from modellstadt.core.uploads import PrivateStorage
from modellstadt.dossier import services as dossier_services
from modellstadt.dossier.models import DossierExport
from modellstadt.dossier.versions import verify_version
from modellstadt.partners.models import SupportLetter
from tests.operations.test_backup_restore import CHECK_SCRIPT, Fresh
from tests.partners import test_partner_area as area

make_person, office, stadtwerke, rep = area.make_person, area.office, area.stadtwerke, area.rep

pytestmark = pytest.mark.django_db

REGION = "eu-central-1"
KEY_ID, SECRET = "modellstadt-test-key", "modellstadt-test-secret-value"
PNG = b"\x89PNG\r\n\x1a\n" + b"public image bytes" * 10
PUBLIC_GRANTEES = {
    "http://acs.amazonaws.com/groups/global/AllUsers",
    "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
}


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def moto_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def _config(endpoint, bucket, timeout=3):
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "region_name": REGION,
        "addressing_style": "path",
        "private_acl": "private",
        "timeout": timeout,
    }


def _use(settings, config):
    """Point public media and private files at ``config`` (None: back to disk), as settings.py does."""
    settings.MODELLSTADT_S3 = config
    default = (
        {"BACKEND": "modellstadt.core.uploads.PublicMediaStorage", "OPTIONS": config}
        if config
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    )
    settings.STORAGES = {**settings.STORAGES, "default": default}


@pytest.fixture
def s3(settings, moto_endpoint, monkeypatch, tmp_path):
    """A new bucket on the moto server holding every file; the disk folders must stay empty."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name=REGION)

    def new_bucket():
        name = f"modellstadt-{uuid.uuid4().hex[:12]}"
        client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        return name

    bucket = new_bucket()
    settings.MEDIA_ROOT = tmp_path / "disk" / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "disk" / "private"
    _use(settings, _config(moto_endpoint, bucket))

    def keys(prefix="", name=None):
        listed = client.list_objects_v2(Bucket=name or bucket, Prefix=prefix)
        return sorted(entry["Key"] for entry in listed.get("Contents", ()))

    return SimpleNamespace(
        client=client, bucket=bucket, endpoint=moto_endpoint, keys=keys, new_bucket=new_bucket, disk=tmp_path / "disk"
    )


@pytest.fixture
def s3_down(settings, monkeypatch, tmp_path):
    """Object storage configured but nothing listening at its address."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET)
    settings.MEDIA_ROOT = tmp_path / "disk" / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "disk" / "private"
    _use(settings, _config(f"http://127.0.0.1:{_free_port()}", "modellstadt-unreachable", timeout=1))
    return tmp_path / "disk"


def _pdf(text):
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 720, text)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def _post_letter(client, organisation, content, signatory="Dr. Erika Muster"):
    data = {
        "file": SimpleUploadedFile("schreiben.pdf", content, content_type="application/pdf"),
        "date": "2017-03-01",
        "signatory": signatory,
    }
    return client.post(f"/partnerbereich/organisation/{organisation.slug}/schreiben/neu/", data)


def _no_files_on_disk(folder):
    return not [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else True


# --- private files ----------------------------------------------------------------------------------


def test_a_letter_goes_to_private_prefix_without_public_access_and_downloads_through_the_app(
    s3, client, rep, stadtwerke, office
):
    client.force_login(rep)
    content = _pdf("Wir unterstuetzen die Bewerbung.")
    assert _post_letter(client, stadtwerke, content).status_code == 302
    letter = SupportLetter.objects.get()

    key = f"private/letters/{letter.file.name}"
    assert s3.keys("private/") == [key] and s3.keys("media/") == []
    assert _no_files_on_disk(s3.disk)
    grants = s3.client.get_object_acl(Bucket=s3.bucket, Key=key)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI") in PUBLIC_GRANTEES]
    assert {g["Permission"] for g in grants} == {"FULL_CONTROL"}  # the owner only
    with pytest.raises(ValueError):
        letter.file.url  # noqa: B018 - no address that skips the permission check

    stored = s3.client.get_object(Bucket=s3.bucket, Key=key)["Body"].read()
    download = reverse("partners_area:letter_download", args=[letter.pk])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content) == stored
    assert stored.startswith(b"%PDF") and response["Cache-Control"] == "private, no-store"

    client.logout()
    assert client.get(download).status_code == 404  # anonymous: not even the letter's existence shows
    client.force_login(office)
    assert b"".join(client.get(download).streaming_content) == stored

    page = client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/").content.decode()
    assert s3.endpoint not in page and s3.bucket not in page


def test_private_storage_has_no_url_and_no_path_on_object_storage(s3):
    from modellstadt.dossier.storage import private_storage
    from modellstadt.opendata.models import data_storage

    for storage in (private_storage, data_storage):
        name = storage.save("probe.txt", ContentFile(b"geheim"))
        assert isinstance(storage, PrivateStorage) and storage.is_object_storage
        with pytest.raises(ValueError):
            storage.url(name)
        with pytest.raises(NotImplementedError):
            storage.path(name)
        assert storage.exists(name) and storage.size(name) == 6
        with storage.open(name, "rb") as handle:
            assert handle.read() == b"geheim"
        storage.delete(name)
        assert not storage.exists(name)
    assert s3.keys() == []


def test_public_media_under_media_prefix_keep_the_sites_own_address(s3, client):
    name = default_storage.save("original_images/plan.png", ContentFile(PNG))
    assert s3.keys() == [f"media/{name}"]
    assert default_storage.url(name) == f"/media/{name}"  # same address as on disk: the CSP allows self only
    response = client.get(f"/media/{name}")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    assert client.get("/media/original_images/fehlt.png").status_code == 404
    assert client.get("/media/original_images/../../private/x").status_code == 404


# --- dossier ----------------------------------------------------------------------------------------


def test_dossier_export_appends_letters_read_from_object_storage(s3, dossier, support, office_user, client):
    from pypdf import PdfReader

    version = dossier_services.freeze(dossier, office_user)
    assert verify_version(version)
    export = dossier_services.request_export(dossier, office_user)
    assert export.state == DossierExport.State.DONE
    dossier_keys = s3.keys("private/dossiers/")
    assert f"private/dossiers/{version.pdf.name}" in dossier_keys
    assert f"private/dossiers/{export.pdf.name}" in dossier_keys
    assert _no_files_on_disk(s3.disk)

    client.force_login(office_user)
    response = client.get(reverse("dossier_admin:export_pdf", args=[export.pk]))
    assert response.status_code == 200
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages)
    assert "Brief der Stadtwerke" in text  # the letter, appended from private/letters/


def test_a_letter_missing_from_the_bucket_stops_the_export_by_name(s3, dossier, support, office_user):
    letter = support["letters"][0]
    s3.client.delete_object(Bucket=s3.bucket, Key=f"private/letters/{letter.file.name}")
    with pytest.raises(dossier_services.DossierError, match="fehlt im Dateispeicher"):
        dossier_services.request_export(dossier, office_user)


# --- backup and restore -----------------------------------------------------------------------------


class FreshOnS3(Fresh):
    """A fresh installation whose files go to its own, empty bucket."""

    def __init__(self, root, s3, bucket):
        super().__init__(root)
        self.s3_env = {
            "MODELLSTADT_S3_BUCKET": bucket,
            "MODELLSTADT_S3_ENDPOINT_URL": s3.endpoint,
            "MODELLSTADT_S3_REGION": REGION,
            "AWS_ACCESS_KEY_ID": KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET,
        }

    def run(self, *args):
        import os

        original = dict(os.environ)
        os.environ.update(self.s3_env)
        try:
            return super().run(*args)
        finally:
            os.environ.clear()
            os.environ.update(original)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_round_trip_on_object_storage(s3, support, dossier, office_user, tmp_path):
    default_storage.save("original_images/plan.png", ContentFile(PNG))
    letter = support["letters"][0]
    version = dossier_services.freeze(dossier, office_user)
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text(encoding="utf-8"))
    listed = {(entry["storage"], entry["path"]): entry for entry in manifest["files"]}
    stored = s3.client.get_object(Bucket=s3.bucket, Key=f"private/letters/{letter.file.name}")["Body"].read()
    entry = listed[("modellstadt.partners.uploads.PrivateLetterStorage", letter.file.name)]
    assert entry["sha256"] == hashlib.sha256(stored).hexdigest()  # checksums of the stored bytes, as on disk
    assert ("modellstadt.dossier.storage.PrivateDossierStorage", version.pdf.name) in listed
    assert ("media", "original_images/plan.png") in listed
    assert not [key for key in s3.keys() if "_readyz" in key]

    fresh_bucket = s3.new_bucket()
    fresh = FreshOnS3(tmp_path / "fresh", s3, fresh_bucket)
    try:
        assert fresh.run("migrate", "--no-input").returncode == 0
        restored = fresh.run("restore", str(tmp_path / "backup"))
        assert restored.returncode == 0, restored.stderr
        assert sorted(s3.keys(name=fresh_bucket)) == sorted(s3.keys())  # same keys in the new bucket
        assert _no_files_on_disk(tmp_path / "fresh" / "media") and _no_files_on_disk(tmp_path / "fresh" / "private")
        check = fresh.run("shell", "-c", CHECK_SCRIPT.format(letter_pk=letter.pk, version_pk=version.pk))
        assert check.returncode == 0, check.stderr
        result = json.loads(check.stdout.strip().splitlines()[-1])
    finally:
        fresh.drop()
    assert result["letter_sha"] == hashlib.sha256(stored).hexdigest()
    assert result["image_sha"] == hashlib.sha256(PNG).hexdigest()
    assert result["version_ok"] is True


# --- object storage down ----------------------------------------------------------------------------


def test_storage_down_upload_fails_next_to_the_field_and_keeps_what_was_typed(s3_down, client, rep, stadtwerke):
    client.force_login(rep)
    response = _post_letter(client, stadtwerke, _pdf("Brief"), signatory="Prof. Dr. Beate Beispiel")
    assert response.status_code == 400  # the form again, with the message at the file field
    html = response.content.decode()
    assert "weil die Dateiablage nicht erreichbar ist" in html
    assert "Dateiablage" in " ".join(response.context["form"].errors["file"])  # at the file field
    assert 'value="Prof. Dr. Beate Beispiel"' in html and ('value="2017-03-01"' in html or 'value="01.03.2017"' in html)
    assert not SupportLetter.objects.exists()
    assert _no_files_on_disk(s3_down)


def test_storage_down_pages_without_files_keep_serving_and_downloads_say_so(s3_down, client, rep, stadtwerke, settings):
    client.force_login(rep)
    assert client.get("/").status_code == 200
    assert client.get(f"/partnerbereich/organisation/{stadtwerke.slug}/").status_code == 200
    letter = SupportLetter.objects.create(
        organisation=stadtwerke, date="2017-03-01", signatory="X", uploaded_by=rep, file="abc.pdf"
    )
    response = client.get(reverse("partners_area:letter_download", args=[letter.pk]))
    assert response.status_code == 503
    assert "Dateiablage nicht antwortet" in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


def test_readyz_checks_the_bucket_without_revealing_it(s3, client, settings):
    settings.MODELLSTADT_EXPECT_WORKER = False
    response = client.get("/readyz")
    assert response.status_code == 200 and json.loads(response.content)["checks"]["storage"] == "ok"
    assert not [key for key in s3.keys() if "_readyz" in key]  # the probe objects are removed again

    _use(settings, _config(f"http://127.0.0.1:{_free_port()}", s3.bucket, timeout=1))
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.content.decode()
    assert json.loads(body)["checks"]["storage"] == "failed"
    for secret in (s3.bucket, "127.0.0.1", KEY_ID, SECRET):
        assert secret not in body


SETTINGS_PROBE = (
    "import json; from django.conf import settings; "
    "print(json.dumps([settings.MODELLSTADT_S3, settings.STORAGES['default']['BACKEND']]))"
)


def _settings_with(**variables):
    import os
    import sys
    from pathlib import Path

    env = {key: value for key, value in os.environ.items() if not key.startswith(("MODELLSTADT_S3", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="modellstadt.settings",
        SECRET_KEY="probe-" + "x" * 50,
        PYTHONPATH=str(Path(__file__).resolve().parents[2] / "src"),
        **variables,
    )
    probe = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + SETTINGS_PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(probe.stdout.strip().splitlines()[-1])


def test_the_bucket_variable_alone_decides_the_backend():
    assert _settings_with() == [None, "django.core.files.storage.FileSystemStorage"]
    options, backend = _settings_with(
        MODELLSTADT_S3_BUCKET="stadt-dateien", MODELLSTADT_S3_ENDPOINT_URL="http://127.0.0.1:5055"
    )
    assert backend == "modellstadt.core.uploads.PublicMediaStorage"
    assert options["bucket_name"] == "stadt-dateien" and options["endpoint_url"] == "http://127.0.0.1:5055"
    assert options["region_name"] == "eu-central-1" and options["private_acl"] == "private"
    assert not {"access_key", "secret_key"} & set(options)  # credentials stay with boto3's environment


def test_without_the_bucket_files_stay_on_disk(settings, tmp_path):
    from modellstadt.partners.uploads import letter_storage

    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    _use(settings, None)
    name = letter_storage.save("probe.pdf", ContentFile(b"%PDF"))
    assert not letter_storage.is_object_storage
    assert (tmp_path / "private" / "letters" / name).read_bytes() == b"%PDF"
    assert letter_storage.path(name) == str(tmp_path / "private" / "letters" / name)


def test_storage_down_an_idea_image_is_refused_at_the_image_field(s3_down, rep):
    from PIL import Image

    from modellstadt.ideas.rules import ParticipationError
    from modellstadt.ideas.services import store_idea_image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 90, 160)).save(buffer, "PNG")
    upload = SimpleUploadedFile("bild.png", buffer.getvalue(), content_type="image/png")
    with pytest.raises(ParticipationError, match="Dateiablage nicht erreichbar") as refused:
        store_idea_image(upload, "PNG", rep)
    assert refused.value.field == "image"
    assert _no_files_on_disk(s3_down)
