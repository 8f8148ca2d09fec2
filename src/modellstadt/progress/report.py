"""The council progress report (Sachstandsbericht): its content assembled from the data, as plain JSON.

``build_report_content(report)`` reads, per cooperation field, the projects by status with the changes
since the last frozen report, milestones done and late, indicators against their targets (with the
values and targets their chart is drawn from) and the decisions of the period (those naming the field
or one of its projects; decisions naming neither are listed apart), plus participation in figures for
the period and the latest public self-assessment up to the end of the period, compared with the one
before it. A fixed number of queries, whatever the number of projects, indicators and values. The
DOCX (``exports/report_docx.py``) and the accessible PDF
(``exports/report_pdf.py``) render exactly this structure; freezing stores it with SHA-256 checksums of
the content and of both files (``services.freeze_report``).
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from modellstadt.progress.models import (
    Assessment,
    CouncilReport,
    CriterionRating,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
)
from modellstadt.progress.selectors import (
    area_scores,
    areas_with_criteria,
    participation_figures,
    public_fields,
    public_projects,
)

# 2: indicators carry "values" and "targets" (their chart), "assessment" and "decisions_unassigned" added.
CONTENT_SCHEMA = 2


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
    decisions, unassigned = _decisions(start, end)
    indicators = defaultdict(list)
    indicator_list = list(Indicator.objects.filter(field__in=[f.pk for f in fields]).order_by("order", "name"))
    series, targets = _chart_data([i.pk for i in indicator_list])
    for i in indicator_list:
        indicators[i.field_id].append({
            "name": i.name, "slug": i.slug, "status": i.status, "status_label": str(i.status_label),
            "sentence": i.status_sentence, "invented": i.values_are_invented,
            "unit": i.unit, "decimals": i.decimals,
            "baseline": _number(i.baseline_value), "baseline_date": _iso(i.baseline_date),
            "latest": _number(i.latest_value), "latest_date": _iso(i.latest_date),
            "expected": _number(i.expected_value),
            "target": _number(i.target_value), "target_date": _iso(i.target_date),
            "values": series.get(i.pk, []), "targets": targets.get(i.pk, []),
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
        "decisions_unassigned": unassigned,
        "participation": {k: v for k, v in figures.items()},
        "assessment": _assessment(end),
        "totals": {
            "projects": len(projects),
            "changed": sum(1 for p in projects if previous is not None and earlier_status.get(p["id"]) != p["status"]),
            "milestones_done": sum(len(m["done"]) for m in milestones.values()),
            "milestones_late": sum(len(m["late"]) for m in milestones.values()),
        },
    }


def _chart_data(indicator_ids):
    """{indicator id: [[iso date, value], ...]} of all values and of all targets, as the indicator's page
    draws its chart from them: two queries."""
    series, targets = defaultdict(list), defaultdict(list)
    for pk, day, value in (IndicatorValue.objects.filter(indicator__in=indicator_ids)
                           .order_by("indicator_id", "date").values_list("indicator_id", "date", "value")):
        series[pk].append([day.isoformat(), _number(value)])
    for pk, day, value in (IndicatorTarget.objects.filter(indicator__in=indicator_ids)
                           .order_by("indicator_id", "date").values_list("indicator_id", "date", "value")):
        targets[pk].append([day.isoformat(), _number(value)])
    return series, targets


def _decisions(start, end):
    """The decisions of the period by field – a decision counts for the fields it names and for the fields
    of the projects it names – and those that name neither: three queries."""
    from modellstadt.strategy.models import Decision

    by_field, unassigned = defaultdict(list), []
    for d in (Decision.objects.filter(date__gte=start, date__lte=end).select_related("body")
              .prefetch_related("fields", "projects").order_by("date", "id")):
        entry = {"date": d.date.isoformat(), "body": d.body.name, "title": d.title}
        field_ids = {f.pk for f in d.fields.all()} | {p.field_id for p in d.projects.all() if p.field_id}
        for field_id in sorted(field_ids):
            by_field[field_id].append(entry)
        if not field_ids:
            unassigned.append(entry)
    return by_field, unassigned


def _assessment(end):
    """The latest public self-assessment dated up to ``end`` with its area scores, and the public one
    before it for comparison; None if there is none. Five queries."""
    latest = list(Assessment.objects.filter(is_public=True, date__lte=end).order_by("-date", "-id")
                  .only("id", "title", "date")[:2])
    if not latest:
        return None
    scores = defaultdict(dict)
    for assessment_id, criterion_id, score in CriterionRating.objects.filter(
            assessment__in=[a.pk for a in latest]).values_list("assessment_id", "criterion_id", "score"):
        scores[assessment_id][criterion_id] = score
    areas = areas_with_criteria()
    current, total = area_scores(areas, scores[latest[0].pk])
    before, before_total = area_scores(areas, scores[latest[1].pk]) if len(latest) > 1 else ([], None)
    before_by_area = {area.pk: score for area, score in before}
    return {
        "title": latest[0].title, "date": latest[0].date.isoformat(), "total": total,
        "areas": [{"name": area.name, "score": score, "previous": before_by_area.get(area.pk),
                   "fields": [f.title for f in area.fields.all()]} for area, score in current],
        "previous": {"title": latest[1].title, "date": latest[1].date.isoformat(), "total": before_total}
        if len(latest) > 1 else None,
    }


def period_label(content):
    start = datetime.date.fromisoformat(content["period"]["start"])
    end = datetime.date.fromisoformat(content["period"]["end"])
    return f"{start:%d.%m.%Y} – {end:%d.%m.%Y}"
