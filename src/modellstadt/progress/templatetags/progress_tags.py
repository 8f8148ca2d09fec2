"""Template tags of the progress app; field and project pages load them to show their indicators."""

from django import template
from django.template.loader import render_to_string

from modellstadt.progress.status import format_value

register = template.Library()


@register.simple_tag
def num(value, decimals=0):
    """A number in the active language's format with grouping: 1.234,5 (de) or 1,234.5 (en)."""
    return format_value(value, decimals)


@register.simple_tag(takes_context=True)
def indicator_section(context, page):
    """The indicators of a cooperation field or a project, with small charts (one query)."""
    from modellstadt.progress.selectors import field_indicators, project_indicators
    from modellstadt.progress.views import indicator_cards

    if page._meta.model_name == "projectpage":
        indicators = project_indicators(page)
    else:
        indicators = field_indicators(page)
    if not indicators:
        return ""
    cards = indicator_cards(indicators)
    items = [cards[i.pk] for i in indicators]
    return render_to_string("progress/_indicator_section.html", {"items": items}, request=context.get("request"))
