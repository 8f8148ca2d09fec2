"""Moderation's lists on the office's home page (``core.dashboard``), read through the selectors:
comments and ideas waiting for release, open reports."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modellstadt.core import dashboard
from modellstadt.core.formatting import format_moment
from modellstadt.ideas.permissions import can_moderate
from modellstadt.moderation import selectors


def _when(value):
    return format_moment(value) if value else ""


@dashboard.register("moderation-pending-comments", order=10, visible=can_moderate)
def pending_comments(request):
    rows = selectors.pending_comments()
    url = reverse("moderation_admin:moderation")
    return dashboard.WorkList(
        _("Kommentare zur Freigabe"), url, len(rows),
        dashboard.first_items(rows, lambda c: dashboard.WorkItem(
            c.text[:80], url, _("von %(name)s, %(when)s") % {"name": c.author_name, "when": _when(c.created)})),
    )


@dashboard.register("moderation-pending-ideas", order=11, visible=can_moderate)
def pending_ideas(request):
    rows = selectors.pending_ideas()
    url = reverse("moderation_admin:moderation")
    return dashboard.WorkList(
        _("Ideen zur Freigabe"), url, len(rows),
        dashboard.first_items(rows, lambda i: dashboard.WorkItem(
            i.title, url, _("%(process)s, %(when)s") % {"process": i.process.title, "when": _when(i.created)})),
    )


@dashboard.register("moderation-reports", order=12, visible=can_moderate)
def open_reports(request):
    rows = selectors.open_reports()
    url = reverse("moderation_admin:moderation")
    return dashboard.WorkList(
        _("Meldungen"), url, len(rows),
        dashboard.first_items(rows, lambda r: dashboard.WorkItem(
            r.reason[:80], url, _("gemeldet am %(when)s") % {"when": _when(r.created)})),
    )
