"""Read queries for the project list and project pages."""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from modellstadt.core.selectors import public_pages
from modellstadt.projects.models import ProjectPage, ProjectPartner

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


def project_list(*, field=None, status=None, partner=None, sort=DEFAULT_SORT):
    """Live projects filtered by field page, status value and organisation, in a stable order."""
    qs = public_pages(ProjectPage.objects.live()).select_related("field").only(*CARD_FIELDS)
    if field is not None:
        qs = qs.filter(field=field)
    if status:
        qs = qs.filter(status=status)
    if partner is not None:
        qs = qs.filter(Exists(ProjectPartner.objects.filter(project=OuterRef("pk"), organisation=partner)))
    return qs.order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))


def partner_choices():
    """(id, slug, name) of every organisation taking part in a live project, by name (one query)."""
    from modellstadt.partners.models import Organisation

    taking_part = ProjectPartner.objects.filter(organisation=OuterRef("pk"), project__live=True)
    return list(Organisation.objects.filter(Exists(taking_part)).order_by("name").values_list("id", "slug", "name"))


def project_context(project):
    partners = list(project.partners.select_related("organisation").order_by("sort_order"))
    milestones = sorted(project.milestones.all(), key=lambda m: (m.due is None, m.due or 0, m.sort_order))
    updates = sorted(project.updates.all(), key=lambda u: u.date, reverse=True)
    timeline = sorted(
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


def organisation_projects(organisation):
    """Live projects an organisation leads or takes part in, with its role (one query)."""
    roles = (
        ProjectPartner.objects.filter(organisation=organisation, project__live=True)
        .select_related("project", "project__field").order_by("project__title")
    )
    by_project = {r.project_id: (r.project, r.role) for r in roles}
    for project in ProjectPage.objects.live().filter(lead_organisation=organisation).select_related("field"):
        by_project[project.id] = (project, by_project.get(project.id, (None, ""))[1] or _("Federführung"))
    return sorted(by_project.values(), key=lambda pair: pair[0].title)

