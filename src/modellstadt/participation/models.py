"""Citizen participation: processes and their phases, ideas, supports, comments and moderation.

What residents and partners write lives here as plain Django models (editors' content lives in
pages). The rules that must hold whatever code writes are constraints in the database: one support
per person and idea, valid states, a comment has exactly one target and a bounded depth, guest
comments only on news posts, hidden content always carries its reason. Every write goes through
``services.py``; pages and the API read through ``selectors.py``.

Counters: ``Idea.support_count`` is the number of Support rows of the idea, ``Idea.comment_count``
the number of its comments that are published and not deleted. Both are only changed by the
services with ``F()`` updates in the same transaction as the row they count, so they stay exact
under concurrent clicks and lists can sort and show them without counting per row.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from modellstadt.core.models import MarkdownHelp
from modellstadt.core.text import unique_slug


class PhaseKind(models.TextChoices):
    COLLECT = "collect", _("Ideen sammeln")
    EVALUATE = "evaluate", _("Bewertung")
    RESULTS = "results", _("Ergebnisse")


class IdeaState(models.TextChoices):
    SUBMITTED = "submitted", _("Eingereicht")
    UNDER_REVIEW = "under_review", _("In Prüfung")
    ACCEPTED = "accepted", _("Angenommen")
    NOT_PURSUED = "not_pursued", _("Nicht weiterverfolgt")
    IMPLEMENTED = "implemented", _("Umgesetzt")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")


# The states the programme office can give in its official answer, and those that may name the
# project carrying the idea out.
ANSWER_STATES = (IdeaState.UNDER_REVIEW, IdeaState.ACCEPTED, IdeaState.NOT_PURSUED, IdeaState.IMPLEMENTED)
PROJECT_STATES = (IdeaState.ACCEPTED, IdeaState.IMPLEMENTED)


# The ideas public lists show (and count): published and not withdrawn. The list indexes are partial
# on exactly this condition; selectors.idea_list filters with the same expressions.
LISTED_IDEAS = Q(moderation="published") & ~Q(state="withdrawn")


COMMENT_MAX_DEPTH = 3  # levels: a comment, a reply, a reply to the reply


class Moderation(models.TextChoices):
    PUBLISHED = "published", _("Veröffentlicht")
    PENDING = "pending", _("Wartet auf Freigabe")
    HIDDEN = "hidden", _("Ausgeblendet")


def _valid_choice(field, choices, name):
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def _hidden_has_reason(name):
    return models.CheckConstraint(condition=~Q(moderation=Moderation.HIDDEN) | ~Q(hidden_reason=""), name=name)


class Process(ClusterableModel):
    """A participation process, e.g. "Ideen für die Digitalstrategie 2030", with its phases."""

    title = models.CharField(_("Titel"), max_length=200)
    slug = models.SlugField(
        _("Kurzname in der Adresse"), max_length=80, unique=True, blank=True,
        help_text=_("Wird aus dem Titel erzeugt und bleibt danach stabil."),
    )
    description = models.TextField(_("Beschreibung"), help_text=MarkdownHelp.text)
    fields = models.ManyToManyField(
        "strategy.CooperationFieldPage", verbose_name=_("Kooperationsfelder"), blank=True,
        related_name="participation_processes",
        help_text=_("Zu welchen Feldern Ideen eingereicht werden können."),
    )
    premoderation = models.BooleanField(
        _("Vorab-Moderation"), default=False,
        help_text=_("Ideen und Kommentare erscheinen erst, wenn das Programmbüro sie freigegeben hat."),
    )
    created = models.DateTimeField(_("Angelegt am"), default=timezone.now, editable=False)

    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("fields"),
        FieldPanel("premoderation"),
        InlinePanel("phases", label=_("Phasen")),
    ]

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Beteiligungsverfahren")
        verbose_name_plural = _("Beteiligungsverfahren")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Process, self.title, instance=self)
        super().save(*args, **kwargs)


class Phase(models.Model):
    """A dated phase of a process. What residents may do follows the phase that is running now."""

    process = ParentalKey(Process, on_delete=models.CASCADE, related_name="phases", db_index=False)
    kind = models.CharField(_("Art"), max_length=16, choices=PhaseKind.choices)
    title = models.CharField(_("Titel"), max_length=200, blank=True, help_text=_("Leer lassen für den Namen der Art."))
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    allows_ideas = models.BooleanField(_("Ideen einreichen"), default=False)
    allows_supports = models.BooleanField(_("Ideen unterstützen"), default=False)
    allows_comments = models.BooleanField(_("Ideen kommentieren"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("title")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("allows_ideas"), FieldPanel("allows_supports"), FieldPanel("allows_comments")]),
    ]

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("Phase")
        verbose_name_plural = _("Phasen")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="phase_ends_after_start"),
            _valid_choice("kind", PhaseKind, "phase_kind_valid"),
        ]
        indexes = [models.Index(fields=["process", "starts_at"], name="phase_process_start_idx")]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.get_kind_display()

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Das Ende einer Phase muss nach ihrem Beginn liegen.")})

    def is_running(self, now):
        return self.starts_at <= now < self.ends_at


class ModeratedMixin:
    """What ideas and comments share about their moderation state."""

    @property
    def is_hidden(self):
        return self.moderation == Moderation.HIDDEN

    @property
    def is_published(self):
        return self.moderation == Moderation.PUBLISHED


class Idea(ModeratedMixin, models.Model):
    """An idea a resident (or a partner organisation) submits to a process and a cooperation field."""

    process = models.ForeignKey(Process, verbose_name=_("Verfahren"), on_delete=models.PROTECT, related_name="ideas")
    field = models.ForeignKey(
        "strategy.CooperationFieldPage", verbose_name=_("Kooperationsfeld"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="ideas",
    )
    # Contributions survive the deletion of their author's account ("gelöschtes Konto").
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Verfasst von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="ideas",
    )
    organisation = models.ForeignKey(
        "partners.Organisation", verbose_name=_("Partnerorganisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="ideas",
        help_text=_("Gesetzt, wenn die Idee von einer Partnerorganisation stammt."),
    )
    title = models.CharField(_("Titel"), max_length=150)
    description = models.TextField(_("Beschreibung"), help_text=MarkdownHelp.text)
    location_label = models.CharField(_("Ort"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("Breitengrad"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("Bild"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    image_alt = models.CharField(_("Alternativtext des Bildes"), max_length=255, blank=True)

    state = models.CharField(_("Stand"), max_length=16, choices=IdeaState.choices, default=IdeaState.SUBMITTED)
    answer_text = models.TextField(_("Antwort des Programmbüros"), blank=True, help_text=MarkdownHelp.text)
    answered_at = models.DateTimeField(_("Beantwortet am"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Beantwortet von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    project = models.ForeignKey(
        "projects.ProjectPage", verbose_name=_("Umsetzendes Projekt"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="ideas",
    )

    support_count = models.PositiveIntegerField(_("Unterstützungen"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("Kommentare"), default=0, editable=False)

    moderation = models.CharField(
        _("Moderation"), max_length=16, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    hidden_reason = models.TextField(_("Grund für das Ausblenden"), blank=True)
    created = models.DateTimeField(_("Eingereicht am"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        permissions = [
            ("answer_idea", _("Ideen offiziell beantworten")),
            ("moderate_contributions", _("Ideen und Kommentare moderieren")),
        ]
        constraints = [
            _valid_choice("state", IdeaState, "idea_state_valid"),
            _valid_choice("moderation", Moderation, "idea_moderation_valid"),
            _hidden_has_reason("idea_hidden_has_reason"),
            models.CheckConstraint(condition=Q(image__isnull=True) | ~Q(image_alt=""), name="idea_image_has_alt"),
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(latitude__gte=-90, latitude__lte=90, longitude__gte=-180, longitude__lte=180),
                name="idea_location_valid",
            ),
            models.CheckConstraint(
                condition=Q(project__isnull=True) | Q(state__in=PROJECT_STATES), name="idea_project_when_accepted"
            ),
        ]
        # One index for every list ordering selectors.idea_list serves ("random" is computed and
        # cannot use an index; it is meant for one process's ideas at a time). Partial: only the
        # ideas the public lists show (published, not withdrawn), which is also what their
        # pagination counts – an index-only scan of a small index instead of reading every idea row.
        # Only these three: every support click rewrites the idea row (support_count), and each
        # index on the table costs that UPDATE one more index entry.
        indexes = [
            models.Index(fields=["-created", "-id"], condition=LISTED_IDEAS, name="idea_newest_idx"),
            models.Index(fields=["-support_count", "-id"], condition=LISTED_IDEAS, name="idea_supports_idx"),
            models.Index(fields=["-comment_count", "-id"], condition=LISTED_IDEAS, name="idea_comments_idx"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_withdrawn(self):
        return self.state == IdeaState.WITHDRAWN

    @property
    def is_answered(self):
        return self.answered_at is not None

    @property
    def is_locked_for_editing(self):
        """Once supported or commented, an idea keeps the text people responded to."""
        return self.support_count > 0 or self.comment_count > 0

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def is_partner_idea(self):
        return self.organisation_id is not None

    @property
    def author_name(self):
        return self.author.public_name if self.author_id else _("gelöschtes Konto")


class Support(models.Model):
    """One person supports one idea once (UniqueConstraint); taking it back deletes the row."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="supports", db_index=False)
    # SET_NULL keeps the idea's count equal to its rows when an account is deleted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="idea_supports"
    )
    created = models.DateTimeField(_("Unterstützt am"), default=timezone.now)

    class Meta:
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="unique_support_per_user")]

    def __str__(self):
        return f"{self.user_id} → {self.idea_id}"


