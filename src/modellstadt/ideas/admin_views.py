"""The programme office's back office for answering ideas (Wagtail admin, /verwaltung/beteiligung/ideen/).

Ideas filtered by process, state and "unanswered", each with an answer form (state, justification,
project) that calls ``services.answer_idea``. Needs ``ideas.answer_idea`` (granted to the group
"Programmbüro").
"""


from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin import messages

from modellstadt.ideas import rules, selectors
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import ANSWER_STATES, PROJECT_STATES, Idea, IdeaState, Process
from modellstadt.ideas.permissions import can_answer

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
    closed = forms.BooleanField(label=gettext_lazy("Nur beendete Verfahren"), required=False)


def idea_queryset(process=None, state=None, unanswered=False, closed=False):
    """Ideas for the office's list, newest first, as one query (the list's page and its count)."""
    qs = Idea.objects.select_related("process", "field", "author", "project").order_by("-created", "-id")
    if process is not None:
        qs = qs.filter(process=process)
    if state:
        qs = qs.filter(state=state)
    if unanswered:
        qs = qs.filter(answered_at__isnull=True).exclude(state=IdeaState.WITHDRAWN)
    if closed:
        qs = qs.filter(selectors.ended_processes_condition())
    return qs


def ideas_index(request):
    _require(can_answer, request)
    form = IdeaFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = idea_queryset(filters.get("process"), filters.get("state"), filters.get("unanswered", False),
                       filters.get("closed", False))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    return TemplateResponse(request, "ideas/admin/ideas_index.html", {
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
        max_length=rules.DESCRIPTION_MAX,
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
                idea_services.answer_idea(
                    request.user, idea, form.cleaned_data["state"], form.cleaned_data["justification"],
                    project=form.cleaned_data["project"],
                )
            except rules.ParticipationError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, _("Die Antwort auf „%(title)s“ wurde gespeichert.") % {"title": idea.title})
                return redirect(reverse("ideas_admin:ideas") + "?unanswered=on")
        messages.error(request, _("Die Antwort konnte nicht gespeichert werden. Bitte prüfen Sie die Angaben."))
    else:
        initial = {"state": idea.state if idea.state in ANSWER_STATES else IdeaState.UNDER_REVIEW,
                   "justification": idea.answer_text, "project": idea.project_id}
        form = AnswerForm(initial=initial)
    return TemplateResponse(request, "ideas/admin/idea_answer.html", {
        "page_title": _("Idee beantworten"), "page_subtitle": idea.title, "header_icon": "help",
        "idea": idea, "form": form,
    }, status=400 if form.errors else 200)


urlpatterns = [
    path("ideen/", ideas_index, name="ideas"),
    path("ideen/<int:pk>/antworten/", idea_answer, name="idea_answer"),
]
