"""The partner area's list on the office's home page (``core.dashboard``): open requests."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from modellstadt.core import dashboard
from modellstadt.core.formatting import format_date
from modellstadt.partners import selectors


@dashboard.register("partners-requests", order=30, visible=lambda user: user.has_perm("partners.change_membership"))
def open_requests(request):
    qs = selectors.open_membership_requests()
    return dashboard.WorkList(
        _("Offene Anfragen von Partnern"), reverse("partner_memberships:index"), qs.count(),
        dashboard.first_items(qs[: dashboard.ITEMS_SHOWN], lambda m: dashboard.WorkItem(
            f"{m.organisation.name}: {m.user.display_name or m.user.email}",
            reverse("partner_memberships:decide", args=[m.pk]),
            _("angefragt am %(when)s") % {"when": format_date(m.requested_at)})),
    )
