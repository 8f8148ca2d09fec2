"""A person's ideas and supports for their data export (Meine Daten), and what account deletion
removes here: the images of their ideas and their other uploads to ideas (public files)."""

import posixpath

from modellstadt.ideas.models import Idea, IdeaEventKind, Support
from modellstadt.ideas.selectors import orphaned_idea_images


def _when(value):
    return value.isoformat() if value else None


def _number(value):
    return str(value) if value is not None else None


def _image_name(idea):
    """Where the image of ``idea`` lies in the export ZIP (``export_image_files``)."""
    return f"bilder/idee-{idea.pk}-{posixpath.basename(idea.image.file.name)}"


def _events(idea, kind):
    return [
        {"Zeitpunkt": _when(event.created), "Grund": event.text or None}
        for event in idea.events.all() if event.kind == kind
    ]


def _ideas(user):
    return (
        Idea.objects.filter(author=user).select_related("process", "field", "image")
        .prefetch_related("events").order_by("created", "id")
    )


def export_ideas(user):
    rows = [
        {
            "Titel": idea.title,
            "Beschreibung": idea.description,
            "Verfahren": idea.process.title,
            "Kooperationsfeld": idea.field.title if idea.field_id else None,
            "Ort": idea.location_label,
            "Breitengrad": _number(idea.latitude),
            "Längengrad": _number(idea.longitude),
            "Bild": {
                "Datei im Archiv": _image_name(idea),
                "Dateiname": posixpath.basename(idea.image.file.name),
                "Alternativtext": idea.image_alt,
            } if idea.image_id else None,
            "Stand": idea.get_state_display(),
            "Eingereicht am": _when(idea.created),
            "Unterstützungen": idea.support_count,
            "Zurückgezogen": _events(idea, IdeaEventKind.WITHDRAWN),
            "Antwort des Programmbüros": idea.answer_text or None,
            "Moderation": idea.get_moderation_display(),
            "Grund für das Ausblenden": idea.hidden_reason or None,
            "Ausgeblendet (Verlauf)": _events(idea, IdeaEventKind.HIDDEN),
        }
        for idea in _ideas(user)
    ]
    return "Ideen", rows


def export_supports(user):
    rows = [
        {"Idee": support.idea.title, "Unterstützt am": _when(support.created)}
        for support in Support.objects.filter(user=user).select_related("idea").order_by("created", "id")
    ]
    return "Unterstützungen", rows


def export_image_files(user):
    """The image files of the person's ideas, for the export ZIP."""
    return [(_image_name(idea), idea.image.file) for idea in _ideas(user) if idea.image_id]


def erase_images(user):
    """Account deletion: the images of the person's ideas are public files; the image rows go and with
    them (after the commit, through Wagtail's signal handlers) the files and their renditions."""
    from wagtail.images import get_image_model

    ideas = Idea.objects.filter(author=user, image__isnull=False)
    image_ids = list(ideas.values_list("image_id", flat=True))
    ideas.update(image=None, image_alt="")
    for image in get_image_model().objects.filter(pk__in=image_ids):
        image.delete()
    # Their uploads that no idea shows any more (replaced by an edit) would wait for the nightly clean-up.
    for image in orphaned_idea_images(None, uploaded_by=user):
        image.delete()


EXPORTERS = [export_ideas, export_supports]
FILE_EXPORTERS = [export_image_files]
ERASERS = [erase_images]
