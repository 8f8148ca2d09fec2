"""Writes of the open data platform: datasets, distributions and versions, loading data tables, API
keys, access requests for restricted data.

Every function checks who may do it, runs in a transaction and raises OpenDataError with a German
message a person can read. Views, the write API, the back office and the demo loader call these.
Changes go into Wagtail's audit log (actions registered in wagtail_hooks.py).
"""

import datetime
import hashlib
import json
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from modellstadt.core import cache as page_cache
from modellstadt.core.text import unique_slug
from modellstadt.core.uploads import STORAGE_UNAVAILABLE_MESSAGE, StorageUnavailable, local_copy, storage_guard
from modellstadt.opendata import datastore, tables
from modellstadt.opendata.models import (
    AccessLevel,
    AccessRequest,
    AccessState,
    ApiKey,
    Dataset,
    DatasetState,
    Distribution,
    DistributionKind,
    DistributionVersion,
    Keyword,
    RestrictedRead,
    TableState,
    Theme,
)
from modellstadt.opendata.vocabularies import FORMATS, LICENCES, TABULAR_FORMATS, THEMES

ACTION_SAVE = "modellstadt.opendata.save"
ACTION_PUBLISH = "modellstadt.opendata.publish"
ACTION_REVIEW = "modellstadt.opendata.review"
ACTION_UNPUBLISH = "modellstadt.opendata.unpublish"
ACTION_UPLOAD = "modellstadt.opendata.upload"
ACTION_ROWS = "modellstadt.opendata.rows"
ACTION_ACCESS = "modellstadt.opendata.access"

KEY_MAX_DAYS = 365
KEY_PREFIX = "msd_"


class OpenDataError(ValidationError):
    """A rule of the open data platform stops the action; ``field`` names the form field it belongs to."""

    def __init__(self, message, *, field=None, code="opendata", report=None):
        super().__init__(message, code=code)
        self.field = field
        self.report = report or []

    def __str__(self):
        return str(self.message)


# --- who may do what --------------------------------------------------------------------------------


def is_office(user):
    return bool(user and user.is_authenticated and user.is_active and user.has_perm("opendata.change_dataset"))


def represents(user, organisation_id):
    from modellstadt.partners.models import Membership, MembershipState

    if not (user and user.is_authenticated and user.is_active):
        return False
    return Membership.objects.filter(
        user=user, organisation_id=organisation_id, state=MembershipState.APPROVED
    ).exists()


def can_manage(user, organisation_id):
    return is_office(user) or represents(user, organisation_id)


def _require_manage(user, organisation_id):
    if not can_manage(user, organisation_id):
        raise OpenDataError(_("Sie dürfen die Datensätze dieser Organisation nicht bearbeiten."), code="permission")


def review_required():
    from modellstadt.opendata.models import OpenDataSettings

    return OpenDataSettings.load().require_review


def _send_on_commit(recipients, subject, template, context):
    from modellstadt.opendata.tasks import send_opendata_email

    recipients = sorted({r for r in recipients if r})
    if recipients:
        body = render_to_string(template, context)
        transaction.on_commit(lambda: send_opendata_email.enqueue(recipients, subject, body))


def _log(instance, action, user, **data):
    log(instance=instance, action=action, user=user if user and user.is_authenticated else None, data=data)
    _public_output_changed()


def _public_output_changed():
    """Retire the kept pages and answers (catalogue, dataset pages, feeds, CKAN and DCAT answers)."""
    page_cache.content_changed()


# --- datasets -------------------------------------------------------------------------------------


def _clean_keywords(keywords):
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    names = []
    for word in keywords or []:
        word = " ".join(str(word).split())[:100]
        if word and word.lower() not in {n.lower() for n in names}:
            names.append(word)
    return names


