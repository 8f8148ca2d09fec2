"""Calls (competitions, funding programmes), their requirements and the city's dossiers for them.

A call has its own thematic areas (the Bitkom "Digitale Stadt" call had ten, not the city's ten
cooperation fields), its requirements, scoring criteria and deadlines. The office maps the call's
themes onto cooperation fields and projects, and builds a dossier from the data the city keeps.
"""

import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from modellstadt.core.models import EditorialNoteMixin, MarkdownHelp
from modellstadt.dossier.storage import private_storage


class Call(EditorialNoteMixin, ClusterableModel):
    class Status(models.TextChoices):
        PREPARING = "preparing", _("In Vorbereitung")
        SUBMITTED = "submitted", _("Eingereicht")
        FINALIST = "finalist", _("Im Finale")
        WINNER = "winner", _("Gewonnen")
        NOT_SELECTED = "not_selected", _("Nicht ausgewählt")

    organiser = models.CharField(_("Ausrichter"), max_length=255)
    title = models.CharField(_("Titel"), max_length=255)
    slug = models.SlugField(_("Kurzname"), max_length=255, unique=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    url = models.URLField(_("Adresse der Ausschreibung"), blank=True)
    min_population = models.PositiveIntegerField(
        _("Mindesteinwohnerzahl"), null=True, blank=True, help_text=_("Leer: keine Untergrenze.")
    )
    max_population = models.PositiveIntegerField(
        _("Höchsteinwohnerzahl"), null=True, blank=True, help_text=_("Leer: keine Obergrenze.")
    )
    eligibility_notes = models.TextField(
        _("Weitere Teilnahmebedingungen"), blank=True, help_text=_("Bedingungen, die nicht automatisch geprüft werden.")
    )
    status = models.CharField(_("Ergebnis"), max_length=20, choices=Status.choices, default=Status.PREPARING)
    submitted_on = models.DateField(_("Eingereicht am"), null=True, blank=True)
    decided_on = models.DateField(_("Entschieden am"), null=True, blank=True)
    notes = models.TextField(_("Notizen"), blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Ausschreibung")
        verbose_name_plural = _("Ausschreibungen")
        ordering = ["-created_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["preparing", "submitted", "finalist", "winner", "not_selected"]),
                name="dossier_call_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(min_population__isnull=True)
                | Q(max_population__isnull=True)
                | Q(min_population__lte=models.F("max_population")),
                name="dossier_call_population_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def max_points(self):
        return sum(c.max_points for c in self.criteria.all())


class CallDeadline(models.Model):
    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("Ausschreibung"))
    label = models.CharField(_("Bezeichnung"), max_length=255)
    due = models.DateTimeField(_("Fällig am"))

    class Meta:
        verbose_name = _("Frist")
        verbose_name_plural = _("Fristen")
        ordering = ["call", "due"]
        indexes = [models.Index(fields=["call", "due"])]

    def __str__(self):
        return f"{self.label} ({self.due:%d.%m.%Y})"


class CallTheme(models.Model):
    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="themes", verbose_name=_("Ausschreibung"))
    number = models.PositiveSmallIntegerField(_("Nummer"), validators=[MinValueValidator(1)])
    title = models.CharField(_("Titel"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True)

    class Meta:
        verbose_name = _("Themenfeld der Ausschreibung")
        verbose_name_plural = _("Themenfelder der Ausschreibung")
        ordering = ["call", "number"]
        constraints = [models.UniqueConstraint(fields=["call", "number"], name="dossier_calltheme_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class CallRequirement(models.Model):
    class Kind(models.TextChoices):
        STATUS_AND_VISION = "status_and_vision", _("Status und Vision je Themenfeld")
        PROJECT_MANAGEMENT = "project_management", _("Lokales Projektmanagement")
        PARTNER_SUPPORT = "partner_support", _("Nachweis der Unterstützung durch Partner")
        FREE_TEXT = "free_text", _("Freitext-Abschnitt")
        ATTACHMENT = "attachment", _("Anlage")

    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("Ausschreibung"))
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Anforderung")
        verbose_name_plural = _("Anforderungen")
        ordering = ["call", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=["status_and_vision", "project_management", "partner_support", "free_text", "attachment"]
                ),
                name="dossier_callrequirement_kind_valid",
            )
        ]

    def __str__(self):
        return self.title


class ScoringCriterion(models.Model):
    call = ParentalKey(Call, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("Ausschreibung"))
    title = models.CharField(_("Titel"), max_length=255)
    description = models.TextField(_("Beschreibung"), blank=True)
    max_points = models.PositiveSmallIntegerField(_("Höchstpunktzahl"))
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Bewertungskriterium")
        verbose_name_plural = _("Bewertungskriterien")
        ordering = ["call", "order", "pk"]

    def __str__(self):
        return f"{self.title} (max. {self.max_points})"


# --- mapping the call's themes onto the city's fields and projects ----------------------------------


class ThemeMapping(models.Model):
    """Which cooperation fields and projects answer one of the call's thematic areas."""

    theme = models.OneToOneField(
        CallTheme, on_delete=models.CASCADE, related_name="mapping", verbose_name=_("Themenfeld der Ausschreibung")
    )
    fields = models.ManyToManyField(
        "strategy.CooperationFieldPage", blank=True, related_name="call_theme_mappings",
        verbose_name=_("Kooperationsfelder"),
    )
    projects = models.ManyToManyField(
        "projects.ProjectPage", blank=True, related_name="call_theme_mappings", verbose_name=_("Projekte")
    )
    note = models.TextField(_("Anmerkung"), blank=True)

    class Meta:
        verbose_name = _("Zuordnung eines Themenfelds")
        verbose_name_plural = _("Zuordnungen der Themenfelder")

    def __str__(self):
        return str(self.theme)


# --- the dossier --------------------------------------------------------------------------------------


class Dossier(EditorialNoteMixin, models.Model):
    """The city's application for one call, built from the data it keeps.

    The dossier stays editable after a submission: freezing stores an immutable DossierVersion and
    every later edit turns the dossier back into a draft for the next version.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        FROZEN = "frozen", _("Eingefroren")

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="dossiers", verbose_name=_("Ausschreibung"))
    title = models.CharField(_("Titel"), max_length=255)
    subtitle = models.CharField(_("Untertitel"), max_length=255, blank=True)
    summary = models.TextField(_("Zusammenfassung"), blank=True, help_text=MarkdownHelp.text)
    contact = models.TextField(_("Ansprechpartner (Deckblatt)"), blank=True)
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("Angelegt von"),
    )
    created_at = models.DateTimeField(_("Angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Bewerbung")
        verbose_name_plural = _("Bewerbungen")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=["draft", "frozen"]), name="dossier_dossier_state_valid")
        ]

    def __str__(self):
        return self.title


class DossierThemeText(models.Model):
    """The dossier's own status and vision text for a theme; empty means "take it from the mapped fields"."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="theme_texts")
    theme = models.ForeignKey(CallTheme, on_delete=models.CASCADE, related_name="+")
    status_text = models.TextField(
        _("Ist-Zustand (nur in dieser Bewerbung)"), blank=True,
        help_text=_("Leer lassen, um den Ist-Zustand der zugeordneten Kooperationsfelder zu übernehmen."),
    )
    vision_text = models.TextField(
        _("Vision (nur in dieser Bewerbung)"), blank=True,
        help_text=_("Leer lassen, um die Vision der zugeordneten Kooperationsfelder zu übernehmen."),
    )

    class Meta:
        verbose_name = _("Text je Themenfeld")
        verbose_name_plural = _("Texte je Themenfeld")
        constraints = [models.UniqueConstraint(fields=["dossier", "theme"], name="dossier_themetext_unique")]


class DossierSection(models.Model):
    """The dossier's text for one of the call's free-text requirements."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="sections")
    requirement = models.ForeignKey(CallRequirement, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("Text"), blank=True, help_text=MarkdownHelp.text)

    class Meta:
        verbose_name = _("Abschnitt")
        verbose_name_plural = _("Abschnitte")
        constraints = [models.UniqueConstraint(fields=["dossier", "requirement"], name="dossier_section_unique")]


class SelfAssessment(models.Model):
    """Points the office expects for one scoring criterion. ``max_points`` is copied from the criterion
    on save so the database itself refuses more points than the criterion allows."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.ForeignKey(ScoringCriterion, on_delete=models.CASCADE, related_name="+")
    expected_points = models.PositiveSmallIntegerField(_("Erwartete Punkte"), default=0)
    max_points = models.PositiveSmallIntegerField(_("Höchstpunktzahl"), editable=False)
    justification = models.TextField(_("Begründung"), blank=True)

    class Meta:
        verbose_name = _("Selbsteinschätzung")
        verbose_name_plural = _("Selbsteinschätzungen")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "criterion"], name="dossier_assessment_unique"),
            models.CheckConstraint(
                condition=Q(expected_points__lte=models.F("max_points")), name="dossier_assessment_points_le_max"
            ),
        ]

    def save(self, *args, **kwargs):
        self.max_points = self.criterion.max_points
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.criterion_id and self.expected_points is not None and self.expected_points > self.criterion.max_points:
            raise ValidationError(
                {"expected_points": _("Höchstens %(max)s Punkte möglich.") % {"max": self.criterion.max_points}}
            )


