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
