"""Reports of ideas and comments, and blocked accounts.

The tables keep the names they had in the former ``participation`` app (``Meta.db_table``).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReportResolution(models.TextChoices):
    HIDDEN = "hidden", _("Ausgeblendet")
    DISMISSED = "dismissed", _("Ohne Maßnahme geschlossen")


class Report(models.Model):
    """Someone signed in reports an idea or a comment to the moderators, with a reason."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Gemeldet von"), null=True, on_delete=models.SET_NULL,
        related_name="participation_reports",
    )
    reason = models.TextField(_("Grund"))
    created = models.DateTimeField(_("Gemeldet am"), default=timezone.now)
    resolved_at = models.DateTimeField(_("Erledigt am"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Erledigt von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    resolution = models.CharField(_("Ergebnis"), max_length=16, choices=ReportResolution.choices, blank=True)

    class Meta:
        db_table = "participation_report"
        ordering = ["created", "id"]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        constraints = [
            # A double click does not report twice; after a decision the same person may report again.
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"], condition=Q(resolved_at__isnull=True),
                name="unique_open_report_per_person",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True, resolution="")
                | (Q(resolved_at__isnull=False) & Q(resolution__in=ReportResolution.values)),
                name="report_resolution_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="report_target_idx"),
            models.Index(fields=["created"], condition=Q(resolved_at__isnull=True), name="report_open_idx"),
        ]

    def __str__(self):
        return _("Meldung %(id)s") % {"id": self.pk}

    @property
    def is_open(self):
        return self.resolved_at is None


class AccountBlock(models.Model):
    """The moderation blocked an account (``is_active`` is False while the block lasts), with a reason.

    One open block per person (``lifted_at`` empty); lifting keeps the row as history.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Konto"), on_delete=models.CASCADE, related_name="account_blocks"
    )
    reason = models.TextField(_("Grund"))
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Gesperrt von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created = models.DateTimeField(_("Gesperrt am"), default=timezone.now)
    lifted_at = models.DateTimeField(_("Aufgehoben am"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Aufgehoben von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        db_table = "participation_accountblock"
        ordering = ["-created", "-id"]
        verbose_name = _("Kontosperre")
        verbose_name_plural = _("Kontosperren")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(lifted_at__isnull=True), name="unique_open_block_per_user"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="account_block_has_reason"),
        ]

    def __str__(self):
        return _("Sperre des Kontos „%(name)s“") % {"name": self.user.public_name}

    @property
    def is_open(self):
        return self.lifted_at is None