@transaction.atomic
def save_dataset(user, dataset=None, *, publisher, title, description, keywords=(), themes=(),
                 licence="dl-by-de/2.0", access_level=AccessLevel.OPEN, terms_of_use="", contact_name="",
                 contact_email="", municipality_key="", temporal_start=None, temporal_end=None,
                 frequency="UNKNOWN", fields=None, projects=None, slug=None, editorial_note=None):
    """Create (``dataset=None``) or update a dataset's metadata. Publishing is separate."""
    _require_manage(user, publisher.pk)
    if dataset is not None:
        _require_manage(user, dataset.publisher_id)
    title = " ".join((title or "").split())
    if not title:
        raise OpenDataError(_("Bitte geben Sie einen Titel an."), field="title")
    if not (description or "").strip():
        raise OpenDataError(_("Bitte beschreiben Sie den Datensatz."), field="description")
    if licence not in LICENCES:
        raise OpenDataError(_("Bitte wählen Sie eine Lizenz aus der Liste."), field="licence")
    if access_level not in AccessLevel.values:
        raise OpenDataError(_("Bitte wählen Sie eine Zugangsstufe."), field="access_level")
    if access_level == AccessLevel.RESTRICTED and not (terms_of_use or "").strip():
        raise OpenDataError(
            _("Für eingeschränkte Daten nennen Sie bitte die Nutzungsbedingungen."), field="terms_of_use"
        )
    if temporal_start and temporal_end and temporal_end < temporal_start:
        raise OpenDataError(_("Das Ende des Zeitraums liegt vor dem Anfang."), field="temporal_end")
    unknown = [t for t in themes if t not in THEMES]
    if unknown:
        raise OpenDataError(_("Unbekanntes Datenthema: %(t)s") % {"t": ", ".join(unknown)}, field="themes")
    created = dataset is None
    if created:
        dataset = Dataset(slug=slug or unique_slug(Dataset, title, max_length=100))
    elif dataset.publisher_id != publisher.pk and not is_office(user):
        raise OpenDataError(_("Nur das Programmbüro kann einen Datensatz einer anderen Organisation zuordnen."),
                            field="publisher", code="permission")
    dataset.publisher = publisher
    dataset.title = title[:200]
    dataset.description = description.strip()
    dataset.licence = licence
    dataset.access_level = access_level
    dataset.terms_of_use = (terms_of_use or "").strip()
    dataset.contact_name = contact_name or ""
    dataset.contact_email = contact_email or ""
    dataset.municipality_key = municipality_key or ""
    dataset.temporal_start = temporal_start
    dataset.temporal_end = temporal_end
    dataset.frequency = frequency
    dataset.modified = timezone.now()
    if editorial_note is not None:
        dataset.editorial_note = editorial_note
    if dataset.state == DatasetState.PUBLISHED and access_level == AccessLevel.OPEN and not dataset.no_personal_data:
        raise OpenDataError(
            _("Bevor der Datensatz offen zugänglich wird, bestätigen Sie bitte, dass er keine personenbezogenen "
              "Daten enthält."), field="access_level",
        )
    dataset.save()
    kw = [Keyword.objects.get_or_create(name=name)[0] for name in _clean_keywords(keywords)]
    dataset.keywords.set(kw)
    dataset.themes.set([Theme.objects.get_or_create(code=code)[0] for code in themes])
    if fields is not None:
        dataset.fields.set(fields)
    if projects is not None:
        dataset.projects.set(projects)
    _log(dataset, ACTION_SAVE, user, created=created, title=dataset.title)
    return dataset


def personal_columns(dataset):
    """[(distribution title, column title)] of live tables whose schema marks a column as personal."""
    found = []
    for dist in dataset.distributions.select_related("live_version"):
        version = dist.live_version
        if version:
            found += [(dist.title, f.get("title") or f["name"]) for f in version.fields if f.get("personal")]
    return found


@transaction.atomic
def publish_dataset(user, dataset, *, confirm_no_personal_data=False):
    """Publish (or send to the office's review). Open data needs the confirmation of no personal data."""
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    _require_manage(user, dataset.publisher_id)
    if dataset.access_level in (AccessLevel.OPEN, AccessLevel.REGISTERED):
        blocked = personal_columns(dataset)
        if blocked:
            raise OpenDataError(
                _("Die Spalte „%(column)s“ in „%(dist)s“ ist als personenbezogen markiert. Solche Daten können "
                  "nicht offen veröffentlicht werden.") % {"column": blocked[0][1], "dist": blocked[0][0]},
                field="confirm_no_personal_data", code="personal_data",
            )
        if not (confirm_no_personal_data or dataset.no_personal_data):
            raise OpenDataError(
                _("Bitte bestätigen Sie, dass der Datensatz keine personenbezogenen Daten enthält."),
                field="confirm_no_personal_data", code="personal_data",
            )
        if confirm_no_personal_data and not dataset.no_personal_data:
            dataset.no_personal_data = True
            dataset.no_personal_data_confirmed_by = user
    if review_required() and not is_office(user):
        dataset.state = DatasetState.REVIEW
        dataset.save()
        _log(dataset, ACTION_REVIEW, user, title=dataset.title)
        from django.contrib.auth.models import Group

        office = Group.objects.filter(name="Programmbüro").first()
        emails = list(office.user_set.values_list("email", flat=True)) if office else []
        _send_on_commit(emails, _("Datensatz zur Prüfung: %(t)s") % {"t": dataset.title},
                        "opendata/email/review.txt", {"dataset": dataset, "base_url": settings.WAGTAILADMIN_BASE_URL})
        return dataset
    now = timezone.now()
    dataset.state = DatasetState.PUBLISHED
    dataset.issued = dataset.issued or now
    dataset.modified = now
    dataset.save()
    _log(dataset, ACTION_PUBLISH, user, title=dataset.title)
    return dataset


