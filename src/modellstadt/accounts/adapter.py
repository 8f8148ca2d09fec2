"""How django-allauth behaves on this platform (``ACCOUNT_ADAPTER``, ``MFA_ADAPTER``,
``SOCIALACCOUNT_ADAPTER``).

- Every message a person reads says "Sie": allauth's own German texts use "du", so its messages
  are replaced here (German source, English through the project's catalogue).
- E-mails are signed with the programme's name (the Wagtail site name shown in the header), not with
  the host name.
- Failed logins are counted per account, not per typed string: "anna" and "anna@example.org"
  name the same account and share one counter (allauth's ``login_failed`` limit, kept in the shared
  cache, lifted after its period or by a password reset).
- Redirect targets (``next``) pass the platform's one check (``core.redirects``).
- Staff who set up their second factor right after logging in with their password are not asked
  for the password a second time; the first login goes straight on to the back office.
"""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from modellstadt.core.redirects import is_safe_target

ADMIN_HOME = "/verwaltung/"


def programme_name(request=None):
    """The name e-mails are signed with: the site's name in the portal header."""
    from wagtail.models import Site

    site = None
    try:
        site = Site.find_for_request(request) if request is not None else None
        if site is None:
            site = Site.objects.filter(is_default_site=True).only("site_name").first()
    except Exception:  # noqa: BLE001 - an e-mail must still go out without a site row
        site = None
    return (site.site_name if site is not None else "") or settings.WAGTAIL_SITE_NAME


def portal_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + "/"


