from django import forms
from django.utils.translation import gettext_lazy as _

from modellstadt.core.forms import LenientFilterForm
from modellstadt.projects.models import ProjectStatus
from modellstadt.projects.selectors import DEFAULT_SORT

SORT_CHOICES = [
    ("titel", _("Titel (A–Z)")),
    ("neueste", _("Zuletzt veröffentlicht")),
    ("beginn", _("Beginn (neueste zuerst)")),
    ("status", _("Status")),
]


class ProjectFilterForm(LenientFilterForm):
    """GET filters of /projekte/. Unknown values are dropped, never answered with an error page.

    Fields and partners are plain choices of slugs loaded once by the view (one query each), so
    checking a submitted slug costs no further query; the template renders the options with
    ``select_options`` instead of one widget template per option (~300 partners)."""

    default_sort = DEFAULT_SORT

    feld = forms.ChoiceField(label=_("Kooperationsfeld"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    partner = forms.ChoiceField(label=_("Partner"), required=False)
    sortierung = forms.ChoiceField(label=_("Sortierung"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, field_choices, partner_choices):
        super().__init__(data)
        self.fields["feld"].choices = [("", _("Alle Felder")), *field_choices]
        self.fields["partner"].choices = [("", _("Alle Partner")), *partner_choices]
        self.fields["status"].choices = [("", _("Alle Status")), *ProjectStatus.choices]
