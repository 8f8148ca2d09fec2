"""Organisations of the partner network (administration, municipal companies, firms, ...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from modellstadt.core.models import EditorialNoteMixin, MarkdownHelp
from modellstadt.core.text import unique_slug


class OrganisationKind(models.TextChoices):
    ADMINISTRATION = "administration", _("Verwaltung")
    COUNCIL = "council", _("Rat und Politik")
    MUNICIPAL_COMPANY = "municipal_company", _("Kommunales Unternehmen")
    PRIVATE_COMPANY = "private_company", _("Privatunternehmen")
    RESEARCH = "research", _("Forschung und Bildung")
    ASSOCIATION = "association", _("Verein und Verband")
    OTHER = "other", _("Sonstige")


class Organisation(EditorialNoteMixin, index.Indexed, models.Model):
    name = models.CharField(_("Name"), max_length=200, unique=True)
    slug = models.SlugField(
        _("Kurzname in der Adresse"), max_length=80, unique=True, blank=True,
        help_text=_("Wird aus dem Namen erzeugt und bleibt danach stabil."),
    )
    kind = models.CharField(_("Art"), max_length=32, choices=OrganisationKind.choices, db_index=True)
    website = models.URLField(_("Website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("Logo"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    description = models.TextField(_("Beschreibung"), blank=True, help_text=MarkdownHelp.text)
    contact_email = models.EmailField(_("Kontakt-E-Mail"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
        FieldPanel("contact_email"),
        MultiFieldPanel([FieldPanel("editorial_note")], heading=_("Redaktion")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("description"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Organisation, self.name, instance=self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/partner/{self.slug}/"


class PartnerIndexPage(RoutablePageMixin, Page):
    """/partner/ (directory by kind) and /partner/<slug>/ (one organisation)."""

    intro = models.TextField(_("Einleitung"), blank=True, help_text=MarkdownHelp.text)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["strategy.HomePage"]
    subpage_types = []
    max_count = 1
    template = "partners/partner_index_page.html"

    class Meta:
        verbose_name = _("Partnerverzeichnis")

    @path("")
    def directory(self, request):
        from modellstadt.partners.views import partner_directory

        return partner_directory(request, self)

    @path("<slug:slug>/")
    def organisation(self, request, slug):
        from modellstadt.partners.views import organisation_detail

        return organisation_detail(request, self, slug)

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            urls += [{"location": f"{base}{slug}/"} for slug in Organisation.objects.values_list("slug", flat=True)]
        return urls
