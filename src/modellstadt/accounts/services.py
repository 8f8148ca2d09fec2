"""Writes about a person's own account: consent, profile, data export and deletion."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext

from modellstadt.accounts.models import PublishedTerms, TermsAcceptance, User

if TYPE_CHECKING:  # imported inside the functions at run time (wagtail's models need the app registry)
    from wagtail.models import ModelLogEntry, PageLogEntry

# Other apps register functions that add their part of a person's data to the export:
# fn(user) -> (section_title, list_of_dicts). participation registers ideas, comments, supports.
# Any: the rows are JSON-like values of the app's own shape (written to meine-daten.json and .txt).
Exporter = Callable[[User], tuple[str, Any]]
EXPORTERS: list[Exporter] = []


def register_exporter(fn: Exporter) -> Exporter:
    if fn not in EXPORTERS:
        EXPORTERS.append(fn)
    return fn


# Other apps register functions that remove what they hold about a person before the account goes:
# fn(user), called inside ``delete_account``'s transaction while the user row still exists (e.g.
# notifications rewrite the person's name in other people's notifications, ideas delete the images).
Eraser = Callable[[User], None]
ERASERS: list[Eraser] = []


def register_erasers(erasers: Iterable[Eraser]) -> None:
    """Add an app's erasers to account deletion (from its ``AppConfig.ready()``; repeating is harmless)."""
    for eraser in erasers:
        if eraser not in ERASERS:
            ERASERS.append(eraser)


def deleted_account_label() -> str:
    """What stands where a deleted person's name stood (notifications, audit log)."""
    return gettext("Gelöschtes Konto")


TERMS_CACHE_KEY = "accounts:published-terms"


def published_terms_versions() -> dict[str, str]:
    """{document: version} of the versions the office has published (empty if none), cached."""
    versions: dict[str, str] | None = cache.get(TERMS_CACHE_KEY)
    if versions is None:
        versions = {}
        for row in PublishedTerms.objects.order_by("published_at", "id").values("document", "version"):
            versions[row["document"]] = row["version"]  # the newest wins
        cache.set(TERMS_CACHE_KEY, versions, 300)
    return versions


def current_terms_version(document: str) -> str:
    default: str = settings.MODELLSTADT_TERMS_VERSION
    return published_terms_versions().get(document, default)


@transaction.atomic
def publish_terms_version(*, document: str, version: str) -> PublishedTerms:
    """Record that the office published ``version`` of ``document``; a new version of the terms of use
    makes everyone accept again at their next visit."""
    row, created = PublishedTerms.objects.get_or_create(document=document, version=version)
    if not created:  # published again: it is the version in force again
        PublishedTerms.objects.filter(pk=row.pk).update(published_at=timezone.now())
    # Now for this request, and again after the commit in case another process re-read the old rows.
    cache.delete(TERMS_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(TERMS_CACHE_KEY))
    return row
def register_exporters(exporters: Iterable[Exporter]) -> None:
    """Add an app's exporters to "Meine Daten" (from its ``AppConfig.ready()``; repeating is harmless)."""
    for exporter in exporters:
        register_exporter(exporter)


# Files a person uploaded go into the ZIP beside the listing: fn(user) -> [(name in the archive, file)],
# where file is a stored FieldFile (e.g. an image of an idea under "bilder/…").
FileExporter = Callable[[User], Iterable[tuple[str, FieldFile]]]
FILE_EXPORTERS: list[FileExporter] = []


def register_file_exporters(exporters: Iterable[FileExporter]) -> None:
    for exporter in exporters:
        if exporter not in FILE_EXPORTERS:
            FILE_EXPORTERS.append(exporter)


def record_terms_acceptance(user: User) -> None:
    """The person accepts the terms of use and has read the privacy notice in the versions in force."""
    for document in TermsAcceptance.Document.values:
        TermsAcceptance.objects.get_or_create(user=user, document=document, version=current_terms_version(document))


def needs_terms_consent(user: User | AnonymousUser) -> bool:
    """True if this signed-in person accepted an earlier version of the terms of use than the one the
    office has published. Accounts with no recorded acceptance (made by the office in the back office)
    are not stopped here."""
    version = published_terms_versions().get(TermsAcceptance.Document.TERMS)
    if version is None or not user.is_authenticated:
        return False
    accepted = set(
        user.terms_acceptances.filter(document=TermsAcceptance.Document.TERMS).values_list("version", flat=True)
    )
    return bool(accepted) and version not in accepted


@transaction.atomic
def update_profile(user: User, *, display_name: str, district: str) -> User:
    user.display_name = display_name.strip()
    user.district = district.strip()
    user.save(update_fields=["display_name", "district"])
    return user