def has_back_office(user):
    return user.is_authenticated and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def account_for_login(login):
    """The account a login string (user name or e-mail address) names, or None."""
    from allauth.account.models import EmailAddress

    login = (login or "").strip()
    if not login:
        return None
    user_model = get_user_model()
    if "@" in login:
        address = EmailAddress.objects.filter(email__iexact=login).values_list("user_id", flat=True).first()
        if address is not None:
            return address
        return user_model.objects.filter(email__iexact=login).values_list("pk", flat=True).first()
    return user_model.objects.filter(Q(username__iexact=login)).values_list("pk", flat=True).first()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("Dieses Konto ist derzeit gesperrt."),
        "cannot_remove_primary_email": _("Ihre primäre E-Mail-Adresse können Sie nicht entfernen."),
        "duplicate_email": _("Diese E-Mail-Adresse gehört bereits zu Ihrem Konto."),
        "email_password_mismatch": _("E-Mail-Adresse oder Passwort sind nicht richtig."),
        "username_password_mismatch": _("Benutzername oder Passwort sind nicht richtig."),
        "email_taken": _("Mit dieser E-Mail-Adresse besteht bereits ein Konto."),
        "enter_current_password": _("Bitte geben Sie Ihr aktuelles Passwort ein."),
        "incorrect_code": _("Der Code ist nicht richtig."),
        "incorrect_password": _("Das Passwort ist nicht richtig."),
        "invalid_or_expired_key": _("Der Link ist ungültig oder abgelaufen."),
        "invalid_login": _("Die Anmeldung ist nicht gültig."),
        "invalid_password_reset": _("Der Link zum Zurücksetzen des Passworts ist ungültig."),
        "max_email_addresses": _("Sie können höchstens %d E-Mail-Adressen hinterlegen."),
        "too_many_login_attempts": _(
            "Zu viele fehlgeschlagene Anmeldeversuche für dieses Konto. Es ist für einige Minuten gesperrt; "
            "bitte versuchen Sie es später erneut oder setzen Sie Ihr Passwort zurück."
        ),
        "unknown_email": _("Zu dieser E-Mail-Adresse gibt es kein Konto."),
        "unverified_primary_email": _("Bitte bestätigen Sie zuerst Ihre primäre E-Mail-Adresse."),
        "username_blacklisted": _("Dieser Benutzername ist nicht möglich. Bitte wählen Sie einen anderen."),
        "select_only_one": _("Bitte wählen Sie nur eine Möglichkeit aus."),
        "same_as_current": _("Der neue Wert muss sich vom bisherigen unterscheiden."),
        "rate_limited": _(
            "Zu viele Anfragen in kurzer Zeit. Bitte warten Sie einen Moment und versuchen Sie es erneut."
        ),
    }

    # -- e-mails --

    def send_mail(self, template_prefix, email, context_data):
        request = context.request
        context_data = {
            "programme_name": programme_name(request),
            "portal_url": portal_url(),
            **context_data,
        }
        return super().send_mail(template_prefix, email, context_data)

    # -- redirects --

    def is_safe_url(self, url):
        return is_safe_target(context.request, url)

    def get_login_redirect_url(self, request):
        if has_back_office(request.user):
            return ADMIN_HOME  # the back office (which first asks staff to set up their second factor)
        return super().get_login_redirect_url(request)

    # -- failed logins are counted per account --

    def _get_login_attempts_cache_key(self, request, **credentials):
        login = credentials.get("email") or credentials.get("username") or ""
        account = account_for_login(login)
        if account is not None:
            return f"account:{account}"
        return f"login:{login.strip().lower()}"

    # -- re-authentication --

    def is_reauthentication_required(self, *, app, **kwargs):
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app == "allauth.mfa" and self._first_factor_just_now():
            return False
        return required

    def _first_factor_just_now(self):
        """True while setting up the first second factor (and reading its recovery codes) within
        minutes of a password login: the person has just proved the password, asking for it again
        adds nothing. Factors that existed before that login still need the password again."""
        import datetime

        from allauth.account.internal.flows.login import get_authentication_records
        from allauth.mfa.models import Authenticator

        request = context.request
        user = getattr(request, "user", None)
        if request is None or user is None or not user.is_authenticated:
            return False
        records = [r for r in get_authentication_records(request, user) if r.get("method") == "password"]
        if not records or time.time() - records[-1]["at"] >= account_settings.REAUTHENTICATION_TIMEOUT:
            return False
        logged_in_at = datetime.datetime.fromtimestamp(records[-1]["at"], tz=datetime.UTC)
        return not Authenticator.objects.filter(user=user, created_at__lt=logged_in_at).exists()


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "add_email_blocked": _(
            "Zu einem Konto mit Zwei-Faktor-Anmeldung können Sie keine weitere E-Mail-Adresse hinzufügen."
        ),
        "cannot_delete_authenticator": _("Die Zwei-Faktor-Anmeldung lässt sich nicht abschalten."),
        "cannot_generate_recovery_codes": _(
            "Wiederherstellungscodes gibt es erst, wenn die Zwei-Faktor-Anmeldung eingerichtet ist."
        ),
        "incorrect_code": _("Der Code ist nicht richtig. Bitte geben Sie den aktuellen Code aus Ihrer App ein."),
        "unverified_email": _(
            "Bitte bestätigen Sie zuerst Ihre E-Mail-Adresse; danach können Sie die Zwei-Faktor-Anmeldung einrichten."
        ),
    }

    def _get_site_name(self):
        return programme_name(context.request)

    def get_totp_issuer(self):
        return getattr(settings, "MFA_TOTP_ISSUER", "") or programme_name(context.request)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    error_messages = {
        **DefaultSocialAccountAdapter.error_messages,
        "email_taken": _(
            "Mit dieser E-Mail-Adresse besteht bereits ein Konto. Bitte melden Sie sich zuerst dort an "
            "und verknüpfen Sie dann Ihr Konto bei %s."
        ),
        "invalid_token": _("Ungültiges Token."),
        "no_password": _("Für Ihr Konto ist kein Passwort festgelegt."),
        "no_verified_email": _("Ihr Konto hat keine bestätigte E-Mail-Adresse."),
        "disconnect_last": _(
            "Sie können die letzte Anmeldemöglichkeit nicht trennen. Bitte legen Sie zuerst ein Passwort fest."
        ),
        "connected_other": _("Das Konto des Anmeldedienstes ist bereits mit einem anderen Konto verknüpft."),
    }


def user_display(user):
    """How allauth names a person (``ACCOUNT_USER_DISPLAY``): the chosen display name, else the
    e-mail address; never the generated user name."""
    return user.display_name or user.get_full_name() or user.email or _("Ihr Konto")
