"""Fixtures of the open data tests: a publisher with a representative, the office, datasets with tables."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from modellstadt.opendata import services
from modellstadt.partners.models import Membership, MembershipState
from tests import factories

CHARGING_CSV = (
    "Standort;Betreiber;Ladepunkte;Leistung kW;In Betrieb seit;Schnellladen\n"
    "Rathaus Süd;Stadtwerke;4;22,0;01.03.2021;nein\n"
    "Hauptbahnhof;Stadtwerke;8;150,0;15.06.2022;ja\n"
    "Allerpark;Stadtwerke;6;50,5;30.09.2020;ja\n"
    "Klinikum;Stadtwerke;2;11,0;02.01.2023;nein\n"
).encode("cp1252")


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def client():
    return Client(HTTP_HOST="localhost")


@pytest.fixture
def publisher(db):
    return factories.organisation("Stadtwerke Teststadt", kind="municipal_company")


@pytest.fixture
def other_org(db):
    return factories.organisation("Wohnungsbau Teststadt", kind="municipal_company")


def _member(user, org):
    Membership.objects.create(user=user, organisation=org, state=MembershipState.APPROVED)
    return user


@pytest.fixture
def rep(django_user_model, publisher):
    user = django_user_model.objects.create_user("vertreterin", "vertreterin@example.org", "pw-geheim-123")
    return _member(user, publisher)


@pytest.fixture
def other_rep(django_user_model, other_org):
    user = django_user_model.objects.create_user("andere", "andere@example.org", "pw-geheim-123")
    return _member(user, other_org)


@pytest.fixture
def developer(django_user_model):
    return django_user_model.objects.create_user("entwickler", "entwickler@example.org", "pw-geheim-123")


@pytest.fixture
def office(django_user_model, portal):
    from modellstadt.accounts.roles import OFFICE_GROUP, ensure_office_group

    ensure_office_group(portal)
    user = django_user_model.objects.create_user("buero", "buero@example.org", "pw-geheim-123")
    user.groups.add(Group.objects.get(name=OFFICE_GROUP))
    return user


def upload(name, content):
    return SimpleUploadedFile(name, content)


@pytest.fixture
def make_dataset(django_capture_on_commit_callbacks):
    """A dataset with one distribution (and optionally a file loaded into its table)."""

    def make(user, org, *, title="Ladepunkte", access_level="open", content=CHARGING_CSV, fmt="CSV",
             filename="daten.csv", publish=True, keywords=("Laden",), themes=("TRAN",), primary_key=(), **extra):
        ds = services.save_dataset(
            user, None, publisher=org, title=title, description="Beschreibung. Werte sind erfunden.",
            keywords=keywords, themes=themes, access_level=access_level,
            terms_of_use="Nur für Forschung." if access_level == "restricted" else "",
            temporal_start=datetime.date(2020, 1, 1), frequency="MONTHLY", contact_name="Datenteam",
            contact_email="daten@example.org", **extra,
        )
        dist = None
        if content is not None:
            dist = services.add_distribution(user, ds, title=f"{title} ({fmt})", format=fmt)
            with django_capture_on_commit_callbacks(execute=True):
                services.upload_version(user, dist, upload=upload(filename, content), primary_key=primary_key)
            dist.refresh_from_db()
        if publish:
            services.publish_dataset(user, ds, confirm_no_personal_data=True)
        ds.refresh_from_db()
        return ds, dist

    return make
