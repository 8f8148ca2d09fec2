"""A person's reports for their data export (Meine Daten)."""

from modellstadt.moderation.models import Report


def _when(value):
    return value.isoformat() if value else None


def export_reports(user):
    rows = [
        {"Grund": report.reason, "Gemeldet am": _when(report.created), "Erledigt am": _when(report.resolved_at)}
        for report in Report.objects.filter(reporter=user).order_by("created", "id")
    ]
    return "Meldungen", rows


EXPORTERS = [export_reports]
