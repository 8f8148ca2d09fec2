"""accounts/backends.py: a person's permissions in one query, the same answers as Django's ModelBackend."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from modellstadt.ideas.permissions import ANSWER_PERMISSION, MODERATE_PERMISSION, can_answer, can_moderate


def permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.fixture
def people(db, django_user_model):
    moderators = Group.objects.create(name="Moderation")
    moderators.permissions.add(permission(MODERATE_PERMISSION))
    through_group = django_user_model.objects.create_user("gruppe", password="x")
    through_group.groups.add(moderators)
    own = django_user_model.objects.create_user("eigen", password="x")
    own.user_permissions.add(permission(ANSWER_PERMISSION))
    both = django_user_model.objects.create_user("beides", password="x")
    both.groups.add(moderators)
    both.user_permissions.add(permission(ANSWER_PERMISSION))
    return {
        "through_group": through_group,
        "own": own,
        "both": both,
        "none": django_user_model.objects.create_user("ohne", password="x"),
        "inactive": django_user_model.objects.create_user("inaktiv", password="x", is_active=False),
        "superuser": django_user_model.objects.create_superuser("admin", password="x"),
    }


def fresh(person):
    return type(person).objects.get(pk=person.pk)  # no permission memo from an earlier question


@pytest.mark.django_db
def test_answers_are_the_same_as_djangos_model_backend(people):
    inactive = people["inactive"]
    inactive.user_permissions.add(permission(ANSWER_PERMISSION))
    for name, person in people.items():
        ours = fresh(person).get_all_permissions()
        djangos = ModelBackend().get_all_permissions(fresh(person))
        assert ours == djangos, name
    assert (can_moderate(fresh(people["through_group"])), can_answer(fresh(people["through_group"]))) == (True, False)
    assert (can_moderate(fresh(people["own"])), can_answer(fresh(people["own"]))) == (False, True)
    assert (can_moderate(fresh(people["both"])), can_answer(fresh(people["both"]))) == (True, True)
    assert not can_moderate(fresh(people["none"])) and not can_answer(fresh(inactive))
    assert can_moderate(fresh(people["superuser"]))


@pytest.mark.django_db
def test_one_query_per_request_whatever_the_answer(people):
    for name in ("none", "both"):
        person = fresh(people[name])
        with CaptureQueriesContext(connection) as first:
            person.has_perm(MODERATE_PERMISSION)
            person.has_perm("ideas.unknown_permission")  # every backend says no, from the same memo
        with CaptureQueriesContext(connection) as again:
            person.has_perm(ANSWER_PERMISSION)
            person.has_module_perms("ideas")
        assert (len(first.captured_queries), len(again.captured_queries)) == (1, 0), name


@pytest.mark.django_db
def test_a_changed_group_counts_from_the_next_request_on(people):
    person = fresh(people["none"])
    assert not can_moderate(person)
    Group.objects.get(name="Moderation").user_set.add(person)
    assert can_moderate(fresh(person))


@pytest.mark.django_db
def test_signing_in_with_a_password_still_works_and_no_backend_checks_it_twice(people, client, monkeypatch):
    from modellstadt.accounts.backends import OneQueryPermissionBackend

    calls = []
    original = ModelBackend.authenticate

    def counting(self, request, username=None, password=None, **kwargs):
        if type(self) is ModelBackend:
            calls.append(username)
        return original(self, request, username=username, password=password, **kwargs)

    monkeypatch.setattr(ModelBackend, "authenticate", counting)
    from django.contrib.auth import authenticate

    assert authenticate(None, username="ohne", password="x") == people["none"]
    assert authenticate(None, username="ohne", password="falsch") is None
    assert calls == ["ohne", "ohne"]  # Django's backend checked each once; ours checks none
    assert OneQueryPermissionBackend().authenticate(None, username="ohne", password="x") is None
