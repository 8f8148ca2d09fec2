"""The moderation queue in the back office (Wagtail admin, /verwaltung/beteiligung/moderation/).

One queue with open reports (grouped per contribution, with every reason), pending ideas and
comments, hidden contributions and blocked accounts; actions release, hide (with a reason), unhide,
dismiss reports, block and unblock, all through the services and into the audit log.

Views are thin; the queue is read by ``selectors.moderation_queue`` with a fixed number of queries whatever
the number of items. Moderating needs ``ideas.moderate_contributions`` (granted to the group
"Programmbüro").
"""


from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from modellstadt.assistant import integration as assistant
from modellstadt.comments.models import Comment
from modellstadt.ideas import rules
from modellstadt.ideas.models import Idea
from modellstadt.ideas.permissions import can_moderate
from modellstadt.moderation import selectors as moderation_selectors
from modellstadt.moderation import services as moderation_services
from modellstadt.moderation.models import Report

PAGE_SIZE = 50


def _require(check, request):
    if not check(request.user):
        raise PermissionDenied


# --- Moderation queue -------------------------------------------------------------------------------


def _text_of(item):
    obj = item["obj"] if isinstance(item, dict) else item
    return f"{obj.title}\n{obj.description}" if isinstance(obj, Idea) else obj.text


def moderation_index(request):
    _require(can_moderate, request)
    context = moderation_selectors.moderation_queue()
    # The assistant's spam score (trained on this installation's decisions) orders what waits and
    # flags likely spam; it never hides anything by itself.
    for key in ("reported", "pending_ideas", "pending_comments"):
        context[key] = assistant.spam_order(context[key], _text_of)
    context.update(
        page_title=_("Moderation"), header_icon="warning",
        release_actions=[("release", _("Freigeben"))],
        unhide_actions=[("unhide", _("Wieder einblenden"))],
        dismiss_actions=[("dismiss", _("Meldungen schließen"))],
    )
    return TemplateResponse(request, "moderation/admin/moderation.html", context)


def _contribution(kind, pk):
    model = {"idea": Idea, "comment": Comment}.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model, pk=pk)


_ACTIONS = {
    "release": (moderation_services.release, gettext_lazy("Der Beitrag wurde freigegeben.")),
    "unhide": (moderation_services.unhide, gettext_lazy("Der Beitrag wird wieder angezeigt.")),
    "dismiss": (moderation_services.dismiss_reports, gettext_lazy("Die Meldungen wurden ohne Maßnahme geschlossen.")),
}


@require_POST
def moderation_action(request, kind, pk, action):
    _require(can_moderate, request)
    if action not in _ACTIONS:
        raise Http404
    obj = _contribution(kind, pk)
    service, message = _ACTIONS[action]
    try:
        service(request.user, obj)
    except rules.ParticipationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(message))
    return redirect("moderation_admin:moderation")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Grund"), widget=forms.Textarea(attrs={"rows": 4}), max_length=rules.REASON_MAX,
        error_messages={"required": gettext_lazy("Bitte geben Sie einen Grund an."),
                        "max_length": gettext_lazy("Der Grund darf höchstens %(limit_value)d Zeichen lang sein.")},
    )

    def __init__(self, *args, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = help_text

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError(_("Bitte geben Sie einen Grund an."))
        return value


def moderation_hide(request, kind, pk):
    _require(can_moderate, request)
    obj = _contribution(kind, pk)
    help_text = _("Der Grund wird öffentlich anstelle des Beitrags angezeigt.")
    form = ReasonForm(request.POST or None, help_text=help_text)
    if request.method == "POST":
        if form.is_valid():
            try:
                moderation_services.hide(request.user, obj, form.cleaned_data["reason"])
            except rules.ParticipationError as error:
                form.add_error("reason" if error.field == "reason" else None, str(error))
            else:
                messages.success(request, _("Der Beitrag wurde ausgeblendet."))
                return redirect("moderation_admin:moderation")
        messages.error(request, _("Der Beitrag konnte nicht ausgeblendet werden. Bitte prüfen Sie die Angaben."))
    return TemplateResponse(request, "moderation/admin/reason_form.html", {
        "page_title": _("Beitrag ausblenden"), "header_icon": "warning", "form": form, "obj": obj, "kind": kind,
        "submit_label": _("Ausblenden"),
    }, status=400 if form.errors else 200)


def block_user(request, user_pk):
    _require(can_moderate, request)
    person = get_object_or_404(get_user_model(), pk=user_pk)
    form = ReasonForm(request.POST or None, help_text=_(
        "Nur für die Moderation sichtbar. Das Konto kann sich danach nicht mehr anmelden und nichts mehr beitragen."
    ))
    if request.method == "POST":
        if form.is_valid():
            try:
                moderation_services.block_account(request.user, person, form.cleaned_data["reason"])
            except rules.ParticipationError as error:
                form.add_error("reason" if error.field == "reason" else None, str(error))
            else:
                messages.success(request, _("Das Konto „%(name)s“ wurde gesperrt.") % {"name": person.public_name})
                return redirect("moderation_admin:moderation")
        messages.error(request, _("Das Konto konnte nicht gesperrt werden. Bitte prüfen Sie die Angaben."))
    contributions = {
        "ideas": Idea.objects.filter(author=person).count(),
        "comments": Comment.objects.filter(author=person).count(),
        "reports": Report.objects.filter(
            Q(content_type=ContentType.objects.get_for_model(Idea), object_id__in=Idea.objects.filter(author=person)
              .values("pk"))
            | Q(content_type=ContentType.objects.get_for_model(Comment),
                object_id__in=Comment.objects.filter(author=person).values("pk"))
        ).aggregate(n=Count("pk"))["n"],
    }
    return TemplateResponse(request, "moderation/admin/reason_form.html", {
        "page_title": _("Konto sperren"), "page_subtitle": person.public_name, "header_icon": "lock",
        "form": form, "person": person, "contributions": contributions, "submit_label": _("Konto sperren"),
        "block": moderation_selectors.open_block(person),
    }, status=400 if form.errors else 200)


@require_POST
def unblock_user(request, user_pk):
    _require(can_moderate, request)
    person = get_object_or_404(get_user_model(), pk=user_pk)
    try:
        moderation_services.unblock_account(request.user, person)
    except rules.ParticipationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Die Sperre von „%(name)s“ wurde aufgehoben.") % {"name": person.public_name})
    return redirect("moderation_admin:moderation")


urlpatterns = [
    path("moderation/", moderation_index, name="moderation"),
    path("moderation/<str:kind>/<int:pk>/ausblenden/", moderation_hide, name="hide"),
    path("moderation/<str:kind>/<int:pk>/<str:action>/", moderation_action, name="action"),
    path("konten/<int:user_pk>/sperren/", block_user, name="block"),
    path("konten/<int:user_pk>/entsperren/", unblock_user, name="unblock"),
]
