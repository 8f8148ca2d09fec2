"""Datasets of the open data catalogue, their distributions and versions, data tables, API keys and
controlled access to restricted data.

A dataset belongs to one publisher (an organisation of the partner network). Each distribution keeps
every uploaded version; ``Distribution.live_version`` points at the version the public and the data
API see, and is switched in one transaction once a new version is completely loaded, so readers
never see a half-loaded table.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting

from modellstadt.core.models import EditorialNoteMixin
from modellstadt.core.uploads import PrivateStorage
from modellstadt.opendata.vocabularies import (
    FORMAT_CHOICES,
    FREQUENCY_CHOICES,
    LICENCE_CHOICES,
    LICENCES,
    THEME_CHOICES,
)


class AccessLevel(models.TextChoices):
    OPEN = "open", _("Offen")
    REGISTERED = "registered", _("Nach Anmeldung")
    RESTRICTED = "restricted", _("Eingeschränkt (auf Antrag)")


class DatasetState(models.TextChoices):
    DRAFT = "draft", _("Entwurf")
    REVIEW = "review", _("In Prüfung beim Programmbüro")
    PUBLISHED = "published", _("Veröffentlicht")


class Theme(models.Model):
    """One of the EU data themes (rows created by the migration, codes fixed by the vocabulary)."""

    code = models.CharField(_("Code"), max_length=8, unique=True, choices=THEME_CHOICES)

    class Meta:
        ordering = ["code"]
        verbose_name = _("Datenthema")
        verbose_name_plural = _("Datenthemen")

    def __str__(self):
        return self.get_code_display()


class Keyword(models.Model):
    name = models.CharField(_("Schlagwort"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Schlagwort")
        verbose_name_plural = _("Schlagwörter")

    def __str__(self):
        return self.name


class Dataset(EditorialNoteMixin, models.Model):
    slug = models.SlugField(_("Kurzname"), max_length=100, unique=True)
    publisher = models.ForeignKey(
        "partners.Organisation", verbose_name=_("Bereitstellende Organisation"), on_delete=models.PROTECT,
        related_name="datasets",
    )
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"))
    keywords = models.ManyToManyField(Keyword, verbose_name=_("Schlagwörter"), blank=True, related_name="datasets")
    themes = models.ManyToManyField(Theme, verbose_name=_("Datenthemen"), blank=True, related_name="datasets")
    licence = models.CharField(_("Lizenz"), max_length=32, choices=LICENCE_CHOICES, default="dl-by-de/2.0")
    access_level = models.CharField(
        _("Zugang"), max_length=16, choices=AccessLevel.choices, default=AccessLevel.OPEN, db_index=True
    )
    terms_of_use = models.TextField(
        _("Nutzungsbedingungen (für eingeschränkte Daten)"), blank=True,
        help_text=_("Wer Zugang beantragt, muss diese Bedingungen annehmen."),
    )
    contact_name = models.CharField(_("Ansprechstelle"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail der Ansprechstelle"), blank=True)
    municipality_key = models.CharField(
        _("Amtlicher Gemeindeschlüssel"), max_length=12, blank=True,
        help_text=_("Räumlicher Bezug (politische Geokodierung); leer: der Schlüssel der Stadt aus den Einstellungen."),
    )
    temporal_start = models.DateField(_("Zeitraum von"), null=True, blank=True)
    temporal_end = models.DateField(_("Zeitraum bis"), null=True, blank=True)
    frequency = models.CharField(_("Aktualisierung"), max_length=12, choices=FREQUENCY_CHOICES, default="UNKNOWN")
    issued = models.DateTimeField(_("Veröffentlicht am"), null=True, blank=True)
    modified = models.DateTimeField(_("Geändert am"), default=timezone.now, db_index=True)
    created = models.DateTimeField(_("Angelegt am"), default=timezone.now, editable=False)
    fields = models.ManyToManyField(
        "strategy.CooperationFieldPage", verbose_name=_("Kooperationsfelder"), blank=True, related_name="datasets"
    )
    projects = models.ManyToManyField(
        "projects.ProjectPage", verbose_name=_("Projekte"), blank=True, related_name="datasets"
    )
    state = models.CharField(
        _("Stand"), max_length=12, choices=DatasetState.choices, default=DatasetState.DRAFT, db_index=True
    )
    no_personal_data = models.BooleanField(
        _("Enthält keine personenbezogenen Daten"), default=False,
        help_text=_("Bestätigung der bereitstellenden Stelle; Voraussetzung für offene Veröffentlichung."),
    )
    no_personal_data_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Bestätigt von"),
    )
    # denormalised for the catalogue's format facet and list (kept by services)
    formats = models.CharField(_("Formate"), max_length=200, blank=True, editable=False)

    class Meta:
        ordering = ["-modified", "-id"]
        verbose_name = _("Datensatz")
        verbose_name_plural = _("Datensätze")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=DatasetState.values), name="opendata_dataset_state_valid"),
            models.CheckConstraint(
                condition=Q(access_level__in=AccessLevel.values), name="opendata_dataset_access_valid"
            ),
            models.CheckConstraint(
                condition=~Q(state="published", access_level="open") | Q(no_personal_data=True),
                name="opendata_open_needs_no_personal_data",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "-modified", "-id"], name="opendata_ds_state_mod_idx"),
            models.Index(fields=["state", "title"], name="opendata_ds_state_title_idx"),
            models.Index(fields=["publisher", "state"], name="opendata_ds_pub_state_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("opendata:dataset", args=[self.slug])

    @property
    def licence_info(self):
        return LICENCES.get(self.licence)

    @property
    def is_published(self):
        return self.state == DatasetState.PUBLISHED

    @property
    def geocoding_key(self):
        return self.municipality_key or settings.MODELLSTADT_MUNICIPALITY_KEY


class DistributionKind(models.TextChoices):
    FILE = "file", _("Datei")
    URL = "url", _("Externer Link")
    API = "api", _("Schnittstelle (API)")


class Distribution(models.Model):
    """One way to get a dataset's data: a file (with versions), an external link or an API."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="distributions")
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    kind = models.CharField(_("Art"), max_length=8, choices=DistributionKind.choices, default=DistributionKind.FILE)
    format = models.CharField(_("Format"), max_length=12, choices=FORMAT_CHOICES)
    media_type = models.CharField(_("Medientyp"), max_length=100, blank=True)
    external_url = models.URLField(_("Adresse"), max_length=500, blank=True)
    live_version = models.ForeignKey(
        "DistributionVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("Aktuelle Version"),
    )
    position = models.PositiveIntegerField(default=0)
    created = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["dataset", "position", "id"]
        verbose_name = _("Distribution")
        verbose_name_plural = _("Distributionen")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=DistributionKind.values), name="opendata_dist_kind_valid"),
        ]

    def __str__(self):
        return self.title


