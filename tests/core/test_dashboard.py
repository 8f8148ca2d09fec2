"""The office's open work on the back-office home page (core/dashboard.py and the apps' providers)."""

import datetime
from itertools import count

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from modellstadt.comments.models import Comment
from modellstadt.dossier.models import Call, CallDeadline, Dossier
from modellstadt.ideas.models import Moderation, PhaseKind
from modellstadt.moderation.models import Report
from modellstadt.partners.models import Membership, MembershipState
from tests import factories
from tests.ideas.conftest import make_idea, make_process
from tests.query_counts import assert_constant_queries

_n = count(1)
HOME_QUERIES = 35  # Wagtail's own panels and the open-work lists (2 queries a list at most)


@pytest.fixture
def office_client(portal, django_user_model):
    chief = django_user_model.objects.create_superuser("leitung", "leitung@example.org", "x", display_name="Lea")
    client = Client(HTTP_HOST="localhost")
    client.force_login(chief)
    return client


def add_open_work(user_model):
    n = next(_n)
    field = factories.field(number=n, title=f"Feld {n}") if n < 10 else None
    process = make_process([field] if field else [], phases=[(PhaseKind.COLLECT, -1, 5 + n, "isc")])
    resident = user_model.objects.create_user(f"bewohner{n}", email=f"b{n}@example.org", display_name=f"Bea {n}")
    make_idea(process, resident, title=f"Wartende Idee {n}", moderation=Moderation.PENDING)
    answered_later = make_idea(process, resident, title=f"Unbeantwortete Idee {n}")
    Comment.objects.create(idea=answered_later, author=resident, text=f"Wartender Kommentar {n}",
                           moderation=Moderation.PENDING)
    Report.objects.create(content_type=ContentType.objects.get_for_model(answered_later),
                          object_id=answered_later.pk, reporter=resident, reason=f"Meldung {n}")
    organisation = factories.organisation(name=f"Verein {n}")
    Membership.objects.create(user=resident, organisation=organisation, state=MembershipState.REQUESTED,
                              message="Vorstand")
    call = Call.objects.create(organiser="Bund", title=f"Aufruf {n}", slug=f"aufruf-{n}")
    CallDeadline.objects.create(call=call, label="Einreichung", due=timezone.now() + datetime.timedelta(days=n))
    Dossier.objects.create(call=call, title=f"Bewerbung {n}")
    return n


@pytest.mark.django_db
def test_home_lists_every_kind_of_open_work_with_links(office_client, django_user_model):
    n = add_open_work(django_user_model)
    html = office_client.get("/verwaltung/").content.decode()
    for heading, entry in [
        ("Kommentare zur Freigabe", f"Wartender Kommentar {n}"),
        ("Ideen zur Freigabe", f"Wartende Idee {n}"),
        ("Meldungen", f"Meldung {n}"),
        ("Ideen ohne Antwort (älteste zuerst)", f"Unbeantwortete Idee {n}"),
        ("Offene Anfragen von Partnern", f"Verein {n}: Bea {n}"),
        ("Bewerbungen im Entwurf: Lücken prüfen", f"Bewerbung {n}"),
        ("Phasen, die bald enden", "läuft bis"),
        ("Fristen der Ausschreibungen", f"Aufruf {n}: Einreichung"),
    ]:
        assert heading in html and entry in html, heading
    assert '/verwaltung/beteiligung/ideen/?unanswered=on' in html
    assert "/verwaltung/beteiligung/moderation/" in html


@pytest.mark.django_db
def test_unanswered_ideas_come_oldest_first(office_client, django_user_model):
    older, newer = add_open_work(django_user_model), add_open_work(django_user_model)
    html = office_client.get("/verwaltung/").content.decode()
    section = html[html.index("Ideen ohne Antwort"):]
    assert section.index(f"Unbeantwortete Idee {older}<") < section.index(f"Unbeantwortete Idee {newer}<")


