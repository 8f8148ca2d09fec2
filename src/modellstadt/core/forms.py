"""Form fields shared by every app's forms."""

from django import forms

from modellstadt.core.text import single_line


class SingleLineCharField(forms.CharField):
    """A text field of one line (titles, names, labels): whatever a person types or pastes – line
    breaks, tabs, control characters – arrives as one line with single spaces, before the field's
    own checks (``max_length`` counts the cleaned value). Such values end up in e-mail subjects,
    headings and file names, where a line break does harm."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        return single_line(value)
