"""The form on which a partner organisation's representative submits a project idea."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from modellstadt.core.forms import SingleLineCharField
from modellstadt.ideas.models import Process
from modellstadt.strategy.models import CooperationFieldPage


class PartnerIdeaForm(forms.Form):
    process = forms.ModelChoiceField(
        label=_("Beteiligungsverfahren"), queryset=Process.objects.none(), empty_label=_("– bitte wählen –"),
        error_messages={"required": _("Bitte wählen Sie ein Verfahren."),
                        "invalid_choice": _("Dieses Verfahren nimmt gerade keine Ideen an.")},
    )
    field = forms.ModelChoiceField(
        label=_("Kooperationsfeld"), queryset=CooperationFieldPage.objects.none(), required=False,
        empty_label=_("– bitte wählen –"),
    )
    title = SingleLineCharField(
        label=_("Titel der Idee"), max_length=150,
        error_messages={"required": _("Bitte geben Sie einen Titel an.")},
    )
    description = forms.CharField(
        label=_("Beschreibung"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Bitte beschreiben Sie Ihre Idee.")},
    )

    def __init__(self, *args: Any, processes: list[Process], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [p.pk for p in processes]
        self.fields["process"].queryset = Process.objects.filter(pk__in=ids)  # type: ignore[attr-defined]
        self.fields["field"].queryset = (  # type: ignore[attr-defined]
            CooperationFieldPage.objects.filter(participation_processes__in=ids).distinct().order_by("number")
        )
