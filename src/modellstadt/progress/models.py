"""Indicators with values and targets, districts and places for the map, the Smart-City
self-assessment and the council progress report (Sachstandsbericht).

Indicator values are written only through ``services.py``; each write refreshes the indicator's
summary columns (latest value, status, its sentence, a short series for the overview's chart), so
the overview page reads one row per indicator whatever the number of values.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from modellstadt.core.models import EditorialNoteMixin, MarkdownHelp
from modellstadt.core.text import unique_slug
from modellstadt.progress.storage import report_storage


class Direction(models.TextChoices):
    HIGHER = "higher", _("Höher ist besser")
    LOWER = "lower", _("Niedriger ist besser")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("monatlich")
    QUARTERLY = "quarterly", _("vierteljährlich")
    YEARLY = "yearly", _("jährlich")
    IRREGULAR = "irregular", _("unregelmäßig")


class Status(models.TextChoices):
    ON_TRACK = "on_track", _("Im Plan")
    AT_RISK = "at_risk", _("Gefährdet")
    OFF_TRACK = "off_track", _("Nicht im Plan")
    REACHED = "reached", _("Ziel erreicht")
    NO_DATA = "no_data", _("Keine Bewertung möglich")


STATUS_LABELS = dict(Status.choices)


class ValueOrigin(models.TextChoices):
    MANUAL = "manual", _("Im Redaktionsbereich erfasst")
    IMPORT = "import", _("Aus CSV-Datei importiert")
    COMPUTED = "computed", _("Automatisch berechnet")
    DEMO = "demo", _("Erfundener Demowert")


ORIGIN_LABELS = dict(ValueOrigin.choices)


class Indicator(EditorialNoteMixin, index.Indexed, ClusterableModel):
    field = models.ForeignKey(
        "strategy.CooperationFieldPage", verbose_name=_("Kooperationsfeld"), on_delete=models.PROTECT,
        related_name="indicators",
    )
    project = models.ForeignKey(
        "projects.ProjectPage", verbose_name=_("Projekt (optional)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="indicators",
    )
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname in der Adresse"), max_length=120, unique=True, blank=True,
                            help_text=_("Wird aus dem Namen erzeugt, wenn leer."))
    definition = models.TextField(_("Definition"), help_text=MarkdownHelp.text)
    unit = models.CharField(_("Einheit"), max_length=40, blank=True, help_text=_("z. B. Ladepunkte, %, Mbit/s"))
    decimals = models.PositiveSmallIntegerField(_("Nachkommastellen"), default=0, validators=[MaxValueValidator(4)])
    direction = models.CharField(_("Richtung"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    method = models.TextField(_("Erhebungsmethode"), blank=True, help_text=MarkdownHelp.text)
    source = models.CharField(_("Quelle"), max_length=300, blank=True)
    frequency = models.CharField(_("Häufigkeit"), max_length=12, choices=Frequency.choices, default=Frequency.YEARLY)
    responsible_organisation = models.ForeignKey(
        "partners.Organisation", verbose_name=_("Verantwortliche Organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="indicators",
    )
    baseline_value = models.DecimalField(_("Ausgangswert"), max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_date = models.DateField(_("Stichtag des Ausgangswerts"), null=True, blank=True)
    computed_source = models.CharField(
        _("Automatische Quelle"), max_length=100, blank=True,
        help_text=_("Name einer registrierten Datenquelle, aus der der Wert regelmäßig berechnet wird."),
    )
    computed_parameter = models.CharField(
        _("Parameter der Quelle"), max_length=200, blank=True, help_text=_("z. B. der Kurzname eines Datensatzes"),
    )
    values_are_invented = models.BooleanField(
        _("Werte sind erfunden (Demo)"), default=False,
        help_text=_("Öffentlich kennzeichnen, dass die Werte nur zur Vorführung dienen."),
    )
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    # Summary, kept current by services.refresh_indicator() after every change of values or targets.
    latest_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, editable=False)
    latest_date = models.DateField(null=True, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.NO_DATA, editable=False)
    expected_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, editable=False)
    target_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, editable=False)
    target_date = models.DateField(null=True, editable=False)
    series = models.JSONField(default=list, editable=False)  # [[iso date, value], ...], at most 60 points

    panels = [
        FieldRowPanel([FieldPanel("field"), FieldPanel("project")]),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("definition"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("decimals"), FieldPanel("direction")]),
        FieldPanel("method"),
        FieldRowPanel([FieldPanel("source"), FieldPanel("frequency")]),
        FieldPanel("responsible_organisation"),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("baseline_value"), FieldPanel("baseline_date")])], heading=_("Ausgangswert")
        ),
        InlinePanel("targets", label=_("Zielwerte")),
        MultiFieldPanel(
            [FieldPanel("computed_source"), FieldPanel("computed_parameter")], heading=_("Automatische Berechnung"),
        ),
        FieldRowPanel([FieldPanel("values_are_invented"), FieldPanel("order")]),
        FieldPanel("editorial_note"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.FilterField("field_id")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Indikator")
        verbose_name_plural = _("Indikatoren")
        indexes = [models.Index(fields=["field", "order", "name"], name="indicator_field_order_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True, baseline_date__isnull=True)
                | Q(baseline_value__isnull=False, baseline_date__isnull=False),
                name="indicator_baseline_complete",
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if (self.baseline_value is None) != (self.baseline_date is None):
            raise ValidationError(
                {"baseline_date": _("Bitte Ausgangswert und Stichtag gemeinsam angeben oder beide leer lassen.")}
            )
        if self.project_id and self.field_id and self.project.field_id != self.field_id:
            raise ValidationError({"project": _("Das Projekt gehört zu einem anderen Kooperationsfeld.")})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Indicator, self.name, instance=self, max_length=120)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/fortschritt/{self.slug}/"

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def values_admin_link(self):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html('<a href="{}">{}</a>', reverse("progress_admin:values", args=[self.pk]), _("Werte erfassen"))

    values_admin_link.fget.short_description = _("Werte")

    @property
    def status_sentence(self):
        """The status in one sentence of the active language, e.g. "Ziel 2025: 1.000 Ladepunkte; erreicht …"."""
        from modellstadt.progress.status import sentence

        return sentence(self)


class IndicatorTarget(Orderable):
    indicator = ParentalKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    date = models.DateField(_("Zieldatum"))
    value = models.DecimalField(_("Zielwert"), max_digits=18, decimal_places=4)
    note = models.CharField(_("Herkunft des Ziels"), max_length=300, blank=True,
                            help_text=_("z. B. Beschluss des Rates oder Gründungsvereinbarung"))

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("value")]), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("Zielwert")
        verbose_name_plural = _("Zielwerte")
        constraints = [models.UniqueConstraint(fields=["indicator", "date"], name="unique_target_per_date")]


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name=_("Indikator"))
    date = models.DateField(_("Stichtag"))
    value = models.DecimalField(_("Wert"), max_digits=18, decimal_places=4)
    origin = models.CharField(_("Herkunft"), max_length=10, choices=ValueOrigin.choices, default=ValueOrigin.MANUAL)
    source_note = models.CharField(_("Quellenangabe"), max_length=300, blank=True)
    provisional = models.BooleanField(_("vorläufig"), default=False,
                                      help_text=_("Vorläufige Werte werden öffentlich als solche gekennzeichnet."))
    recorded_at = models.DateTimeField(_("Erfasst am"), default=timezone.now, editable=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", editable=False)

    class Meta:
        ordering = ["indicator", "date"]
        verbose_name = _("Messwert")
        verbose_name_plural = _("Messwerte")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "date"], name="unique_value_per_date"),
            models.CheckConstraint(condition=Q(origin__in=ValueOrigin.values), name="indicator_value_origin_valid"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.date:%d.%m.%Y})"

    @property
    def origin_label(self):
        return ORIGIN_LABELS.get(self.origin, self.origin)


class ProgrammeSnapshot(models.Model):
    """The number of projects by status (overall and per field) on a date, so the overview and the council
    report can show how the programme moved. Taken by ``modellstadt progress_update`` (monthly) and when a
    report is built."""

    date = models.DateField(_("Stichtag"), unique=True)
    by_status = models.JSONField(_("Projekte nach Status"), default=dict)
    by_field = models.JSONField(_("Projekte nach Feld und Status"), default=dict)

    class Meta:
        ordering = ["date"]
        verbose_name = _("Stand des Programms")
        verbose_name_plural = _("Stände des Programms")

    def __str__(self):
        return f"{self.date:%d.%m.%Y}"


# --- districts and places (map, place picker) -------------------------------------------------------


class District(models.Model):
    name = models.CharField(_("Name"), max_length=120, unique=True)
    slug = models.SlugField(_("Kurzname"), max_length=120, unique=True, blank=True)
    latitude = models.DecimalField(_("Breitengrad (Mitte)"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("Längengrad (Mitte)"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    outline = models.JSONField(
        _("Umriss (GeoJSON)"), null=True, blank=True,
        help_text=_("Optional: ein GeoJSON-Polygon oder -MultiPolygon in WGS 84 (Längengrad, Breitengrad)."),
    )

    panels = [
        FieldPanel("name"), FieldPanel("slug"),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]), FieldPanel("outline"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Stadtteil")
        verbose_name_plural = _("Stadtteile")
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__isnull=False, longitude__isnull=False),
                name="district_centre_complete",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(District, self.name, instance=self, max_length=120)
        super().save(*args, **kwargs)

    def clean(self):
        from modellstadt.progress.geo import GeoError, centroid, validate_outline

        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError({"longitude": _("Bitte Breiten- und Längengrad gemeinsam angeben.")})
        if self.outline:
            try:
                validate_outline(self.outline)
            except GeoError as error:
                raise ValidationError({"outline": str(error)}) from error
            if self.latitude is None:
                self.latitude, self.longitude = centroid(self.outline)


class Place(models.Model):
    """A named place (square, street, building) of the city's small local gazetteer."""

    name = models.CharField(_("Name"), max_length=200)
    district = models.ForeignKey(District, verbose_name=_("Stadtteil"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="places")
    latitude = models.DecimalField(_("Breitengrad"), max_digits=9, decimal_places=6,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)])
    longitude = models.DecimalField(_("Längengrad"), max_digits=9, decimal_places=6,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])

    panels = [FieldPanel("name"), FieldPanel("district"), FieldRowPanel([FieldPanel("latitude"),
                                                                        FieldPanel("longitude")])]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Ort (Ortsverzeichnis)")
        verbose_name_plural = _("Ortsverzeichnis")
        constraints = [models.UniqueConstraint(fields=["name"], name="unique_place_name")]

    def __str__(self):
        return self.name


