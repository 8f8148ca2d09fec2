"""A person's ideas and supports for their data export (Meine Daten)."""

from modellstadt.ideas.models import Idea, Support


def _when(value):
    return value.isoformat() if value else None


def export_ideas(user):
    rows = [
        {
            "Titel": idea.title,
            "Beschreibung": idea.description,
            "Verfahren": idea.process.title,
            "Kooperationsfeld": idea.field.title if idea.field_id else None,
            "Ort": idea.location_label,
            "Stand": idea.get_state_display(),
            "Eingereicht am": _when(idea.created),
            "Unterstützungen": idea.support_count,
        }
        for idea in Idea.objects.filter(author=user).select_related("process", "field").order_by("created", "id")
    ]
    return "Ideen", rows


def export_supports(user):
    rows = [
        {"Idee": support.idea.title, "Unterstützt am": _when(support.created)}
        for support in Support.objects.filter(user=user).select_related("idea").order_by("created", "id")
    ]
    return "Unterstützungen", rows


EXPORTERS = [export_ideas, export_supports]
