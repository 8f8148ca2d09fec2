"""The programme office's back office for participation (Wagtail admin, under /verwaltung/beteiligung/).

- Ideen beantworten: ideas filtered by process, state and "unanswered", each with an answer form
  (state, justification, project) that calls ``services.answer_idea``.
- Moderation: one queue with open reports (grouped per contribution, with every reason), pending
  ideas and comments, hidden contributions and blocked accounts; actions release, hide (with a
  reason), unhide, dismiss reports, block and unblock, all through the services and into the audit log.

Views are thin; the queue is read by ``moderation_queue`` with a fixed number of queries whatever
the number of items. Answering needs ``participation.answer_idea``, moderating
``participation.moderate_contributions`` (both granted to the group "Programmbüro").
"""

from collections import OrderedDict

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from modellstadt.participation import blocking, services
from modellstadt.participation.models import (
    ANSWER_STATES,
    PROJECT_STATES,
    AccountBlock,
    Comment,
    Idea,
    IdeaState,
    Moderation,
    Process,
    Report,
)
from modellstadt.participation.permissions import can_answer, can_moderate

PAGE_SIZE = 50
HIDDEN_LIMIT = 50


def _require(check, request):
    if not check(request.user):
        raise PermissionDenied


# --- Answering ideas --------------------------------------------------------------------------------


class IdeaFilterForm(forms.Form):
    process = forms.ModelChoiceField(
        label=gettext_lazy("Verfahren"), queryset=Process.objects.order_by("title"), required=False,
        empty_label=gettext_lazy("Alle Verfahren"),
    )
    state = forms.ChoiceField(
        label=gettext_lazy("Stand"), required=False,
        choices=[("", gettext_lazy("Alle Stände"))] + list(IdeaState.choices),
    )
    unanswered = forms.BooleanField(label=gettext_lazy("Nur unbeantwortete"), required=False)


def idea_queryset(process=None, state=None, unanswered=False):
    """Ideas for the office's list, newest first, as one query (the list's page and its count)."""
    qs = Idea.objects.select_related("process", "field", "author", "project").order_by("-created", "-id")
    if process is not None:
        qs = qs.filter(process=process)
    if state:
        qs = qs.filter(state=state)
    if unanswered:
        qs = qs.filter(answered_at__isnull=True).exclude(state=IdeaState.WITHDRAWN)
    return qs


def ideas_index(request):
    _require(can_answer, request)
    form = IdeaFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = idea_queryset(filters.get("process"), filters.get("state"), filters.get("unanswered", False))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(request, "participation/admin/ideas_index.html", {
        "page_title": _("Ideen beantworten"), "header_icon": "help",
        "filter_form": form, "page_obj": page, "ideas": page.object_list, "query": query.urlencode(),
    })


def _project_queryset():
    from modellstadt.projects.models import ProjectPage

    return ProjectPage.objects.order_by("title")


