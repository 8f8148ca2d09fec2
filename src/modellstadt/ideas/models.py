"""Participation processes with dated phases, ideas, supports, official answers and an idea's history.

What residents and partners write lives here as plain Django models (editors' content lives in
pages). The rules that must hold whatever code writes are constraints in the database: one support
per person and idea, valid states, hidden content always carries its reason. Every write goes
through ``services.py``; pages and the API read through ``selectors.py``.

Counters: ``Idea.support_count`` is the number of Support rows of the idea, ``Idea.comment_count``
the number of its comments that are published and not deleted. Both are only changed by the
services with ``F()`` updates in the same transaction as the row they count, so they stay exact
under concurrent clicks and lists can sort and show them without counting per row.

The tables keep the names they had in the former ``participation`` app (``Meta.db_table``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel

from modellstadt.core.models import MarkdownHelp
from modellstadt.core.text import unique_slug

# The Wagtail collection (below the root) that holds the images people upload with their ideas. The
# clean-up of orphaned uploads (``modellstadt cleanup_uploads``) looks only here, never at editors' images.
IDEA_IMAGE_COLLECTION = "Bilder zu Ideen"


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




class Moderation(models.TextChoices):
    PUBLISHED = "published", _("Veröffentlicht")
    PENDING = "pending", _("Wartet auf Freigabe")
    HIDDEN = "hidden", _("Ausgeblendet")


def visible_ideas(prefix=""):
    """The one definition of "a visible idea": published and not withdrawn. Public lists show and
    count only these, people may support and comment only on these, the list indexes are partial on
    this condition and the support click's SQL is compiled from it. ``prefix`` reaches ideas through
    a relation, e.g. ``visible_ideas("ideas__")`` on processes."""
    return Q(**{f"{prefix}moderation": Moderation.PUBLISHED}) & ~Q(**{f"{prefix}state": IdeaState.WITHDRAWN})


LISTED_IDEAS = visible_ideas()


class IdeaQuerySet(models.QuerySet):
    def visible(self):
        """Ideas the public sees: published and not withdrawn (``visible_ideas``)."""
        return self.filter(visible_ideas())


def valid_choice(field, choices, name):
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def hidden_has_reason(name):
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
        db_table = "participation_process"
        ordering = ["-created", "-id"]
        verbose_name = _("Beteiligungsverfahren")
        verbose_name_plural = _("Beteiligungsverfahren")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Process, self.title, instance=self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("ideas:process_detail", args=[self.slug])


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
        db_table = "participation_phase"
        ordering = ["starts_at", "id"]
        verbose_name = _("Phase")
        verbose_name_plural = _("Phasen")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="phase_ends_after_start"),
            valid_choice("kind", PhaseKind, "phase_kind_valid"),
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

    objects = IdeaQuerySet.as_manager()

    class Meta:
        db_table = "participation_idea"
        ordering = ["-created", "-id"]
        verbose_name = _("Idee")
        verbose_name_plural = _("Ideen")
        permissions = [
            ("answer_idea", _("Ideen offiziell beantworten")),
            ("moderate_contributions", _("Ideen und Kommentare moderieren")),
        ]
        constraints = [
            valid_choice("state", IdeaState, "idea_state_valid"),
            valid_choice("moderation", Moderation, "idea_moderation_valid"),
            hidden_has_reason("idea_hidden_has_reason"),
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
        # Every support click rewrites the idea row (support_count), and each index on the table
        # costs that UPDATE one more index entry, so there are only these four. The fourth finds the
        # listed ideas with a place inside the map's view (progress.selectors.map_data): without it a
        # close view reads every listed idea row, twice per request.
        indexes = [
            models.Index(fields=["-created", "-id"], condition=LISTED_IDEAS, name="idea_newest_idx"),
            models.Index(fields=["-support_count", "-id"], condition=LISTED_IDEAS, name="idea_supports_idx"),
            models.Index(fields=["-comment_count", "-id"], condition=LISTED_IDEAS, name="idea_comments_idx"),
            models.Index(fields=["latitude", "longitude"], condition=LISTED_IDEAS & Q(latitude__isnull=False),
                         name="idea_position_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("ideas:idea_detail", args=[self.pk])

    @property
    def is_withdrawn(self):
        return self.state == IdeaState.WITHDRAWN

    @property
    def is_visible(self):
        """Published and not withdrawn: the instance-side twin of ``visible_ideas()``."""
        return self.moderation == Moderation.PUBLISHED and self.state != IdeaState.WITHDRAWN

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
        db_table = "participation_support"
        verbose_name = _("Unterstützung")
        verbose_name_plural = _("Unterstützungen")
        constraints = [models.UniqueConstraint(fields=["idea", "user"], name="unique_support_per_user")]

    def __str__(self):
        return f"{self.user_id} → {self.idea_id}"


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
        db_table = "participation_ideaevent"
        ordering = ["created", "id"]
        verbose_name = _("Ereignis einer Idee")
        verbose_name_plural = _("Ereignisse von Ideen")
        constraints = [
            valid_choice("kind", IdeaEventKind, "idea_event_kind_valid"),
            models.CheckConstraint(
                condition=Q(state="") | Q(state__in=IdeaState.values), name="idea_event_state_valid"
            ),
        ]
        indexes = [models.Index(fields=["idea", "created"], name="idea_event_idea_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.idea_id})"
