"""The council progress report (Sachstandsbericht): its content assembled from the data, as plain JSON.

``build_report_content(report)`` reads, per cooperation field, the projects by status with the changes
since the last frozen report, milestones done and late, indicators against their targets and the
decisions of the period, plus participation in figures for the period. A fixed number of queries,
whatever the number of projects. The DOCX (``exports/report_docx.py``) and the accessible PDF
(``exports/report_pdf.py``) render exactly this structure; freezing stores it with SHA-256 checksums of
the content and of both files (``services.freeze_report``).
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from modellstadt.progress.models import CouncilReport, Indicator
from modellstadt.progress.selectors import participation_figures, public_fields, public_projects

CONTENT_SCHEMA = 1


def _number(value):
    """A Decimal as a plain string for the JSON content (exact, no float rounding); None stays None."""
    return None if value is None else format(value.normalize(), "f")


def _iso(day):
    return day.isoformat() if day else None


def previous_report(report):
    return (CouncilReport.objects.filter(state=CouncilReport.State.FROZEN, period_end__lt=report.period_end)
            .exclude(pk=report.pk).order_by("-period_end").only("content").first())


def build_report_content(report):
    from modellstadt.projects.models import STATUS_LABELS, Milestone
    from modellstadt.strategy.models import Decision

    start, end = report.period_start, report.period_end
    fields = list(public_fields().only("id", "title", "number", "slug"))
    projects = list(public_projects().order_by("title").values("id", "title", "slug", "status", "field_id"))
    previous = previous_report(report)
    earlier_status = {}
    if previous is not None and previous.content:
        for field in previous.content.get("fields", []):
            for project in field.get("projects", []):
                earlier_status[project["id"]] = project["status"]
    milestones = defaultdict(lambda: {"done": [], "late": []})
    for m in (Milestone.objects.filter(project__live=True, due__isnull=False)
              .filter(Q(done=True, due__gte=start, due__lte=end) | Q(done=False, due__lte=end))
              .select_related("project").order_by("due").only("title", "due", "done", "project__title",
                                                               "project__field_id")):
        milestones[m.project.field_id]["done" if m.done else "late"].append(
            {"title": m.title, "project": m.project.title, "due": m.due.isoformat()})
    decisions = defaultdict(list)
    for d in Decision.objects.filter(date__gte=start, date__lte=end).select_related("body").prefetch_related(
            "fields").order_by("date"):
        for field in d.fields.all():
            decisions[field.pk].append({"date": d.date.isoformat(), "body": d.body.name, "title": d.title})
    indicators = defaultdict(list)
    for i in Indicator.objects.filter(field__in=[f.pk for f in fields]).order_by("order", "name"):
        indicators[i.field_id].append({
            "name": i.name, "slug": i.slug, "status": i.status, "status_label": str(i.status_label),
            "sentence": i.status_sentence, "invented": i.values_are_invented,
            "unit": i.unit, "decimals": i.decimals,
            "baseline": _number(i.baseline_value), "baseline_date": _iso(i.baseline_date),
            "latest": _number(i.latest_value), "latest_date": _iso(i.latest_date),
            "expected": _number(i.expected_value),
            "target": _number(i.target_value), "target_date": _iso(i.target_date),
        })
    by_field = defaultdict(list)
    for p in projects:
        before = earlier_status.get(p["id"])
        by_field[p["field_id"]].append({
            "id": p["id"], "title": p["title"], "status": p["status"],
            "status_label": str(STATUS_LABELS.get(p["status"], p["status"])),
            "previous_status": before,
            "previous_status_label": str(STATUS_LABELS.get(before, before)) if before else None,
            "changed": previous is not None and before != p["status"],
            "new": previous is not None and before is None,
        })
    field_sections = []
    for field in fields:
        counts = defaultdict(int)
        for p in by_field.get(field.pk, []):
            counts[p["status_label"]] += 1
        field_sections.append({
            "number": field.number, "title": field.title, "status_counts": dict(counts),
            "projects": by_field.get(field.pk, []), "milestones": milestones[field.pk],
            "indicators": indicators.get(field.pk, []), "decisions": decisions.get(field.pk, []),
        })
    figures = participation_figures(since=start, until=end)
    return {
        "schema": CONTENT_SCHEMA,
        "title": report.title,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "built_at": timezone.now().isoformat(timespec="seconds"),
        "previous_report": previous.pk if previous else None,
        "fields": field_sections,
        "participation": {k: v for k, v in figures.items()},
        "totals": {
            "projects": len(projects),
            "changed": sum(1 for p in projects if previous is not None and earlier_status.get(p["id"]) != p["status"]),
            "milestones_done": sum(len(m["done"]) for m in milestones.values()),
            "milestones_late": sum(len(m["late"]) for m in milestones.values()),
        },
    }


def period_label(content):
    start = datetime.date.fromisoformat(content["period"]["start"])
    end = datetime.date.fromisoformat(content["period"]["end"])
    return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"