def version_upload_to(instance, filename):
    return f"versionen/{instance.dossier_id}/{uuid.uuid4().hex}/{filename}"


def export_upload_to(instance, filename):
    return f"exporte/{instance.dossier_id}/{uuid.uuid4().hex}/{filename}"


class ImmutableError(Exception):
    pass


class DossierVersion(models.Model):
    """A frozen, submitted state of a dossier: content snapshot, PDF and DOCX, with checksums.

    Immutable: saving an existing version or deleting one raises ImmutableError.
    """

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("Version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("Eingefroren von"),
    )
    created_at = models.DateTimeField(_("Eingefroren am"), default=timezone.now)
    content = models.JSONField(_("Inhalt"))
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=version_upload_to, max_length=255)
    docx = models.FileField(_("DOCX"), storage=private_storage, upload_to=version_upload_to, max_length=255)
    content_sha256 = models.CharField(_("SHA-256 des Inhalts"), max_length=64)
    pdf_sha256 = models.CharField(_("SHA-256 der PDF-Datei"), max_length=64)
    docx_sha256 = models.CharField(_("SHA-256 der DOCX-Datei"), max_length=64)
    sha256 = models.CharField(
        _("Prüfsumme"), max_length=64, help_text=_("SHA-256 über die Prüfsummen von Inhalt, PDF und DOCX.")
    )

    class Meta:
        verbose_name = _("Eingefrorene Version")
        verbose_name_plural = _("Eingefrorene Versionen")
        ordering = ["dossier", "-number"]
        constraints = [models.UniqueConstraint(fields=["dossier", "number"], name="dossier_version_unique_number")]

    def __str__(self):
        return f"{self.dossier} – Version {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableError("Eine eingefrorene Version kann nicht geändert werden.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError("Eine eingefrorene Version kann nicht gelöscht werden.")

    @staticmethod
    def combined_checksum(content_sha256, pdf_sha256, docx_sha256):
        manifest = f"content {content_sha256}\npdf {pdf_sha256}\ndocx {docx_sha256}\n"
        return hashlib.sha256(manifest.encode()).hexdigest()


