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
        return self.display_name or self.get_full_name() or self.username