@deconstructible(path="modellstadt.opendata.models.DataFileStorage")
class DataFileStorage(PrivateStorage):
    """Data files live in private storage (``core.uploads``): downloads go through the permission check of
    the views. On disk below PRIVATE_MEDIA_ROOT/daten, on object storage below private/daten/."""

    folder = "daten"
    no_url_message = "Data files have no public address; use the dataset's download view."


data_storage = DataFileStorage()


def version_file_name(instance, filename):
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"{uuid.uuid4().hex}.{suffix}"


class TableState(models.TextChoices):
    NONE = "none", _("Keine Tabelle")
    PENDING = "pending", _("Wartet auf Verarbeitung")
    LOADING = "loading", _("Wird geladen")
    LOADED = "loaded", _("Geladen")
    FAILED = "failed", _("Abgelehnt")


class DistributionVersion(models.Model):
    """One uploaded file of a distribution. Older versions stay listed and downloadable."""

    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Version"))
    file = models.FileField(_("Datei"), storage=data_storage, upload_to=version_file_name, max_length=255)
    original_name = models.CharField(_("Dateiname"), max_length=255)
    byte_size = models.BigIntegerField(_("Größe in Bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created = models.DateTimeField(_("Hochgeladen am"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    table_state = models.CharField(
        _("Datentabelle"), max_length=8, choices=TableState.choices, default=TableState.NONE
    )
    table_schema = models.JSONField(_("Tabellenschema"), default=dict, blank=True)
    report = models.JSONField(_("Prüfbericht"), default=list, blank=True)
    rows_loaded = models.BigIntegerField(_("Geladene Zeilen"), default=0)
    row_count = models.BigIntegerField(_("Zeilen"), null=True, blank=True)
    loaded_at = models.DateTimeField(null=True, blank=True)
    # Indexed columns whose values never decrease as the row number grows (empty values aside), found
    # when the table is loaded and kept true by the write API (datastore.ordered_columns, still_ordered).
    ordered_columns = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["distribution", "-number"]
        verbose_name = _("Version")
        verbose_name_plural = _("Versionen")
        constraints = [
            models.UniqueConstraint(fields=["distribution", "number"], name="opendata_version_unique_number"),
            models.CheckConstraint(
                condition=Q(table_state__in=TableState.values), name="opendata_version_table_state_valid"
            ),
        ]

    def __str__(self):
        return f"{self.distribution} – {self.number}"

    @property
    def table_name(self):
        return f"opendata_t{self.pk}"

    @property
    def fields(self):
        return self.table_schema.get("fields", [])

    @staticmethod
    def hash_file(fileobj):
        digest = hashlib.sha256()
        fileobj.seek(0)
        for chunk in iter(lambda: fileobj.read(1 << 20), b""):
            digest.update(chunk)
        fileobj.seek(0)
        return digest.hexdigest()


# --- API keys ------------------------------------------------------------------------------------


class ApiScope(models.TextChoices):
    READ = "read", _("Eingeschränkte Daten lesen, für die Sie Zugang haben")
    WRITE = "write", _("Datensätze der Organisation schreiben")


class ApiKey(models.Model):
    """A person's (or an organisation's) key for the data API. Only the SHA-256 of the secret is kept.

    It lives in opendata rather than accounts because its scopes are grants on datasets and
    organisations; the account page `/konto/api-schluessel/` is served by this app.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    organisation = models.ForeignKey(
        "partners.Organisation", null=True, blank=True, on_delete=models.CASCADE, related_name="api_keys",
        verbose_name=_("Organisation"),
    )
    name = models.CharField(_("Name"), max_length=100)
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, unique=True)
    scope_read = models.BooleanField(_("Lesen"), default=True)
    scope_write = models.BooleanField(_("Schreiben"), default=False)
    created = models.DateTimeField(default=timezone.now)
    expires = models.DateTimeField(_("Gültig bis"))
    revoked = models.DateTimeField(_("Widerrufen am"), null=True, blank=True)
    last_used = models.DateTimeField(_("Zuletzt benutzt"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API-Schlüssel")
        verbose_name_plural = _("API-Schlüssel")
        constraints = [
            models.CheckConstraint(
                condition=Q(scope_write=False) | Q(organisation__isnull=False), name="opendata_write_key_has_org"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked is None and self.expires > timezone.now()


# --- restricted data -----------------------------------------------------------------------------


class AccessState(models.TextChoices):
    PENDING = "pending", _("Beantragt")
    APPROVED = "approved", _("Genehmigt")
    DECLINED = "declined", _("Abgelehnt")
    REVOKED = "revoked", _("Widerrufen")


class AccessRequest(models.Model):
    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="access_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_access_requests")
    organisation_name = models.CharField(_("Organisation"), max_length=200, blank=True)
    purpose = models.TextField(_("Zweck"))
    terms_accepted = models.BooleanField(_("Nutzungsbedingungen angenommen"), default=False)
    state = models.CharField(_("Stand"), max_length=12, choices=AccessState.choices, default=AccessState.PENDING)
    requested_at = models.DateTimeField(_("Beantragt am"), default=timezone.now)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("Begründung"), blank=True)
    valid_until = models.DateTimeField(_("Zugang bis"), null=True, blank=True)
    expiry_notified = models.BooleanField(default=False)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("Zugangsantrag")
        verbose_name_plural = _("Zugangsanträge")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=AccessState.values), name="opendata_access_state_valid"),
            models.UniqueConstraint(
                fields=["dataset", "user"], condition=Q(state__in=["pending", "approved"]),
                name="opendata_access_one_active",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.dataset}"

    @property
    def is_active_grant(self):
        return self.state == AccessState.APPROVED and self.valid_until and self.valid_until > timezone.now()


class RestrictedRead(models.Model):
    """Every read of restricted data: who, what, when (the publisher sees this log)."""

    dataset = models.ForeignKey(Dataset, on_delete=models.CASCADE, related_name="restricted_reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    api_key = models.ForeignKey(ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    what = models.CharField(max_length=500)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("Zugriff auf eingeschränkte Daten")
        verbose_name_plural = _("Zugriffe auf eingeschränkte Daten")


@register_setting(icon="table")
class OpenDataSettings(BaseGenericSetting):
    """What the programme office decides for the whole catalogue."""

    require_review = models.BooleanField(
        _("Veröffentlichung erst nach Prüfung durch das Programmbüro"), default=False,
        help_text=_("Wenn gesetzt, gehen Datensätze aus dem Partnerbereich erst in die Prüfung."),
    )

    class Meta:
        verbose_name = _("Offene Daten")
