from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgressConfig(AppConfig):
    name = "modellstadt.progress"
    label = "progress"
    verbose_name = _("Fortschritt")

    def ready(self):
        from modellstadt.progress import signals

        signals.connect()

        # The idea form offers the place picker instead of typed coordinates (ideas never imports progress).
        from modellstadt.ideas import extensions

        if idea_place_field not in extensions.PLACE_FIELDS:
            extensions.PLACE_FIELDS.append(idea_place_field)


def idea_place_field(**kwargs):
    """The place picker as the idea form needs it: a name the gazetteer does not know is kept in words."""
    from modellstadt.progress.forms import PlacePickerField

    return PlacePickerField(allow_free_name=True, **kwargs)
