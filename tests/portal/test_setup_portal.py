from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Site

from modellstadt.accounts.roles import FIELD_LEAD_PREFIX, OFFICE_GROUP
from modellstadt.strategy.models import HomePage
from tests import factories


def test_setup_portal_creates_structure_and_groups_and_is_repeatable(db, capsys):
    call_command("setup_portal", city="Musterstadt", hostname="portal.example.de")
    call_command("setup_portal", city="Musterstadt")
    home = HomePage.objects.get()
    assert home.city == "Musterstadt"
    assert home.title == "Digitale Musterstadt"
    assert set(home.get_children().values_list("slug", flat=True)) >= {"themenfelder", "projekte", "impressum"}
    assert Group.objects.filter(name=OFFICE_GROUP).count() == 1
    assert Site.objects.get(is_default_site=True).hostname == "portal.example.de"


def test_a_new_field_gets_its_lead_group(portal, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        field = factories.field(title="Energie und Umwelt")
    group = Group.objects.get(name=f"{FIELD_LEAD_PREFIX}Energie und Umwelt")
    assert group.page_permissions.filter(page=field).exists()
