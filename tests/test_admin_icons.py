"""Every item of the back-office menu has an icon that Wagtail knows (an unknown name shows nothing)."""

from pathlib import Path

import pytest
from django.test import RequestFactory
from wagtail import hooks
from wagtail.admin.menu import admin_menu


def known_icons():
    """Names of the icons in Wagtail's sprite (Wagtail's own and any an app registers)."""
    templates = []
    for register in hooks.get_hooks("register_icons"):
        templates = register(templates)
    return {Path(template).stem for template in templates}


def _items(items, request):
    for item in items:
        yield item
        menu = getattr(item, "menu", None)
        if menu is not None:
            yield from _items(menu.menu_items_for_request(request), request)


@pytest.mark.django_db
def test_every_back_office_menu_item_has_a_known_icon(django_user_model):
    known = known_icons()
    assert "sliders" in known and "sitemap" not in known
    request = RequestFactory().get("/verwaltung/")
    request.user = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    items = list(_items(admin_menu.menu_items_for_request(request), request))
    labels = {str(item.label) for item in items}
    assert {"Steuerung", "Bewerbungen"} <= labels
    unknown = {str(item.label): item.icon_name for item in items if item.icon_name not in known}
    assert unknown == {}
