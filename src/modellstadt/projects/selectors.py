"""Read queries for the project list and project pages, and the projects of cooperation fields."""

from collections import defaultdict
from typing import Any

from django.db.models import Count, Exists, Model, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from modellstadt.core.selectors import public_pages
from modellstadt.projects.models import ProjectPage, ProjectPartner, ProjectStatus
from modellstadt.strategy.models import BodyMembership, CooperationFieldPage

# What a project card (core/_project_card.html) shows. List querysets load only these columns: the
# Markdown texts of a project and of its field are several kB a row and no card shows them.
CARD_FIELDS = ("id", "title", "slug", "status", "summary", "field", "field__id", "field__title")

SORTS = {
    "titel": ("title",),
    "neueste": ("-first_published_at", "-id"),
    "beginn": ("-start_date", "title"),
    "status": ("status", "title"),
}
DEFAULT_SORT = "titel"


def project_list(
    *,
    field: CooperationFieldPage | None = None,
    status: str | None = None,
    partner: Model | None = None,
    sort: str = DEFAULT_SORT,
) -> QuerySet[ProjectPage]:
    """Live projects filtered by field page, status value and organisation, in a stable order."""
    qs = public_pages(ProjectPage.objects.live()).select_related("field").only(*CARD_FIELDS)
    if field is not None:
        qs = qs.filter(field=field)
    if status:
        qs = qs.filter(status=status)
    if partner is not None:
        qs = qs.filter(Exists(ProjectPartner.objects.filter(project=OuterRef("pk"), organisation=partner)))
    return qs.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def organisation_model() -> Any:
    """The partners app's Organisation, reached through the project partner's foreign key: projects
    sit below partners in the app order and read organisations only through their own relations."""
    return ProjectPartner._meta.get_field("organisation").related_model


def partner_choices() -> list[tuple[int, str, str]]:
    """(id, slug, name) of every organisation taking part in a live project, by name (one query)."""
    Organisation = organisation_model()
    taking_part = ProjectPartner.objects.filter(organisation=OuterRef("pk"), project__live=True)
    return list(Organisation.objects.filter(Exists(taking_part)).order_by("name").values_list("id", "slug", "name"))


def project_context(project: ProjectPage) -> dict[str, Any]:
    partners = list(project.partners.select_related("organisation").order_by("sort_order"))
    milestones = sorted(project.milestones.all(), key=lambda m: (m.due is None, m.due or 0, m.sort_order))
    updates = sorted(project.updates.all(), key=lambda u: u.date, reverse=True)
    timeline: list[dict[str, Any]] = sorted(
        [{"kind": "milestone", "date": m.due, "iso": m.due.isoformat(), "item": m} for m in milestones if m.due]
        + [{"kind": "update", "date": u.date, "iso": u.date.isoformat(), "item": u} for u in updates],
        key=lambda entry: entry["date"],
        reverse=True,
    )
    return {
        "project_partners": partners,
        "milestones": milestones,
        "undated_milestones": [m for m in milestones if not m.due],
        "updates": updates,
        "timeline": timeline,
        "decisions": list(project.decisions.select_related("body").order_by("-date")[:10])
        if project.pk else [],
        "related_news": list(project.news.live().order_by("-date")[:5]) if project.pk else [],
    }


def organisation_projects(organisation: Model) -> list[tuple[ProjectPage, str]]:
    """Live projects an organisation leads or takes part in, with its role (one query)."""
    roles = (
        ProjectPartner.objects.filter(organisation=organisation, project__live=True)
        .select_related("project", "project__field").order_by("project__title")
    )
    by_project = {r.project_id: (r.project, r.role) for r in roles}
    for project in ProjectPage.objects.live().filter(lead_organisation=organisation).select_related("field"):
        by_project[project.id] = (project, by_project.get(project.id, (None, ""))[1] or _("Federführung"))
    return sorted(by_project.values(), key=lambda pair: pair[0].title)


# The field page shows this many project cards and links to the paginated, filtered list for all.
FIELD_PAGE_PROJECTS = 24


def live_fields() -> QuerySet[CooperationFieldPage]:
    return public_pages(CooperationFieldPage.objects.live()).select_related("lead_organisation").order_by("number")


def status_breakdown(field: CooperationFieldPage | None = None) -> dict[int, list[tuple[str, Any, int]]]:
    """{field_id: [(status, label, count), ...]} for live projects, in status order, one query."""
    counts: defaultdict[int, dict[str, int]] = defaultdict(dict)
    rows = ProjectPage.objects.live()
    if field is not None:
        rows = rows.filter(field=field)
    for row in rows.values("field_id", "status").annotate(n=Count("id")).order_by():
        counts[row["field_id"]][row["status"]] = row["n"]
    return {
        field_id: [(value, label, by_status[value]) for value, label in ProjectStatus.choices if value in by_status]
        for field_id, by_status in counts.items()
    }


def fields_with_counts() -> list[CooperationFieldPage]:
    """Live fields, each with ``project_count`` and ``status_counts`` attached (two queries)."""
    fields = list(live_fields())
    breakdown = status_breakdown()
    for field in fields:
        field.status_counts = breakdown.get(field.id, [])
        field.project_count = sum(n for _value, _label, n in field.status_counts)
    return fields


def field_context(field: CooperationFieldPage, limit: int = FIELD_PAGE_PROJECTS) -> dict[str, Any]:
    """The first ``limit`` project cards of a field (by title), its partners and teams (five queries)."""
    Organisation = organisation_model()
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


def field_index_context(page: Model) -> dict[str, Any]:
    return {"fields": fields_with_counts()}
