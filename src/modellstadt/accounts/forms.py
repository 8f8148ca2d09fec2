from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from modellstadt.accounts import services
from modellstadt.core.forms import SingleLineCharField
from modellstadt.core.guards import HumanCheckMixin


def _terms_label():
    # A fixed text of ours with links to both documents, so it may carry HTML.
    return format_html(
        gettext('Ich stimme den <a href="{terms}">Nutzungsbedingungen</a> zu und habe die '
                '<a href="{privacy}">Datenschutzhinweise</a> gelesen.'),
        terms="/nutzungsbedingungen/", privacy="/datenschutz/",
    )


TERMS_LABEL = lazy(_terms_label, SafeString)()


class TermsConsentForm(forms.Form):
    accept_terms = forms.BooleanField(
        label=TERMS_LABEL,
        error_messages={"required": _("Bitte stimmen Sie den Nutzungsbedingungen zu, um weiter mitzumachen.")},
    )


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
        label=TERMS_LABEL,
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
