"""The programme office's back office for ideas: processes, answering ideas, the moderation
queue (release, hide with a reason, unhide, dismiss, block), permissions and the audit log."""

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from modellstadt.accounts.roles import ensure_office_group
from modellstadt.comments import services as comment_services
from modellstadt.comments.models import Comment
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import Idea, IdeaState, Moderation, Phase, Process
from modellstadt.ideas.rules import ParticipationError
from modellstadt.moderation import services as blocking
from modellstadt.moderation import services as moderation_services
from modellstadt.moderation.models import AccountBlock, Report, ReportResolution
from tests import factories
from tests.ideas.conftest import make_idea, make_process

ADMIN = "/verwaltung/beteiligung"


@pytest.fixture
def office_user(portal, make_user):
    user = make_user("programmbuero", display_name="Programmbüro Müller")
    user.groups.add(ensure_office_group(portal))
    return type(user).objects.get(pk=user.pk)


@pytest.fixture
def office_client(office_user):
    client = Client(HTTP_HOST="localhost")
    client.force_login(office_user)
    return client


@pytest.fixture
def editor_client(portal, make_user):
    """Someone with access to the back office but not in the office group (e.g. a field lead)."""
    user = make_user("redaktion")
    user.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


@pytest.fixture
def idea(process, resident):
    return make_idea(process, resident, title="Ladesäulen am Bahnhof")


def log_actions(obj):
    return list(ModelLogEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)
                .order_by("timestamp", "id").values_list("action", flat=True))


# --- Permissions ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_office_group_holds_the_participation_permissions(office_user):
    for perm in ("ideas.answer_idea", "ideas.moderate_contributions", "ideas.add_process",
                 "ideas.change_process", "ideas.delete_process", "ideas.view_process"):
        assert office_user.has_perm(perm), perm


@pytest.mark.django_db
def test_people_outside_the_office_cannot_use_the_participation_back_office(editor_client, idea, resident):
    # Wagtail turns the refusal into a redirect to the dashboard with an error message.
    def refused(response):
        return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/verwaltung/")

    for url in (f"{ADMIN}/ideen/", f"{ADMIN}/ideen/{idea.pk}/antworten/", f"{ADMIN}/moderation/",
                f"{ADMIN}/moderation/idea/{idea.pk}/ausblenden/", f"{ADMIN}/konten/{resident.pk}/sperren/"):
        assert refused(editor_client.get(url)), url
    assert refused(editor_client.post(f"{ADMIN}/moderation/idea/{idea.pk}/ausblenden/", {"reason": "Spam"}))
    assert refused(editor_client.post(f"{ADMIN}/ideen/{idea.pk}/antworten/", {
        "state": IdeaState.ACCEPTED, "justification": "Ja"}))
    assert refused(editor_client.post(f"{ADMIN}/konten/{resident.pk}/sperren/", {"reason": "Spam"}))
    assert resident.__class__.objects.get(pk=resident.pk).is_active
    response = editor_client.get("/verwaltung/snippets/participation/process/")
    assert response.status_code in (302, 403)
    idea.refresh_from_db()
    assert idea.moderation == Moderation.PUBLISHED and idea.state == IdeaState.SUBMITTED
    # Residents without back-office access are sent to the login.
    anonymous = Client(HTTP_HOST="localhost")
    response = anonymous.get(f"{ADMIN}/moderation/")
    assert response.status_code == 302 and "/login/" in response["Location"]
    html = editor_client.get("/verwaltung/").content.decode()
    assert "Moderation" not in html and "Ideen beantworten" not in html


