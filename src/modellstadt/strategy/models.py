"""The initiative, its cooperation fields and its governance (bodies, members, decisions)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from modellstadt.core import fragments
from modellstadt.core.models import EditorialNoteMixin, GermanSlugMixin, KeptLookupsMixin, MarkdownHelp
from modellstadt.core.page_context import extra_context


class HomePage(KeptLookupsMixin, EditorialNoteMixin, Page):
    """The initiative itself; the root of the portal (``/``)."""

    city = models.CharField(_("Stadt"), max_length=100)
    programme_name = models.CharField(_("Name des Programms"), max_length=200)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    lead_unit = models.CharField(
        _("Federführende Stelle in der Verwaltung"), max_length=255, blank=True,
        help_text=_("z. B. Team Digitalisierung im Geschäftsbereich Stadtentwicklung"),
    )
    tagline = models.CharField(_("Leitsatz"), max_length=255, blank=True)
    vision = models.TextField(_("Vision"), help_text=MarkdownHelp.text)
    mou_title = models.CharField(_("Gründungsvereinbarung: Titel"), max_length=255, blank=True)
    mou_parties = models.CharField(_("Gründungsvereinbarung: Parteien"), max_length=255, blank=True)
    mou_signed_on = models.DateField(_("Gründungsvereinbarung: unterzeichnet am"), null=True, blank=True)
    mou_text = models.TextField(_("Gründungsvereinbarung: Inhalt"), blank=True, help_text=MarkdownHelp.text)

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("city"), FieldPanel("population")]),
        FieldPanel("programme_name"),
        FieldPanel("tagline"),
        FieldPanel("lead_unit"),
        FieldPanel("vision"),
        InlinePanel("goals", label=_("Oberziele")),
        MultiFieldPanel(
            [FieldPanel("mou_title"), FieldPanel("mou_parties"), FieldPanel("mou_signed_on"), FieldPanel("mou_text")],
            heading=_("Gründungsvereinbarung (MoU)"),
        ),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("editorial_note")]
    search_fields = Page.search_fields + [index.SearchField("vision")]
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "strategy/home_page.html"

    class Meta:
        verbose_name = _("Startseite (Initiative)")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The parts that are the same for everyone come from the fragment cache when they can; the
        # running processes (their phases end by the clock, not by a save) are read on every request.
        context["fragment"] = fragment = fragments.lookup(request, "home", self.pk, parts=("top", "main"))
        context.update(extra_context(self, fragment_hit=fragments.is_hit(fragment)))  # see portal.selectors
        return context


class TopGoal(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("Ziel"), max_length=255)
    description = models.TextField(_("Erläuterung"), blank=True)

    panels = [FieldPanel("title"), FieldPanel("description")]

    class Meta(Orderable.Meta):
        verbose_name = _("Oberziel")
        verbose_name_plural = _("Oberziele")


class FieldIndexPage(KeptLookupsMixin, Page):
    """/themenfelder/: all cooperation fields."""

    intro = models.TextField(_("Einleitung"), blank=True, help_text=MarkdownHelp.text)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["strategy.HomePage"]
    subpage_types = ["strategy.CooperationFieldPage"]
    max_count = 1
    template = "strategy/field_index_page.html"

    class Meta:
        verbose_name = _("Übersicht Kooperationsfelder")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(extra_context(self))  # the fields with their project counts: see projects.selectors
        return context


class CooperationFieldPage(KeptLookupsMixin, GermanSlugMixin, EditorialNoteMixin, Page):
    """One cooperation field (Kooperationsfeld). Its projects live below it in the page tree, so a
    field lead's permissions on this subtree cover exactly the field's projects."""

    COLOURS = [
        ("#0b5cab", _("Blau")), ("#00734a", _("Grün")), ("#8a3b00", _("Braun")), ("#6b2fa0", _("Violett")),
        ("#a4004b", _("Beere")), ("#005f73", _("Petrol")), ("#7a5c00", _("Ocker")), ("#3d4a5c", _("Schiefer")),
        ("#b3261e", _("Rot")), ("#2e6b1f", _("Moos")),
    ]

    number = models.PositiveSmallIntegerField(_("Nummer"), validators=[MinValueValidator(1)], unique=True)
    short_description = models.CharField(_("Kurzbeschreibung"), max_length=300)
    status_description = models.TextField(_("Ist-Zustand"), blank=True, help_text=MarkdownHelp.text)
    vision = models.TextField(_("Vision"), blank=True, help_text=MarkdownHelp.text)
    lead_person = models.CharField(_("Feldleitung (Person)"), max_length=200, blank=True)
    lead_organisation = models.ForeignKey(
        "partners.Organisation", verbose_name=_("Feldleitung (Organisation)"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="led_fields",
    )
    colour = models.CharField(_("Farbe"), max_length=7, choices=COLOURS, default="#0b5cab")
    easy_text = models.TextField(_("Kurztext in Leichter Sprache"), blank=True, help_text=MarkdownHelp.text)
    is_assumption = models.BooleanField(
        _("Bezeichnung ist eine Annahme"), default=False,
        help_text=_("Öffentlich als Annahme kennzeichnen, wenn der Name nicht durch eine Quelle belegt ist."),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("number"), FieldPanel("colour")]),
        FieldPanel("short_description"),
        FieldPanel("status_description"),
        FieldPanel("vision"),
        FieldRowPanel([FieldPanel("lead_person"), FieldPanel("lead_organisation")]),
        FieldPanel("easy_text"),
        FieldPanel("is_assumption"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("editorial_note")]
    search_fields = Page.search_fields + [
        index.SearchField("short_description"),
        index.SearchField("status_description"),
        index.SearchField("vision"),
    ]
    parent_page_types = ["strategy.FieldIndexPage"]
    subpage_types = ["projects.ProjectPage"]
    template = "strategy/field_page.html"

    class Meta:
        ordering = ["number"]
        verbose_name = _("Kooperationsfeld")
        verbose_name_plural = _("Kooperationsfelder")

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def public_url(self):
        """The field's address below the site root (/themenfelder/<slug>/) from its url_path, without the
        Site lookup of get_url(); the portal's site root is the initiative (HomePage) at depth 2."""
        return "/" + self.url_path.strip("/").split("/", 1)[-1] + "/"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The parts that are the same for everyone come from the fragment cache when they can.
        context["fragment"] = fragment = fragments.lookup(request, "field", self.pk, parts=("body", "tail"))
        # projects, partners, teams: see projects.selectors
        context.update(extra_context(self, fragment_hit=fragments.is_hit(fragment)))
        return context


