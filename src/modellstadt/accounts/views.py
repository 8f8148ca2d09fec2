from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from modellstadt.accounts import services
from modellstadt.accounts.forms import DeleteAccountForm, ProfileForm, TermsConsentForm
from modellstadt.core.redirects import safe_next_url


@login_required
def account_overview(request):
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.update_profile(user, **form.cleaned_data)
            messages.success(request, _("Ihr Profil wurde gespeichert."))
            return redirect("account_overview")
    else:
        form = ProfileForm(initial={"display_name": user.display_name, "district": user.district})
    return render(request, "accounts/overview.html", {"form": form})


@login_required
def my_data(request):
    return render(request, "accounts/my_data.html", {"delete_form": DeleteAccountForm()})


@login_required
@require_POST
def download_my_data(request):
    payload = services.export_zip(request.user)
    response = HttpResponse(payload, content_type="application/zip")
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="meine-daten-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete_account(request):
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        services.delete_account(user)
        messages.success(request, _("Ihr Konto und Ihre persönlichen Daten wurden gelöscht."))
        return redirect("/")
    return render(request, "accounts/my_data.html", {"delete_form": form}, status=400 if form.errors else 200)


@login_required
def terms_consent(request):
    """The interstitial page that asks for consent to a newly published version of the terms of use."""
    from modellstadt.accounts.middleware import TERMS_SESSION_KEY

    target = safe_next_url(request, "/")
    if request.method == "POST":
        form = TermsConsentForm(request.POST)
        if form.is_valid():
            services.record_terms_acceptance(request.user)
            request.session.pop(TERMS_SESSION_KEY, None)
            messages.success(request, _("Danke, Sie haben den geänderten Nutzungsbedingungen zugestimmt."))
            return redirect(target)
    else:
        form = TermsConsentForm()
    return render(request, "accounts/terms_consent.html", {"form": form, "next": target})