@transaction.atomic
def unpublish_dataset(user, dataset):
    _require_manage(user, dataset.publisher_id)
    dataset.state = DatasetState.DRAFT
    dataset.modified = timezone.now()
    dataset.save(update_fields=["state", "modified"])
    _log(dataset, ACTION_UNPUBLISH, user, title=dataset.title)
    return dataset


def _refresh_formats(dataset):
    formats = sorted(set(dataset.distributions.values_list("format", flat=True)))
    Dataset.objects.filter(pk=dataset.pk).update(formats=",".join(formats), modified=timezone.now())


# --- distributions and versions --------------------------------------------------------------------


@transaction.atomic
def add_distribution(user, dataset, *, title, format, kind=DistributionKind.FILE, external_url="", description=""):
    _require_manage(user, dataset.publisher_id)
    format = (format or "").upper()
    if format not in FORMATS:
        raise OpenDataError(_("Bitte wählen Sie ein Format aus der Liste."), field="format")
    if kind in (DistributionKind.URL, DistributionKind.API) and not external_url:
        raise OpenDataError(_("Bitte geben Sie die Adresse an."), field="external_url")
    dist = Distribution.objects.create(
        dataset=dataset, title=(title or format).strip()[:200], format=format, kind=kind,
        media_type=FORMATS[format][0], external_url=external_url or "", description=description or "",
        position=dataset.distributions.count(),
    )
    _refresh_formats(dataset)
    _log(dataset, ACTION_SAVE, user, distribution=dist.title)
    return dist


