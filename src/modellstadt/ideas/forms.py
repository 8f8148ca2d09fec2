"""Forms of the public participation pages: the idea list filters and the idea form.

The forms only parse and check what a browser can get wrong (types, sizes, file contents); the
rules of participation (phases, who may edit, which fields belong to a process) stay in
``services.py``, whose errors the views attach to the matching field.
"""


from django import forms
from django.utils.translation import gettext_lazy as _

from modellstadt.core import images
from modellstadt.core.forms import LenientFilterForm, SingleLineCharField
from modellstadt.core.models import MarkdownHelp
from modellstadt.ideas import extensions
from modellstadt.ideas.models import IdeaState, Process
from modellstadt.ideas.rules import DESCRIPTION_MAX, LOCATION_MAX, TITLE_MAX
from modellstadt.strategy.models import CooperationFieldPage

# --- Idea list filters ------------------------------------------------------------------------------

# The GET values of /ideen/?sortierung= and the selector's sort names.
SORTS = {"neueste": "newest", "unterstuetzung": "supports", "diskussion": "comments", "zufall": "random"}
DEFAULT_SORT = "neueste"
SORT_CHOICES = [
    ("neueste", _("Neueste zuerst")),
    ("unterstuetzung", _("Meiste Unterstützung")),
    ("diskussion", _("Meiste Kommentare")),
    ("zufall", _("Zufällige Reihenfolge")),
]


