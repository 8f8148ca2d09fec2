"""Projects of the cooperation fields with partners, milestones and dated status updates.

In the page tree a project sits below its cooperation field (so a field lead's permissions cover
it); its public address is nevertheless ``/projekte/<slug>/``, served by the ProjectIndexPage.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponsePermanentRedirect
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from modellstadt.core import fragments
from modellstadt.core.models import EditorialNoteMixin, GermanSlugMixin, KeptLookupsMixin, MarkdownHelp

PROJECTS_PATH = "projekte"


class ProjectStatus(models.TextChoices):
    IDEA = "idea", _("Idee")
    PREPARATION = "preparation", _("Vorbereitung")
    PILOT = "pilot", _("Pilot")
    IMPLEMENTATION = "implementation", _("Umsetzung")
    OPERATION = "operation", _("Regelbetrieb")
    COMPLETED = "completed", _("Abgeschlossen")
    STOPPED = "stopped", _("Eingestellt")


# Built once: Django's get_FOO_display() rebuilds a dict of the (lazy) choices on every call, which
# costs ~50 µs a card on list pages. The lazy labels still follow the active language.
STATUS_LABELS = dict(ProjectStatus.choices)


class ProjectIndexPage(KeptLookupsMixin, RoutablePageMixin, Page):
    """/projekte/ (list with filters) and /projekte/<slug>/ (one project)."""

    intro = models.TextField(_("Einleitung"), blank=True, help_text=MarkdownHelp.text)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["strategy.HomePage"]
    subpage_types = []
    max_count = 1
    template = "projects/project_index_page.html"

    class Meta:
        verbose_name = _("Projektliste")

    @path("")
    def project_list(self, request):
        from modellstadt.projects.views import project_list

        return project_list(request, self)

    @path("<slug:slug>/")
    def project_detail(self, request, slug):
        from django.http import Http404

        from modellstadt.core.selectors import public_pages

        # Project slugs are validated unique across fields; should two rows share one all the same, the
        # older wins (as .first() chose). Without ORDER BY: Django matches a sort column against all ~70
        # selected columns of the three joined pages, a fifth of this query's time.
        found = list(
            public_pages(ProjectPage.objects.live()).select_related("field", "lead_organisation")
            .filter(slug=slug).order_by()
        )
        if not found:
            raise Http404
        return min(found, key=lambda project: project.pk).serve(request, via_index=True)


class ProjectPage(KeptLookupsMixin, GermanSlugMixin, EditorialNoteMixin, Page):
    field = models.ForeignKey(
        "strategy.CooperationFieldPage", verbose_name=_("Kooperationsfeld"), null=True, editable=False,
        on_delete=models.PROTECT, related_name="projects",
        help_text=_("Ergibt sich aus der Position im Seitenbaum."),
    )
    summary = models.CharField(_("Kurzfassung"), max_length=400)
    description = models.TextField(_("Beschreibung"), help_text=MarkdownHelp.text)
    value_for_citizens = models.TextField(_("Nutzen für Bürgerinnen und Bürger"), help_text=MarkdownHelp.text)
    value_for_economy = models.TextField(_("Nutzen für die lokale Wirtschaft"), help_text=MarkdownHelp.text)
    status = models.CharField(
        _("Status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.IDEA, db_index=True
    )
    start_date = models.DateField(_("Beginn"), null=True, blank=True)
    end_date = models.DateField(_("Ende"), null=True, blank=True)
    budget_eur = models.DecimalField(
        _("Budget (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    lead_organisation = models.ForeignKey(
        "partners.Organisation", verbose_name=_("Federführende Organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="led_projects",
    )
    latitude = models.DecimalField(
        _("Breitengrad"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    location_label = models.CharField(_("Ort"), max_length=200, blank=True)
    easy_text = models.TextField(_("Kurztext in Leichter Sprache"), blank=True, help_text=MarkdownHelp.text)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("status"), FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("description"),
        FieldPanel("value_for_citizens"),
        FieldPanel("value_for_economy"),
        FieldRowPanel([FieldPanel("budget_eur"), FieldPanel("lead_organisation")]),
        InlinePanel("partners", label=_("Beteiligte Organisationen")),
        MultiFieldPanel(
            [FieldPanel("location_label"), FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")])],
            heading=_("Ort (optional)"),
        ),
        InlinePanel("milestones", label=_("Meilensteine")),
        InlinePanel("updates", label=_("Statusmeldungen")),
        FieldPanel("easy_text"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("editorial_note")]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.FilterField("status"),
        index.FilterField("field_id"),
    ]
    parent_page_types = ["strategy.CooperationFieldPage"]
    subpage_types = []
    template = "projects/project_page.html"

    class Meta:
        verbose_name = _("Projekt")
        verbose_name_plural = _("Projekte")

    def clean(self):
        super().clean()
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("Das Ende darf nicht vor dem Beginn liegen.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Bitte Breiten- und Längengrad gemeinsam angeben oder beide leer lassen.")
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def _slug_is_available(slug, parent_page, page=None):
        # Projects are served at /projekte/<slug>/, so a slug must be unique among all projects,
        # not only among the projects of one field.
        others = ProjectPage.objects.filter(slug=slug)
        if page is not None and page.pk:
            others = others.exclude(pk=page.pk)
        return Page._slug_is_available(slug, parent_page, page) and not others.exists()

    def save(self, *args, **kwargs):
        parent = self.get_parent() if self.path else None
        if parent is not None:
            self.field_id = parent.id
        super().save(*args, **kwargs)

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if not parts or parts[2] is None:
            return parts
        site_id, root_url, _page_path = parts
        return site_id, root_url, f"/{PROJECTS_PATH}/{self.slug}/"

    def serve(self, request, *args, via_index=False, **kwargs):
        # Reached through the tree path (/themenfelder/<feld>/<projekt>/): send to the public address.
        if not via_index and not getattr(request, "is_preview", False):
            return HttpResponsePermanentRedirect(self.get_url(request))
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from modellstadt.projects.selectors import project_context

        context = super().get_context(request, *args, **kwargs)
        # The parts that are the same for everyone come from the fragment cache when they can.
        context["fragment"] = fragment = fragments.lookup(request, "project", self.pk, parts=("body", "tail"))
        if not fragments.is_hit(fragment):
            context.update(project_context(self))
        return context

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def public_url(self):
        """/projekte/<slug>/ without a Site lookup (what get_url_parts gives for the portal's site)."""
        return f"/{PROJECTS_PATH}/{self.slug}/"

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None


class ProjectPartner(Orderable):
    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "partners.Organisation", verbose_name=_("Organisation"), on_delete=models.CASCADE,
        related_name="project_roles",
    )
    role = models.CharField(_("Rolle"), max_length=200, blank=True)

    panels = [FieldPanel("organisation"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("Beteiligte Organisation")
        verbose_name_plural = _("Beteiligte Organisationen")
        constraints = [
            models.UniqueConstraint(fields=["project", "organisation"], name="unique_project_partner"),
        ]


class Milestone(Orderable):
    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("Meilenstein"), max_length=255)
    due = models.DateField(_("Fällig am"), null=True, blank=True)
    done = models.BooleanField(_("Erreicht"), default=False)

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("due"), FieldPanel("done")])]

    class Meta(Orderable.Meta):
        verbose_name = _("Meilenstein")
        verbose_name_plural = _("Meilensteine")


class StatusUpdate(Orderable):
    project = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("Datum"))
    title = models.CharField(_("Titel"), max_length=255)
    text = models.TextField(_("Meldung"), blank=True, help_text=MarkdownHelp.text)

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("title")]), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("Statusmeldung")
        verbose_name_plural = _("Statusmeldungen")
        indexes = [models.Index(fields=["project", "-date"], name="update_project_date_idx")]
