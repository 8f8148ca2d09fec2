"""Ideas' lists on the office's home page (``core.dashboard``), read through the selectors: ideas
without an answer (oldest first), those of them whose process is over (the answer is overdue) and the
phases that end next."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modellstadt.core import dashboard
from modellstadt.core.formatting import format_deadline, format_moment
from modellstadt.ideas import selectors
from modellstadt.ideas.permissions import can_answer


@dashboard.register("ideas-unanswered", order=20, visible=can_answer)
def unanswered_ideas(request):
    qs = selectors.unanswered_ideas()
    return dashboard.WorkList(
        _("Ideen ohne Antwort (älteste zuerst)"), reverse("ideas_admin:ideas") + "?unanswered=on", qs.count(),
        dashboard.first_items(qs[: dashboard.ITEMS_SHOWN], lambda i: dashboard.WorkItem(
            i.title, reverse("ideas_admin:idea_answer", args=[i.pk]),
            _("eingereicht am %(when)s") % {"when": format_moment(i.created)})),
    )


@dashboard.register("ideas-overdue", order=21, visible=can_answer)
def overdue_ideas(request):
    qs = selectors.unanswered_ideas_of_ended_processes()
    return dashboard.WorkList(
        _("Beendete Verfahren: Ideen ohne Antwort"), reverse("ideas_admin:ideas") + "?unanswered=on&closed=on",
        qs.count(),
        dashboard.first_items(qs[: dashboard.ITEMS_SHOWN], lambda i: dashboard.WorkItem(
            i.title, reverse("ideas_admin:idea_answer", args=[i.pk]),
            _("%(process)s, eingereicht am %(when)s") % {
                "process": i.process.title, "when": format_moment(i.created)})),
        empty_text=_("Jede Idee eines beendeten Verfahrens hat eine Antwort."),
    )


def _process_url(process):
    return reverse("wagtailsnippets_ideas_process:edit", args=[process.pk])


@dashboard.register("ideas-phases", order=40, visible=can_answer)
def phase_deadlines(request):
    qs = selectors.upcoming_phase_ends()
    return dashboard.WorkList(
        _("Phasen, die bald enden"), reverse("wagtailsnippets_ideas_process:list"), qs.count(),
        dashboard.first_items(qs[: dashboard.ITEMS_SHOWN], lambda p: dashboard.WorkItem(
            f"{p.process.title}: {p}", _process_url(p.process),
            _("läuft %(deadline)s") % {"deadline": format_deadline(p.ends_at)})),
        empty_text=_("Keine laufenden oder geplanten Phasen."),
    )
