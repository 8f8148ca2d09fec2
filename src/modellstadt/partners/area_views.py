"""The partner area (/partnerbereich/) and the public supporters page (/unterstuetzer/).

Views are thin: they parse a form, call a service in services.py or a selector, and render. Everything
that belongs to one organisation is looked up together with the requesting person's approved
membership, so somebody else's organisation, letter or pledge is simply not found (404).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from modellstadt.core.formatting import mask_email
from modellstadt.partners import permissions, selectors, services
from modellstadt.partners.area_forms import JoinForm, LetterForm, PledgeForm, ProfileForm
from modellstadt.partners.models import MembershipState, Pledge, SupportLetter
from modellstadt.partners.uploads import letter_storage


def _organisation_or_404(request, slug):
    organisation = selectors.represented_organisation(request.user, slug)
    if organisation is None:
        raise Http404
    return organisation


def _apply_error(form, error):
    field = getattr(error, "field", None)
    form.add_error(field if field in form.fields else None, error.messages[0] if error.messages else str(error))


def _no_store(response):
    response["Cache-Control"] = "private, no-store"
    return response


# --- overview and joining -----------------------------------------------------------------------------


def area_home(request):
    """Signed-in representatives see their organisations; everyone else how to join."""
    memberships = selectors.representative_memberships(request.user)
    approved = [m for m in memberships if m.state == MembershipState.APPROVED]
    pending = [m for m in memberships if m.state == MembershipState.REQUESTED]
    response = render(request, "partners/area/home.html", {
        "approved": approved, "pending": pending,
        "decided": [m for m in memberships if m.state in (MembershipState.REJECTED, MembershipState.REVOKED)],
    })
    return _no_store(response)


@login_required
def join(request):
    search = request.GET.get("suche", "").strip()[:100]
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            try:
                services.request_membership(request.user, form.cleaned_data["organisation"],
                                            form.cleaned_data["message"])
            except services.PartnerError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Danke! Das Programmbüro prüft Ihre Anfrage und meldet sich per E-Mail."))
                return redirect("partners_area:home")
    else:
        form = JoinForm(search=search)
    status = 400 if form.errors else 200
    return _no_store(render(request, "partners/area/join.html", {"form": form, "search": search}, status=status))


def invitation(request, token):
    """An invitation link: sign in (or register) first, then confirm with one button."""
    try:
        email, organisation, _inviter = services.read_invitation(token)
    except services.PartnerError as error:
        return _no_store(render(request, "partners/area/invitation.html", {"error": error}, status=400))
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    error = None
    if request.method == "POST":
        try:
            services.accept_invitation(request.user, token)
        except services.PartnerError as exc:
            error = exc
        else:
            messages.success(
                request, _("Willkommen! Sie vertreten jetzt %(name)s im Partnerbereich.") % {"name": organisation.name}
            )
            return redirect("partners_area:organisation", slug=organisation.slug)
    if not services.is_invited_person(request.user, email):
        email = mask_email(email)
    context = {"organisation": organisation, "email": email, "error": error}
    return _no_store(render(request, "partners/area/invitation.html", context, status=400 if error else 200))


# --- one organisation -------------------------------------------------------------------------------


@login_required
def organisation(request, slug):
    org = _organisation_or_404(request, slug)
    context = {"organisation": org, **selectors.organisation_area(org)}
    return _no_store(render(request, "partners/area/organisation.html", context))


@login_required
def profile(request, slug):
    org = _organisation_or_404(request, slug)
    if request.method == "POST":
        form = ProfileForm(request.POST, request.FILES)
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.update_organisation_profile(request.user, org, **data)
            except services.PartnerError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Das Profil wurde gespeichert."))
                return redirect("partners_area:organisation", slug=org.slug)
    else:
        form = ProfileForm(initial={
            "description": org.description, "website": org.website, "contact_person": org.contact_person,
            "contact_email": org.contact_email, "contact_phone": org.contact_phone,
            "public_supporter": org.public_supporter,
        })
    status = 400 if form.errors else 200
    return _no_store(render(request, "partners/area/profile.html", {"organisation": org, "form": form}, status=status))


@login_required
def letter_create(request, slug):
    org = _organisation_or_404(request, slug)
    if request.method == "POST":
        form = LetterForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.create_letter(
                    request.user, org, upload=data["file"], date=data["date"], signatory=data["signatory"],
                    calls=data["calls"], public=data["public"],
                )
            except services.PartnerError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Das Unterstützungsschreiben wurde gespeichert. Vielen Dank!"))
                return redirect("partners_area:organisation", slug=org.slug)
    else:
        form = LetterForm()
    status = 400 if form.errors else 200
    return _no_store(render(request, "partners/area/letter_form.html", {"organisation": org, "form": form},
                            status=status))


@login_required
def letter_delete(request, pk):
    letter = get_object_or_404(SupportLetter.objects.select_related("organisation"), pk=pk)
    if not permissions.is_representative(request.user, letter.organisation) or letter.received_by_post:
        raise Http404
    if request.method == "POST":
        services.delete_letter(request.user, letter)
        messages.success(request, _("Das Schreiben wurde gelöscht."))
        return redirect("partners_area:organisation", slug=letter.organisation.slug)
    return _no_store(render(request, "partners/area/confirm_delete.html", {
        "organisation": letter.organisation, "object": letter, "what": _("das Unterstützungsschreiben"),
    }))


def letter_download(request, pk):
    """The PDF, for the office and the organisation's representatives (and public letters of consenting
    organisations); everybody else gets 404, so not even the existence of a letter shows."""
    letter = SupportLetter.objects.select_related("organisation").filter(pk=pk).first()
    if letter is None or not letter.file or not services.can_download_letter(request.user, letter):
        raise Http404
    try:
        handle = letter_storage.open(letter.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    filename = f"unterstuetzungsschreiben-{letter.organisation.slug}-{letter.date:%Y-%m-%d}.pdf"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/pdf")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _pledge_initial(pledge):
    return {
        "kind": pledge.kind, "description": pledge.description, "estimated_value_eur": pledge.estimated_value_eur,
        "fields": list(pledge.fields.all()), "projects": list(pledge.projects.all()), "calls": list(pledge.calls.all()),
    }


def _pledge_form_view(request, org, pledge=None):
    if request.method == "POST":
        form = PledgeForm(request.POST)
        if form.is_valid():
            try:
                services.save_pledge(request.user, org, pledge, **form.cleaned_data)
            except services.PartnerError as error:
                _apply_error(form, error)
            else:
                messages.success(request, _("Die Zusage wurde gespeichert."))
                return redirect("partners_area:organisation", slug=org.slug)
    else:
        form = PledgeForm(initial=_pledge_initial(pledge) if pledge else None)
    status = 400 if form.errors else 200
    return _no_store(render(request, "partners/area/pledge_form.html",
                            {"organisation": org, "form": form, "pledge": pledge}, status=status))


@login_required
def pledge_create(request, slug):
    return _pledge_form_view(request, _organisation_or_404(request, slug))


def _own_pledge(request, pk):
    pledge = get_object_or_404(Pledge.objects.select_related("organisation"), pk=pk)
    if not permissions.is_representative(request.user, pledge.organisation):
        raise Http404
    return pledge


@login_required
def pledge_edit(request, pk):
    pledge = _own_pledge(request, pk)
    return _pledge_form_view(request, pledge.organisation, pledge)


@login_required
def pledge_delete(request, pk):
    pledge = _own_pledge(request, pk)
    if request.method == "POST":
        org = pledge.organisation
        services.delete_pledge(request.user, pledge)
        messages.success(request, _("Die Zusage wurde gelöscht."))
        return redirect("partners_area:organisation", slug=org.slug)
    return _no_store(render(request, "partners/area/confirm_delete.html", {
        "organisation": pledge.organisation, "object": pledge, "what": _("die Zusage"),
    }))


# --- public supporters page ---------------------------------------------------------------------------


def supporters(request):
    data = selectors.public_supporters()
    counts = [(label, len(orgs)) for _kind, label, orgs in data["groups"]]
    return render(request, "partners/supporters.html", {**data, "counts": counts})
