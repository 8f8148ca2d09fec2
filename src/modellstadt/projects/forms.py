from django import forms
from django.utils.translation import gettext_lazy as _

from modellstadt.partners.models import Organisation
from modellstadt.projects.models import ProjectStatus
from modellstadt.projects.selectors import DEFAULT_SORT
from modellstadt.strategy.models import CooperationFieldPage

SORT_CHOICES = [
    ("titel", _("Titel (A–Z)")),
    ("neueste", _("Zuletzt veröffentlicht")),
    ("beginn", _("Beginn (neueste zuerst)")),
    ("status", _("Status")),
]


class ProjectFilterForm(forms.Form):
    """GET filters of /projekte/. Unknown values are dropped, never answered with an error page."""

    feld = forms.ModelChoiceField(
        label=_("Kooperationsfeld"), required=False, empty_label=_("Alle Felder"),
        queryset=CooperationFieldPage.objects.none(), to_field_name="slug",
    )
    status = forms.ChoiceField(label=_("Status"), required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner"), required=False, empty_label=_("Alle Partner"),
        queryset=Organisation.objects.none(), to_field_name="slug",
    )
    sortierung = forms.ChoiceField(label=_("Sortierung"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, fields_qs, partners_qs):
        super().__init__(data)
        self.fields["feld"].queryset = fields_qs
        self.fields["partner"].queryset = partners_qs
        self.fields["status"].choices = [("", _("Alle Status")), *ProjectStatus.choices]

    def cleaned_or_default(self):
        """Valid filters; an invalid one is reset (and reported in ``self.ignored``)."""
        self.is_valid()
        self.ignored = sorted(self.errors)
        values = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        values["sortierung"] = values.get("sortierung") or DEFAULT_SORT
        return values
