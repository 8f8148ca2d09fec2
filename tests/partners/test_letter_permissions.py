"""Who may download a letter of support, through every membership state and role: only the programme
office (and administrators) and people whose membership of the letter's own organisation the office
approved. Everybody else gets 404, so not even the existence of a letter shows."""

import datetime

import pytest
from django.contrib.auth.models import Group

from modellstadt.accounts.roles import OFFICE_GROUP, ensure_field_lead_group, ensure_office_group
from modellstadt.partners import permissions, services
from modellstadt.partners.models import Membership, MembershipRole, MembershipState
from tests import factories
from tests.partners import test_partner_area as area
from tests.partners.test_letters import upload

client, private_root, make_person = area.client, area.private_root, area.make_person
stadtwerke, klinikum, rep = area.stadtwerke, area.klinikum, area.rep
pdf_bytes = area.pdf_bytes

MEMBERSHIP_CASES = [
    (state, role, same_org)
    for state in MembershipState.values
    for role in MembershipRole.values
    for same_org in (True, False)
]


@pytest.fixture
def letter(rep, stadtwerke):
    return services.create_letter(rep, stadtwerke, upload=upload(pdf_bytes()), date=datetime.date(2017, 2, 3),
                                  signatory="Vorstand")


def _url(letter):
    return f"/partnerbereich/schreiben/{letter.pk}/datei/"


def _downloads(client, letter):
    response = client.get(_url(letter))
    if response.status_code == 200:
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        return True
    assert response.status_code == 404
    return False


@pytest.mark.django_db
@pytest.mark.parametrize(("state", "role", "same_org"), MEMBERSHIP_CASES,
                         ids=[f"{s}-{r}-{'own' if o else 'other'}" for s, r, o in MEMBERSHIP_CASES])
def test_download_depends_on_an_approved_membership_of_the_letters_organisation(
    client, make_person, letter, stadtwerke, klinikum, state, role, same_org
):
    person = make_person(f"p-{state}")
    Membership.objects.create(user=person, organisation=stadtwerke if same_org else klinikum, state=state,
                              role=role, message="Ich vertrete die Organisation.")
    expected = state == MembershipState.APPROVED and same_org
    assert services.can_download_letter(person, letter) is expected
    assert permissions.is_representative(person, stadtwerke) is expected
    client.force_login(person)
    assert _downloads(client, letter) is expected


@pytest.mark.django_db
@pytest.mark.parametrize("state", [s for s in MembershipState.values if s != MembershipState.APPROVED])
def test_a_former_or_refused_member_who_represents_another_organisation_gets_nothing(
    client, make_person, letter, stadtwerke, klinikum, state
):
    person = make_person("wechsel")
    Membership.objects.create(user=person, organisation=stadtwerke, state=state, message="früher")
    Membership.objects.create(user=person, organisation=klinikum, state=MembershipState.APPROVED, message="jetzt")
    client.force_login(person)
    assert _downloads(client, letter) is False


@pytest.mark.django_db
def test_an_approved_member_who_was_deactivated_gets_nothing(client, make_person, letter, stadtwerke):
    person = make_person("inaktiv")
    Membership.objects.create(user=person, organisation=stadtwerke, state=MembershipState.APPROVED, message="x")
    person.is_active = False
    person.save()
    assert services.can_download_letter(person, letter) is False
    client.force_login(person)
    assert _downloads(client, letter) is False


def _anonymous(make_person, portal):
    return None


def _citizen(make_person, portal):
    return make_person("buergerin")


def _staff_without_role(make_person, portal):
    user = make_person("mitarbeiter")
    user.is_staff = True
    user.save()
    return user


def _field_lead(make_person, portal):
    user = make_person("feldleitung")
    user.groups.add(ensure_field_lead_group(factories.field(number=1, title="Mobilität")))
    return user


def _office(make_person, portal):
    ensure_office_group(portal)
    user = make_person("buero")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=OFFICE_GROUP))
    return user


def _inactive_office(make_person, portal):
    user = _office(make_person, portal)
    user.is_active = False
    user.save()
    return user


def _administrator(make_person, portal):
    user = make_person("admin")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


ROLE_CASES = [
    (_anonymous, False), (_citizen, False), (_staff_without_role, False), (_field_lead, False),
    (_office, True), (_inactive_office, False), (_administrator, True),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("make_role", "expected"), ROLE_CASES, ids=[m.__name__.strip("_") for m, _ in ROLE_CASES])
def test_download_by_back_office_role(client, make_person, portal, letter, make_role, expected):
    user = make_role(make_person, portal)
    if user is not None:
        user = type(user).objects.get(pk=user.pk)  # no stale permission cache
        assert services.can_download_letter(user, letter) is expected
        client.force_login(user)
    assert _downloads(client, letter) is expected
