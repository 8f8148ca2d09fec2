"""Small filters for the assistant's templates."""

from django import template

register = template.Library()


@register.filter
def percent(value):
    """0.834 -> "83,4 %" (German style); "–" for missing values."""
    if value is None or value == "":
        return "–"
    return f"{100 * float(value):.1f} %".replace(".", ",")
