"""Participation's lists on the office's home page (``core.dashboard``), read through the selectors:
contributions waiting for release, open reports, ideas without an answer, phases ending soon."""

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from modellstadt.core import dashboard
from modellstadt.participation import selectors
from modellstadt.participation.permissions import can_answer, can_moderate


def _when(value):
    return formats.date_format(value, "SHORT_DATETIME_FORMAT") if value else ""


@dashboard.register("participation-pending-comments", order=10, visible=can_moderate)
def pending_comments(request):
    rows = selectors.pending_comments()
    url = reverse("participation_admin:moderation")
    return dashboard.WorkList(
        _("Kommentare zur Freigabe"), url, len(rows),
        dashboard.first_items(rows, lambda c: dashboard.WorkItem(
            c.text[:80], url, _("von %(name)s, %(when)s") % {"name": c.author_name, "when": _when(c.created)})),
    )


@dashboard.register("participation-pending-ideas", order=11, visible=can_moderate)
def pending_ideas(request):
    rows = selectors.pending_ideas()
    url = reverse("participation_admin:moderation")
    return dashboard.WorkList(
        _("Ideen zur Freigabe"), url, len(rows),
        dashboard.first_items(rows, lambda i: dashboard.WorkItem(
            i.title, url, _("%(process)s, %(when)s") % {"process": i.process.title, "when": _when(i.created)})),
    )


@dashboard.register("participation-reports", order=12, visible=can_moderate)
def open_reports(request):
    rows = selectors.open_reports()
    url = reverse("participation_admin:moderation")
    return dashboard.WorkList(
        _("Meldungen"), url, len(rows),
        dashboard.first_items(rows, lambda r: dashboard.WorkItem(
            r.reason[:80], url, _("gemeldet am %(when)s") % {"when": _when(r.created)})),
    )


@dashboard.register("participation-unanswered", order=20, visible=can_answer)
def unanswered_ideas(request):
    qs = selectors.unanswered_ideas()
    return dashboard.WorkList(
        _("Ideen ohne Antwort (älteste zuerst)"), reverse("participation_admin:ideas") + "?unanswered=on", qs.count(),
        dashboard.first_items(qs[: dashboard.ITEMS_SHOWN], lambda i: dashboard.WorkItem(
            i.title, reverse("participation_admin:idea_answer", args=[i.pk]),
            _("eingereicht am %(when)s") % {"when": _when(i.created)})),
    )


def _process_url(process):
    return reverse("wagtailsnippets_participation_process:edit", args=[process.pk])


@dashboard.register("participation-phases", order=40, visible=can_answer)
def phase_deadlines(request):
    qs = selectors.upcoming_phase_ends()
    return dashboard.WorkList(
        _("Phasen, die bald enden"), reverse("wagtailsnippets_participation_process:list"), qs.count(),
        dashboard.first_items(qs[: dashboard.ITEMS_SHOWN], lambda p: dashboard.WorkItem(
            f"{p.process.title}: {p}", _process_url(p.process), _("endet am %(when)s") % {"when": _when(p.ends_at)})),
        empty_text=_("Keine laufenden oder geplanten Phasen."),
    )
