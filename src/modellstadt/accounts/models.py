"""Users of the platform: programme office staff, field leads, partners and residents."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    display_name = models.CharField(
        _("Anzeigename"), max_length=100, blank=True,
        help_text=_("So erscheint die Person öffentlich, z. B. bei Ideen und Kommentaren."),
    )
    district = models.CharField(_("Stadtteil"), max_length=100, blank=True)

    class Meta(AbstractUser.Meta):
        verbose_name = _("Konto")
        verbose_name_plural = _("Konten")

    @property
    def public_name(self):
        return public_name(self.display_name, self.first_name, self.last_name, self.username)


def public_name(display_name: str, first_name: str, last_name: str, username: str) -> str:
    """How a person appears in public: the name they chose, else their full name, else the user name
    (``User.public_name``; for rows read without the model, e.g. a comment thread)."""
    return display_name or f"{first_name} {last_name}".strip() or username


class TermsAcceptance(models.Model):
    """Which version of the terms of use and the privacy notice a person accepted, and when."""

    class Document(models.TextChoices):
        TERMS = "terms", _("Nutzungsbedingungen")
        PRIVACY = "privacy", _("Datenschutzhinweise")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="terms_acceptances")
    document = models.CharField(_("Dokument"), max_length=16, choices=Document.choices)
    version = models.CharField(_("Version"), max_length=32)
    accepted_at = models.DateTimeField(_("Zugestimmt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Zustimmung")
        verbose_name_plural = _("Zustimmungen")
        constraints = [
            models.UniqueConstraint(fields=["user", "document", "version"], name="unique_terms_acceptance"),
        ]


class PublishedTerms(models.Model):
    """A version of the terms of use or of the privacy notice that the office has published.

    The newest row per document is the version in force; people who accepted an older version of the
    terms of use are asked again (accounts.middleware.TermsConsentMiddleware). Without any row, the
    version from the MODELLSTADT_TERMS_VERSION setting is in force and nobody is asked again.
    """

    document = models.CharField(_("Dokument"), max_length=16, choices=TermsAcceptance.Document.choices)
    version = models.CharField(_("Version"), max_length=32)
    published_at = models.DateTimeField(_("Veröffentlicht am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Veröffentlichte Fassung")
        verbose_name_plural = _("Veröffentlichte Fassungen")
        get_latest_by = ["published_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["document", "version"], name="unique_published_terms"),
        ]