class BodyKind(models.TextChoices):
    STEERING_COMMITTEE = "steering_committee", _("Steuerkreis")
    CORE_TEAM = "core_team", _("Kernteam")
    PROGRAMME_OFFICE = "programme_office", _("Programmbüro (PMO)")
    FIELD_TEAM = "field_team", _("Feldteam")
    OTHER = "other", _("Sonstiges Gremium")


class GoverningBody(EditorialNoteMixin, index.Indexed, ClusterableModel):
    name = models.CharField(_("Name"), max_length=200)
    kind = models.CharField(_("Art"), max_length=32, choices=BodyKind.choices)
    field = models.ForeignKey(
        CooperationFieldPage, verbose_name=_("Kooperationsfeld"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="teams", help_text=_("Nur für Feldteams."),
    )
    mandate = models.TextField(_("Aufgabe"), blank=True, help_text=MarkdownHelp.text)
    order = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("order")]),
        FieldPanel("field"),
        FieldPanel("mandate"),
        InlinePanel("memberships", label=_("Mitglieder")),
        FieldPanel("editorial_note"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("Gremium")
        verbose_name_plural = _("Gremien")

    def __str__(self):
        return self.name


class BodyMembership(Orderable):
    body = ParentalKey(GoverningBody, on_delete=models.CASCADE, related_name="memberships")
    person = models.CharField(_("Person"), max_length=200)
    organisation = models.ForeignKey(
        "partners.Organisation", verbose_name=_("Organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="body_memberships",
    )
    role = models.CharField(_("Rolle"), max_length=200, blank=True)

    panels = [FieldPanel("person"), FieldPanel("organisation"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("Mitglied")
        verbose_name_plural = _("Mitglieder")

    def __str__(self):
        return self.person


class Decision(EditorialNoteMixin, index.Indexed, ClusterableModel):
    date = models.DateField(_("Datum"), db_index=True)
    body = models.ForeignKey(
        GoverningBody, verbose_name=_("Gremium"), on_delete=models.PROTECT, related_name="decisions"
    )
    title = models.CharField(_("Titel"), max_length=255)
    text = models.TextField(_("Beschluss"), help_text=MarkdownHelp.text)
    fields = ParentalManyToManyField(
        CooperationFieldPage, verbose_name=_("Kooperationsfelder"), blank=True, related_name="decisions"
    )
    projects = ParentalManyToManyField(
        "projects.ProjectPage", verbose_name=_("Projekte"), blank=True, related_name="decisions"
    )

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("body")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldPanel("fields"),
        FieldPanel("projects"),
        FieldPanel("editorial_note"),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("text"), index.AutocompleteField("title")]

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("Beschluss")
        verbose_name_plural = _("Beschlüsse")

    def __str__(self):
        return f"{self.date:%d.%m.%Y}: {self.title}"


class GovernancePage(KeptLookupsMixin, Page):
    """/steuerung/: bodies, members and recent decisions."""

    intro = models.TextField(_("Einleitung"), blank=True, help_text=MarkdownHelp.text)
    decision_flow = models.TextField(
        _("Entscheidungsweg"), blank=True, help_text=MarkdownHelp.text,
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("decision_flow")]
    parent_page_types = ["strategy.HomePage"]
    subpage_types = []
    max_count = 1
    template = "strategy/governance_page.html"

    class Meta:
        verbose_name = _("Steuerung")

    def get_context(self, request, *args, **kwargs):
        from modellstadt.strategy.selectors import governance_context

        context = super().get_context(request, *args, **kwargs)
        context.update(governance_context())
        return context
