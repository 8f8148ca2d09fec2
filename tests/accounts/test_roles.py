"""Back-office roles: the office edits and publishes everything; a field lead drafts only in their field."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import PageLogEntry

from modellstadt.accounts.roles import OFFICE_GROUP, ensure_field_lead_group, ensure_office_group
from tests import factories


@pytest.fixture
def setup(portal):
    User = get_user_model()
    mobility = factories.field(number=5, title="Elektromobilität")
    infra = factories.field(number=3, title="Infrastruktur")
    own = factories.project(mobility, title="Ladepark")
    other = factories.project(infra, title="Glasfaser")
    office = User.objects.create_user("buero", password="x")
    office.groups.add(ensure_office_group(portal))
    lead = User.objects.create_user("lead", password="x")
    lead.groups.add(ensure_field_lead_group(mobility))
    return {"office": office, "lead": lead, "own": own, "other": other, "mobility": mobility}


@pytest.mark.django_db
def test_field_lead_edits_only_own_field_and_cannot_publish(setup):
    lead = setup["lead"]
    own_perms = setup["own"].permissions_for_user(lead)
    other_perms = setup["other"].permissions_for_user(lead)
    assert own_perms.can_edit() and not own_perms.can_publish()
    assert setup["mobility"].permissions_for_user(lead).can_add_subpage()
    assert not other_perms.can_edit()


@pytest.mark.django_db
def test_office_edits_and_publishes_everywhere(setup):
    office = setup["office"]
    for page in (setup["own"], setup["other"]):
        perms = page.permissions_for_user(office)
        assert perms.can_edit() and perms.can_publish()
    assert office.groups.get().name == OFFICE_GROUP
    assert office.has_perm("partners.change_organisation")


@pytest.mark.django_db
def test_field_lead_is_refused_the_edit_view_of_another_field(setup):
    client = Client(HTTP_HOST="localhost")
    client.force_login(setup["lead"])
    assert client.get(f"/verwaltung/pages/{setup['own'].pk}/edit/").status_code == 200
    response = client.get(f"/verwaltung/pages/{setup['other'].pk}/edit/")
    assert response.status_code in (302, 403)


@pytest.mark.django_db
def test_approval_workflow_applies_to_projects(setup):
    workflow = setup["own"].get_workflow()
    assert workflow is not None and workflow.name == "Freigabe durch das Programmbüro"
    task = workflow.tasks.get().specific
    assert [g.name for g in task.groups.all()] == [OFFICE_GROUP]


@pytest.mark.django_db
def test_publishing_is_written_to_the_audit_log(setup):
    project = setup["own"]
    project.summary = "Neue Kurzfassung"
    project.save_revision(user=setup["office"], log_action=True).publish(user=setup["office"])
    entry = PageLogEntry.objects.filter(page=project, action="wagtail.publish").latest("timestamp")
    assert entry.user == setup["office"]


@pytest.mark.django_db
def test_roles_setup_is_idempotent(setup, portal):
    from django.contrib.auth.models import Group
    from wagtail.models import GroupPagePermission, Workflow

    before = (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count())
    ensure_office_group(portal)
    ensure_field_lead_group(setup["mobility"])
    assert (Group.objects.count(), GroupPagePermission.objects.count(), Workflow.objects.count()) == before