# --- Smart-City self-assessment -----------------------------------------------------------------------


class SmartCityArea(ClusterableModel):
    """One of the five areas of Bitkom's Smart City Index, mapped to the city's own fields."""

    key = models.SlugField(_("Schlüssel"), max_length=40, unique=True)
    name = models.CharField(_("Bereich"), max_length=120)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)
    fields = ParentalManyToManyField("strategy.CooperationFieldPage", verbose_name=_("Kooperationsfelder der Stadt"),
                                     blank=True, related_name="smart_city_areas")

    panels = [FieldPanel("name"), FieldPanel("order"), FieldPanel("fields"),
              InlinePanel("criteria", label=_("Kriterien"))]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Bereich der Selbstbewertung")
        verbose_name_plural = _("Bereiche der Selbstbewertung")

    def __str__(self):
        return self.name


class AssessmentCriterion(Orderable):
    area = ParentalKey(SmartCityArea, on_delete=models.CASCADE, related_name="criteria")
    title = models.CharField(_("Kriterium"), max_length=200)
    guidance = models.TextField(_("Woran erkennbar (0 = nicht vorhanden, 100 = vorbildlich)"), blank=True)
    active = models.BooleanField(_("wird bewertet"), default=True)

    panels = [FieldPanel("title"), FieldPanel("guidance"), FieldPanel("active")]

    class Meta(Orderable.Meta):
        verbose_name = _("Kriterium")
        verbose_name_plural = _("Kriterien")

    def __str__(self):
        return self.title


