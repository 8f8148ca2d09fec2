from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
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
