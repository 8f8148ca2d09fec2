"""Read queries for the initiative, fields and governance. Each costs a fixed number of queries."""

from collections import defaultdict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from modellstadt.core.selectors import public_pages
from modellstadt.partners.models import Organisation
from modellstadt.projects.models import ProjectPage, ProjectPartner, ProjectStatus
from modellstadt.projects.selectors import CARD_FIELDS
from modellstadt.strategy.models import BodyMembership, CooperationFieldPage, Decision, GoverningBody

# The field page shows this many project cards and links to the paginated, filtered list for all.
FIELD_PAGE_PROJECTS = 24


def live_fields():
    return public_pages(CooperationFieldPage.objects.live()).select_related("lead_organisation").order_by("number")


def status_breakdown(field=None):
    """{field_id: [(status, label, count), ...]} for live projects, in status order, one query."""
    counts = defaultdict(dict)
    rows = ProjectPage.objects.live()
    if field is not None:
        rows = rows.filter(field=field)
    for row in rows.values("field_id", "status").annotate(n=Count("id")).order_by():
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


def field_context(field, limit=FIELD_PAGE_PROJECTS):
    """The first ``limit`` project cards of a field (by title), its partners and teams (five queries)."""
    status_counts = status_breakdown(field).get(field.id, [])
    projects = list(
        public_pages(ProjectPage.objects.live()).filter(field=field).select_related("field").only(*CARD_FIELDS)
        .order_by("title")[:limit]
    )
    # Organisations taking part in, or leading, a live project of the field, or leading the field:
    # Exists() instead of OR-ed joins + DISTINCT over every column (2,900 joined rows on the bench city).
    # (id, slug, name) tuples: ~200 organisations on the bench city's largest field, rendered by the
    # organisation_links tag, not a template loop over model instances.
    partners = list(
        Organisation.objects.filter(
            Exists(ProjectPartner.objects.filter(organisation=OuterRef("pk"), project__field=field, project__live=True))
            | Exists(ProjectPage.objects.filter(lead_organisation=OuterRef("pk"), field=field, live=True))
            | Q(pk=field.lead_organisation_id)
        ).order_by("name").values_list("id", "slug", "name")
    )
    lead = next((row for row in partners if row[0] == field.lead_organisation_id), None)
    teams = list(
        field.teams.prefetch_related(
            Prefetch("memberships", queryset=BodyMembership.objects.select_related("organisation"))
        )
    )
    return {
        "projects": projects,
        "project_count": sum(n for _value, _label, n in status_counts),
        "partners": partners,
        # The field's lead organisation is one of the partners: no query of its own for the page.
        "lead_organisation": Organisation(id=lead[0], slug=lead[1], name=lead[2]) if lead else None,
        "teams": teams,
        "status_counts": status_counts,
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
