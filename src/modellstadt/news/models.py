"""News posts: the city's news page with teaser, image, info box and related fields/projects."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Orderable, Page
from wagtail.search import index

from modellstadt.core.models import EditorialNoteMixin, GermanSlugMixin, KeptLookupsMixin, MarkdownHelp


class NewsIndexPage(KeptLookupsMixin, RoutablePageMixin, Page):
    """/aktuelles/ (paginated list) and /aktuelles/feed/ (Atom)."""

    intro = models.TextField(_("Einleitung"), blank=True, help_text=MarkdownHelp.text)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["strategy.HomePage"]
    subpage_types = ["news.NewsPostPage"]
    max_count = 1
    template = "news/news_index_page.html"

    class Meta:
        verbose_name = _("Nachrichtenübersicht")

    @path("")
    def news_list(self, request):
        from modellstadt.news.views import news_list

        return news_list(request, self)

    @path("feed/")
    def feed(self, request):
        from modellstadt.news.feeds import NewsFeed

        return NewsFeed(self)(request)


class NewsPostPage(KeptLookupsMixin, GermanSlugMixin, EditorialNoteMixin, Page):
    date = models.DateTimeField(
        _("Veröffentlichungsdatum"), default=timezone.now, db_index=True,
        help_text=_("Wird über der Nachricht angezeigt und bestimmt die Reihenfolge."),
    )
    teaser = models.CharField(_("Anreißer"), max_length=400)
    body = models.TextField(_("Text"), help_text=MarkdownHelp.text)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("Bild"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    image_alt = models.CharField(
        _("Alternativtext des Bildes"), max_length=255, blank=True,
        help_text=_("Beschreibt das Bild für Menschen, die es nicht sehen. Pflicht, wenn ein Bild gewählt ist."),
    )
    info_box_title = models.CharField(_("Überschrift des Infokastens"), max_length=120, blank=True, default="Info")
    related_fields = ParentalManyToManyField(
        "strategy.CooperationFieldPage", verbose_name=_("Kooperationsfelder"), blank=True, related_name="news"
    )
    related_projects = ParentalManyToManyField(
        "projects.ProjectPage", verbose_name=_("Projekte"), blank=True, related_name="news"
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("teaser"),
        FieldPanel("body"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Bild")),
        MultiFieldPanel(
            [FieldPanel("info_box_title"), InlinePanel("info_box", label=_("Einträge"))],
            heading=_("Infokasten"),
        ),
        FieldPanel("related_fields"),
        FieldPanel("related_projects"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("editorial_note")]
    search_fields = Page.search_fields + [index.SearchField("teaser"), index.SearchField("body")]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    template = "news/news_post_page.html"

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Bitte einen Alternativtext für das Bild angeben.")})

    def get_context(self, request, *args, **kwargs):
        from modellstadt.news.selectors import post_context

        context = super().get_context(request, *args, **kwargs)
        context.update(post_context(self))
        return context


class InfoBoxEntry(Orderable):
    post = ParentalKey(NewsPostPage, on_delete=models.CASCADE, related_name="info_box")
    label = models.CharField(_("Bezeichnung"), max_length=200)
    url = models.URLField(_("Link"), blank=True)
    text = models.CharField(_("Text"), max_length=300, blank=True)

    panels = [FieldPanel("label"), FieldPanel("text"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("Eintrag im Infokasten")
        verbose_name_plural = _("Einträge im Infokasten")
