"""Follows, notifications in the portal, e-mails by background task, the daily digest, unsubscribing,
and allauth's e-mails in formal German."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client, override_settings
from django.utils import timezone

from modellstadt.accounts.services import export_user_data
from modellstadt.comments import services as comment_services
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import IdeaState
from modellstadt.notifications import services as notifications
from modellstadt.notifications.models import (
    EmailFrequency,
    Follow,
    Notification,
    NotificationKind,
    NotificationSettings,
)
from modellstadt.projects.models import StatusUpdate
from tests import factories
from tests.ideas.conftest import make_idea

DUMMY_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def project(field):
    return factories.project(field, title="Glasfaser für alle")


@pytest.fixture
def follower(make_user):
    return make_user("clara", display_name="Clara", email="clara@example.org")


def signed_in(user):
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def add_update(project, title="Erster Bauabschnitt fertig"):
    return StatusUpdate.objects.create(project=project, title=title, date=datetime.date(2026, 11, 1), text="Gut.")


# --- Follows ----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_follow_and_unfollow_are_unique_per_person_and_target(follower, project, field, process):
    assert notifications.follow(follower, project) is True
    assert notifications.follow(follower, project) is False
    assert notifications.follow(follower, field.page_ptr) is True  # a plain Page counts as its specific page
    assert notifications.follow(follower, process) is True
    assert notifications.is_following(follower, project) and notifications.is_following(follower, field)
    assert Follow.objects.filter(user=follower).count() == 3
    with pytest.raises(IntegrityError), transaction.atomic():
        Follow.objects.create(user=follower, content_type=Follow.objects.first().content_type,
                              object_id=Follow.objects.first().object_id)
    assert notifications.unfollow(follower, project) is True
    assert notifications.unfollow(follower, project) is False
    assert not notifications.is_following(follower, project)
    with pytest.raises(notifications.FollowError, match="Bitte melden Sie sich an"):
        notifications.follow(AnonymousUser(), project)
    with pytest.raises(notifications.FollowError, match="Diesem Inhalt kann man nicht folgen"):
        notifications.follow(follower, follower)
    pending = make_idea(process, None, title="Wartet", moderation="pending")
    with pytest.raises(notifications.FollowError, match="nicht öffentlich"):
        notifications.follow(follower, pending)


@pytest.mark.django_db
def test_follow_button_on_project_and_field_pages(follower, project, field, django_assert_max_num_queries):
    anonymous = Client(HTTP_HOST="localhost")
    html = anonymous.get(project.url).content.decode()
    assert "Anmelden, um zu folgen" in html and "/konto/login/?next=" in html
    assert 'action="/konto/folgen/"' not in html

    client = signed_in(follower)
    html = client.get(project.url).content.decode()
    assert 'action="/konto/folgen/"' in html and ">Folgen</button>" in html
    response = client.post("/konto/folgen/", {
        "target": "projects.projectpage", "id": project.pk, "action": "follow", "next": project.url,
    })
    assert response.status_code == 302 and response["Location"] == project.url
    assert notifications.is_following(follower, project)
    html = client.get(project.url).content.decode()
    assert "Nicht mehr folgen" in html and "Sie folgen jetzt „Glasfaser für alle“" in html

    field_url = field.url
    assert ">Folgen</button>" in client.get(field_url).content.decode()
    client.post("/konto/folgen/", {"target": "strategy.cooperationfieldpage", "id": field.pk, "next": field_url})
    assert "Nicht mehr folgen" in client.get(field_url).content.decode()

    client.post("/konto/folgen/", {"target": "projects.projectpage", "id": project.pk, "action": "unfollow",
                                   "next": "https://evil.example/"})
    assert not notifications.is_following(follower, project)
    # Unknown targets and anonymous posts are refused.
    assert client.post("/konto/folgen/", {"target": "accounts.user", "id": follower.pk}).status_code == 404
    assert anonymous.post("/konto/folgen/", {"target": "projects.projectpage", "id": project.pk}).status_code == 302
    assert Follow.objects.filter(user=follower).count() == 1


@pytest.mark.django_db
def test_follow_button_costs_one_query_whatever_the_number_of_follows(follower, project, make_user):
    from django.db import connection
    from django.template import Context, Template
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    request = RequestFactory().get("/projekte/x/")
    request.user = follower
    template = Template("{% load follow_tags %}{% follow_button obj %}")
    template.render(Context({"request": request, "obj": project}))  # warm the content type cache
    for i in range(5):
        notifications.follow(make_user(f"f{i}"), project)
    with CaptureQueriesContext(connection) as ctx:
        html = template.render(Context({"request": request, "obj": project}))
    assert len(ctx.captured_queries) == 1 and ">Folgen</button>" in html
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as ctx:
        html = template.render(Context({"request": request, "obj": project}))
    assert len(ctx.captured_queries) == 0 and "Anmelden, um zu folgen" in html


# --- Events -> notifications -> e-mails --------------------------------------------------------------


@pytest.mark.django_db
def test_status_update_notifies_followers_and_sends_an_email_by_task(
    follower, project, make_user, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAILADMIN_BASE_URL = "https://modellstadt.example"
    notifications.follow(follower, project)
    field_follower = make_user("dora", email="dora@example.org")
    notifications.follow(field_follower, project.field)
    bystander = make_user("emil", email="emil@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        add_update(project)
    rows = Notification.objects.order_by("user_id")
    assert {n.user_id for n in rows} == {follower.pk, field_follower.pk}
    note = rows.get(user=follower)
    assert note.kind == NotificationKind.PROJECT_UPDATE
    assert note.title == "Neue Statusmeldung bei „Glasfaser für alle“: Erster Bauabschnitt fertig"
    assert note.url == project.url and note.emailed_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["clara@example.org", "dora@example.org"]
    message = next(m for m in mail.outbox if m.to == ["clara@example.org"])
    assert "Erster Bauabschnitt fertig" in message.subject
    assert "Guten Tag Clara," in message.body and "Sie folgen" in message.body
    # the link is absolute (an e-mail has no page to be relative to) and points at the project
    assert project.url.startswith("/") and "glasfaser" in project.url
    assert f"https://modellstadt.example{project.url}" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "Erster Bauabschnitt fertig" in html and "abbestellen" in html
    assert re.search(r"/konto/benachrichtigungen/abbestellen/[^/\s]+/", message.body)
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/konto/benachrichtigungen/abbestellen/" in message.extra_headers["List-Unsubscribe"]
    assert not Notification.objects.filter(user=bystander).exists()


@pytest.mark.django_db
def test_a_title_with_a_line_break_still_gives_a_sendable_email(follower, project, django_capture_on_commit_callbacks):
    """A CR/LF that reached a title (typed before titles were cleaned, or set by the office) must not
    make the e-mail fail on every retry with BadHeaderError."""
    notifications.follow(follower, project)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(project, title="Erster Abschnitt\r\nBcc: alle@example.org")
    message = mail.outbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Erster Abschnitt Bcc: alle@example.org" in message.subject
    assert message.message()["Subject"]  # renders its headers without BadHeaderError
    assert Notification.objects.get(user=follower).emailed_at is not None


@pytest.mark.django_db
def test_status_update_notifies_when_the_editor_publishes_not_when_saving_a_draft(
    follower, project, django_capture_on_commit_callbacks
):
    notifications.follow(follower, project)
    project = type(project).objects.get(pk=project.pk)
    project.updates.add(StatusUpdate(title="Über die Redaktion", date=datetime.date(2026, 11, 2), text="Neu."))
    revision = project.save_revision()
    assert not Notification.objects.exists()  # a draft notifies nobody
    with django_capture_on_commit_callbacks(execute=True):
        revision.publish()
    note = Notification.objects.get()
    assert note.title == "Neue Statusmeldung bei „Glasfaser für alle“: Über die Redaktion"
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        type(project).objects.get(pk=project.pk).save_revision().publish()  # publishing again: nothing new
    assert Notification.objects.count() == 1


@pytest.mark.django_db
def test_a_task_never_sends_the_same_notification_twice(follower, project, django_capture_on_commit_callbacks):
    notifications.follow(follower, project)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(project)
    note = Notification.objects.get()
    assert len(mail.outbox) == 1
    assert notifications.send_notification_email(note.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_answer_notifies_author_and_followers_but_not_the_office(
    process, resident, follower, office, django_capture_on_commit_callbacks
):
    resident.email = "anna@example.org"
    resident.save()
    idea = make_idea(process, resident, title="Ladesäulen am Bahnhof")
    notifications.follow(follower, idea)
    notifications.follow(office, idea)
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.answer_idea(office, idea, IdeaState.ACCEPTED, "Wird im Projekt umgesetzt.")
    rows = Notification.objects.filter(kind=NotificationKind.IDEA_ANSWER)
    assert {n.user_id for n in rows} == {resident.pk, follower.pk}
    assert rows.first().title == "Das Programmbüro hat die Idee „Ladesäulen am Bahnhof“ beantwortet: Angenommen"
    assert rows.first().url == f"/ideen/{idea.pk}/"
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "clara@example.org"]


@pytest.mark.django_db
def test_followers_of_a_process_hear_of_answers_to_its_ideas(process, resident, follower, office,
                                                             django_capture_on_commit_callbacks):
    idea = make_idea(process, resident, title="Sitzbänke mit Solarladern")
    notifications.follow(follower, process)
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.answer_idea(office, idea, IdeaState.UNDER_REVIEW, "Wir prüfen den Vorschlag.")
    assert set(Notification.objects.values_list("user_id", flat=True)) == {resident.pk, follower.pk}


@pytest.mark.django_db
def test_withdrawing_a_followed_idea_notifies_its_followers(process, resident, follower,
                                                             django_capture_on_commit_callbacks):
    idea = make_idea(process, resident, title="Mehr Bänke")
    notifications.follow(follower, idea)
    with django_capture_on_commit_callbacks(execute=True):
        idea_services.withdraw_idea(resident, idea)
    note = Notification.objects.get()
    assert note.user == follower and note.kind == NotificationKind.IDEA_STATE
    assert note.title == "Neuer Stand der Idee „Mehr Bänke“: Zurückgezogen"


@pytest.mark.django_db
def test_replies_and_comments_on_my_idea_notify_me(process, resident, neighbour, make_user,
                                                    django_capture_on_commit_callbacks):
    idea = make_idea(process, resident, title="Radwege")
    third = make_user("fritz", display_name="Fritz")
    with django_capture_on_commit_callbacks(execute=True):
        top = comment_services.comment(neighbour, idea, "Gute Idee!")
        comment_services.comment(third, idea, "Sehe ich auch so.", parent=top)
        comment_services.comment(resident, idea, "Danke!", parent=top)  # the idea's author answers: no self-notice
    rows = list(Notification.objects.order_by("id").values_list("user__username", "kind", "title"))
    assert rows == [
        ("anna", "idea_comment", "Ben hat Ihre Idee „Radwege“ kommentiert."),
        ("ben", "comment_reply", "Fritz hat auf Ihren Kommentar zu „Radwege“ geantwortet."),
        ("anna", "idea_comment", "Fritz hat Ihre Idee „Radwege“ kommentiert."),
        ("ben", "comment_reply", "Anna hat auf Ihren Kommentar zu „Radwege“ geantwortet."),
    ]


@pytest.mark.django_db
@override_settings(TASKS=DUMMY_TASKS)
def test_a_request_that_notifies_sends_no_email_itself(process, resident, portal, make_user,
                                                       django_capture_on_commit_callbacks):
    from django_tasks import default_task_backend

    from modellstadt.accounts.roles import ensure_office_group

    office = make_user("buero")
    office.groups.add(ensure_office_group(portal))

    default_task_backend.clear()
    resident.email = "anna@example.org"
    resident.save()
    idea = make_idea(process, resident, title="Freies WLAN")
    client = signed_in(office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/verwaltung/beteiligung/ideen/{idea.pk}/antworten/", {
            "state": IdeaState.UNDER_REVIEW, "justification": "Wir prüfen das.",
        })
    assert response.status_code == 302
    note = Notification.objects.get(user=resident)
    assert note.emailed_at is None
    assert mail.outbox == []
    queued = default_task_backend.results
    assert len(queued) == 1 and queued[0].task.name == "send_notification_email" and queued[0].args == [note.pk]


@pytest.mark.django_db
def test_no_email_for_never_and_daily_but_the_notification_is_kept(
    follower, project, make_user, django_capture_on_commit_callbacks
):
    daily = make_user("gerd", email="gerd@example.org")
    notifications.set_email_frequency(follower, EmailFrequency.NEVER)
    notifications.set_email_frequency(daily, EmailFrequency.DAILY)
    notifications.follow(follower, project)
    notifications.follow(daily, project)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(project)
    assert Notification.objects.count() == 2 and mail.outbox == []


# --- Daily digest -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_digest_sends_one_mail_with_all_items_and_a_second_run_sends_nothing(
    follower, project, field, make_user, django_capture_on_commit_callbacks
):
    notifications.set_email_frequency(follower, EmailFrequency.DAILY)
    immediate = make_user("hans", email="hans@example.org")
    notifications.follow(follower, project)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(project, "Bauabschnitt eins")
        add_update(project, "Bauabschnitt zwei")
        notifications.notify({immediate.pk}, NotificationKind.PROJECT_UPDATE, "Schon per E-Mail")
    old = Notification.objects.create(user=follower, kind=NotificationKind.PROJECT_UPDATE, title="Vorgestern",
                                      created=timezone.now() - datetime.timedelta(days=2))
    mail.outbox.clear()

    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["clara@example.org"]
    assert "(2)" in message.subject
    assert "Bauabschnitt eins" in message.body and "Bauabschnitt zwei" in message.body
    assert "Vorgestern" not in message.body and "Schon per E-Mail" not in message.body
    assert "hier sind Ihre 2 Benachrichtigungen" in message.body
    assert "/konto/benachrichtigungen/abbestellen/" in message.body
    assert "Bauabschnitt zwei" in message.alternatives[0][0]
    assert Notification.objects.filter(user=follower, emailed_at__isnull=True).get() == old

    call_command("send_digests", stdout=open("/dev/null", "w"))
    assert notifications.send_digests() == (0, 0)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_digest_task_runs_the_same_digest(follower, project, django_capture_on_commit_callbacks):
    from modellstadt.notifications.tasks import send_digests

    notifications.set_email_frequency(follower, EmailFrequency.DAILY)
    notifications.follow(follower, project)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(project)
    result = send_digests.enqueue()
    assert result.return_value == {"emails": 1, "notifications": 1}
    assert len(mail.outbox) == 1


# --- Unsubscribing ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unsubscribe_link_works_without_login(follower, project, django_capture_on_commit_callbacks):
    notifications.follow(follower, project)
    with django_capture_on_commit_callbacks(execute=True):
        add_update(project)
    link = re.search(r"https?://[^\s]+(/konto/benachrichtigungen/abbestellen/[^\s]+/)", mail.outbox[0].body).group(1)
    anonymous = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    page = anonymous.get(link)
    # anyone holding the link opens this page: it shows the address masked, never in full
    assert page.status_code == 200 and "c\u2022\u2022\u2022@example.org" in page.content.decode()
    assert "clara@example.org" not in page.content.decode()
    assert "Ja, keine E-Mails mehr senden" in page.content.decode()
    assert notifications.email_frequency(follower) == EmailFrequency.IMMEDIATE  # GET changes nothing
    response = anonymous.post(link)
    assert response.status_code == 200 and "keine E-Mails zu Benachrichtigungen mehr" in response.content.decode()
    assert NotificationSettings.objects.get(user=follower).email_frequency == EmailFrequency.NEVER == "nie"


@pytest.mark.django_db
def test_one_click_unsubscribe_and_forged_tokens(follower):
    token = notifications.unsubscribe_token(follower)
    client = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    response = client.post(f"/konto/benachrichtigungen/abbestellen/{token}/", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200 and notifications.email_frequency(follower) == EmailFrequency.NEVER
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.post(f"/konto/benachrichtigungen/abbestellen/{forged}/")
    assert response.status_code == 400 and "Dieser Link ist ungültig" in response.content.decode()
    other_salt = __import__("django.core.signing", fromlist=["dumps"]).dumps({"u": follower.pk})
    assert client.get(f"/konto/benachrichtigungen/abbestellen/{other_salt}/").status_code == 400


# --- Portal pages -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_notification_list_marks_read_and_the_header_shows_the_unread_count(follower, project, make_user):
    for i in range(3):
        Notification.objects.create(user=follower, kind=NotificationKind.PROJECT_UPDATE, title=f"Neuigkeit {i}",
                                    url=project.url)
    Notification.objects.create(user=make_user("other"), kind=NotificationKind.PROJECT_UPDATE, title="Fremd")
    client = signed_in(follower)
    html = client.get("/konto/benachrichtigungen/").content.decode()
    assert "Neuigkeit 0" in html and "Neuigkeit 2" in html and "Fremd" not in html
    assert "3 ungelesene Benachrichtigungen" in html
    assert re.search(r'class="badge">3<', html)
    first = Notification.objects.get(title="Neuigkeit 0")
    client.post("/konto/benachrichtigungen/", {"notification": [first.pk]})
    assert Notification.objects.filter(user=follower, read_at__isnull=True).count() == 2
    client.post("/konto/benachrichtigungen/")
    assert Notification.objects.filter(user=follower, read_at__isnull=True).count() == 0
    html = client.get("/konto/benachrichtigungen/").content.decode()
    assert 'class="badge"' not in html and "0 ungelesene Benachrichtigungen" in html


@pytest.mark.django_db
def test_header_adds_no_query_for_anonymous_visitors(portal):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.get("/")
    with CaptureQueriesContext(connection) as ctx:
        html = client.get("/").content.decode()
    assert "Benachrichtigungen" not in html
    assert not any("participation_notification" in q["sql"] for q in ctx.captured_queries)


@pytest.mark.django_db
def test_settings_page_keeps_choice_and_explains_errors(follower):
    client = signed_in(follower)
    html = client.get("/konto/benachrichtigungen/einstellungen/").content.decode()
    assert 'value="sofort"' in html and "checked" in html and "täglich" in html
    response = client.post("/konto/benachrichtigungen/einstellungen/", {"email_frequency": "stündlich"})
    assert response.status_code == 400 and "Bitte wählen Sie eine der angebotenen Möglichkeiten." in (
        response.content.decode()
    )
    response = client.post("/konto/benachrichtigungen/einstellungen/", {"email_frequency": EmailFrequency.DAILY})
    assert response.status_code == 302
    assert notifications.email_frequency(follower) == EmailFrequency.DAILY
    assert client.get("/konto/benachrichtigungen/einstellungen/").status_code == 200
    assert Client(HTTP_HOST="localhost").get("/konto/benachrichtigungen/").status_code == 302


@pytest.mark.django_db
def test_my_data_export_contains_follows_notifications_and_settings(follower, project):
    notifications.follow(follower, project)
    notifications.set_email_frequency(follower, EmailFrequency.DAILY)
    Notification.objects.create(user=follower, kind=NotificationKind.PROJECT_UPDATE, title="Neu im Projekt")
    data = export_user_data(follower)
    assert data["Folgen"][0]["Inhalt"] == "Glasfaser für alle" and data["Folgen"][0]["Art"] == "Projekt"
    assert data["Benachrichtigungen"][0]["Titel"] == "Neu im Projekt"
    assert data["Einstellungen für Benachrichtigungen"][0]["E-Mails zu Benachrichtigungen"].startswith("täglich")


# --- allauth in formal German -----------------------------------------------------------------------


INFORMAL = re.compile(r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|euch|euer)\b", re.IGNORECASE)


@pytest.mark.django_db
def test_allauth_confirmation_email_addresses_people_formally(portal, django_user_model):
    from allauth.account.models import EmailAddress
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    user = django_user_model.objects.create_user("ida", email="ida@example.org", password=None)
    address = EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    request = RequestFactory().get("/konto/signup/", HTTP_HOST="localhost")
    request.user, request.session = AnonymousUser(), SessionStore()
    from allauth.core import context

    with context.request_context(request):
        address.send_confirmation(request, signup=True)
    message = mail.outbox[-1]
    assert message.to == ["ida@example.org"]
    assert message.subject == "Bitte bestätigen Sie Ihre E-Mail-Adresse"
    body = message.body
    assert body.startswith("Guten Tag,")
    assert "Sie erhalten diese E-Mail, weil mit dieser E-Mail-Adresse ein Konto" in body
    assert "bestätigen Sie Ihre E-Mail-Adresse bitte über diesen Link" in body
    assert re.search(r"https?://localhost/konto/confirm-email/\S+", body)
    assert "Sie" in body and "du " not in body and not INFORMAL.search(body)


@pytest.mark.parametrize("name", [
    "account_already_exists", "email_changed", "email_confirm", "email_confirmation", "email_deleted", "login_code",
    "password_changed", "password_reset_code", "password_reset_key", "password_reset", "password_set",
    "unknown_account",
])
def test_every_allauth_account_email_is_formal_german(name):
    from django.template.loader import render_to_string

    context = {
        "current_site": type("Site", (), {"name": "Modellstadt", "domain": "example.org"})(),
        "user": type("U", (), {"username": "ida", "__str__": lambda self: "ida"})(),
        "email": "ida@example.org", "password_reset_url": "https://example.org/r/", "code": "123456",
        "activate_url": "https://example.org/a/", "from_email": "a@example.org", "to_email": "b@example.org",
        "deleted_email": "c@example.org", "signup_url": "https://example.org/s/", "username": "ida",
        "ip": "127.0.0.1", "user_agent": "Test", "timestamp": "heute",
    }
    subject = render_to_string(f"account/email/{name}_subject.txt", context).strip()
    body = render_to_string(f"account/email/{name}_message.txt", context)
    assert subject and not INFORMAL.search(subject) and not INFORMAL.search(body), (subject, body)
    assert re.search(r"\b(Sie|Ihr|Ihre|Ihren|Ihrem|Ihres)\b", body), body
    assert "Mit freundlichen Grüßen" in body


def test_accounts_app_comes_before_allauth_so_its_templates_win(settings):
    apps = settings.INSTALLED_APPS
    assert apps.index("modellstadt.accounts") < apps.index("allauth.account")
    from django.template.loader import get_template

    origin = get_template("account/email/email_confirmation_message.txt").origin.name
    assert "modellstadt/accounts/templates" in origin


# --- Retries after a database fault -----------------------------------------------------------------


@pytest.fixture
def database_fails_once(monkeypatch):
    """The first UPDATE of notifications raises OperationalError, as when the database restarts."""
    from django.db import OperationalError
    from django.db.models.query import QuerySet

    update = QuerySet.update
    failures = []

    def flaky_update(self, **kwargs):
        if self.model is Notification and not failures:
            failures.append(kwargs)
            raise OperationalError("server closed the connection unexpectedly")
        return update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", flaky_update)
    return failures


@pytest.mark.django_db
def test_a_retried_notification_email_is_sent_once(follower, project, database_fails_once):
    from django.db import OperationalError

    notifications.follow(follower, project)
    with override_settings(TASKS=DUMMY_TASKS):
        add_update(project)
    note = Notification.objects.get()
    with pytest.raises(OperationalError):
        notifications.send_notification_email(note.pk)  # the worker runs the task again later
    assert database_fails_once
    notifications.send_notification_email(note.pk)
    assert notifications.send_notification_email(note.pk) is False
    assert len(mail.outbox) == 1
    assert Notification.objects.get().emailed_at is not None


@pytest.mark.django_db
def test_a_retried_digest_is_sent_once(follower, project, database_fails_once):
    from django.db import OperationalError

    notifications.set_email_frequency(follower, EmailFrequency.DAILY)
    notifications.follow(follower, project)
    with override_settings(TASKS=DUMMY_TASKS):
        add_update(project)
    with pytest.raises(OperationalError):
        notifications.send_digests()
    assert notifications.send_digests() == (1, 1)
    assert notifications.send_digests() == (0, 0)
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_notification_email_the_mail_server_refused_is_sent_by_the_next_run(follower, project, monkeypatch):
    import smtplib

    from django.core.mail import EmailMultiAlternatives

    notifications.follow(follower, project)
    with override_settings(TASKS=DUMMY_TASKS):
        add_update(project)
    note = Notification.objects.get()
    send = EmailMultiAlternatives.send
    monkeypatch.setattr(EmailMultiAlternatives, "send", lambda self, *a, **k: (_ for _ in ()).throw(
        smtplib.SMTPServerDisconnected("gone")))
    with pytest.raises(smtplib.SMTPServerDisconnected):
        notifications.send_notification_email(note.pk)
    assert Notification.objects.get().emailed_at is None
    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    assert notifications.send_notification_email(note.pk) is True
    assert len(mail.outbox) == 1