# --- Processes --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_office_creates_a_process_with_phases_and_premoderation(office_client, field):
    assert office_client.get("/verwaltung/snippets/participation/process/").status_code == 200
    assert office_client.get("/verwaltung/snippets/participation/process/add/").status_code == 200
    data = {
        "title": "Ideen für die Digitalstrategie 2030", "slug": "", "description": "Was brauchen Sie?",
        "fields": [field.pk], "premoderation": "on",
        "phases-TOTAL_FORMS": "1", "phases-INITIAL_FORMS": "0", "phases-MIN_NUM_FORMS": "0",
        "phases-MAX_NUM_FORMS": "1000",
        "phases-0-kind": "collect", "phases-0-title": "", "phases-0-starts_at": "2026-01-01 00:00",
        "phases-0-ends_at": "2026-03-01 00:00", "phases-0-allows_ideas": "on", "phases-0-allows_comments": "on",
        "phases-0-id": "", "phases-0-ORDER": "0", "phases-0-DELETE": "",
    }
    response = office_client.post("/verwaltung/snippets/participation/process/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    process = Process.objects.get(title="Ideen für die Digitalstrategie 2030")
    assert process.premoderation and process.slug == "ideen-fuer-die-digitalstrategie-2030"
    assert list(process.fields.all()) == [field.specific]
    phase = Phase.objects.get(process=process)
    assert phase.allows_ideas and phase.allows_comments and not phase.allows_supports
    # A phase that ends before it starts gets a German error next to the field; the input is kept.
    data.update({"title": "Zweites Verfahren", "phases-0-ends_at": "2025-12-01 00:00"})
    response = office_client.post("/verwaltung/snippets/participation/process/add/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Das Ende einer Phase muss nach ihrem Beginn liegen." in html and 'value="Zweites Verfahren"' in html
    assert not Process.objects.filter(title="Zweites Verfahren").exists()


# --- Answering ideas --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_office_lists_and_filters_ideas(office_client, process, resident, field):
    other = make_process([field], title="Anderes Verfahren")
    open_idea = make_idea(process, resident, title="Unbeantwortete Idee")
    answered = make_idea(process, resident, title="Beantwortete Idee", state=IdeaState.NOT_PURSUED,
                         answer_text="Nein.", answered_at="2026-01-01T00:00:00Z")
    make_idea(other, resident, title="Idee im anderen Verfahren")
    html = office_client.get(f"{ADMIN}/ideen/").content.decode()
    assert all(t in html for t in ("Unbeantwortete Idee", "Beantwortete Idee", "Idee im anderen Verfahren"))
    assert f'href="{ADMIN}/ideen/{open_idea.pk}/antworten/"' in html
    html = office_client.get(f"{ADMIN}/ideen/", {"unanswered": "on", "process": process.pk}).content.decode()
    assert "Unbeantwortete Idee" in html and "Beantwortete Idee" not in html and "anderen Verfahren" not in html
    html = office_client.get(f"{ADMIN}/ideen/", {"state": IdeaState.NOT_PURSUED}).content.decode()
    assert "Beantwortete Idee" in html and "Unbeantwortete Idee" not in html
    assert answered.pk


@pytest.mark.django_db
def test_office_answers_an_idea_with_german_errors_and_kept_input(office_client, office_user, idea, field):
    project = factories.project(field, title="Ladepark Nord")
    url = f"{ADMIN}/ideen/{idea.pk}/antworten/"
    page = office_client.get(url).content.decode()
    assert "Ladesäulen am Bahnhof" in page and "Nicht weiterverfolgt" in page and "Ladepark Nord" in page

    response = office_client.post(url, {"state": IdeaState.NOT_PURSUED, "justification": "  ", "project": project.pk})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Bitte begründen Sie die Antwort." in html
    assert "Nur angenommene oder umgesetzte Ideen können mit einem Projekt verknüpft werden." in html
    response = office_client.post(url, {"state": IdeaState.NOT_PURSUED, "justification": "Zu teuer, leider.",
                                        "project": project.pk})
    html = response.content.decode()
    assert response.status_code == 400 and "Zu teuer, leider." in html  # input kept
    idea.refresh_from_db()
    assert idea.state == IdeaState.SUBMITTED and not idea.answer_text

    response = office_client.post(url, {"state": IdeaState.ACCEPTED, "justification": "Wird im Ladepark umgesetzt.",
                                        "project": project.pk})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.state == IdeaState.ACCEPTED and idea.answer_text == "Wird im Ladepark umgesetzt."
    assert idea.project_id == project.pk and idea.answered_by == office_user
    entry = ModelLogEntry.objects.get(action="modellstadt.answer", object_id=str(idea.pk))
    assert entry.user_id == office_user.pk and entry.data["reason"] == "Wird im Ladepark umgesetzt."
    public = Client(HTTP_HOST="localhost").get(f"/ideen/{idea.pk}/").content.decode()
    assert "Wird im Ladepark umgesetzt." in public


# --- Moderation -------------------------------------------------------------------------------------


def _fill_queue(process, field, make_user, n, start=0):
    """n reported ideas (two reports each), n reported comments, n pending ideas, n pending guest comments."""
    post = factories.news_post(title="Neuigkeit")
    premoderated = make_process([field], premoderation=True)
    for i in range(start, start + n):
        author = make_user()
        idea = make_idea(process, author, title=f"Gemeldete Idee {i}")
        moderation_services.report(make_user(), idea, f"Werbung {i}")
        moderation_services.report(make_user(), idea, f"Unsachlich {i}")
        comment = comment_services.comment(author, idea, f"Kommentar {i}")
        moderation_services.report(make_user(), comment, f"Beleidigung {i}")
        idea_services.submit_idea(author, premoderated, field, f"Wartende Idee {i}", "Bitte freigeben.")
        comment_services.comment(
            None, post, f"Gastkommentar {i}", guest_name=f"Gast {i}", guest_email=f"g{i}@example.org"
        )


@pytest.mark.django_db
def test_moderation_queue_groups_reports_and_costs_constant_queries(office_client, process, field, make_user):
    url = f"{ADMIN}/moderation/"
    _fill_queue(process, field, make_user, 1)
    office_client.get(url)
    with CaptureQueriesContext(connection) as small:
        html = office_client.get(url).content.decode()
    assert "Gemeldete Idee 0" in html and "„Werbung 0“" in html and "„Unsachlich 0“" in html
    assert "„Beleidigung 0“" in html and "Wartende Idee 0" in html and "Gastkommentar 0" in html
    assert html.count('id="report-idea-') == 1  # two reports, one entry
    _fill_queue(process, field, make_user, 4, start=1)
    with CaptureQueriesContext(connection) as large:
        html = office_client.get(url).content.decode()
    assert html.count('id="report-idea-') == 5 and html.count('id="report-comment-') == 5
    assert "Wartende Idee 4" in html and "Gastkommentar 4" in html
    assert len(large.captured_queries) == len(small.captured_queries), (
        len(small.captured_queries), len(large.captured_queries))
    # The menu item shows the number of open items: 10 reported contributions, 5 + 5 pending.
    assert "Moderation (20)" in html


@pytest.mark.django_db
def test_moderation_queue_selector_is_pinned_at_eight_queries(process, field, make_user, office_user,
                                                              django_assert_num_queries):
    from modellstadt.moderation.admin_views import moderation_queue

    _fill_queue(process, field, make_user, 3)
    hidden = make_idea(process, make_user(), title="Versteckt")
    moderation_services.hide(office_user, hidden, "Spam")
    blocking.block_account(office_user, make_user("spammer"), "Spam")
    moderation_queue()  # content types cached
    # reports, their ideas, their comments, pending ideas, pending comments, hidden ideas, hidden comments, blocks
    with django_assert_num_queries(8):
        queue = moderation_queue()
    assert len(queue["reported"]) == 6 and queue["open_count"] == 12
    assert [len(item["reports"]) for item in queue["reported"] if item["kind"] == "idea"] == [2, 2, 2]
    assert queue["hidden"][0]["obj"].hidden_reason == "Spam" and queue["blocks"][0].user.username == "spammer"


@pytest.mark.django_db
def test_office_hides_with_a_reason_shown_in_place_and_unhides(office_client, office_user, idea, neighbour):
    moderation_services.report(neighbour, idea, "Werbung für eine Firma")
    hide_url = f"{ADMIN}/moderation/idea/{idea.pk}/ausblenden/"
    assert "Ladesäulen am Bahnhof" in office_client.get(hide_url).content.decode()
    response = office_client.post(hide_url, {"reason": "   "})
    assert response.status_code == 400 and "Bitte geben Sie einen Grund an." in response.content.decode()
    idea.refresh_from_db()
    assert idea.moderation == Moderation.PUBLISHED

    response = office_client.post(hide_url, {"reason": "Werbung ist hier nicht erlaubt."})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.moderation == Moderation.HIDDEN and idea.hidden_reason == "Werbung ist hier nicht erlaubt."
    assert Report.objects.get().resolution == ReportResolution.HIDDEN
    public = Client(HTTP_HOST="localhost").get(f"/ideen/{idea.pk}/").content.decode()
    assert "Werbung ist hier nicht erlaubt." in public and "Eine gute Idee." not in public
    queue = office_client.get(f"{ADMIN}/moderation/").content.decode()
    assert "Keine offenen Meldungen." in queue and "Werbung ist hier nicht erlaubt." in queue

    response = office_client.post(f"{ADMIN}/moderation/idea/{idea.pk}/unhide/")
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.moderation == Moderation.PUBLISHED and idea.hidden_reason == ""
    assert log_actions(idea) == ["modellstadt.hide", "modellstadt.unhide"]
    entry = ModelLogEntry.objects.get(action="modellstadt.hide", object_id=str(idea.pk))
    assert entry.user_id == office_user.pk and entry.data == {"reason": "Werbung ist hier nicht erlaubt."}


@pytest.mark.django_db
def test_office_hides_a_comment_and_its_reason_replaces_the_text(office_client, idea, neighbour):
    comment = comment_services.comment(neighbour, idea, "Unverschämter Text")
    page = office_client.get(f"{ADMIN}/moderation/comment/{comment.pk}/ausblenden/").content.decode()
    assert "Unverschämter Text" in page and "Ladesäulen am Bahnhof" in page
    office_client.post(f"{ADMIN}/moderation/comment/{comment.pk}/ausblenden/", {"reason": "Beleidigend."})
    comment.refresh_from_db()
    idea.refresh_from_db()
    assert comment.moderation == Moderation.HIDDEN and idea.comment_count == 0
    public = Client(HTTP_HOST="localhost").get(f"/ideen/{idea.pk}/").content.decode()
    assert "Beleidigend." in public and "Unverschämter Text" not in public
    assert log_actions(comment) == ["modellstadt.hide"]


@pytest.mark.django_db
def test_office_releases_pending_items_and_dismisses_reports(office_client, field, make_user, neighbour, idea):
    premoderated = make_process([field], premoderation=True)
    author = make_user("autor")
    pending = idea_services.submit_idea(author, premoderated, field, "Wartet", "Bitte freigeben.")
    post = factories.news_post(title="Neuigkeit")
    guest = comment_services.comment(None, post, "Hallo vom Gast", guest_name="Gast", guest_email="gast@example.org")
    moderation_services.report(neighbour, idea, "Doppelt")
    assert office_client.post(f"{ADMIN}/moderation/idea/{pending.pk}/release/").status_code == 302
    assert office_client.post(f"{ADMIN}/moderation/comment/{guest.pk}/release/").status_code == 302
    assert office_client.post(f"{ADMIN}/moderation/idea/{idea.pk}/dismiss/").status_code == 302
    assert Idea.objects.get(pk=pending.pk).moderation == Moderation.PUBLISHED
    assert Comment.objects.get(pk=guest.pk).moderation == Moderation.PUBLISHED
    assert Report.objects.get().resolution == ReportResolution.DISMISSED
    assert log_actions(pending) == ["modellstadt.release"] and log_actions(guest) == ["modellstadt.release"]
    assert "modellstadt.dismiss_reports" in log_actions(idea)
    # Releasing twice: a German message, nothing changes.
    response = office_client.post(f"{ADMIN}/moderation/idea/{pending.pk}/release/", follow=True)
    assert "Dieser Beitrag wartet nicht auf eine Freigabe." in response.content.decode()
    assert office_client.post(f"{ADMIN}/moderation/idea/{pending.pk}/explode/").status_code == 404
    assert office_client.get(f"{ADMIN}/moderation/idea/{pending.pk}/release/").status_code == 405


@pytest.mark.django_db
def test_office_blocks_an_account_which_can_no_longer_log_in_or_contribute(
    office_client, office_user, idea, neighbour, process, field
):
    neighbour.set_password("Ein-sicheres-Passwort-1")
    neighbour.email = "ben@example.org"
    neighbour.save()
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=neighbour, email=neighbour.email, verified=True, primary=True)
    session = Client(HTTP_HOST="localhost")
    session.force_login(neighbour)
    comment = comment_services.comment(neighbour, idea, "Spam Spam Spam")
    moderation_services.report(office_user, comment, "Spam")
    assert f"{ADMIN}/konten/{neighbour.pk}/sperren/" in office_client.get(f"{ADMIN}/moderation/").content.decode()

    url = f"{ADMIN}/konten/{neighbour.pk}/sperren/"
    page = office_client.get(url).content.decode()
    assert "Ben" in page and "0 Ideen, 1 Kommentare, 1 Meldungen" in page
    response = office_client.post(url, {"reason": ""})
    assert response.status_code == 400 and "Bitte geben Sie einen Grund an." in response.content.decode()
    response = office_client.post(url, {"reason": "Wiederholt Werbung trotz Hinweis."})
    assert response.status_code == 302
    neighbour.refresh_from_db()
    assert not neighbour.is_active
    block = AccountBlock.objects.get(user=neighbour)
    assert block.reason == "Wiederholt Werbung trotz Hinweis." and block.blocked_by == office_user
    entry = ModelLogEntry.objects.get(action="modellstadt.block", object_id=str(block.pk))
    assert entry.user_id == office_user.pk and entry.data["reason"] == "Wiederholt Werbung trotz Hinweis."
    assert entry.data["user"] == neighbour.pk and entry.label == "Sperre des Kontos „Ben“"

    # Their running session ends, they cannot sign in again, and services refuse them.
    assert session.get("/konto/").status_code == 302
    login = Client(HTTP_HOST="localhost")
    response = login.post("/konto/login/", {"login": "ben@example.org", "password": "Ein-sicheres-Passwort-1"})
    assert "_auth_user_id" not in login.session
    assert login.get("/konto/").status_code == 302
    with pytest.raises(ParticipationError):
        comment_services.comment(neighbour, idea, "Noch mehr Spam")
    with pytest.raises(ParticipationError):
        idea_services.submit_idea(neighbour, process, field, "Neu", "Text")
    queue = office_client.get(f"{ADMIN}/moderation/").content.decode()
    assert "Wiederholt Werbung trotz Hinweis." in queue

    with pytest.raises(ParticipationError, match="bereits gesperrt"):
        blocking.block_account(office_user, neighbour, "Nochmal")
    with pytest.raises(ParticipationError, match="eigenes Konto"):
        blocking.block_account(office_user, office_user, "Ich")

    assert office_client.post(f"{ADMIN}/konten/{neighbour.pk}/entsperren/").status_code == 302
    neighbour.refresh_from_db()
    assert neighbour.is_active and AccountBlock.objects.get().lifted_at is not None
    assert log_actions(block) == ["modellstadt.block", "modellstadt.unblock"]


@pytest.mark.django_db
def test_audit_log_lists_participation_actions_in_german(office_client, idea, office_user, neighbour):
    moderation_services.hide(office_user, idea, "Nicht zum Thema.")
    blocking.block_account(office_user, neighbour, "Spam")
    html = office_client.get("/verwaltung/reports/site-history/").content.decode()
    assert "Ladesäulen am Bahnhof" in html and "Beitrag ausgeblendet" in html
    html = office_client.get("/verwaltung/reports/site-history/", {"action": "modellstadt.block"}).content.decode()
    assert "Sperre des Kontos „Ben“" in html and "Konto gesperrt" in html and "Beitrag ausgeblendet" not in html
