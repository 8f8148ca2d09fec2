from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import LogFormatter, log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from modellstadt.core.formatting import format_euro
from modellstadt.partners import services
from modellstadt.partners.area_forms import (
    DecisionForm,
    InvitationForm,
    OfficeLetterEditForm,
    OfficeLetterForm,
)
from modellstadt.partners.models import Membership, MembershipState, Organisation, Pledge, SupportLetter


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisationen")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    ordering = ["name"]


register_snippet(OrganisationViewSet)


# --- Partner area in the back office: memberships, invitations, letters, pledges ---------------------

# action -> (label in the log's action filter, message in the log)
PARTNER_LOG_ACTIONS = {
    services.ACTION_REQUEST: (_("Partner: Mitgliedschaft angefragt"), _("Mitgliedschaft angefragt")),
    services.ACTION_APPROVE: (_("Partner: Mitgliedschaft bestätigt"), _("Mitgliedschaft bestätigt")),
    services.ACTION_REJECT: (_("Partner: Mitgliedschaft abgelehnt"), _("Mitgliedschaft abgelehnt")),
    services.ACTION_REVOKE: (_("Partner: Mitgliedschaft beendet"), _("Mitgliedschaft beendet")),
    services.ACTION_INVITE: (_("Partner: Einladung verschickt"), _("Einladung in den Partnerbereich verschickt")),
}


class PartnerLogFormatter(LogFormatter):
    """Shows the person, the organisation and the reason beside the action."""

    def format_comment(self, log_entry):
        data = log_entry.data or {}
        parts = [data.get("person") or data.get("email"), data.get("organisation"), data.get("reason")]
        return " · ".join(p for p in parts if p)


@hooks.register("register_log_actions")
def register_partner_log_actions(actions):
    for action, (label, message) in PARTNER_LOG_ACTIONS.items():
        formatter = type("_PartnerFormatter", (PartnerLogFormatter,), {"label": label, "message": message})
        actions.register_action(action)(formatter)


def _membership_admin_url(obj):
    return reverse("partner_memberships:decide", args=[obj.pk])


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "user"
    menu_label = _("Mitgliedschaften")
    name = "partner_memberships"
    url_prefix = "partner/mitgliedschaften"
    form_fields = ["role"]
    list_filter = ["state", "role"]
    search_fields = ["user__username", "user__email", "organisation__name", "message"]
    ordering = ["-requested_at"]
    list_display = [
        TitleColumn("user", label=_("Person"), get_url=_membership_admin_url),
        "organisation",
        Column("state", label=_("Stand"), accessor="get_state_display"),
        "requested_at",
        "decided_at",
    ]

    def get_queryset(self, request):
        return Membership.objects.select_related("user", "organisation")

    @property
    def add_view(self):
        # The office does not create memberships by hand: it invites (or decides on requests).
        return lambda request: redirect("partner_invitations:index")

    def decide_view(self, request, pk):
        if not request.user.has_perm("partners.change_membership"):
            raise PermissionDenied
        membership = get_object_or_404(Membership.objects.select_related("user", "organisation"), pk=pk)
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
            try:
                if membership.state == MembershipState.APPROVED:
                    services.revoke_membership(request.user, membership, note)
                    messages.success(request, gettext("Die Mitgliedschaft wurde beendet."))
                elif decision == "approve":
                    services.approve_membership(request.user, membership, note)
                    messages.success(request, gettext("Die Mitgliedschaft wurde bestätigt."))
                else:
                    services.reject_membership(request.user, membership, note)
                    messages.success(request, gettext("Die Anfrage wurde abgelehnt."))
            except services.PartnerError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                return redirect("partner_memberships:index")
        return TemplateResponse(request, "partners/admin/decide.html", {
            "membership": membership, "form": form, "page_title": gettext("Mitgliedschaft entscheiden"),
            "header_icon": "user",
        }, status=400 if form.errors else 200)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [path("decide/<int:pk>/", self.decide_view, name="decide")]


class InvitationMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("partners.add_membership")


