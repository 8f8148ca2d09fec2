"""The portal's own page types: legal pages and the Leichte Sprache page."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from modellstadt.core.models import EditorialNoteMixin, GermanSlugMixin, KeptLookupsMixin, MarkdownHelp


class LegalPage(KeptLookupsMixin, GermanSlugMixin, EditorialNoteMixin, Page):
    """Impressum, Datenschutz, Erklärung zur Barrierefreiheit: plain pages the office keeps current."""

    body = models.TextField(_("Inhalt"), help_text=MarkdownHelp.text)
    last_reviewed = models.DateField(
        pgettext_lazy("as of a date", "Stand"), null=True, blank=True,
        help_text=_("Bei den Nutzungsbedingungen ist ein neuer Stand eine neue Fassung: Wer angemeldet ist, wird "
                    "nach der Veröffentlichung gebeten, ihr zuzustimmen. Für Tippfehler den Stand nicht ändern."),
    )

    content_panels = Page.content_panels + [FieldPanel("body"), FieldPanel("last_reviewed")]
    settings_panels = Page.settings_panels + [FieldPanel("editorial_note")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["strategy.HomePage"]
    subpage_types = []
    template = "portal/legal_page.html"

    class Meta:
        db_table = "core_legalpage"  # the table keeps the name it had when the page type lived in core
        verbose_name = _("Rechtliche Seite")
        verbose_name_plural = _("Rechtliche Seiten")


class EasyLanguagePage(KeptLookupsMixin, GermanSlugMixin, EditorialNoteMixin, Page):
    """/leichte-sprache/: the programme and the portal in Leichte Sprache, plus every easy text."""

    body = models.TextField(_("Text in Leichter Sprache"), help_text=MarkdownHelp.text)

    content_panels = Page.content_panels + [FieldPanel("body")]
    settings_panels = Page.settings_panels + [FieldPanel("editorial_note")]
    parent_page_types = ["strategy.HomePage"]
    subpage_types = []
    max_count = 1
    template = "portal/easy_language_page.html"

    class Meta:
        db_table = "core_easylanguagepage"
        verbose_name = _("Leichte-Sprache-Seite")

    def get_context(self, request, *args, **kwargs):
        from modellstadt.ideas.selectors import running_processes
        from modellstadt.portal.selectors import easy_language_entries

        context = super().get_context(request, *args, **kwargs)
        context["fields"], context["projects"] = easy_language_entries()
        context["running_processes"] = running_processes()
        return context
