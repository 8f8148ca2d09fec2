"""Dossiers on the office's home page (``core.dashboard``): drafts to complete, with a link to their
completeness check, and the calls' deadlines ahead. (Reads; to move to the dossier's selectors.)"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modellstadt.core import dashboard
from modellstadt.core.formatting import format_deadline
from modellstadt.dossier.models import CallDeadline, Dossier


def _can_edit(user):
    return user.has_perm("dossier.change_dossier")


def draft_dossiers():
    return Dossier.objects.filter(state=Dossier.State.DRAFT).select_related("call").order_by("-updated_at", "-id")


def upcoming_deadlines(now=None):
    return (CallDeadline.objects.filter(due__gte=now or timezone.now()).select_related("call")
            .order_by("due", "id"))


@dashboard.register("dossier-drafts", order=35, visible=_can_edit)
def drafts(request):
    qs = draft_dossiers()
    return dashboard.WorkList(
        _("Bewerbungen im Entwurf: Lücken prüfen"), reverse("dossier_admin:index"), qs.count(),
        dashboard.first_items(qs[: dashboard.ITEMS_SHOWN], lambda d: dashboard.WorkItem(
            d.title, reverse("dossier_admin:detail", args=[d.pk]),
            _("%(call)s – Vollständigkeit prüfen") % {"call": d.call.title})),
        empty_text=_("Keine Bewerbung im Entwurf."),
    )


@dashboard.register("dossier-deadlines", order=41, visible=_can_edit)
def deadlines(request):
    qs = upcoming_deadlines()
    return dashboard.WorkList(
        _("Fristen der Ausschreibungen"), reverse("wagtailsnippets_dossier_call:list"), qs.count(),
        dashboard.first_items(qs[: dashboard.ITEMS_SHOWN], lambda d: dashboard.WorkItem(
            f"{d.call.title}: {d.label}", reverse("wagtailsnippets_dossier_call:edit", args=[d.call_id]),
            _("Frist %(deadline)s") % {"deadline": format_deadline(d.due)})),
        empty_text=_("Keine Frist steht an."),
    )
