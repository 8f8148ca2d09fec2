"""The programme office's assistant in the back office (Wagtail admin, under /verwaltung/assistent/).

- Übersicht: the model versions with their quality figures and training date, a button to train
  new versions now, the ideas whose suggested field nobody has decided yet, and the processes.
- Idee: the suggested fields with the words behind them and a form to confirm or correct; the
  most similar ideas of all processes with "link" and "merge"; the summary of a long thread.
- Themen: the ideas of a process grouped into topics, also as CSV.

Views are thin: they read through ``selectors`` and write through ``services``. Everything
needs ``participation.answer_idea`` (the office); merging also needs the moderation right.
"""

import csv

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin import messages

from modellstadt.assistant import selectors, services
from modellstadt.assistant.sources import Idea, Process, can_answer, can_moderate


def _require_office(request):
    if not can_answer(request.user):
        raise PermissionDenied


def _fields():
    from modellstadt.strategy.models import CooperationFieldPage

    return CooperationFieldPage.objects.live().order_by("path")


class FieldDecisionForm(forms.Form):
    field = forms.ModelChoiceField(
        label=gettext_lazy("Kooperationsfeld"), queryset=None,
        empty_label=gettext_lazy("Bitte wählen"),
        error_messages={"required": gettext_lazy("Bitte wählen Sie ein Kooperationsfeld.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].queryset = _fields()


def overview(request):
    _require_office(request)
    return TemplateResponse(request, "assistant/admin/overview.html", {
        "page_title": _("Ideen-Assistent"), "header_icon": "wagtail",
        "models": selectors.model_status(),
        "undecided": selectors.undecided_suggestions(),
        "processes": Process.objects.order_by("title"),
    })


@require_POST
def train(request):
    _require_office(request)
    services.request_training(user=request.user)
    messages.success(request, _("Das Training wurde gestartet. Neue Versionen erscheinen hier, sobald es fertig ist."))
    return redirect("assistant_admin:overview")


def _idea(pk):
    return get_object_or_404(Idea.objects.select_related("process", "field", "author"), pk=pk)


def idea_view(request, pk, form=None, status=200):
    _require_office(request)
    idea = _idea(pk)
    suggestion = selectors.suggestion_of(idea)
    ranking = selectors.field_ranking(title=idea.title, text=idea.description, process=idea.process)
    if form is None:
        chosen = suggestion.confirmed_field if suggestion and suggestion.confirmed_field else None
        chosen = chosen or (ranking.top.field if ranking.top else idea.field)
        form = FieldDecisionForm(initial={"field": getattr(chosen, "pk", None)})
    merged_into = selectors.merged_into(idea)
    candidates = [] if merged_into else selectors.duplicate_candidates(
        title=idea.title, text=idea.description, exclude=idea,
    )
    return TemplateResponse(request, "assistant/admin/idea.html", {
        "page_title": _("Ideen-Assistent"), "page_subtitle": idea.title, "header_icon": "wagtail",
        "idea": idea, "suggestion": suggestion, "ranking": ranking, "form": form,
        "candidates": candidates, "links": selectors.links_of(idea), "merged_into": merged_into,
        "summary": selectors.thread_summary(idea=idea), "can_merge": can_moderate(request.user),
    }, status=status)


@require_POST
def decide(request, pk):
    _require_office(request)
    idea = _idea(pk)
    form = FieldDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_field(user=request.user, idea=idea, field=form.cleaned_data["field"])
        except services.AssistantError as error:
            form.add_error("field", str(error))
        else:
            messages.success(request, _("Das Feld von „%(title)s“ ist jetzt „%(field)s“.") % {
                "title": idea.title, "field": form.cleaned_data["field"].title,
            })
            return redirect("assistant_admin:idea", pk=idea.pk)
    return idea_view(request, pk, form=form, status=400)


def _other(request):
    try:
        return Idea.objects.get(pk=int(request.POST.get("other", "")))
    except (ValueError, Idea.DoesNotExist):
        return None


def _score(request):
    try:
        return float(request.POST.get("score", ""))
    except ValueError:
        return None


@require_POST
def link(request, pk):
    _require_office(request)
    idea, other = _idea(pk), _other(request)
    if other is None:
        messages.error(request, _("Diese Idee gibt es nicht."))
        return redirect("assistant_admin:idea", pk=idea.pk)
    try:
        services.link_duplicate(user=request.user, idea=idea, duplicate_of=other, score=_score(request))
    except services.AssistantError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("„%(a)s“ ist jetzt als Dublette von „%(b)s“ verknüpft.") % {
            "a": idea.title, "b": other.title,
        })
    return redirect("assistant_admin:idea", pk=idea.pk)


@require_POST
def merge(request, pk):
    _require_office(request)
    idea, other = _idea(pk), _other(request)
    if other is None:
        messages.error(request, _("Diese Idee gibt es nicht."))
        return redirect("assistant_admin:idea", pk=idea.pk)
    try:
        link_row = services.merge_ideas(user=request.user, source=idea, target=other, score=_score(request))
    except services.AssistantError as error:
        messages.error(request, str(error))
        return redirect("assistant_admin:idea", pk=idea.pk)
    messages.success(request, _(
        "„%(a)s“ wurde mit „%(b)s“ zusammengeführt; %(n)s Unterstützungen wurden übertragen."
    ) % {"a": idea.title, "b": other.title, "n": link_row.moved_supports})
    return redirect("assistant_admin:idea", pk=other.pk)


def topics(request, slug):
    _require_office(request)
    process = get_object_or_404(Process, slug=slug)
    found = selectors.process_topics(process=process)
    return TemplateResponse(request, "assistant/admin/topics.html", {
        "page_title": _("Themen"), "page_subtitle": process.title, "header_icon": "wagtail",
        "process": process, "topics": found,
    })


def topics_csv(request, slug):
    _require_office(request)
    process = get_object_or_404(Process, slug=slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="themen-{process.slug}.csv"'
    response.write("\ufeff")  # spreadsheet programs then read UTF-8
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Thema"), _("Kennwörter"), _("Ideen"), _("Unterstützungen"), _("Idee Nr."), _("Titel")])
    for number, topic in enumerate(selectors.process_topics(process=process), start=1):
        for idea in topic.ideas:
            writer.writerow([number, topic.label_text, topic.size, topic.supports, idea.pk,
                             _csv_safe(idea.title)])
    return response


def _csv_safe(value):
    """Titles typed by people must not start a formula in a spreadsheet."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


urlpatterns = [
    path("", overview, name="overview"),
    path("trainieren/", train, name="train"),
    path("ideen/<int:pk>/", idea_view, name="idea"),
    path("ideen/<int:pk>/feld/", decide, name="decide"),
    path("ideen/<int:pk>/verknuepfen/", link, name="link"),
    path("ideen/<int:pk>/zusammenfuehren/", merge, name="merge"),
    path("verfahren/<slug:slug>/themen/", topics, name="topics"),
    path("verfahren/<slug:slug>/themen.csv", topics_csv, name="topics_csv"),
]


def idea_url(idea):
    return reverse("assistant_admin:idea", args=[idea.pk])
