"""allauth's forms with the platform's wording (``ACCOUNT_FORMS``): labels that name what to type,
and errors that say "Sie" (allauth's German catalogue says "du")."""

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# allauth's message (its msgid) -> ours. Compared with the message as translated for the current
# language, so the German "du" text and the English original are both replaced.
FORMAL_ERRORS = {
    "You must type the same password each time.": _("Bitte geben Sie zweimal dasselbe Passwort ein."),
    "You must type the same email each time.": _("Bitte geben Sie zweimal dieselbe E-Mail-Adresse ein."),
}


class FormalErrorsMixin:
    def full_clean(self):
        super().full_clean()
        if not self._errors:
            return
        replacements = {gettext(msgid): str(ours) for msgid, ours in FORMAL_ERRORS.items()}
        for errors in self._errors.values():
            for index, message in enumerate(errors):
                if message in replacements:
                    errors[index] = replacements[message]


class LoginForm(FormalErrorsMixin, allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("E-Mail-Adresse oder Benutzername")
        login.widget.attrs["placeholder"] = ""
        self.fields["password"].label = _("Passwort")
        self.fields["password"].widget.attrs["placeholder"] = ""
        if "remember" in self.fields:
            self.fields["remember"].label = _("Angemeldet bleiben")


class SignupForm(FormalErrorsMixin, allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("E-Mail-Adresse")
        self.fields["password1"].label = _("Passwort")
        if "password2" in self.fields:
            self.fields["password2"].label = _("Passwort (Wiederholung)")
        for field in self.fields.values():
            field.widget.attrs.pop("placeholder", None)


class ChangePasswordForm(FormalErrorsMixin, allauth_forms.ChangePasswordForm):
    pass


class SetPasswordForm(FormalErrorsMixin, allauth_forms.SetPasswordForm):
    pass


class ResetPasswordKeyForm(FormalErrorsMixin, allauth_forms.ResetPasswordKeyForm):
    pass


class AddEmailForm(FormalErrorsMixin, allauth_forms.AddEmailForm):
    pass
