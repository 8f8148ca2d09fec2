"""Read queries for the initiative, fields and governance. Each costs a fixed number of queries."""

from collections import defaultdict

from django.db.models import Count, Prefetch, Q

from modellstadt.partners.models import Organisation
from modellstadt.projects.models import ProjectPage, ProjectStatus
from modellstadt.strategy.models import BodyMembership, CooperationFieldPage, Decision, GoverningBody


def live_fields():
    return CooperationFieldPage.objects.live().public().select_related("lead_organisation").order_by("number")


def status_breakdown():
    """{field_id: [(status, label, count), ...]} for live projects, in status order, one query."""
    counts = defaultdict(dict)
    rows = ProjectPage.objects.live().values("field_id", "status").annotate(n=Count("id")).order_by()
    for row in rows:
        counts[row["field_id"]][row["status"]] = row["n"]
    return {
        field_id: [(value, label, by_status[value]) for value, label in ProjectStatus.choices if value in by_status]
        for field_id, by_status in counts.items()
    }


def fields_with_counts():
    """Live fields, each with ``project_count`` and ``status_counts`` attached (two queries)."""
    fields = list(live_fields())
    breakdown = status_breakdown()
    for field in fields:
        field.status_counts = breakdown.get(field.id, [])
        field.project_count = sum(n for _value, _label, n in field.status_counts)
    return fields


def home_context(home):
    from modellstadt.news.selectors import latest_posts

    return {
        "goals": list(home.goals.all()),
        "fields": fields_with_counts(),
        "latest_news": latest_posts(3),
    }


def field_context(field):
    projects = list(
        ProjectPage.objects.live().public().filter(field=field)
        .select_related("lead_organisation").order_by("title")
    )
    partners = list(
        Organisation.objects.filter(
            Q(project_roles__project__field=field, project_roles__project__live=True)
            | Q(led_projects__field=field, led_projects__live=True)
            | Q(led_fields=field)
        ).distinct().order_by("name")
    )
    teams = list(
        field.teams.prefetch_related(
            Prefetch("memberships", queryset=BodyMembership.objects.select_related("organisation"))
        )
    )
    return {
        "projects": projects,
        "partners": partners,
        "teams": teams,
        "status_counts": status_breakdown().get(field.id, []),
    }


def governance_context(decision_limit=20):
    bodies = list(
        GoverningBody.objects.select_related("field").prefetch_related(
            Prefetch("memberships", queryset=BodyMembership.objects.select_related("organisation"))
        )
    )
    decisions = list(
        Decision.objects.select_related("body").prefetch_related("fields", "projects")[:decision_limit]
    )
    return {"bodies": bodies, "decisions": decisions}
