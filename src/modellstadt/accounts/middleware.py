from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

ADMIN_PREFIX = "/verwaltung/"


def needs_second_factor(user):
    """Back-office users must have set up an authenticator app (TOTP)."""
    if not (user.is_authenticated and settings.MODELLSTADT_REQUIRE_STAFF_MFA):
        return False
    if not (user.is_superuser or user.has_perm("wagtailadmin.access_admin")):
        return False
    from allauth.mfa.models import Authenticator

    return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class StaffTwoFactorMiddleware:
    """Sends back-office users without two-factor authentication to its set-up page first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX) and needs_second_factor(request.user):
            messages.warning(
                request,
                _("Für den Redaktionsbereich ist die Zwei-Faktor-Anmeldung Pflicht. Bitte richten Sie sie jetzt ein."),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


# Addresses a person can reach before accepting new terms: the account area (consent page, logout,
# data export, deletion), the legal pages themselves, static files, the language switch and the health checks.
TERMS_EXEMPT_PREFIXES = (
    "/konto/", "/nutzungsbedingungen/", "/datenschutz/", "/impressum/", "/barrierefreiheit/",
    "/static/", "/media/", "/sprache/", ADMIN_PREFIX, "/healthz", "/readyz",
)
TERMS_SESSION_KEY = "accepted_terms_version"


class TermsConsentMiddleware:
    """Asks signed-in people to accept a newly published version of the terms of use before they go on.

    The accepted version is remembered in the session, so a person who is up to date costs one cache
    read per request, not a query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(TERMS_EXEMPT_PREFIXES):
            from modellstadt.accounts import services
            from modellstadt.accounts.models import TermsAcceptance

            version = services.published_terms_versions().get(TermsAcceptance.Document.TERMS)
            if version is not None and request.session.get(TERMS_SESSION_KEY) != version:
                if services.needs_terms_consent(user):
                    return redirect(f"{reverse('terms_consent')}?{urlencode({'next': request.get_full_path()})}")
                request.session[TERMS_SESSION_KEY] = version
        return self.get_response(request)
