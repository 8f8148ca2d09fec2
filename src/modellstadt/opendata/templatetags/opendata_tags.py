"""Template tags that field and project pages load to show their datasets (the only way the
content apps show open data)."""

from django import template

register = template.Library()


@register.inclusion_tag("opendata/_datasets_box.html")
def field_datasets(field_page):
    from modellstadt.opendata.selectors import datasets_for_field

    return {"datasets": datasets_for_field(field_page.pk), "kind": "field"}


@register.inclusion_tag("opendata/_datasets_box.html")
def project_datasets(project_page):
    from modellstadt.opendata.selectors import datasets_for_project

    return {"datasets": datasets_for_project(project_page.pk), "kind": "project"}
