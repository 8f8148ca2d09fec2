from django import template
from django.utils.formats import number_format

from modellstadt.core.text import plain_text, render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown typed by an editor or citizen through the one sanitising function."""
    return render_markdown(text)


@register.filter
def plaintext(text):
    return plain_text(text)


@register.filter
def euro(value):
    if value is None:
        return ""
    return f"{number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)} €"


@register.simple_tag
def query_with(querystring, **kwargs):
    """Current filter query string with some parameters replaced (for pagination links)."""
    from django.http import QueryDict

    query = QueryDict(querystring, mutable=True)
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def aria(bound_field):
    """Render a form widget with its hint and error tied to it for screen readers."""
    described_by = []
    attrs = {}
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)