def _account_section(user: User) -> dict[str, Any]:  # Any: JSON values
    from allauth.account.models import EmailAddress

    return {
        "Benutzername": user.username,
        "Anzeigename": user.display_name,
        "Stadtteil": user.district,
        "Registriert am": user.date_joined.isoformat(),
        "Letzte Anmeldung": user.last_login.isoformat() if user.last_login else None,
        "E-Mail-Adressen": [
            {"Adresse": e.email, "bestätigt": e.verified, "primär": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "Zustimmungen": [
            {"Dokument": t.get_document_display(), "Version": t.version, "Zeitpunkt": t.accepted_at.isoformat()}
            for t in user.terms_acceptances.order_by("accepted_at")
        ],
        # allauth's reverse relations: allauth ships no type information, so the checker cannot see them
        "Zwei-Faktor-Verfahren": list(user.authenticator_set.values_list("type", flat=True)),  # type: ignore[attr-defined]
        "Verknüpfte Anmeldedienste": list(user.socialaccount_set.values_list("provider", flat=True)),  # type: ignore[attr-defined]
    }


# --- the audit log ------------------------------------------------------------------------------------
#
# Wagtail's log entries keep the acting user as a foreign key without a database constraint (the id
# survives the user row) and apps store who an entry is about in ``data``: "user" (the account id),
# "username"/"person" (the user name) or "email" (an invited address). These are the keys below.


def _log_entry_models() -> tuple[type[ModelLogEntry], type[PageLogEntry]]:
    from wagtail.models import ModelLogEntry, PageLogEntry

    return (ModelLogEntry, PageLogEntry)


def _emails(user: User) -> set[str]:
    from allauth.account.models import EmailAddress

    emails = set(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    if user.email:
        emails.add(user.email)
    return emails | {e.lower() for e in emails}


def _about_condition(user: User) -> Q:
    """Log entries the person made or that are about them."""
    condition = Q(user_id=user.pk) | Q(data__user=user.pk)
    if user.username:
        condition |= Q(data__username=user.username) | Q(data__person=user.username)
    emails = _emails(user)
    if emails:
        condition |= Q(data__email__in=sorted(emails))
    return condition


def audit_entries_about(user: User) -> list[ModelLogEntry | PageLogEntry]:
    """The audit-log entries the person made or that are about them, oldest first."""
    entries: list[ModelLogEntry | PageLogEntry] = []
    for model in _log_entry_models():
        entries += list(model.objects.filter(_about_condition(user)).select_related("content_type"))
    return sorted(entries, key=lambda entry: (entry.timestamp, entry.pk))


def _audit_section(user: User) -> list[dict[str, Any]]:  # Any: JSON values
    rows = []
    for entry in audit_entries_about(user):
        data = entry.data or {}
        rows.append({
            "Zeitpunkt": entry.timestamp.isoformat(),
            "Aktion": entry.action,
            "Betrifft": entry.label,
            "Von Ihnen ausgelöst": entry.user_id == user.pk,
            "Begründung": data.get("reason") or None,
        })
    return rows


def anonymise_audit_log(user: User) -> None:
    """Keep every entry (the office stays accountable for what it did), but without the person:
    no user id, and their name, user name and addresses replaced by "Gelöschtes Konto"."""
    label = deleted_account_label()
    names = sorted({n for n in (user.username, user.display_name, user.get_full_name(), user.public_name) if n},
                   key=len, reverse=True)
    emails = _emails(user)
    for model in _log_entry_models():
        for entry in model.objects.filter(_about_condition(user)):
            data = dict(entry.data or {})
            if data.get("user") == user.pk:
                data["user"] = None
            for key in ("username", "person"):
                if data.get(key) == user.username:
                    data[key] = label
            if data.get("email") in emails:
                data["email"] = label
            entry_label = entry.label
            for name in names:
                entry_label = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", lambda _match: label, entry_label)
            model.objects.filter(pk=entry.pk).update(
                user=None if entry.user_id == user.pk else entry.user_id, data=data, label=entry_label,
            )


def export_user_data(user: User) -> dict[str, Any]:  # Any: the sections' JSON values
    """Everything stored about ``user`` as a dict of sections."""
    data: dict[str, Any] = {"Konto": _account_section(user)}
    for exporter in EXPORTERS:
        title, rows = exporter(user)
        data[title] = rows
    data["Protokolleinträge"] = _audit_section(user)
    return data


def _as_text(value: Any, indent: int = 0) -> str:  # Any: a JSON value of the export
    pad = "  " * indent
    if isinstance(value, dict):
        return "\n".join(f"{pad}{k}:\n{_as_text(v, indent + 1)}" if isinstance(v, (dict, list)) and v
                         else f"{pad}{k}: {'' if v is None else v}" for k, v in value.items())
    if isinstance(value, list):
        if not value:
            return f"{pad}(keine)"
        return "\n".join(f"{pad}-\n{_as_text(v, indent + 1)}" if isinstance(v, (dict, list))
                         else f"{pad}- {v}" for v in value)
    return f"{pad}{value}"


def export_zip(user: User) -> bytes:
    """A ZIP with meine-daten.json (machine-readable) and meine-daten.txt (readable by people)."""
    data = export_user_data(user)
    created = timezone.localtime().strftime("%d.%m.%Y %H:%M")
    text = f"Ihre Daten bei {settings.WAGTAIL_SITE_NAME}, erstellt am {created} Uhr\n\n" + "\n\n".join(
        f"== {section} ==\n{_as_text(content)}" for section, content in data.items()
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("meine-daten.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        archive.writestr("meine-daten.txt", text + "\n")
        for exporter in FILE_EXPORTERS:
            for name, stored in exporter(user):
                try:
                    with stored.open("rb") as handle:
                        archive.writestr(name, handle.read())
                except OSError:  # listed in meine-daten.json; a file missing from storage is skipped
                    continue
    return buffer.getvalue()


@transaction.atomic
def delete_account(user: User) -> None:
    """Erase the person: the user row and everything personal goes; contributions stay, shown as
    from "gelöschtes Konto" (their author foreign keys are SET_NULL). Before the row goes, every app
    removes what it holds about the person elsewhere (``ERASERS``) and the audit log is anonymised."""
    for eraser in ERASERS:
        eraser(user)
    anonymise_audit_log(user)
    User.objects.filter(pk=user.pk).delete()