class Comment(ModeratedMixin, models.Model):
    """A comment on an idea, a project or a news post, possibly a reply to another comment.

    Target: three nullable foreign keys (``idea``, ``project``, ``news_post``) with a check
    constraint that exactly one is set, rather than a generic relation (content type + object id).
    The set of things one can comment on is small and known; real foreign keys give referential
    integrity and cascades in the database, plain joins without content-type lookups, and one
    partial index per target (``WHERE idea_id IS NOT NULL``) that serves exactly the query
    ``comment_tree`` runs. A fourth target would be one more column, constraint arm and index.

    Threads: ``parent`` and a stored ``depth`` (0 for top-level comments) bounded by ``MAX_DEPTH``
    in the database, so a thread is read with one query and grouped in Python.

    Deleting is soft (``deleted_at``): the row stays as a placeholder so replies remain readable;
    its text never reaches public output (selectors blank it). Hiding by a moderator works the
    same way with ``hidden_reason`` shown instead of the text.
    """

    MAX_DEPTH = COMMENT_MAX_DEPTH

    idea = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    project = models.ForeignKey(
        "projects.ProjectPage", null=True, blank=True, on_delete=models.CASCADE,
        related_name="participation_comments", db_index=False,
    )
    news_post = models.ForeignKey(
        "news.NewsPostPage", null=True, blank=True, on_delete=models.CASCADE,
        related_name="participation_comments", db_index=False,
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("Antwort auf"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="replies",
    )
    depth = models.PositiveSmallIntegerField(_("Tiefe"), default=0)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Verfasst von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="participation_comments",
    )
    guest_name = models.CharField(_("Name (Gast)"), max_length=100, blank=True)
    guest_email = models.EmailField(_("E-Mail-Adresse (Gast, nicht öffentlich)"), blank=True)
    text = models.TextField(_("Kommentar"))
    moderation = models.CharField(
        _("Moderation"), max_length=16, choices=Moderation.choices, default=Moderation.PUBLISHED
    )
    hidden_reason = models.TextField(_("Grund für das Ausblenden"), blank=True)
    created = models.DateTimeField(_("Geschrieben am"), default=timezone.now, editable=False)
    edited_at = models.DateTimeField(_("Bearbeitet am"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("Gelöscht am"), null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        constraints = [
            models.CheckConstraint(
                condition=Q(idea__isnull=False, project__isnull=True, news_post__isnull=True)
                | Q(idea__isnull=True, project__isnull=False, news_post__isnull=True)
                | Q(idea__isnull=True, project__isnull=True, news_post__isnull=False),
                name="comment_exactly_one_target",
            ),
            models.CheckConstraint(condition=Q(depth__lt=COMMENT_MAX_DEPTH), name="comment_depth_limit"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0) | Q(parent__isnull=False, depth__gt=0),
                name="comment_depth_matches_parent",
            ),
            models.CheckConstraint(
                condition=Q(guest_name="", guest_email="") | Q(news_post__isnull=False),
                name="comment_guests_only_on_news",
            ),
            _valid_choice("moderation", Moderation, "comment_moderation_valid"),
            _hidden_has_reason("comment_hidden_has_reason"),
        ]
        indexes = [
            models.Index(fields=["idea", "created"], condition=Q(idea__isnull=False), name="comment_idea_idx"),
            models.Index(fields=["project", "created"], condition=Q(project__isnull=False), name="comment_project_idx"),
            models.Index(
                fields=["news_post", "created"], condition=Q(news_post__isnull=False), name="comment_news_idx"
            ),
            models.Index(fields=["created"], condition=Q(moderation="pending"), name="comment_pending_idx"),
        ]

    def __str__(self):
        return _("Kommentar %(id)s") % {"id": self.pk}

    @property
    def target(self):
        return self.idea or self.project or self.news_post

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    @property
    def is_guest(self):
        return bool(self.guest_name)

    @property
    def is_visible(self):
        """Counts towards the idea's comment_count and shows its text publicly."""
        return self.is_published and not self.is_deleted

    @property
    def author_name(self):
        if self.guest_name:
            return _("%(name)s (Gast)") % {"name": self.guest_name}
        return self.author.public_name if self.author_id else _("gelöschtes Konto")


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


class IdeaEventKind(models.TextChoices):
    SUBMITTED = "submitted", _("Eingereicht")
    EDITED = "edited", _("Bearbeitet")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")
    ANSWERED = "answered", _("Antwort des Programmbüros")
    RELEASED = "released", _("Freigegeben")
    HIDDEN = "hidden", _("Ausgeblendet")
    UNHIDDEN = "unhidden", _("Wieder eingeblendet")


class IdeaEvent(models.Model):
    """The history of an idea as its page shows it: submitted, edited, answered, withdrawn, ..."""

    PUBLIC_KINDS = (
        IdeaEventKind.SUBMITTED, IdeaEventKind.EDITED, IdeaEventKind.WITHDRAWN, IdeaEventKind.ANSWERED,
        IdeaEventKind.HIDDEN, IdeaEventKind.UNHIDDEN,
    )

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="events", db_index=False)
    kind = models.CharField(_("Art"), max_length=16, choices=IdeaEventKind.choices)
    state = models.CharField(_("Neuer Stand"), max_length=16, choices=IdeaState.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("Text"), blank=True)
    created = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("Ereignis einer Idee")
        verbose_name_plural = _("Ereignisse von Ideen")
        constraints = [
            _valid_choice("kind", IdeaEventKind, "idea_event_kind_valid"),
            models.CheckConstraint(
                condition=Q(state="") | Q(state__in=IdeaState.values), name="idea_event_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["idea", "created"], name="idea_event_idea_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.idea_id})"


