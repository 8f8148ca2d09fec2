"""Fixtures for ideas: a running process, residents, and an office account."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from modellstadt.ideas.models import Idea, Phase, PhaseKind, Process
from tests import factories

_seq = itertools.count(1)
DAY = datetime.timedelta(days=1)


def make_process(fields=(), *, premoderation=False, phases=None, title=None):
    """A process; ``phases`` is a list of (kind, start offset in days, end offset in days, allows...)
    relative to now. Default: one collect phase running now that allows everything."""
    process = Process.objects.create(
        title=title or f"Verfahren {next(_seq)}", description="Sagen Sie uns, was **Sie** brauchen.",
        premoderation=premoderation,
    )
    process.fields.set(fields)
    now = timezone.now()
    for kind, start, end, allows in phases or [(PhaseKind.COLLECT, -1, 30, "isc")]:
        Phase.objects.create(
            process=process, kind=kind, starts_at=now + start * DAY, ends_at=now + end * DAY,
            allows_ideas="i" in allows, allows_supports="s" in allows, allows_comments="c" in allows,
        )
    return process


def make_idea(process, author, title=None, **extra):
    """An idea written straight to the database (for list and selector tests)."""
    defaults = {"description": "Eine gute Idee.", "field": process.fields.first()}
    defaults.update(extra)
    return Idea.objects.create(process=process, author=author, title=title or f"Idee {next(_seq)}", **defaults)


@pytest.fixture
def make_user(django_user_model):
    def make(name=None, *perms, **extra):
        user = django_user_model.objects.create_user(name or f"person{next(_seq)}", password=None, **extra)
        if perms:
            user.user_permissions.add(
                *Permission.objects.filter(content_type__app_label="ideas", codename__in=perms)
            )
            user = django_user_model.objects.get(pk=user.pk)  # no stale permission cache
        return user

    return make


@pytest.fixture
def field(portal):
    return factories.field(number=1, title="Mobilität")


@pytest.fixture
def process(field):
    return make_process([field])


@pytest.fixture
def resident(make_user):
    return make_user("anna", display_name="Anna")


@pytest.fixture
def neighbour(make_user):
    return make_user("ben", display_name="Ben")


@pytest.fixture
def office(make_user):
    return make_user("buero", "answer_idea", "moderate_contributions", is_staff=True)


@pytest.fixture
def moderator(office):
    return office
