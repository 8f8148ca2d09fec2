"""Form building blocks shared by the apps."""

from typing import Any

from django import forms

from modellstadt.core.text import single_line


class SingleLineCharField(forms.CharField):
    """A text field of one line (titles, names, labels): whatever a person types or pastes – line
    breaks, tabs, control characters – arrives as one line with single spaces, before the field's
    own checks (``max_length`` counts the cleaned value). Such values end up in e-mail subjects,
    headings and file names, where a line break does harm."""

    def to_python(self, value: Any) -> Any:
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return single_line(value)


class LenientFilterForm(forms.Form):
    """GET filters of a public list: an unknown or invalid value is dropped (and named in
    ``ignored``), never answered with an error page. Subclasses set ``default_sort`` for their
    ``sortierung`` field."""

    default_sort = ""

    def cleaned_or_default(self) -> dict[str, Any]:
        """Valid filters; an invalid one is reset (and reported in ``self.ignored``)."""
        self.is_valid()
        self.ignored = sorted(self.errors)
        values = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        if "sortierung" in self.fields:
            values["sortierung"] = values.get("sortierung") or self.default_sort
        return values
