"""Follows, notifications and a person's e-mail settings for them.

The tables keep the names they had in the former ``participation`` app (``Meta.db_table``).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modellstadt.ideas.models import valid_choice


class Follow(models.Model):
    """A signed-in person follows a cooperation field, a project, an idea or a process.

    Generic relation (content type + object id): the targets live in four apps, and a follow is
    only ever read by its target ("who follows this?") or by its person; both are indexed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Konto"), on_delete=models.CASCADE, related_name="follows"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    created = models.DateTimeField(_("Gefolgt seit"), default=timezone.now)

    class Meta:
        db_table = "participation_follow"
        ordering = ["-created", "-id"]
        verbose_name = _("Folgen")
        verbose_name_plural = _("Folgen")
        constraints = [
            models.UniqueConstraint(fields=["user", "content_type", "object_id"], name="unique_follow_per_user"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="follow_target_idx")]

    def __str__(self):
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"


class NotificationKind(models.TextChoices):
    PROJECT_UPDATE = "project_update", _("Neue Statusmeldung eines Projekts")
    IDEA_ANSWER = "idea_answer", _("Antwort des Programmbüros")
    IDEA_STATE = "idea_state", _("Neuer Stand einer Idee")
    COMMENT_REPLY = "comment_reply", _("Antwort auf Ihren Kommentar")
    IDEA_COMMENT = "idea_comment", _("Kommentar zu Ihrer Idee")


class Notification(models.Model):
    """Something happened that a person follows or that concerns their own contribution.

    Shown on /konto/benachrichtigungen/; sent by e-mail by a background task at once or in the
    daily digest (``emailed_at`` marks it as sent, so no e-mail goes out twice).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Konto"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=NotificationKind.choices)
    title = models.CharField(_("Titel"), max_length=300)
    # The person whose action the title names ("Anna hat Ihre Idee kommentiert"): when their account
    # is deleted, the name in the title becomes "Gelöschtes Konto" (``erase_actor``).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Ausgelöst von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    actor_name = models.CharField(_("Name der auslösenden Person"), max_length=150, blank=True)
    url = models.CharField(_("Adresse"), max_length=500, blank=True)
    created = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)
    read_at = models.DateTimeField(_("Gelesen am"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("Per E-Mail gesendet am"), null=True, blank=True)

    class Meta:
        db_table = "participation_notification"
        ordering = ["-created", "-id"]
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        constraints = [valid_choice("kind", NotificationKind, "notification_kind_valid")]
        indexes = [
            models.Index(fields=["user", "-created", "-id"], name="notification_user_idx"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread_idx"),
            models.Index(fields=["created"], condition=Q(emailed_at__isnull=True), name="notification_unsent_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "sofort", _("sofort")
    DAILY = "taeglich", _("täglich (eine Zusammenfassung am Tag)")
    NEVER = "nie", _("nie")


class NotificationSettings(models.Model):
    """How often a person wants e-mails about their notifications. No row means the default."""

    DEFAULT_FREQUENCY = EmailFrequency.IMMEDIATE

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("Konto"), on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    email_frequency = models.CharField(
        _("E-Mails zu Benachrichtigungen"), max_length=10, choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    updated = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        db_table = "participation_notificationsettings"
        verbose_name = _("Benachrichtigungseinstellungen")
        verbose_name_plural = _("Benachrichtigungseinstellungen")
        constraints = [valid_choice("email_frequency", EmailFrequency, "notification_frequency_valid")]

    def __str__(self):
        return f"{self.user_id}: {self.email_frequency}"