class Assessment(EditorialNoteMixin, ClusterableModel):
    """A dated self-assessment; kept for comparison, never overwritten by a later one."""

    date = models.DateField(_("Stichtag"))
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(_("Zusammenfassung"), blank=True, help_text=MarkdownHelp.text)
    is_public = models.BooleanField(_("öffentlich"), default=True)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("is_public")]), FieldPanel("title"),
              FieldPanel("summary"), InlinePanel("ratings", label=_("Bewertungen")), FieldPanel("editorial_note")]

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("Selbstbewertung")
        verbose_name_plural = _("Selbstbewertungen")

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    def get_absolute_url(self):
        return f"/fortschritt/selbstbewertung/{self.pk}/"


class CriterionRating(Orderable):
    assessment = ParentalKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(AssessmentCriterion, verbose_name=_("Kriterium"), on_delete=models.PROTECT,
                                  related_name="ratings")
    score = models.PositiveSmallIntegerField(_("Bewertung (0–100)"),
                                             validators=[MinValueValidator(0), MaxValueValidator(100)])
    evidence = models.TextField(_("Begründung und Belege"), blank=True, help_text=MarkdownHelp.text)
    projects = ParentalManyToManyField("projects.ProjectPage", verbose_name=_("Belegende Projekte"), blank=True,
                                       related_name="+")
    indicators = ParentalManyToManyField(Indicator, verbose_name=_("Belegende Indikatoren"), blank=True,
                                         related_name="+")
    dataset_links = models.TextField(_("Belegende Datensätze (Adressen, eine je Zeile)"), blank=True)

    panels = [FieldRowPanel([FieldPanel("criterion"), FieldPanel("score")]), FieldPanel("evidence"),
              FieldPanel("projects"), FieldPanel("indicators"), FieldPanel("dataset_links")]

    class Meta(Orderable.Meta):
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="unique_rating_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="rating_score_range"),
        ]

    @property
    def dataset_urls(self):
        return [line.strip() for line in self.dataset_links.splitlines() if line.strip().startswith(("http://",
                                                                                                     "https://"))]