class DossierExport(models.Model):
    """One export run (PDF and DOCX of the current draft), made in the background for large dossiers."""

    class State(models.TextChoices):
        QUEUED = "queued", _("In der Warteschlange")
        RUNNING = "running", _("Läuft")
        DONE = "done", _("Fertig")
        FAILED = "failed", _("Fehlgeschlagen")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="exports")
    state = models.CharField(_("Stand"), max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(_("Fortschritt (%)"), default=0)
    message = models.CharField(_("Meldung"), max_length=255, blank=True)
    pdf = models.FileField(_("PDF"), storage=private_storage, upload_to=export_upload_to, blank=True, max_length=255)
    docx = models.FileField(
        _("DOCX"), storage=private_storage, upload_to=export_upload_to, blank=True, max_length=255
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("Angefordert am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        verbose_name = _("Export")
        verbose_name_plural = _("Exporte")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["dossier", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["queued", "running", "done", "failed"]), name="dossier_export_state_valid"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="dossier_export_progress_le_100"),
        ]

    @property
    def status_text(self):
        """"Fertig – PDF mit 12 Seiten …": the state, and the message only when it adds something."""
        state = str(self.get_state_display())
        message = (self.message or "").strip()
        if not message or message.rstrip(".…! ").casefold() == state.casefold():
            return state
        return f"{state} – {message}"
