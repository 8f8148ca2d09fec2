"""Forms of moderation: the reason a person gives for a report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from modellstadt.ideas.rules import REASON_MAX


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Warum melden Sie diesen Beitrag?"), max_length=REASON_MAX,
        help_text=_("Zum Beispiel: beleidigend, Werbung, persönliche Daten. Nur die Moderation sieht Ihre Meldung."),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Bitte nennen Sie einen Grund für die Meldung."),
            "max_length": _("Der Grund darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