# --- council progress report (Sachstandsbericht) ------------------------------------------------------------


class CouncilReport(EditorialNoteMixin, models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        FROZEN = "frozen", _("Festgeschrieben")

    title = models.CharField(_("Titel"), max_length=200)
    period_start = models.DateField(_("Berichtszeitraum von"))
    period_end = models.DateField(_("Berichtszeitraum bis"))
    state = models.CharField(_("Zustand"), max_length=10, choices=State.choices, default=State.DRAFT)
    content = models.JSONField(_("Inhalt"), null=True, blank=True, editable=False)
    checksum = models.CharField(_("Prüfsumme (SHA-256)"), max_length=64, blank=True, editable=False)
    docx_checksum = models.CharField(max_length=64, blank=True, editable=False)
    pdf_checksum = models.CharField(max_length=64, blank=True, editable=False)
    docx_file = models.FileField(upload_to="berichte/", storage=report_storage, blank=True, editable=False)
    pdf_file = models.FileField(upload_to="berichte/", storage=report_storage, blank=True, editable=False)
    frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    frozen_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", editable=False)
    published_at = models.DateTimeField(_("Veröffentlicht am"), null=True, blank=True, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
              FieldPanel("editorial_note")]

    class Meta:
        ordering = ["-period_end", "-id"]
        verbose_name = _("Sachstandsbericht")
        verbose_name_plural = _("Sachstandsberichte")
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")),
                                   name="report_period_ordered"),
            models.CheckConstraint(condition=Q(state__in=["draft", "frozen"]), name="report_state_valid"),
            models.CheckConstraint(condition=Q(published_at__isnull=True) | Q(state="frozen"),
                                   name="report_published_only_frozen"),
        ]

    def __str__(self):
        return self.title

    @property
    def admin_link(self):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html('<a href="{}">{}</a>', reverse("progress_admin:report", args=[self.pk]),
                           _("Erstellen, prüfen, festschreiben"))

    admin_link.fget.short_description = _("Bericht")

    def clean(self):
        super().clean()
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("Das Ende des Zeitraums darf nicht vor dem Beginn liegen.")})