class InvitationViewSet(ViewSet):
    name = "partner_invitations"
    url_prefix = "partner/einladen"
    icon = "mail"
    menu_label = _("Einladen")
    menu_item_class = InvitationMenuItem

    def invite_view(self, request):
        if not request.user.has_perm("partners.add_membership"):
            raise PermissionDenied
        form = InvitationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.invite_representative(
                    request.user, form.cleaned_data["email"], form.cleaned_data["organisation"],
                    base_url=request.build_absolute_uri("/"),
                )
            except services.PartnerError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, gettext("Die Einladung an %(email)s wurde verschickt.")
                                 % {"email": form.cleaned_data["email"]})
                return redirect("partner_invitations:index")
        return TemplateResponse(request, "partners/admin/invite.html", {
            "form": form, "page_title": gettext("In den Partnerbereich einladen"), "header_icon": "mail",
        }, status=400 if form.errors else 200)

    def get_urlpatterns(self):
        return [path("", self.invite_view, name="index")]


def _letter_file_link(letter):
    if not letter.file:
        return gettext("per Post")
    return format_html('<a href="{}">{}</a>', letter.get_download_url(), gettext("PDF herunterladen"))


class LetterCreateView(CreateView):
    """Records a letter through the service, so the PDF is checked and stored with the row."""

    def save_instance(self):
        data = self.form.cleaned_data
        letter = services.create_letter(
            self.request.user, data["organisation"], upload=data.get("file") or None, date=data["date"],
            signatory=data["signatory"], calls=data["calls"], public=data["public"],
            received_by_post=data["received_by_post"], editorial_note=data.get("editorial_note", ""),
        )
        log(letter, "wagtail.create", user=self.request.user)
        return letter


class SupportLetterViewSet(ModelViewSet):
    model = SupportLetter
    icon = "doc-full"
    menu_label = _("Unterstützungsschreiben")
    name = "partner_letters"
    url_prefix = "partner/schreiben"
    add_view_class = LetterCreateView
    list_filter = ["public", "received_by_post"]
    search_fields = ["organisation__name", "signatory"]
    ordering = ["-date"]
    list_display = [
        TitleColumn("organisation", label=_("Organisation"),
                    get_url=lambda obj: reverse("partner_letters:edit", args=[obj.pk])),
        "date", "signatory", "public", "received_by_post",
        Column("page_count", label=_("Seiten")),
        Column("file", label=_("Datei"), accessor=_letter_file_link),
    ]

    def get_queryset(self, request):
        return SupportLetter.objects.select_related("organisation")

    def get_form_class(self, for_update=False):
        return OfficeLetterEditForm if for_update else OfficeLetterForm


class PledgeViewSet(ModelViewSet):
    model = Pledge
    icon = "tick-inverse"
    menu_label = _("Zusagen")
    name = "partner_pledges"
    url_prefix = "partner/zusagen"
    form_fields = [
        "organisation", "kind", "description", "estimated_value_eur", "fields", "projects", "calls", "editorial_note",
    ]
    list_filter = ["kind"]
    search_fields = ["organisation__name", "description"]
    ordering = ["-created"]
    list_display = [
        TitleColumn("organisation", label=_("Organisation"),
                    get_url=lambda obj: reverse("partner_pledges:edit", args=[obj.pk])),
        Column("kind", label=_("Art"), accessor="get_kind_display"),
        # "885.000 €" as everywhere else, not the bare decimal "885000,00" of a default column.
        Column("estimated_value_eur", label=_("Geschätzter Wert"),
               accessor=lambda pledge: format_euro(pledge.estimated_value_eur)),
        "created",
    ]

    def get_queryset(self, request):
        return Pledge.objects.select_related("organisation")


class PartnerAreaGroup(ViewSetGroup):
    menu_label = _("Partner")
    menu_icon = "group"
    menu_order = 215
    items = (MembershipViewSet, InvitationViewSet, SupportLetterViewSet, PledgeViewSet)


@hooks.register("register_admin_viewset")
def register_partner_area_viewsets():
    return PartnerAreaGroup()

from modellstadt.partners import dashboard as _dashboard  # noqa: E402,F401 - the office's open work
