"""What the assistant keeps: trained model versions, field suggestions with the office's
decision, and links between duplicate ideas.

Trained models are stored in the database (``TrainedModel.blob``, written only by the training
task of this app) rather than on disk, so every app server and worker reads the same version and
nothing is loaded from a place users can write to. A version trained with another scikit-learn
release is not loaded; the assistant then falls back to the shipped corpus and trains anew.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ModelKind(models.TextChoices):
    FIELD = "field", _("Feldvorschlag")
    DUPLICATES = "duplicates", _("Dubletten")
    SPAM = "spam", _("Spam-Vorprüfung")


class TrainedModel(models.Model):
    """One trained version of one of the assistant's models, with its quality figures."""

    kind = models.CharField(_("Art"), max_length=16, choices=ModelKind.choices)
    version = models.PositiveIntegerField(_("Version"))
    trained_at = models.DateTimeField(_("Trainiert am"), default=timezone.now)
    training_ideas = models.PositiveIntegerField(_("Trainingsbeispiele"), default=0)
    office_decisions = models.PositiveIntegerField(
        _("Entscheidungen des Programmbüros"), default=0,
        help_text=_("Wie viele der Beispiele aus Entscheidungen dieser Installation stammen."),
    )
    seconds = models.FloatField(_("Trainingsdauer (Sekunden)"), default=0)
    metrics = models.JSONField(_("Gütewerte"), default=dict, blank=True)
    library_version = models.CharField(_("scikit-learn-Version"), max_length=32)
    labelled_fingerprint = models.CharField(
        _("Fingerabdruck der Beispiele"), max_length=64, blank=True, default="",
        help_text=_("Prüfsumme der gekennzeichneten Beispiele, aus denen die Dubletten-Entscheidung gelernt "
                    "wurde; bleibt sie gleich, wird diese Entscheidung beim nächsten Training übernommen."),
    )
    blob = models.BinaryField(_("Modell"), editable=False)

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("Trainiertes Modell")
        verbose_name_plural = _("Trainierte Modelle")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="assistant_model_kind_version_unique"),
            models.CheckConstraint(condition=Q(kind__in=ModelKind.values), name="assistant_model_kind_valid"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}"


class FieldSuggestion(models.Model):
    """The field the assistant suggested for an idea, and what the programme office decided."""

    idea = models.OneToOneField(
        "ideas.Idea", on_delete=models.CASCADE, related_name="field_suggestion", verbose_name=_("Idee"),
    )
    suggested_field = models.ForeignKey(
        "strategy.CooperationFieldPage", verbose_name=_("Vorgeschlagenes Feld"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    confidence = models.FloatField(_("Sicherheit"), default=0)
    ranking = models.JSONField(
        _("Vorschläge"), default=list, blank=True,
        help_text=_("Die ersten drei Felder mit Sicherheit und den Wörtern, die dazu geführt haben."),
    )
    model_version = models.PositiveIntegerField(_("Modellversion"), null=True, blank=True)
    created = models.DateTimeField(_("Vorgeschlagen am"), default=timezone.now)
    confirmed_field = models.ForeignKey(
        "strategy.CooperationFieldPage", verbose_name=_("Bestätigtes Feld"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Entschieden von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Feldvorschlag")
        verbose_name_plural = _("Feldvorschläge")
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=0, confidence__lte=1), name="assistant_suggestion_confidence_range"
            ),
            models.CheckConstraint(
                condition=Q(confirmed_field__isnull=True) | Q(decided_at__isnull=False),
                name="assistant_suggestion_decision_dated",
            ),
        ]
        indexes = [
            models.Index(fields=["decided_at"], condition=Q(decided_at__isnull=False), name="assistant_decided_idx"),
        ]

    def __str__(self):
        return f"{self.idea_id}: {self.suggested_field_id}"

    @property
    def is_decided(self):
        return self.decided_at is not None


class DuplicateLink(models.Model):
    """``idea`` asks for the same as ``duplicate_of``; ``merged`` when the office merged it there."""

    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, related_name="duplicate_links", verbose_name=_("Idee"),
    )
    duplicate_of = models.ForeignKey(
        "ideas.Idea", on_delete=models.CASCADE, related_name="+", verbose_name=_("Dublette von"),
    )
    merged = models.BooleanField(_("Zusammengeführt"), default=False)
    score = models.FloatField(_("Ähnlichkeit"), null=True, blank=True)
    moved_supports = models.PositiveIntegerField(_("Übertragene Unterstützungen"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Verknüpft von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created = models.DateTimeField(_("Verknüpft am"), default=timezone.now)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Dubletten-Verknüpfung")
        verbose_name_plural = _("Dubletten-Verknüpfungen")
        constraints = [
            models.UniqueConstraint(fields=["idea", "duplicate_of"], name="assistant_duplicate_unique"),
            models.CheckConstraint(condition=~Q(idea=F("duplicate_of")), name="assistant_duplicate_not_self"),
            # An idea is merged into at most one other idea.
            models.UniqueConstraint(fields=["idea"], condition=Q(merged=True), name="assistant_merged_once"),
        ]

    def __str__(self):
        return f"{self.idea_id} → {self.duplicate_of_id}"
