from django import forms
from django.utils.translation import gettext_lazy as _

from modellstadt.core.forms import SingleLineCharField
from modellstadt.dossier.models import Call, Dossier


class DossierCreateForm(forms.Form):
    call = forms.ModelChoiceField(label=_("Ausschreibung"), queryset=Call.objects.order_by("title"))
    title = SingleLineCharField(label=_("Titel der Bewerbung"), max_length=255)


class DossierForm(forms.ModelForm):
    class Meta:
        model = Dossier
        fields = ["title", "subtitle", "summary", "contact", "editorial_note"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 10}),
            "contact": forms.Textarea(attrs={"rows": 4}),
            "editorial_note": forms.Textarea(attrs={"rows": 3}),
        }


class ThemeTextForm(forms.Form):
    status_text = forms.CharField(
        label=_("Ist-Zustand (nur in dieser Bewerbung)"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Leer lassen, um den Ist-Zustand der zugeordneten Kooperationsfelder zu übernehmen."),
    )
    vision_text = forms.CharField(
        label=_("Vision (nur in dieser Bewerbung)"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Leer lassen, um die Vision der zugeordneten Kooperationsfelder zu übernehmen."),
    )


class SectionForm(forms.Form):
    text = forms.CharField(label=_("Text"), required=False, widget=forms.Textarea(attrs={"rows": 16}))


class ThemeMappingForm(forms.Form):
    """Fields and projects for one theme of the call (rendered once per theme with a prefix)."""

    fields = forms.ModelMultipleChoiceField(
        label=_("Kooperationsfelder"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    projects = forms.ModelMultipleChoiceField(
        label=_("Projekte"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, field_queryset, project_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].queryset = field_queryset
        self.fields["fields"].label_from_instance = lambda f: f"{f.number}. {f.title}"
        self.fields["projects"].queryset = project_queryset
        self.fields["projects"].label_from_instance = (
            lambda p: f"{p.title} ({p.field.title})" if p.field_id else p.title
        )


class AssessmentForm(forms.Form):
    """One row per scoring criterion: expected points (0..max) and a justification."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for criterion, assessment in rows:
            self.fields[f"points_{criterion.pk}"] = forms.IntegerField(
                label=_("%(title)s: erwartete Punkte (0 bis %(max)s)") % {"title": criterion.title,
                                                                          "max": criterion.max_points},
                min_value=0, max_value=criterion.max_points, required=False,
                initial=assessment.expected_points if assessment else None,
                error_messages={
                    "max_value": _("Höchstens %(limit_value)s Punkte möglich."),
                    "min_value": _("Mindestens %(limit_value)s Punkte."),
                    "invalid": _("Bitte eine ganze Zahl eingeben."),
                },
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=_("Begründung"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                initial=assessment.justification if assessment else "",
            )

    def criterion_fields(self):
        for criterion, _assessment in self.rows:
            yield criterion, self[f"points_{criterion.pk}"], self[f"justification_{criterion.pk}"]
