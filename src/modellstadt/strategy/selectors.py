"""Read queries for governance. Each costs a fixed number of queries.

What a field or the home page shows of projects and news is read by the apps above (projects,
portal), which add it to those pages through ``core.page_context``."""

from typing import Any

from django.db.models import Prefetch

from modellstadt.strategy.models import BodyMembership, Decision, GoverningBody


def governance_context(decision_limit: int = 20) -> dict[str, list[Any]]:
    bodies = list(
        GoverningBody.objects.select_related("field").prefetch_related(
            Prefetch("memberships", queryset=BodyMembership.objects.select_related("organisation"))
        )
    )
    decisions = list(
        Decision.objects.select_related("body").prefetch_related("fields", "projects")[:decision_limit]
    )
    return {"bodies": bodies, "decisions": decisions}
