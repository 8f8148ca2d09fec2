"""Forms of the partner area and of the office's partner views. They keep what a person typed and
show German errors next to the field; the content checks of uploads live in uploads.py."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from modellstadt.core.forms import SingleLineCharField
from modellstadt.partners.models import Organisation, Pledge, PledgeKind, SupportLetter
from modellstadt.partners.uploads import LETTER_MAX_BYTES, LOGO_MAX_BYTES, check_image, check_pdf, letter_max_pages

MESSAGE_MAX = 2000


def _calls():
    # The calls a pledge may name, reached through the pledge's own relation: dossier sits above
    # partners and reads letters and pledges, so partners does not import it.
    return Pledge._meta.get_field("calls").related_model.objects.order_by("title")


def _fields():
    from modellstadt.strategy.models import CooperationFieldPage

    return CooperationFieldPage.objects.live().order_by("number")


def _projects():
    from modellstadt.projects.models import ProjectPage

    return ProjectPage.objects.live().order_by("title")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class EuroField(forms.DecimalField):
    """An amount in euros as people type it: "1.500,50", "1500,50", "1500.50", "1 500 €", and with both
    separators the last one is the decimal mark ("1,500.50" as typed in the English interface)."""

    def to_python(self, value):
        if isinstance(value, str):
            text = value.replace("€", "").replace("EUR", "").replace("\u00a0", "").replace(" ", "").strip()
            if "," in text and "." in text and text.rfind(".") > text.rfind(","):
                text = text.replace(",", "")
            elif "," in text:
                text = text.replace(".", "").replace(",", ".")
            elif re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
                text = text.replace(".", "")
            value = text
        return super().to_python(value)


class JoinForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), empty_label=_("– bitte wählen –"),
        error_messages={
            "required": _("Bitte wählen Sie die Organisation, die Sie vertreten."),
            "invalid_choice": _("Bitte wählen Sie eine Organisation aus der Liste."),
        },
    )
    message = forms.CharField(
        label=_("Nachricht an das Programmbüro"), max_length=MESSAGE_MAX, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("In welcher Funktion vertreten Sie die Organisation? Das Programmbüro prüft Ihre Anfrage."),
        error_messages={"required": _("Bitte schreiben Sie kurz, in welcher Funktion Sie die Organisation vertreten.")},
    )

    def __init__(self, *args, search="", **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Organisation.objects.order_by("name").only("id", "name")
        if search and not self.is_bound:
            queryset = queryset.filter(name__icontains=search)
        self.fields["organisation"].queryset = queryset


class ProfileForm(forms.Form):
    description = forms.CharField(
        label=_("Beschreibung"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Einfaches Markdown: **fett**, *kursiv*, Listen und Links."),
    )
    website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https",
        error_messages={"invalid": _("Bitte geben Sie eine vollständige Adresse an, z. B. https://example.org.")},
    )
    contact_person = SingleLineCharField(label=_("Ansprechperson"), max_length=200, required=False)
    contact_email = forms.EmailField(
        label=_("Kontakt-E-Mail"), required=False,
        error_messages={"invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    contact_phone = SingleLineCharField(label=_("Kontakt-Telefon"), max_length=50, required=False)
    logo = forms.FileField(
        label=_("Neues Logo"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
        help_text=_("PNG, JPEG, GIF oder WebP, höchstens %(max)s MB. Leer lassen, um das Logo zu behalten.")
        % {"max": LOGO_MAX_BYTES // (1024 * 1024)},
    )
    logo_alt = SingleLineCharField(
        label=_("Beschreibung des Logos für Screenreader"), max_length=255, required=False,
        help_text=_("Zum Beispiel „Logo der Stadtwerke“."),
    )
    public_supporter = forms.BooleanField(
        label=_("Wir sind einverstanden, auf der öffentlichen Seite „Unterstützer“ genannt zu werden."),
        required=False,
    )

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo:
            check_image(logo)
        return logo or None


def letter_help_text():
    return _("Nur PDF, höchstens %(max)s MB und %(pages)s Seiten.") % {
        "max": LETTER_MAX_BYTES // (1024 * 1024), "pages": letter_max_pages()}


class LetterForm(forms.Form):
    file = forms.FileField(
        label=_("Schreiben als PDF"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("Nur PDF, höchstens %(max)s MB.") % {"max": LETTER_MAX_BYTES // (1024 * 1024)},
        error_messages={
            "required": _("Bitte wählen Sie die PDF-Datei des Schreibens aus."),
            "empty": _("Die Datei ist leer."),
        },
    )
    date = forms.DateField(
        label=_("Datum des Schreibens"), widget=DateInput(), input_formats=["%Y-%m-%d", "%d.%m.%Y"],
        error_messages={"required": _("Bitte geben Sie das Datum des Schreibens an."),
                        "invalid": _("Bitte geben Sie ein gültiges Datum an, z. B. 15.03.2017.")},
    )
    signatory = SingleLineCharField(
        label=_("Unterzeichnet von"), max_length=200,
        error_messages={"required": _("Bitte geben Sie an, wer das Schreiben unterzeichnet hat.")},
    )
    calls = forms.ModelMultipleChoiceField(
        label=_("Für diese Ausschreibungen"), queryset=Organisation.objects.none(),
        required=False, widget=forms.CheckboxSelectMultiple,
    )
    public = forms.BooleanField(
        label=_("Das Schreiben darf öffentlich gezeigt werden."), required=False,
        help_text=_("Dann erscheint es auf der Seite „Unterstützer“ und kann im Bewerbungsdossier beigelegt werden."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["calls"].queryset = _calls()
        self.fields["file"].help_text = letter_help_text()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.page_count = check_pdf(upload)
        return upload


class PledgeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art der Zusage"), choices=[("", _("– bitte wählen –"))] + list(PledgeKind.choices),
        error_messages={"required": _("Bitte wählen Sie die Art der Zusage.")},
    )
    description = forms.CharField(
        label=_("Was sagen Sie zu?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Bitte beschreiben Sie, was Sie zusagen.")},
    )
    estimated_value_eur = EuroField(
        label=_("Geschätzter Wert in Euro (freiwillig)"), required=False, min_value=0, max_digits=12,
        decimal_places=2, widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Zum Beispiel 25000 oder 1.500,50"),
        error_messages={"invalid": _("Bitte geben Sie einen Betrag in Euro an, z. B. 1.500,50."),
                        "min_value": _("Der Wert darf nicht negativ sein.")},
    )
    fields = forms.ModelMultipleChoiceField(
        label=_("Für diese Kooperationsfelder"), queryset=Organisation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Für diese Projekte"), queryset=Organisation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    calls = forms.ModelMultipleChoiceField(
        label=_("Zählt für diese Ausschreibungen"), queryset=Organisation.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].queryset = _fields()
        self.fields["projects"].queryset = _projects()
        self.fields["calls"].queryset = _calls()


# --- back office ---------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Entscheidung"), widget=forms.RadioSelect,
        choices=[("approve", _("Bestätigen")), ("reject", _("Ablehnen"))],
        error_messages={"required": _("Bitte wählen Sie eine Entscheidung.")},
    )
    note = forms.CharField(
        label=_("Begründung (bei Ablehnung Pflicht, wird der Person mitgeteilt)"), required=False,
        max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", _("Bitte begründen Sie die Ablehnung."))
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("E-Mail-Adresse der eingeladenen Person"),
        error_messages={"required": _("Bitte geben Sie eine E-Mail-Adresse an."),
                        "invalid": _("Bitte geben Sie eine gültige E-Mail-Adresse an.")},
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.order_by("name"),
        error_messages={"required": _("Bitte wählen Sie die Organisation.")},
    )


class OfficeLetterForm(WagtailAdminModelForm):
    """The office records a letter; the file may be missing when the letter came by post."""

    class Meta:
        model = SupportLetter
        fields = ["organisation", "file", "date", "signatory", "calls", "public", "received_by_post", "editorial_note"]
        widgets = {"calls": forms.CheckboxSelectMultiple, "date": DateInput()}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            check_pdf(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("received_by_post") and "file" not in self.errors:
            self.add_error("file", ValidationError(
                _("Bitte laden Sie das Schreiben als PDF hoch oder markieren Sie es als per Post eingegangen.")
            ))
        return data


class OfficeLetterEditForm(WagtailAdminModelForm):
    """Changing a recorded letter's details; its file stays as it is."""

    class Meta:
        model = SupportLetter
        fields = ["organisation", "date", "signatory", "calls", "public", "editorial_note"]
        widgets = {"calls": forms.CheckboxSelectMultiple, "date": DateInput()}