def comment_target_field(target):
    """The Comment foreign key that points at ``target`` ("idea", "project" or "news_post").

    Raises TypeError for anything one cannot comment on.
    """
    from wagtail.models import Page

    from modellstadt.news.models import NewsPostPage
    from modellstadt.projects.models import ProjectPage

    if isinstance(target, Page) and not isinstance(target, (ProjectPage, NewsPostPage)):
        target = target.specific
    if isinstance(target, Idea):
        return "idea"
    if isinstance(target, ProjectPage):
        return "project"
    if isinstance(target, NewsPostPage):
        return "news_post"
    raise TypeError(f"Cannot comment on {type(target).__name__}")


# --- Blocked accounts, follows and notifications ----------------------------------------------------


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
    url = models.CharField(_("Adresse"), max_length=500, blank=True)
    created = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)
    read_at = models.DateTimeField(_("Gelesen am"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("Per E-Mail gesendet am"), null=True, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        constraints = [_valid_choice("kind", NotificationKind, "notification_kind_valid")]
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
        verbose_name = _("Benachrichtigungseinstellungen")
        verbose_name_plural = _("Benachrichtigungseinstellungen")
        constraints = [_valid_choice("email_frequency", EmailFrequency, "notification_frequency_valid")]

    def __str__(self):
        return f"{self.user_id}: {self.email_frequency}"
