"""Forms of the progress app: map filters and view, value entry, CSV import, and the place picker."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from modellstadt.progress.geo import contains
from modellstadt.progress.models import District, Place
from modellstadt.progress.selectors import MapFilter, public_fields
from modellstadt.progress.services import parse_number

KIND_CHOICES = [("", _("Projekte und Ideen")), ("projekt", _("nur Projekte")), ("idee", _("nur Ideen"))]


def _status_choices():
    from modellstadt.ideas.models import IdeaState
    from modellstadt.projects.models import ProjectStatus

    return [
        ("", _("Alle Status")),
        (_("Projekte"), list(ProjectStatus.choices)),
        (_("Ideen"), [c for c in IdeaState.choices if c[0] != "withdrawn"]),
    ]


class MapFilterForm(forms.Form):
    """GET filters of /karte/; an unknown value is dropped, never answered with an error page."""

    feld = forms.ChoiceField(label=_("Kooperationsfeld"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    art = forms.ChoiceField(label=_("Art"), required=False, choices=KIND_CHOICES)

    def __init__(self, data=None):
        super().__init__(data)
        self._fields = {f.slug: f for f in public_fields().only("id", "slug", "title", "number")}
        self.fields["feld"].choices = [("", _("Alle Felder"))] + [(f.slug, str(f)) for f in self._fields.values()]
        self.fields["status"].choices = _status_choices()

    def map_filter(self):
        if not self.is_bound:
            return MapFilter()
        self.is_valid()
        data = {name: self.cleaned_data.get(name) or "" for name in self.fields if name not in self.errors}
        return MapFilter(field=self._fields.get(data.get("feld", "")), status=data.get("status", ""),
                         kind=data.get("art", ""))


class MapViewForm(forms.Form):
    bbox = forms.CharField()
    zoom = forms.IntegerField(min_value=0, max_value=22)

    def clean_bbox(self):
        try:
            west, south, east, north = (float(p) for p in self.cleaned_data["bbox"].split(","))
        except ValueError as error:
            raise forms.ValidationError(_("Der Kartenausschnitt muss aus vier Zahlen bestehen.")) from error
        if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
            raise forms.ValidationError(_("Der Kartenausschnitt liegt außerhalb der gültigen Koordinaten."))
        return west, south, east, north


class LocalizedNumberField(forms.DecimalField):
    """A number as people type it, with German or English separators."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                return parse_number(value)
            except ValueError as error:
                raise forms.ValidationError(_("Bitte geben Sie eine Zahl ein, z. B. 1.234,5.")) from error
        return super().to_python(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ValueForm(forms.Form):
    date = forms.DateField(label=_("Stichtag"), widget=DateInput(),
                           error_messages={"required": _("Bitte geben Sie den Stichtag an."),
                                           "invalid": _("Bitte geben Sie ein gültiges Datum ein.")})
    value = LocalizedNumberField(label=_("Wert"), max_digits=18, decimal_places=4,
                                 error_messages={"required": _("Bitte geben Sie den Wert an.")})
    source_note = forms.CharField(label=_("Quellenangabe"), max_length=300, required=False)
    provisional = forms.BooleanField(label=_("vorläufiger Wert"), required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV-Datei"),
        help_text=_("Spalten: Indikator (Kurzname); Datum; Wert; Quelle; vorläufig (ja/nein). Trennzeichen ; oder ,"),
        error_messages={"required": _("Bitte wählen Sie eine CSV-Datei aus.")},
    )


# --- place picker ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChosenPlace:
    label: str
    latitude: Decimal
    longitude: Decimal
    district: District | None = None


class PlacePickerWidget(forms.MultiWidget):
    """District list, place name (with suggestions from the local gazetteer) and a point from a map click.

    Without JavaScript the district list and the place name work; the map script (progress/place-picker.js)
    fills the two hidden coordinates when a person clicks the map or presses Enter on it."""

    template_name = "progress/widgets/place_picker.html"

    def __init__(self, attrs=None):
        widgets = {
            "stadtteil": forms.Select(),
            "ort": forms.TextInput(attrs={"autocomplete": "off"}),
            "breite": forms.HiddenInput(),
            "laenge": forms.HiddenInput(),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, ChosenPlace):
            return [value.district.pk if value.district else "", value.label, value.latitude, value.longitude]
        return ["", "", "", ""]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["place_names"] = list(Place.objects.values_list("name", flat=True)) + [
            d.name for d in self.districts]
        return context


class PlacePickerField(forms.MultiValueField):
    """A place chosen by district, by name from the local gazetteer, or by a click on the map; nobody types
    coordinates. ``clean()`` returns a ``ChosenPlace`` (or None when not required and left empty)."""

    widget = PlacePickerWidget

    def __init__(self, *, required=False, **kwargs):
        fields = (
            forms.ModelChoiceField(queryset=District.objects.all(), required=False),
            forms.CharField(max_length=200, required=False),
            forms.DecimalField(required=False, min_value=-90, max_value=90, decimal_places=6, max_digits=9),
            forms.DecimalField(required=False, min_value=-180, max_value=180, decimal_places=6, max_digits=9),
        )
        kwargs.setdefault("label", _("Ort"))
        kwargs.setdefault("help_text", _("Wählen Sie einen Stadtteil, geben Sie einen Ortsnamen ein oder klicken Sie "
                                         "auf die Karte."))
        super().__init__(fields, required=required, require_all_fields=False, **kwargs)
        self.error_messages["required"] = _("Bitte wählen Sie einen Stadtteil, einen Ort oder einen Punkt auf der "
                                            "Karte.")

    def widget_attrs(self, widget):
        return super().widget_attrs(widget)

    def bound_districts(self):
        return list(District.objects.all())

    def get_bound_field(self, form, field_name):
        self.widget.districts = self.bound_districts()
        self.widget.widgets[0].choices = [("", _("– Stadtteil wählen –"))] + [
            (d.pk, d.name) for d in self.widget.districts]
        return super().get_bound_field(form, field_name)

    def compress(self, data_list):
        if not data_list:
            return None
        district, name, lat, lon = (list(data_list) + [None] * 4)[:4]
        name = (name or "").strip()
        if lat is not None and lon is not None:
            if district is None:
                district = next((d for d in District.objects.exclude(outline=None)
                                 if contains(d.outline, float(lat), float(lon))), None)
            label = name or (district.name if district else str(_("Punkt auf der Karte")))
            return ChosenPlace(label=label, latitude=lat, longitude=lon, district=district)
        if name:
            place = resolve_place_name(name)
            if place is None:
                raise forms.ValidationError(
                    _("Den Ort „%(name)s“ kennen wir nicht. Bitte wählen Sie einen Stadtteil aus der Liste oder "
                      "einen Vorschlag.") % {"name": name}, code="unknown_place")
            return place
        if district is not None:
            if district.latitude is None:
                return ChosenPlace(label=district.name, latitude=None, longitude=None, district=district)
            return ChosenPlace(label=district.name, latitude=district.latitude, longitude=district.longitude,
                               district=district)
        if self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return None


def resolve_place_name(name):
    """A typed name against the gazetteer and the districts: exact (case-insensitive), then a unique prefix."""
    key = name.strip().casefold()
    places = list(Place.objects.select_related("district"))
    districts = list(District.objects.filter(latitude__isnull=False))
    for place in places:
        if place.name.casefold() == key:
            return ChosenPlace(place.name, place.latitude, place.longitude, place.district)
    for district in districts:
        if district.name.casefold() == key:
            return ChosenPlace(district.name, district.latitude, district.longitude, district)
    prefixed = [(p.name, p.latitude, p.longitude, p.district) for p in places if p.name.casefold().startswith(key)]
    prefixed += [(d.name, d.latitude, d.longitude, d) for d in districts if d.name.casefold().startswith(key)]
    if len(prefixed) == 1 and len(key) >= 3:
        return ChosenPlace(*prefixed[0])
    return None
