"""Form building blocks shared by the apps."""

from typing import Any

from django import forms


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
