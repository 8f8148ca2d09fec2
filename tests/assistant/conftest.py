"""Fixtures for the assistant: fields named like the demo city's (the starting corpus's labels),
a running process, residents and the programme office."""

import pytest
from django.test import Client

from modellstadt.accounts.roles import ensure_office_group
from modellstadt.assistant import store
from tests import factories
from tests.ideas.conftest import make_idea, make_process, make_user  # noqa: F401

FIELDS = [
    (3, "digitale-infrastruktur", "Digitale Infrastruktur"),
    (5, "elektromobilitaet", "Elektromobilität"),
    (8, "einfache-verwaltung", "Einfache Verwaltungsprozesse"),
    (9, "digitale-bildung", "Digitale Bildung"),
]


@pytest.fixture(autouse=True)
def _fresh_models():
    store.forget()
    yield
    store.forget()


@pytest.fixture
def fields(portal):
    return {slug: factories.field(number=n, title=title, slug=slug) for n, slug, title in FIELDS}


@pytest.fixture
def process(fields):
    return make_process(list(fields.values()))


@pytest.fixture
def resident(make_user):  # noqa: F811
    return make_user("anna", display_name="Anna")


@pytest.fixture
def office_user(portal, make_user):  # noqa: F811
    user = make_user("programmbuero", display_name="Programmbüro Müller")
    user.groups.add(ensure_office_group(portal))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def office_client(office_user):
    client = Client(HTTP_HOST="localhost")
    client.force_login(office_user)
    return client


def idea(process, author, title, description, **extra):
    return make_idea(process, author, title=title, description=description, **extra)