@pytest.mark.django_db
def test_home_costs_the_same_queries_whatever_the_open_work(office_client, django_user_model):
    add_open_work(django_user_model)

    def grow():
        for _ in range(7):
            add_open_work(django_user_model)

    assert_constant_queries(office_client, "/verwaltung/", grow, HOME_QUERIES)


@pytest.mark.django_db
def test_people_see_only_the_lists_they_may_work_on(portal, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("redaktion", password="x")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    n = add_open_work(django_user_model)
    client = Client(HTTP_HOST="localhost")
    client.force_login(editor)
    html = client.get("/verwaltung/").content.decode()
    assert "Offene Arbeit" in html
    assert "Wartender Kommentar" not in html and f"Verein {n}" not in html and f"Bewerbung {n}" not in html


@pytest.mark.django_db
def test_times_read_in_berlin_and_deadlines_as_the_last_full_day(office_client, django_user_model):
    """Times are stored in UTC: the office reads them in Europe/Berlin, and an end at midnight as the
    last full day, the way the public pages show them, never "00:00" or a UTC hour."""
    from zoneinfo import ZoneInfo

    from modellstadt.ideas.models import Idea, Phase

    berlin = ZoneInfo("Europe/Berlin")
    midnight = datetime.datetime(timezone.now().year + 1, 1, 25, tzinfo=berlin)  # 24 January, 23:00 UTC
    n = add_open_work(django_user_model)
    Phase.objects.filter(process__ideas__title=f"Wartende Idee {n}").update(ends_at=midnight)
    CallDeadline.objects.filter(call__title=f"Aufruf {n}").update(due=midnight)
    submitted = datetime.datetime(2026, 3, 3, 17, 5, tzinfo=datetime.UTC)  # 18:05 in Berlin
    Idea.objects.filter(title=f"Unbeantwortete Idee {n}").update(created=submitted)
    Comment.objects.filter(text=f"Wartender Kommentar {n}").update(created=submitted)

    html = office_client.get("/verwaltung/").content.decode()

    last_day = f"einschließlich 24. Januar {midnight.year}"
    assert f"läuft bis {last_day}" in html[html.index("Phasen, die bald enden") :]
    assert f"Frist bis {last_day}" in html[html.index("Fristen der Ausschreibungen") :]
    assert "3. März 2026, 18:05 Uhr" in html[html.index("Ideen ohne Antwort") :]
    assert "3. März 2026, 18:05 Uhr" in html[html.index("Kommentare zur Freigabe") :]
    assert "00:00" not in html and "17:05" not in html


@pytest.mark.django_db
def test_ideas_of_closed_processes_without_an_answer_are_listed_apart(office_client, django_user_model):
    """Every idea gets a public answer: once a process has ended, its ideas still "Eingereicht" or "In
    Prüfung" are overdue, and the office sees them in a list of their own and in a filter."""
    n = add_open_work(django_user_model)  # its process is still running
    resident = django_user_model.objects.create_user(f"spaet{n}", display_name="Spät")
    ended = make_process([], phases=[(PhaseKind.COLLECT, -60, -30, "isc"), (PhaseKind.EVALUATE, -30, -1, "")])
    make_idea(ended, resident, title=f"Überfällige Idee {n}")
    make_idea(ended, resident, title=f"Beantwortete Idee {n}", answered_at=timezone.now())

    html = office_client.get("/verwaltung/").content.decode()

    section = html[html.index("Beendete Verfahren: Ideen ohne Antwort") :]
    section = section[: section.index("</ul>")]
    assert f"Überfällige Idee {n}" in section
    assert f"Unbeantwortete Idee {n}" not in section and f"Beantwortete Idee {n}" not in section
    listing = office_client.get("/verwaltung/beteiligung/ideen/?unanswered=on&closed=on").content.decode()
    assert f"Überfällige Idee {n}" in listing
    assert 'name="closed"' in listing and "Nur beendete Verfahren" in listing
    assert f"Unbeantwortete Idee {n}" not in listing and f"Beantwortete Idee {n}" not in listing