class AnswerForm(forms.Form):
    state = forms.ChoiceField(
        label=gettext_lazy("Stand"),
        choices=[(s.value, s.label) for s in ANSWER_STATES],
        error_messages={"required": gettext_lazy("Bitte wählen Sie einen Stand."),
                        "invalid_choice": gettext_lazy("Bitte wählen Sie einen gültigen Stand für die Antwort.")},
    )
    justification = forms.CharField(
        label=gettext_lazy("Begründung"), widget=forms.Textarea(attrs={"rows": 8}),
        max_length=services.DESCRIPTION_MAX,
        help_text=gettext_lazy("Wird öffentlich bei der Idee angezeigt. Einfache Formatierung (Markdown) ist möglich."),
        error_messages={"required": gettext_lazy("Bitte begründen Sie die Antwort."),
                        "max_length": gettext_lazy("Die Begründung darf höchstens %(limit_value)d Zeichen lang sein.")},
    )
    project = forms.ModelChoiceField(
        label=gettext_lazy("Umsetzendes Projekt"), queryset=None, required=False,
        empty_label=gettext_lazy("kein Projekt"),
        help_text=gettext_lazy("Nur bei „Angenommen“ oder „Umgesetzt“."),
        error_messages={"invalid_choice": gettext_lazy("Bitte wählen Sie ein vorhandenes Projekt.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = _project_queryset()

    def clean_justification(self):
        value = self.cleaned_data["justification"].strip()
        if not value:
            raise forms.ValidationError(_("Bitte begründen Sie die Antwort."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("project") is not None and data.get("state") not in PROJECT_STATES:
            self.add_error(
                "project", _("Nur angenommene oder umgesetzte Ideen können mit einem Projekt verknüpft werden.")
            )
        return data


def idea_answer(request, pk):
    _require(can_answer, request)
    idea = get_object_or_404(Idea.objects.select_related("process", "field", "author", "project", "answered_by"), pk=pk)
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_idea(
                    request.user, idea, form.cleaned_data["state"], form.cleaned_data["justification"],
                    project=form.cleaned_data["project"],
                )
            except services.ParticipationError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("Die Antwort auf „%(title)s“ wurde gespeichert.") % {"title": idea.title})
                return redirect(reverse("participation_admin:ideas") + "?unanswered=on")
        messages.error(request, _("Die Antwort konnte nicht gespeichert werden. Bitte prüfen Sie die Angaben."))
    else:
        initial = {"state": idea.state if idea.state in ANSWER_STATES else IdeaState.UNDER_REVIEW,
                   "justification": idea.answer_text, "project": idea.project_id}
        form = AnswerForm(initial=initial)
    return TemplateResponse(request, "participation/admin/idea_answer.html", {
        "page_title": _("Idee beantworten"), "page_subtitle": idea.title, "header_icon": "help",
        "idea": idea, "form": form,
    }, status=400 if form.errors else 200)


# --- Moderation queue -------------------------------------------------------------------------------


def open_item_count():
    """Open items of the moderation queue: reported contributions, pending ideas and comments."""
    reported = (
        Report.objects.filter(resolved_at__isnull=True).values("content_type_id", "object_id").distinct().count()
    )
    pending = Idea.objects.filter(moderation=Moderation.PENDING).count()
    pending += Comment.objects.filter(moderation=Moderation.PENDING).count()
    return reported + pending


def _ideas_by_id(ids):
    if not ids:
        return {}
    return {i.pk: i for i in Idea.objects.filter(pk__in=ids).select_related("process", "author")}


def _comments_by_id(ids):
    if not ids:
        return {}
    return {
        c.pk: c for c in Comment.objects.filter(pk__in=ids).select_related("author", "idea", "project", "news_post")
    }


def moderation_queue():
    """Everything the queue shows, in a fixed number of queries (at most 8) whatever the number of items.

    ``reported``: one entry per reported contribution, oldest report first, with all its open reports;
    ``pending_ideas``, ``pending_comments``; ``hidden`` (the latest hidden contributions, for unhiding);
    ``blocks`` (open account blocks).
    """
    idea_type = ContentType.objects.get_for_model(Idea)
    comment_type = ContentType.objects.get_for_model(Comment)
    reports = list(
        Report.objects.filter(resolved_at__isnull=True).select_related("reporter").order_by("created", "id")
    )
    groups = OrderedDict()
    for report in reports:
        groups.setdefault((report.content_type_id, report.object_id), []).append(report)
    ideas = _ideas_by_id([oid for ct, oid in groups if ct == idea_type.pk])
    comments = _comments_by_id([oid for ct, oid in groups if ct == comment_type.pk])
    reported = []
    for (ct, oid), items in groups.items():
        obj = ideas.get(oid) if ct == idea_type.pk else comments.get(oid) if ct == comment_type.pk else None
        if obj is None:  # the contribution was deleted meanwhile
            continue
        reported.append({
            "kind": "idea" if ct == idea_type.pk else "comment", "obj": obj, "reports": items,
            "first": items[0].created,
        })
    pending_ideas = list(
        Idea.objects.filter(moderation=Moderation.PENDING).select_related("process", "author").order_by("created", "id")
    )
    pending_comments = list(
        Comment.objects.filter(moderation=Moderation.PENDING)
        .select_related("author", "idea", "project", "news_post").order_by("created", "id")
    )
    hidden = [
        {"kind": "idea", "obj": i}
        for i in Idea.objects.filter(moderation=Moderation.HIDDEN).select_related("author").order_by("-updated", "-id")[
            :HIDDEN_LIMIT
        ]
    ] + [
        {"kind": "comment", "obj": c}
        for c in Comment.objects.filter(moderation=Moderation.HIDDEN)
        .select_related("author", "idea", "project", "news_post").order_by("-created", "-id")[:HIDDEN_LIMIT]
    ]
    blocks = list(
        AccountBlock.objects.filter(lifted_at__isnull=True).select_related("user", "blocked_by").order_by("-created")
    )
    return {
        "reported": reported, "pending_ideas": pending_ideas, "pending_comments": pending_comments,
        "hidden": hidden, "blocks": blocks,
        "open_count": len(reported) + len(pending_ideas) + len(pending_comments),
    }


def moderation_index(request):
    _require(can_moderate, request)
    context = moderation_queue()
    context.update(
        page_title=_("Moderation"), header_icon="warning",
        release_actions=[("release", _("Freigeben"))],
        unhide_actions=[("unhide", _("Wieder einblenden"))],
        dismiss_actions=[("dismiss", _("Meldungen schließen"))],
    )
    return TemplateResponse(request, "participation/admin/moderation.html", context)


def _contribution(kind, pk):
    model = {"idea": Idea, "comment": Comment}.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model, pk=pk)


_ACTIONS = {
    "release": (services.release, gettext_lazy("Der Beitrag wurde freigegeben.")),
    "unhide": (services.unhide, gettext_lazy("Der Beitrag wird wieder angezeigt.")),
    "dismiss": (services.dismiss_reports, gettext_lazy("Die Meldungen wurden ohne Maßnahme geschlossen.")),
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
    except services.ParticipationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, str(message))
    return redirect("participation_admin:moderation")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Grund"), widget=forms.Textarea(attrs={"rows": 4}), max_length=services.REASON_MAX,
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
                services.hide(request.user, obj, form.cleaned_data["reason"])
            except services.ParticipationError as error:
                form.add_error("reason" if error.field == "reason" else None, str(error))
            else:
                messages.success(request, _("Der Beitrag wurde ausgeblendet."))
                return redirect("participation_admin:moderation")
        messages.error(request, _("Der Beitrag konnte nicht ausgeblendet werden. Bitte prüfen Sie die Angaben."))
    return TemplateResponse(request, "participation/admin/reason_form.html", {
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
                blocking.block_account(request.user, person, form.cleaned_data["reason"])
            except services.ParticipationError as error:
                form.add_error("reason" if error.field == "reason" else None, str(error))
            else:
                messages.success(request, _("Das Konto „%(name)s“ wurde gesperrt.") % {"name": person.public_name})
                return redirect("participation_admin:moderation")
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
    return TemplateResponse(request, "participation/admin/reason_form.html", {
        "page_title": _("Konto sperren"), "page_subtitle": person.public_name, "header_icon": "lock",
        "form": form, "person": person, "contributions": contributions, "submit_label": _("Konto sperren"),
        "block": blocking.open_block(person),
    }, status=400 if form.errors else 200)


@require_POST
def unblock_user(request, user_pk):
    _require(can_moderate, request)
    person = get_object_or_404(get_user_model(), pk=user_pk)
    try:
        blocking.unblock_account(request.user, person)
    except services.ParticipationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Die Sperre von „%(name)s“ wurde aufgehoben.") % {"name": person.public_name})
    return redirect("participation_admin:moderation")


urlpatterns = [
    path("ideen/", ideas_index, name="ideas"),
    path("ideen/<int:pk>/antworten/", idea_answer, name="idea_answer"),
    path("moderation/", moderation_index, name="moderation"),
    path("moderation/<str:kind>/<int:pk>/ausblenden/", moderation_hide, name="hide"),
    path("moderation/<str:kind>/<int:pk>/<str:action>/", moderation_action, name="action"),
    path("konten/<int:user_pk>/sperren/", block_user, name="block"),
    path("konten/<int:user_pk>/entsperren/", unblock_user, name="unblock"),
]