def _check_content(upload, fmt):
    """Check an upload by its content, not its name. Raises OpenDataError."""
    limit = settings.OPENDATA_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise OpenDataError(
            _("Die Datei ist größer als erlaubt (%(mb)s MB).") % {"mb": limit // (1024 * 1024)}, field="file"
        )
    if upload.size == 0:
        raise OpenDataError(_("Die Datei ist leer."), field="file")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    ok = True
    if fmt == "PDF":
        ok = head.startswith(b"%PDF-")
    elif fmt in ("ZIP", "XLSX"):
        ok = head.startswith(b"PK\x03\x04")
    elif fmt in ("JSON", "GEOJSON"):
        try:
            data = json.load(upload)
            ok = not (fmt == "GEOJSON" and (not isinstance(data, dict) or data.get("type") not in
                                            {"FeatureCollection", "Feature"}))
        except (ValueError, UnicodeDecodeError):
            ok = False
        upload.seek(0)
    elif fmt == "CSV":
        ok = b"\x00" not in head
    if not ok:
        raise OpenDataError(
            _("Der Inhalt der Datei passt nicht zum Format %(format)s.") % {"format": fmt}, field="file"
        )


@transaction.atomic
def upload_version(user, distribution, *, upload, primary_key=(), personal=(), load_now=False):
    """Store a new version of a file distribution. Tabular files are checked and loaded in the
    background (``load_version_task``); the previous version stays live until the new one is loaded."""
    dataset = distribution.dataset
    _require_manage(user, dataset.publisher_id)
    if distribution.kind != DistributionKind.FILE:
        raise OpenDataError(_("Zu einem externen Link kann man keine Datei hochladen."), field="file")
    _check_content(upload, distribution.format)
    last = distribution.versions.order_by("-number").values_list("number", flat=True).first() or 0
    tabular = distribution.format in TABULAR_FORMATS
    version = DistributionVersion(
        distribution=distribution, number=last + 1, original_name=(getattr(upload, "name", "") or "daten")[:255],
        byte_size=upload.size, sha256=DistributionVersion.hash_file(upload), created_by=user,
        table_state=TableState.PENDING if tabular else TableState.NONE,
        table_schema={"primaryKey": list(primary_key), "personal": list(personal)} if tabular else {},
    )
    try:
        with storage_guard():
            version.file.save(version.original_name, upload, save=False)
    except StorageUnavailable:
        raise OpenDataError(STORAGE_UNAVAILABLE_MESSAGE, field="file") from None
    version.save()
    if not tabular:
        distribution.live_version = version
        distribution.save(update_fields=["live_version"])
    Dataset.objects.filter(pk=dataset.pk).update(modified=timezone.now())
    _log(dataset, ACTION_UPLOAD, user, distribution=distribution.title, version=version.number,
         sha256=version.sha256)
    if tabular:
        from modellstadt.opendata.tasks import load_version_task

        if load_now:  # the demo loader and scripts: load inside the caller's transaction
            load_version(version.pk)
        else:
            transaction.on_commit(lambda: load_version_task.enqueue(version.pk))
    return version


def load_version(version_id):
    """Check, type and load one tabular version into its own table, then make it live atomically.

    Runs in the task worker. On a problem the version is marked failed with a German report and the
    previous version stays live.
    """
    version = DistributionVersion.objects.select_related("distribution").get(pk=version_id)
    DistributionVersion.objects.filter(pk=version.pk).update(table_state=TableState.LOADING, rows_loaded=0)
    options = version.table_schema or {}
    table = version.table_name
    try:
        with local_copy(version.file.storage, version.file.name) as fileobj:
            inspection, total = _load_table(version, fileobj, options)
        fields = inspection.fields
        if inspection.problems:
            raise tables.TableError(inspection.problems)
        try:
            datastore.create_indexes(table, fields, inspection.primary_key)
        except datastore.DuplicateKeys as exc:
            titles = ", ".join(f.get("title") or f["name"] for f in fields if f["name"] in inspection.primary_key)
            raise tables.TableError([
                tables.problem(_("Der Primärschlüssel „%(key)s“ kommt doppelt vor.")
                               % {"key": "/".join(str(v) for v in key)}, row=line, column=titles)
                for key, line in exc.duplicates
            ]) from None
        ordered = datastore.ordered_columns(table, fields)
    except tables.TableError as exc:
        datastore.drop_table(table)
        DistributionVersion.objects.filter(pk=version.pk).update(
            table_state=TableState.FAILED, report=exc.problems
        )
        return None
    except Exception:
        datastore.drop_table(table)
        DistributionVersion.objects.filter(pk=version.pk).update(
            table_state=TableState.FAILED,
            report=[tables.problem(_("Die Datei konnte nicht verarbeitet werden."))],
        )
        raise
    schema = {"fields": fields, "primaryKey": inspection.primary_key,
              "encoding": inspection.dialect.encoding, "delimiter": inspection.dialect.delimiter}
    with transaction.atomic():
        dist = Distribution.objects.select_for_update().get(pk=version.distribution_id)
        previous = dist.live_version_id
        DistributionVersion.objects.filter(pk=version.pk).update(
            table_state=TableState.LOADED, table_schema=schema, row_count=total, rows_loaded=total,
            loaded_at=timezone.now(), ordered_columns=ordered,
            report=[tables.problem(w) for w in inspection.warnings],
        )
        dist.live_version_id = version.pk
        dist.save(update_fields=["live_version"])
        Dataset.objects.filter(pk=dist.dataset_id).update(modified=timezone.now())
    _drop_old_tables(dist, keep={version.pk, previous})
    _public_output_changed()
    return version.pk


def _load_table(version, fileobj, options):
    """Infer the types from the first rows and load the file into the version's table; if a later value
    does not fit them, infer the types from the whole file and load it again. Returns (inspection, rows)."""

    def progress(n):
        DistributionVersion.objects.filter(pk=version.pk).update(rows_loaded=n)

    def load(whole_file=False):
        inspection = tables.inspect_table(
            fileobj, version.distribution.format, primary_key=options.get("primaryKey") or (),
            personal=options.get("personal") or (), whole_file=whole_file,
        )
        datastore.create_table(version.table_name, inspection.fields)
        total = datastore.load_rows(version.table_name, inspection, tables.iter_chunks(fileobj, inspection),
                                    progress=progress)
        return inspection, total

    try:
        return load()
    except tables.Resample:
        return load(whole_file=True)


def _drop_old_tables(distribution, keep):
    """Keep the live table and the one before; older versions stay downloadable as files."""
    old = distribution.versions.filter(table_state=TableState.LOADED).exclude(pk__in=[k for k in keep if k])
    for version in old:
        datastore.drop_table(version.table_name)
    old.update(table_state=TableState.NONE)


@transaction.atomic
def mark_personal_columns(user, version, names):
    """Mark columns of a loaded version as personal (blocks open publication) or unmark them."""
    _require_manage(user, version.distribution.dataset.publisher_id)
    schema = dict(version.table_schema)
    schema["fields"] = [{**f, "personal": f["name"] in names} for f in schema.get("fields", [])]
    version.table_schema = schema
    version.save(update_fields=["table_schema"])
    dataset = version.distribution.dataset
    if any(f["personal"] for f in schema["fields"]) and dataset.access_level != AccessLevel.RESTRICTED:
        if dataset.state == DatasetState.PUBLISHED:
            dataset.state = DatasetState.DRAFT
        dataset.no_personal_data = False
        dataset.save(update_fields=["state", "no_personal_data"])
    _log(dataset, ACTION_SAVE, user, personal_columns=sorted(names))
    return version


def live_table(distribution):
    version = distribution.live_version
    if not version or version.table_state != TableState.LOADED:
        raise OpenDataError(_("Zu dieser Distribution gibt es noch keine geladene Datentabelle."), code="not_found")
    return version


def upsert_rows(user, distribution, rows, *, key=None):
    """Insert rows into the live table, or update rows with the same primary key (write API)."""
    dataset = distribution.dataset
    if key is not None:
        if not key.scope_write or key.organisation_id != dataset.publisher_id:
            raise OpenDataError(_("Dieser Schlüssel darf diesen Datensatz nicht schreiben."), code="permission")
    else:
        _require_manage(user, dataset.publisher_id)
    version = live_table(distribution)
    fields = version.fields
    names = {f["name"]: f for f in fields}
    pk = version.table_schema.get("primaryKey") or []
    typed = []
    for n, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise OpenDataError(_("Zeile %(n)s ist kein Objekt.") % {"n": n}, code="invalid")
        unknown = set(row) - set(names)
        if unknown:
            raise OpenDataError(_("Zeile %(n)s: unbekannte Spalte „%(c)s“.") % {"n": n, "c": sorted(unknown)[0]},
                                code="invalid")
        values = []
        for f in fields:
            value = row.get(f["name"])
            if value is None or value == "":
                if f["name"] in pk:
                    raise OpenDataError(_("Zeile %(n)s: der Primärschlüssel „%(c)s“ fehlt.") % {"n": n, "c": f["name"]},
                                        code="invalid")
                values.append(None)
                continue
            try:
                if f["type"] == "string" and isinstance(value, str):
                    values.append(value)
                    continue
                if f["type"] == "boolean" or isinstance(value, bool) or not isinstance(value, int | float):
                    value = str(value)  # JSON's true and false as the words a boolean column reads
                values.append(tables.api_converter(f)(value))
            except (TypeError, ValueError):
                raise OpenDataError(
                    _("Zeile %(n)s, Spalte „%(c)s“: „%(v)s“ ist kein gültiger Wert vom Typ %(t)s.")
                    % {"n": n, "c": f["name"], "v": str(value)[:40], "t": tables.type_label(f)}, code="invalid",
                ) from None
        typed.append(values)
    with transaction.atomic():
        # one writer per table at a time, so the order check below sees every earlier write
        ordered = (DistributionVersion.objects.select_for_update().filter(pk=version.pk)
                   .values_list("ordered_columns", flat=True).get())
        after_id = datastore.last_row_id(version.table_name) if ordered else 0
        # rows with the primary key of a stored row replace it; without a primary key rows are appended
        datastore.upsert_rows(version.table_name, fields, pk, typed)
        if ordered:
            positions = [[f["name"] for f in fields].index(c) for c in pk]
            kept = datastore.still_ordered(version.table_name, ordered, after_id=after_id, primary_key=pk,
                                           keys=[[row[i] for i in positions] for row in typed])
            if kept != ordered:
                DistributionVersion.objects.filter(pk=version.pk).update(ordered_columns=kept)
        total = datastore.count_rows(version.table_name)
        DistributionVersion.objects.filter(pk=version.pk).update(row_count=total)
        Dataset.objects.filter(pk=dataset.pk).update(modified=timezone.now())
        _log(dataset, ACTION_ROWS, user or (key.user if key else None), distribution=distribution.title,
             rows=len(typed))
    return len(typed)


# --- API keys -------------------------------------------------------------------------------------


def hash_secret(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def create_api_key(user, *, name, expires, organisation=None, read=True, write=False):
    """A new key; returns (key, secret). The secret is shown once and only its hash is stored."""
    with transaction.atomic():
        if not (user and user.is_authenticated):
            raise OpenDataError(_("Bitte melden Sie sich an."), code="login_required")
        name = " ".join((name or "").split())
        if not name:
            raise OpenDataError(_("Bitte geben Sie dem Schlüssel einen Namen."), field="name")
        today = timezone.localdate()
        if isinstance(expires, datetime.datetime):
            expires = timezone.localtime(expires).date()
        if not expires or expires <= today:
            raise OpenDataError(_("Das Ablaufdatum muss in der Zukunft liegen."), field="expires")
        if expires > today + datetime.timedelta(days=KEY_MAX_DAYS):
            raise OpenDataError(_("Ein Schlüssel gilt höchstens ein Jahr."), field="expires")
        if write and organisation is None:
            raise OpenDataError(_("Schreibrechte gibt es nur für Schlüssel einer Organisation."), field="organisation")
        if organisation is not None and not represents(user, organisation.pk):
            raise OpenDataError(_("Sie vertreten diese Organisation nicht."), field="organisation", code="permission")
        secret = KEY_PREFIX + secrets.token_urlsafe(32)
        key = ApiKey.objects.create(
            user=user, organisation=organisation, name=name[:100], prefix=secret[len(KEY_PREFIX):][:8],
            key_hash=hash_secret(secret), scope_read=bool(read), scope_write=bool(write),
            expires=timezone.make_aware(datetime.datetime.combine(expires, datetime.time(23, 59, 59))),
        )
        return key, secret


def revoke_api_key(user, key):
    with transaction.atomic():
        if key.user_id != user.pk and not (key.organisation_id and represents(user, key.organisation_id)):
            raise OpenDataError(_("Diesen Schlüssel können Sie nicht widerrufen."), code="permission")
        if key.revoked is None:
            key.revoked = timezone.now()
            key.save(update_fields=["revoked"])
        return key


def authenticate_key(secret):
    """The active key for a secret, or None. Records the last use at most once a minute."""
    if not secret or not secret.startswith(KEY_PREFIX):
        return None
    key = ApiKey.objects.select_related("user").filter(key_hash=hash_secret(secret)).first()
    if key is None or not key.is_active or not key.user.is_active:
        return None
    now = timezone.now()
    if key.last_used is None or (now - key.last_used).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used=now)
    return key


# --- restricted data -------------------------------------------------------------------------------


def has_access(user, dataset):
    """May ``user`` read the data (not only the description) of ``dataset``?"""
    if dataset.access_level == AccessLevel.OPEN and dataset.is_published:
        return True
    if not (user and user.is_authenticated):
        return False
    if can_manage(user, dataset.publisher_id):
        return True
    if not dataset.is_published or dataset.access_level == AccessLevel.OPEN:
        return False
    if dataset.access_level == AccessLevel.REGISTERED:
        return True
    return AccessRequest.objects.filter(
        dataset=dataset, user=user, state=AccessState.APPROVED, valid_until__gt=timezone.now()
    ).exists()


def log_restricted_read(dataset, user, what, key=None):
    if dataset.access_level == AccessLevel.RESTRICTED:
        RestrictedRead.objects.create(dataset=dataset, user=user, api_key=key, what=what[:500])


def request_access(user, dataset, *, organisation_name="", purpose, terms_accepted):
    with transaction.atomic():
        if not (user and user.is_authenticated):
            raise OpenDataError(_("Bitte melden Sie sich an."), code="login_required")
        if dataset.access_level != AccessLevel.RESTRICTED or not dataset.is_published:
            raise OpenDataError(_("Für diesen Datensatz ist kein Antrag nötig."), code="invalid")
        purpose = (purpose or "").strip()
        if len(purpose) < 20:
            raise OpenDataError(_("Bitte beschreiben Sie den Zweck in mindestens 20 Zeichen."), field="purpose")
        if not terms_accepted:
            raise OpenDataError(_("Bitte nehmen Sie die Nutzungsbedingungen an."), field="terms_accepted")
        if AccessRequest.objects.filter(dataset=dataset, user=user, state__in=["pending", "approved"]).exists():
            raise OpenDataError(_("Sie haben für diesen Datensatz bereits einen offenen Antrag oder Zugang."),
                                field="purpose")
        req = AccessRequest.objects.create(
            dataset=dataset, user=user, organisation_name=(organisation_name or "").strip()[:200], purpose=purpose,
            terms_accepted=True,
        )
        _log(dataset, ACTION_ACCESS, user, event="requested", person=user.get_username())
        from modellstadt.partners.models import Membership, MembershipState

        emails = list(Membership.objects.filter(organisation_id=dataset.publisher_id, state=MembershipState.APPROVED)
                      .values_list("user__email", flat=True))
        if dataset.contact_email:
            emails.append(dataset.contact_email)
        _send_on_commit(emails, _("Neuer Antrag auf Datenzugang: %(t)s") % {"t": dataset.title},
                        "opendata/email/access_requested.txt",
                        {"req": req, "dataset": dataset, "base_url": settings.WAGTAILADMIN_BASE_URL})
        return req


def decide_access(user, access_request, *, approve, reason="", days=365):
    with transaction.atomic():
        req = AccessRequest.objects.select_for_update().select_related("dataset", "user").get(pk=access_request.pk)
        _require_manage(user, req.dataset.publisher_id)
        if req.state != AccessState.PENDING:
            raise OpenDataError(_("Über diesen Antrag ist bereits entschieden."), code="invalid")
        reason = (reason or "").strip()
        if not approve and not reason:
            raise OpenDataError(_("Bitte begründen Sie die Ablehnung."), field="reason")
        if approve and not 1 <= int(days) <= 730:
            raise OpenDataError(_("Der Zugang kann für 1 bis 730 Tage gewährt werden."), field="days")
        req.state = AccessState.APPROVED if approve else AccessState.DECLINED
        req.reason = reason
        req.decided_by = user
        req.decided_at = timezone.now()
        req.valid_until = timezone.now() + datetime.timedelta(days=int(days)) if approve else None
        req.save()
        _log(req.dataset, ACTION_ACCESS, user, event=req.state, person=req.user.get_username(), reason=reason)
        _send_on_commit([req.user.email], _("Entscheidung über Ihren Antrag: %(t)s") % {"t": req.dataset.title},
                        "opendata/email/access_decided.txt",
                        {"req": req, "base_url": settings.WAGTAILADMIN_BASE_URL})
        return req


def revoke_access(user, access_request, *, reason=""):
    with transaction.atomic():
        req = AccessRequest.objects.select_for_update().select_related("dataset", "user").get(pk=access_request.pk)
        _require_manage(user, req.dataset.publisher_id)
        if req.state != AccessState.APPROVED:
            raise OpenDataError(_("Nur ein gewährter Zugang kann widerrufen werden."), code="invalid")
        req.state = AccessState.REVOKED
        req.reason = (reason or "").strip()
        req.decided_by = user
        req.decided_at = timezone.now()
        req.save()
        _log(req.dataset, ACTION_ACCESS, user, event="revoked", person=req.user.get_username(), reason=req.reason)
        _send_on_commit([req.user.email], _("Ihr Datenzugang wurde widerrufen: %(t)s") % {"t": req.dataset.title},
                        "opendata/email/access_decided.txt", {"req": req, "base_url": settings.WAGTAILADMIN_BASE_URL})
        return req


def notify_expiring_access(*, days=7):
    """Tell people whose access ends within ``days`` (once). Called daily by `modellstadt opendata_daily`."""
    now = timezone.now()
    due = AccessRequest.objects.select_related("dataset", "user").filter(
        state=AccessState.APPROVED, expiry_notified=False, valid_until__lte=now + datetime.timedelta(days=days),
    )
    sent = 0
    for req in due:
        with transaction.atomic():
            if AccessRequest.objects.filter(pk=req.pk, expiry_notified=False).update(expiry_notified=True):
                _send_on_commit([req.user.email], _("Ihr Datenzugang läuft ab: %(t)s") % {"t": req.dataset.title},
                                "opendata/email/access_expiring.txt",
                                {"req": req, "base_url": settings.WAGTAILADMIN_BASE_URL})
                sent += 1
    return sent
