from django import forms
from django.utils.translation import gettext_lazy as _

from modellstadt.accounts import services
from modellstadt.core.forms import SingleLineCharField
from modellstadt.core.guards import HumanCheckMixin


class SignupForm(HumanCheckMixin, forms.Form):
    """Extra fields of the registration form (allauth adds email and password), and the anti-spam
    check (arithmetic question, honeypot, minimum fill time; allauth limits the rate itself)."""

    human_check_scope = "signup"

    display_name = SingleLineCharField(
        label=_("Anzeigename"), max_length=100,
        help_text=_("So erscheinen Sie öffentlich bei Ideen und Kommentaren, z. B. „Anna aus Fallersleben“."),
    )
    district = SingleLineCharField(label=_("Stadtteil (freiwillig)"), max_length=100, required=False)
    accept_terms = forms.BooleanField(
        label=_("Ich stimme den Nutzungsbedingungen zu und habe die Datenschutzhinweise gelesen."),
        error_messages={"required": _("Bitte stimmen Sie den Nutzungsbedingungen und Datenschutzhinweisen zu.")},
    )

    def signup(self, request, user):
        user.display_name = self.cleaned_data["display_name"].strip()
        user.district = self.cleaned_data["district"].strip()
        user.save(update_fields=["display_name", "district"])
        services.record_terms_acceptance(user)


class ProfileForm(forms.Form):
    display_name = SingleLineCharField(label=_("Anzeigename"), max_length=100)
    district = SingleLineCharField(label=_("Stadtteil (freiwillig)"), max_length=100, required=False)


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label=_("Zur Bestätigung bitte LÖSCHEN eingeben"), max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip()
        if value.upper() not in {"LÖSCHEN", "LOESCHEN"}:
            raise forms.ValidationError(_("Bitte geben Sie genau das Wort LÖSCHEN ein."))
        return value
