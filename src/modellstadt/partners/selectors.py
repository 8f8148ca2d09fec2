"""Read queries for the partner directory."""

from itertools import groupby
from typing import Any

from django.db.models import QuerySet

from modellstadt.partners.models import Membership, Organisation, OrganisationKind


def directory_by_kind(kind: str | None = None) -> list[tuple[str, Any, list[Organisation]]]:
    """[(kind_value, kind_label, [organisations])] in the order of OrganisationKind (one query)."""
    qs = Organisation.objects.select_related("logo").order_by("kind", "name")
    if kind:
        qs = qs.filter(kind=kind)
    labels = dict(OrganisationKind.choices)
    order = {value: i for i, value in enumerate(labels)}
    groups = [(k, list(orgs)) for k, orgs in groupby(qs, key=lambda o: o.kind)]
    groups.sort(key=lambda pair: order.get(pair[0], 99))
    return [(k, labels.get(k, k), orgs) for k, orgs in groups]


# --- partner area and the public supporters page -----------------------------------------------------


def representative_memberships(user: Any) -> list[Membership]:
    """All memberships of ``user`` (any state) with their organisation, newest first (one query)."""
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user).select_related("organisation", "organisation__logo"))


def represented_organisation(user: Any, slug: str) -> Organisation | None:
    """The organisation ``slug`` if ``user`` represents it (approved), else None."""
    from modellstadt.partners.models import MembershipState

    if not user.is_authenticated:
        return None
    return (
        Organisation.objects.select_related("logo")
        .filter(slug=slug, memberships__user=user, memberships__state=MembershipState.APPROVED)
        .first()
    )


def organisation_area(organisation: Organisation) -> dict[str, Any]:
    """What the partner area shows for one organisation: letters, pledges, ideas, projects."""
    from modellstadt.projects.selectors import organisation_projects

    letters = list(organisation.support_letters.prefetch_related("calls").order_by("-date", "-id"))
    pledges = list(organisation.pledges.prefetch_related("calls", "fields", "projects").order_by("-created", "-id"))
    # Ideas (an app above this one) through their relation to the organisation.
    ideas = list(organisation.ideas.select_related("process", "field").order_by("-created", "-id"))
    return {
        "letters": letters,
        "pledges": pledges,
        "pledge_total": sum((p.estimated_value_eur or 0) for p in pledges),
        "ideas": ideas,
        "projects": organisation_projects(organisation),
    }


def public_supporters() -> dict[str, Any]:
    """Organisations that consented to be named, grouped by kind with counts and their public letters.

    Returns {"groups": [(kind, label, [orgs])], "total": n, "letter_total": n}; two queries whatever the
    number of organisations and letters (each organisation has ``public_letters`` prefetched).
    """
    from django.db.models import Prefetch

    from modellstadt.partners.models import SupportLetter

    letters = SupportLetter.objects.filter(public=True).order_by("date", "id").only(
        "id", "organisation_id", "date", "signatory", "file", "public"
    )
    qs = (
        Organisation.objects.filter(public_supporter=True)
        .select_related("logo")
        .prefetch_related(Prefetch("support_letters", queryset=letters, to_attr="public_letters"))
        .order_by("kind", "name")
    )
    labels = dict(OrganisationKind.choices)
    order = {value: i for i, value in enumerate(labels)}
    groups = [(k, list(orgs)) for k, orgs in groupby(qs, key=lambda o: o.kind)]
    groups.sort(key=lambda pair: order.get(pair[0], 99))
    result = [(k, labels.get(k, k), orgs) for k, orgs in groups]
    return {
        "groups": result,
        "total": sum(len(orgs) for _k, _l, orgs in result),
        "letter_total": sum(len(o.public_letters) for _k, _l, orgs in result for o in orgs),
    }


def open_membership_requests() -> QuerySet[Membership]:
    """Requests to represent an organisation that the office has not decided yet, oldest first."""
    from modellstadt.partners.models import MembershipState

    return (
        Membership.objects.filter(state=MembershipState.REQUESTED)
        .select_related("organisation", "user")
        .order_by("requested_at", "id")
    )
