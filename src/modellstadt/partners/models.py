"""Organisations of the partner network (administration, municipal companies, firms, ...)."""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.models import Page
from wagtail.search import index

from modellstadt.core.models import EditorialNoteMixin, KeptLookupsMixin, MarkdownHelp
from modellstadt.core.text import unique_slug
from modellstadt.partners.uploads import letter_storage


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
    contact_person = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_phone = models.CharField(_("Kontakt-Telefon"), max_length=50, blank=True)
    public_supporter = models.BooleanField(
        _("Als Unterstützerin öffentlich nennen"), default=False,
        help_text=_("Die Organisation ist damit einverstanden, auf der Seite „Unterstützer“ genannt zu werden."),
    )
    public_supporter_since = models.DateTimeField(_("Einverständnis erteilt am"), null=True, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
        FieldPanel("contact_email"),
        FieldPanel("contact_person"),
        FieldPanel("contact_phone"),
        MultiFieldPanel(
            [FieldPanel("public_supporter"), FieldPanel("public_supporter_since")],
            heading=_("Öffentliche Unterstützerliste"),
        ),
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
        if self.public_supporter and self.public_supporter_since is None:
            self.public_supporter_since = timezone.now()
        elif not self.public_supporter:
            self.public_supporter_since = None
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"/partner/{self.slug}/"


class PartnerIndexPage(KeptLookupsMixin, RoutablePageMixin, Page):
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


# --- Partner area: memberships, letters of support, pledges --------------------------------------


class MembershipRole(models.TextChoices):
    REPRESENTATIVE = "representative", _("Vertretung der Organisation")


class MembershipState(models.TextChoices):
    REQUESTED = "requested", _("Angefragt")
    APPROVED = "approved", _("Bestätigt")
    REJECTED = "rejected", _("Abgelehnt")
    REVOKED = "revoked", _("Beendet")


ACTIVE_MEMBERSHIP_STATES = (MembershipState.REQUESTED, MembershipState.APPROVED)


class Membership(models.Model):
    """A person who speaks for a partner organisation in the partner area (after the office approved)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Person"), on_delete=models.CASCADE,
        related_name="partner_memberships",
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("Organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("Rolle"), max_length=32, choices=MembershipRole.choices, default=MembershipRole.REPRESENTATIVE
    )
    state = models.CharField(
        _("Stand"), max_length=16, choices=MembershipState.choices, default=MembershipState.REQUESTED
    )
    message = models.TextField(_("Nachricht der anfragenden Person"), blank=True)
    decision_note = models.TextField(_("Begründung der Entscheidung"), blank=True)
    invited = models.BooleanField(_("Auf Einladung"), default=False)
    requested_at = models.DateTimeField(_("Angefragt am"), default=timezone.now)
    decided_at = models.DateTimeField(_("Entschieden am"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Entschieden von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("Mitgliedschaft")
        verbose_name_plural = _("Mitgliedschaften")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=Q(state__in=["requested", "approved"]),
                name="partners_membership_one_active",
            ),
            models.CheckConstraint(
                condition=Q(state__in=MembershipState.values), name="partners_membership_state_valid"
            ),
            models.CheckConstraint(condition=Q(role__in=MembershipRole.values), name="partners_membership_role_valid"),
        ]
        indexes = [
            models.Index(fields=["state", "requested_at"], name="partners_membership_state_idx"),
            models.Index(fields=["organisation", "state"], name="partners_membership_org_idx"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_state_display()})"

    @property
    def is_approved(self):
        return self.state == MembershipState.APPROVED


def letter_file_name(instance, filename):
    """A random stored name: nothing of the uploaded file's name reaches the disk."""
    return f"{uuid.uuid4().hex}.pdf"


class SupportLetter(EditorialNoteMixin, models.Model):
    """A letter of support a partner organisation gave for one or more calls (stored privately)."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("Organisation"), on_delete=models.CASCADE, related_name="support_letters"
    )
    file = models.FileField(
        _("PDF-Datei"), storage=letter_storage, upload_to=letter_file_name, max_length=255, blank=True,
    )
    original_name = models.CharField(_("Ursprünglicher Dateiname"), max_length=255, blank=True, editable=False)
    page_count = models.PositiveIntegerField(_("Seiten"), null=True, blank=True, editable=False)
    date = models.DateField(_("Datum des Schreibens"))
    signatory = models.CharField(_("Unterzeichnet von"), max_length=200)
    calls = models.ManyToManyField(
        "dossier.Call", verbose_name=_("Ausschreibungen"), blank=True, related_name="support_letters",
        help_text=_("Für welche Wettbewerbe oder Förderaufrufe das Schreiben gilt."),
    )
    public = models.BooleanField(
        _("Darf öffentlich gezeigt werden"), default=False,
        help_text=_("Das Schreiben darf auf der Seite „Unterstützer“ und im Bewerbungsdossier erscheinen."),
    )
    received_by_post = models.BooleanField(_("Per Post eingegangen"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Erfasst von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created = models.DateTimeField(_("Erfasst am"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("Unterstützungsschreiben")
        verbose_name_plural = _("Unterstützungsschreiben")
        constraints = [
            models.CheckConstraint(
                condition=Q(received_by_post=True) | ~Q(file=""), name="partners_letter_file_or_post"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "date"], name="partners_letter_org_date_idx"),
            models.Index(fields=["public", "date"], name="partners_letter_public_idx"),
        ]

    def __str__(self):
        return _("Schreiben von %(organisation)s vom %(date)s") % {
            "organisation": self.organisation, "date": self.date.strftime("%d.%m.%Y") if self.date else "",
        }

    def get_download_url(self):
        return f"/partnerbereich/schreiben/{self.pk}/datei/"


class PledgeKind(models.TextChoices):
    SERVICE = "service", _("Dienstleistung")
    GOODS = "goods", _("Sachleistung")
    STAFF_TIME = "staff_time", _("Personalzeit")
    MONEY = "money", _("Geld")
    DATA = "data", _("Daten")


class Pledge(EditorialNoteMixin, models.Model):
    """What a partner offers the programme: service, goods, staff time, money or data."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("Organisation"), on_delete=models.CASCADE, related_name="pledges"
    )
    kind = models.CharField(_("Art der Zusage"), max_length=16, choices=PledgeKind.choices)
    description = models.TextField(_("Beschreibung"), help_text=MarkdownHelp.text)
    estimated_value_eur = models.DecimalField(
        _("Geschätzter Wert in Euro"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    fields = models.ManyToManyField(
        "strategy.CooperationFieldPage", verbose_name=_("Kooperationsfelder"), blank=True, related_name="pledges"
    )
    projects = models.ManyToManyField(
        "projects.ProjectPage", verbose_name=_("Projekte"), blank=True, related_name="pledges"
    )
    calls = models.ManyToManyField(
        "dossier.Call", verbose_name=_("Ausschreibungen"), blank=True, related_name="pledges",
        help_text=_("Für welche Wettbewerbe oder Förderaufrufe die Zusage zählt."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Erfasst von"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created = models.DateTimeField(_("Erfasst am"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("Geändert am"), auto_now=True)

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Zusage")
        verbose_name_plural = _("Zusagen")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=PledgeKind.values), name="partners_pledge_kind_valid"),
            models.CheckConstraint(
                condition=Q(estimated_value_eur__isnull=True) | Q(estimated_value_eur__gte=0),
                name="partners_pledge_value_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "created"], name="partners_pledge_org_idx")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.organisation}"


@receiver(post_delete, sender=SupportLetter)
def _remove_letter_file(sender, instance, **kwargs):
    """A deleted letter takes its private file with it, once the deletion is committed."""
    name = instance.file.name if instance.file else ""
    if name:
        transaction.on_commit(lambda: letter_storage.delete(name))