class IdeaFilterForm(LenientFilterForm):
    """GET filters of /ideen/. Unknown values are dropped (and listed in ``ignored``), never an error page."""

    default_sort = DEFAULT_SORT

    verfahren = forms.ModelChoiceField(
        label=_("Verfahren"), required=False, empty_label=_("Alle Verfahren"),
        queryset=Process.objects.none(), to_field_name="slug",
    )
    feld = forms.ModelChoiceField(
        label=_("Themenfeld"), required=False, empty_label=_("Alle Felder"),
        queryset=CooperationFieldPage.objects.none(), to_field_name="slug",
    )
    stand = forms.ChoiceField(label=_("Stand"), required=False)
    sortierung = forms.ChoiceField(label=_("Sortierung"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, processes_qs, fields_qs):
        super().__init__(data)
        self.fields["verfahren"].queryset = processes_qs
        self.fields["feld"].queryset = fields_qs
        self.fields["stand"].choices = [("", _("Alle (ohne zurückgezogene)")), *IdeaState.choices]


# --- The idea form ----------------------------------------------------------------------------------

# Idea images go through the one image pipeline (core.images) with its default limits and formats.
IMAGE_MAX_BYTES = images.DEFAULT_MAX_BYTES
IMAGE_FORMATS = images.DEFAULT_FORMATS
# The cleaned_data keys of an idea's place that the services take; a registered place field fills them.
PLACE_KEYS = ("location_label", "latitude", "longitude")


class IdeaForm(forms.Form):
    """Submit or edit an idea. ``field`` lists the process's cooperation fields.

    When an app registers a place field (``extensions.PLACE_FIELDS``, the map's place picker), it replaces
    the typed label and coordinates by one field ``place``; ``clean()`` turns its value back into
    ``location_label``, ``latitude`` and ``longitude``, so the services stay the same.
    """

    field = forms.ModelChoiceField(
        label=_("Themenfeld"), queryset=CooperationFieldPage.objects.none(), required=False,
        empty_label=_("Bitte wählen"),
        error_messages={"invalid_choice": _("Bitte wählen Sie eines der angebotenen Themenfelder.")},
    )
    title = SingleLineCharField(
        label=_("Titel"), max_length=TITLE_MAX,
        help_text=_("Ein kurzer Satz, der die Idee zusammenfasst (höchstens %(max)s Zeichen).") % {"max": TITLE_MAX},
        error_messages={
            "required": _("Bitte geben Sie einen Titel an."),
            "max_length": _("Der Titel darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
    description = forms.CharField(
        label=_("Beschreibung"), max_length=DESCRIPTION_MAX, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MarkdownHelp.text,
        error_messages={
            "required": _("Bitte beschreiben Sie Ihre Idee."),
            "max_length": _("Die Beschreibung darf höchstens %(limit_value)d Zeichen lang sein."),
        },
    )
    location_label = SingleLineCharField(
        label=_("Bezeichnung des Ortes"), max_length=LOCATION_MAX, required=False,
        help_text=_("Zum Beispiel eine Straße, ein Platz oder ein Stadtteil."),
    )
    latitude = forms.DecimalField(
        label=_("Breitengrad"), required=False, min_value=-90, max_value=90, decimal_places=6,
        help_text=_("Zum Beispiel 52.423000. Nur zusammen mit dem Längengrad."),
        error_messages={"invalid": _("Bitte geben Sie eine Zahl an, zum Beispiel 52.423000.")},
    )
    longitude = forms.DecimalField(
        label=_("Längengrad"), required=False, min_value=-180, max_value=180, decimal_places=6,
        help_text=_("Zum Beispiel 10.787000."),
        error_messages={"invalid": _("Bitte geben Sie eine Zahl an, zum Beispiel 10.787000.")},
    )
    image = forms.FileField(
        label=_("Bilddatei"), required=False,
        help_text=_("JPEG, PNG oder WebP, höchstens 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    image_alt = SingleLineCharField(
        label=_("Alternativtext des Bildes"), max_length=255, required=False,
        help_text=_("Pflicht, wenn Sie ein Bild hochladen: Was ist darauf zu sehen? "
                    "Für Menschen, die das Bild nicht sehen können."),
    )
    remove_image = forms.BooleanField(label=_("Bisheriges Bild entfernen"), required=False)

    def __init__(self, *args, process, user, has_current_image=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.process = process
        self.user = user
        fields_qs = process.fields.all().order_by("number")
        self.fields["field"].queryset = fields_qs
        self.fields["field"].required = bool(fields_qs)  # one query; the widget reuses the cache
        self.fields["field"].error_messages["required"] = _("Bitte wählen Sie ein Themenfeld.")
        if not fields_qs:
            del self.fields["field"]
        if not has_current_image:
            del self.fields["remove_image"]
        self.image_format = None
        place = extensions.place_field(label=_("Ort"), max_length=LOCATION_MAX, required=False)
        if place is not None:
            for key in PLACE_KEYS:
                del self.fields[key]
            self.fields["place"] = place
            if any(self.initial.get(key) not in (None, "") for key in PLACE_KEYS):
                self.initial["place"] = place.value_for(
                    label=self.initial.get("location_label") or "", latitude=self.initial.get("latitude"),
                    longitude=self.initial.get("longitude"),
                )
            self.order_fields([name for name in self.fields if name not in ("image", "image_alt", "remove_image")])

    def service_error_field(self, name):
        """The field to show a service's error about ``name`` next to (the place field for place errors)."""
        if name in PLACE_KEYS and "place" in self.fields:
            return "place"
        return name if name in self.fields else None

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload:
            self.image_format = images.check_image(upload)
        return upload

    def clean(self):
        data = super().clean()
        has_image = bool(data.get("image")) or (
            "remove_image" in self.fields and self.initial.get("has_image") and not data.get("remove_image")
        )
        if has_image and not (data.get("image_alt") or "").strip() and "image_alt" not in self.errors:
            self.add_error(
                "image_alt",
                _("Bitte beschreiben Sie das Bild in einem Alternativtext für Menschen, die es nicht sehen."),
            )
        if "place" in self.fields:
            if "place" not in self.errors:
                place = data.get("place")
                data["location_label"] = place.label if place else ""
                data["latitude"] = place.latitude if place else None
                data["longitude"] = place.longitude if place else None
            return data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not {"latitude", "longitude"} & set(self.errors):
            self.add_error(
                "longitude", _("Bitte geben Sie Breiten- und Längengrad gemeinsam an oder lassen Sie beide leer.")
            )
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund (freiwillig)"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Wird in der Geschichte der Idee angezeigt."),
    )
