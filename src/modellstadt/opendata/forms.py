"""Forms of the open data pages, the partner area's publishing pages and the API-key page."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modellstadt.opendata.models import AccessLevel, DistributionKind
from modellstadt.opendata.vocabularies import FORMAT_CHOICES, FREQUENCY_CHOICES, LICENCE_CHOICES, THEME_CHOICES


class DatasetForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Beschreibung"), widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Was steht in den Daten, woher stammen sie, wie aktuell sind sie? Markdown ist erlaubt. "
                    "Erfundene Werte kennzeichnen Sie bitte hier."),
    )
    keywords = forms.CharField(label=_("Schlagwörter"), required=False, help_text=_("Durch Kommas getrennt."))
    themes = forms.MultipleChoiceField(label=_("Datenthemen"), choices=THEME_CHOICES, required=False,
                                       widget=forms.CheckboxSelectMultiple)
    licence = forms.ChoiceField(label=_("Lizenz"), choices=LICENCE_CHOICES, initial="dl-by-de/2.0")
    access_level = forms.ChoiceField(label=_("Zugang"), choices=AccessLevel.choices, initial=AccessLevel.OPEN,
                                     widget=forms.RadioSelect)
    terms_of_use = forms.CharField(label=_("Nutzungsbedingungen (nur für eingeschränkte Daten)"), required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    contact_name = forms.CharField(label=_("Ansprechstelle"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("E-Mail der Ansprechstelle"), required=False)
    frequency = forms.ChoiceField(label=_("Aktualisierung"), choices=FREQUENCY_CHOICES, initial="UNKNOWN")
    temporal_start = forms.DateField(label=_("Zeitraum von"), required=False,
                                     widget=forms.DateInput(attrs={"type": "date"}))
    temporal_end = forms.DateField(label=_("Zeitraum bis"), required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))


class DistributionForm(forms.Form):
    title = forms.CharField(label=_("Titel der Distribution"), max_length=200)
    kind = forms.ChoiceField(label=_("Art"), choices=DistributionKind.choices, initial=DistributionKind.FILE,
                             widget=forms.RadioSelect)
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES)
    external_url = forms.URLField(label=_("Adresse (nur für Link oder API)"), required=False, max_length=500,
                                  assume_scheme="https")


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Datei"))
    primary_key = forms.CharField(
        label=_("Primärschlüssel (optional)"), required=False,
        help_text=_("Spalte(n), die eine Zeile eindeutig bestimmen, durch Kommas getrennt – nötig, um Zeilen "
                    "später über die API zu aktualisieren."),
    )


class PublishForm(forms.Form):
    confirm_no_personal_data = forms.BooleanField(
        label=_("Ich bestätige, dass der Datensatz keine personenbezogenen Daten enthält."), required=False,
    )


class PersonalColumnsForm(forms.Form):
    def __init__(self, *args, version, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(f["name"], f.get("title") or f["name"]) for f in version.fields]
        self.fields["personal"] = forms.MultipleChoiceField(
            label=_("Spalten mit personenbezogenen Daten"), choices=choices, required=False,
            widget=forms.CheckboxSelectMultiple,
            initial=[f["name"] for f in version.fields if f.get("personal")],
        )


class AccessRequestForm(forms.Form):
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    purpose = forms.CharField(label=_("Wofür brauchen Sie die Daten?"), widget=forms.Textarea(attrs={"rows": 4}),
                              min_length=20)
    terms_accepted = forms.BooleanField(label=_("Ich nehme die Nutzungsbedingungen an."))


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Begründung"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    days = forms.IntegerField(label=_("Zugang für (Tage)"), min_value=1, max_value=730, initial=365)


class ApiKeyForm(forms.Form):
    name = forms.CharField(label=_("Name des Schlüssels"), max_length=100,
                           help_text=_("Zum Beispiel der Name Ihrer Anwendung."))
    expires = forms.DateField(label=_("Gültig bis"), widget=forms.DateInput(attrs={"type": "date"}),
                              help_text=_("Höchstens ein Jahr."))
    organisation = forms.ChoiceField(label=_("Für"), required=False)
    write = forms.BooleanField(label=_("Schreibrecht für die Datensätze der Organisation"), required=False)

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [("", _("mich persönlich"))] + [(o.slug, o.name) for o in organisations]
        if not self.is_bound:
            self.initial.setdefault("expires", timezone.localdate() + datetime.timedelta(days=90))
