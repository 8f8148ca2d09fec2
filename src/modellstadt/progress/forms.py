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


def parse_bbox(text):
    """"west,south,east,north" as four floats; ``forms.ValidationError`` with a German message if not."""
    try:
        west, south, east, north = (float(p) for p in str(text).split(","))
    except ValueError as error:
        raise forms.ValidationError(_("Der Kartenausschnitt muss aus vier Zahlen bestehen.")) from error
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise forms.ValidationError(_("Der Kartenausschnitt liegt außerhalb der gültigen Koordinaten."))
    return west, south, east, north


class MapFilterForm(forms.Form):
    """GET filters of /karte/; an unknown value is dropped, never answered with an error page.

    ``stadtteil`` (a district's short name) and ``ausschnitt`` (a rectangle "west,south,east,north", set by
    the map's link "Orte dieses Kartenausschnitts als Liste") narrow map and list to a part of the city –
    without the map, that is how one looks closer. ``districts``: the districts to offer (the page passes
    them; the map's data address looks a chosen one up by its short name only when it is asked for)."""

    feld = forms.ChoiceField(label=_("Kooperationsfeld"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    art = forms.ChoiceField(label=_("Art"), required=False, choices=KIND_CHOICES)
    stadtteil = forms.CharField(label=_("Stadtteil"), required=False, widget=forms.Select)
    ausschnitt = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, districts=None):
        super().__init__(data)
        self._fields = {f.slug: f for f in public_fields().only("id", "slug", "title", "number")}
        self.fields["feld"].choices = [("", _("Alle Felder"))] + [(f.slug, str(f)) for f in self._fields.values()]
        self.fields["status"].choices = _status_choices()
        self._districts = None if districts is None else {
            d.slug: d for d in districts if d.outline or d.latitude is not None}
        self.fields["stadtteil"].widget.choices = [("", _("Ganze Stadt"))] + [
            (slug, d.name) for slug, d in (self._districts or {}).items()]

    def _district(self, slug):
        if not slug:
            return None
        if self._districts is not None:
            return self._districts.get(slug)
        return District.objects.filter(slug=slug).first()

    def map_filter(self):
        from modellstadt.progress.selectors import MapArea

        if not self.is_bound:
            return MapFilter()
        self.is_valid()
        data = {name: self.cleaned_data.get(name) or "" for name in self.fields if name not in self.errors}
        district = self._district(data.get("stadtteil", ""))
        area = MapArea.for_district(district) if district is not None else None
        if area is None and data.get("ausschnitt"):
            try:
                area = MapArea.for_view(parse_bbox(data["ausschnitt"]))
            except forms.ValidationError:
                area = None
        return MapFilter(field=self._fields.get(data.get("feld", "")), status=data.get("status", ""),
                         kind=data.get("art", ""), area=area)


class MapViewForm(forms.Form):
    bbox = forms.CharField()
    zoom = forms.IntegerField(min_value=0, max_value=22)

    def clean_bbox(self):
        return parse_bbox(self.cleaned_data["bbox"])


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
    """A place as the picker returns it; a name kept in words has no coordinates (it is not on the map)."""

    label: str
    latitude: Decimal | None
    longitude: Decimal | None
    district: District | None = None


def _point_stamp(district, name):
    """What the district list and the name said when a point was set: a point whose stamp no longer
    matches is stale (someone changed the place without JavaScript) and is ignored."""
    return f"{district.pk if isinstance(district, District) else (district or '')}|{(name or '').strip()}"


def _base_map_path():
    from modellstadt.progress.views import base_map_path

    return base_map_path()


class PlacePickerWidget(forms.MultiWidget):
    """District list, place name (with suggestions from the local gazetteer) and a point from a map click.

    Without JavaScript the district list and the place name work; the map script (progress/place-picker.js)
    fills the two hidden coordinates when a person clicks the map or presses Enter on it. The scripts and
    styles come with the widget's ``media``, so only pages that show a picker load them."""

    template_name = "progress/widgets/place_picker.html"

    def __init__(self, attrs=None):
        widgets = {
            "stadtteil": forms.Select(),
            "ort": forms.TextInput(attrs={"autocomplete": "off"}),
            "breite": forms.HiddenInput(),
            "laenge": forms.HiddenInput(),
            "punkt": forms.HiddenInput(),
        }
        super().__init__(widgets, attrs)
        self.districts = []
        self.legend = _("Ort wählen")

    @property
    def media(self):
        js = ["progress/vendor/leaflet.js"]
        if _base_map_path():
            js.append("progress/vendor/protomaps-leaflet.js")
        js.append("progress/place-picker.js")
        return forms.Media(css={"all": ["progress/vendor/leaflet.css", "progress/progress.css"]}, js=js)

    def id_for_label(self, id_):
        return f"{id_}_0" if id_ else ""

    def decompress(self, value):
        if isinstance(value, ChosenPlace):
            district = getattr(value, "district", None)
            has_point = value.latitude is not None and value.longitude is not None
            return [district.pk if district else "", value.label, value.latitude, value.longitude,
                    _point_stamp(district, value.label) if has_point else ""]
        return ["", "", "", "", ""]

    def get_context(self, name, value, attrs):
        from django.conf import settings
        from django.urls import reverse

        context = super().get_context(name, value, attrs)
        context["place_names"] = list(Place.objects.values_list("name", flat=True)) + [
            d.name for d in self.districts]
        context["legend"] = self.legend
        bounds = getattr(settings, "MODELLSTADT_CITY_BOUNDS", None)
        located = [d for d in self.districts if d.latitude is not None]
        if not bounds and located:
            bounds = (min(float(d.longitude) for d in located), min(float(d.latitude) for d in located),
                      max(float(d.longitude) for d in located), max(float(d.latitude) for d in located))
        context["bounds"] = ",".join(str(v) for v in bounds) if bounds else ""
        context["base_map"] = reverse("progress_base_map") if _base_map_path() else ""
        return context


class PlacePickerField(forms.MultiValueField):
    """A place chosen by district, by name from the local gazetteer, or by a click on the map; nobody types
    coordinates. ``clean()`` returns a ``ChosenPlace`` (or None when not required and left empty).

    With ``allow_free_name=True`` a name the gazetteer does not know is kept as the place in words (label
    only, so not on the map; with a district chosen too, at the district's centre) instead of refused."""

    widget = PlacePickerWidget

    def __init__(self, *, required=False, allow_free_name=False, max_length=200, **kwargs):
        self.allow_free_name = allow_free_name
        fields = (
            forms.ModelChoiceField(queryset=District.objects.all(), required=False),
            forms.CharField(max_length=max_length, required=False),
            forms.DecimalField(required=False, min_value=-90, max_value=90, decimal_places=6, max_digits=9),
            forms.DecimalField(required=False, min_value=-180, max_value=180, decimal_places=6, max_digits=9),
            forms.CharField(required=False),
        )
        for field in fields:
            field.error_messages["invalid_choice"] = _("Bitte wählen Sie einen Stadtteil aus der Liste.")
        fields[1].error_messages["max_length"] = _("Der Ortsname darf höchstens %(limit_value)d Zeichen lang sein.")
        for field in fields[2:4]:
            for code in ("invalid", "min_value", "max_value", "max_digits", "max_decimal_places", "max_whole_digits"):
                field.error_messages[code] = _("Der Punkt auf der Karte ist ungültig. Bitte wählen Sie ihn neu.")
        kwargs.setdefault("label", _("Ort"))
        kwargs.setdefault("help_text", _("Wählen Sie einen Stadtteil, geben Sie einen Ortsnamen ein oder klicken Sie "
                                         "auf die Karte."))
        super().__init__(fields, required=required, require_all_fields=False, **kwargs)
        self.error_messages["required"] = _("Bitte wählen Sie einen Stadtteil, einen Ort oder einen Punkt auf der "
                                            "Karte.")

    def bound_districts(self):
        return list(District.objects.all())

    def get_bound_field(self, form, field_name):
        self.widget.districts = self.bound_districts()
        self.widget.widgets[0].choices = [("", _("– Stadtteil wählen –"))] + [
            (d.pk, d.name) for d in self.widget.districts]
        self.widget.legend = self.label
        return super().get_bound_field(form, field_name)

    def value_for(self, *, label, latitude, longitude):
        """The initial value for a place stored as its label and coordinates."""
        if not label and latitude is None:
            return None
        return ChosenPlace(label=label or "", latitude=latitude, longitude=longitude)

    def compress(self, data_list):
        if not data_list:
            return None
        district, name, lat, lon, stamp = (list(data_list) + [None] * 5)[:5]
        name = (name or "").strip()
        if stamp and stamp != _point_stamp(district, name):
            lat = lon = None  # the point belonged to another place (changed without the map)
        if lat is not None and lon is not None:
            if district is None:
                district = next((d for d in District.objects.exclude(outline=None)
                                 if contains(d.outline, float(lat), float(lon))), None)
            label = name or (district.name if district else str(_("Punkt auf der Karte")))
            return ChosenPlace(label=label, latitude=lat, longitude=lon, district=district)
        if name:
            place = resolve_place_name(name)
            if place is not None:
                return place
            if not self.allow_free_name:
                raise forms.ValidationError(
                    _("Den Ort „%(name)s“ kennen wir nicht. Bitte wählen Sie einen Stadtteil aus der Liste oder "
                      "einen Vorschlag.") % {"name": name}, code="unknown_place")
            if district is not None:
                return ChosenPlace(label=f"{name}, {district.name}", latitude=district.latitude,
                                   longitude=district.longitude, district=district)
            return ChosenPlace(label=name, latitude=None, longitude=None)
        if district is not None:
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
