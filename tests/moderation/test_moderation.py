"""Reports, hiding with a reason shown in place, unhiding, and the audit log."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction
from django.test import Client
from wagtail.models import ModelLogEntry

from modellstadt.comments import services as comment_services
from modellstadt.comments.selectors import comment_tree
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.models import Idea, IdeaEventKind, Moderation
from modellstadt.ideas.rules import ParticipationError
from modellstadt.ideas.selectors import idea_detail, idea_history, idea_list
from modellstadt.moderation import services as moderation_services
from modellstadt.moderation.models import Report, ReportResolution
from modellstadt.moderation.selectors import open_reports
from tests.ideas.conftest import make_idea


@pytest.fixture
def idea(process, resident):
    return make_idea(process, resident, title="Ladesäulen am Bahnhof")


def actions(obj):
    return list(ModelLogEntry.objects.filter(object_id=str(obj.pk)).order_by("timestamp", "id")
                .values_list("action", flat=True))


@pytest.mark.django_db
def test_anyone_signed_in_can_report_once_with_a_reason(idea, neighbour, make_user):
    with pytest.raises(ParticipationError, match="Bitte melden Sie sich an, um einen Beitrag zu melden."):
        moderation_services.report(AnonymousUser(), idea, "Spam")
    with pytest.raises(ParticipationError, match="Bitte nennen Sie einen Grund"):
        moderation_services.report(neighbour, idea, "")
    first = moderation_services.report(neighbour, idea, "Werbung")
    again = moderation_services.report(neighbour, idea, "Werbung!!")
    assert first.pk == again.pk and Report.objects.count() == 1
    comment = comment_services.comment(neighbour, idea, "Hallo")
    moderation_services.report(make_user(), comment, "Beleidigend")
    reports = open_reports()
    assert [r.target for r in reports] == [idea, comment]
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(content_type=first.content_type, object_id=idea.pk, reporter=neighbour, reason="x")


@pytest.mark.django_db
def test_hide_a_comment_shows_the_reason_and_closes_reports(idea, resident, neighbour, moderator):
    comment = comment_services.comment(neighbour, idea, "Etwas Beleidigendes")
    comment_services.comment(resident, idea, "Antwort", parent=comment)
    moderation_services.report(resident, comment, "Beleidigend")
    assert Idea.objects.get(pk=idea.pk).comment_count == 2
    with pytest.raises(ParticipationError, match="Nur die Moderation"):
        moderation_services.hide(resident, comment, "Weg damit")
    with pytest.raises(ParticipationError, match="Bitte geben Sie einen Grund an."):
        moderation_services.hide(moderator, comment, "")
    moderation_services.hide(moderator, comment, "Verstößt gegen die Netiquette.")
    assert comment.moderation == Moderation.HIDDEN and Idea.objects.get(pk=idea.pk).comment_count == 1
    [shown] = comment_tree(idea)
    assert shown.is_hidden and shown.text == "" and shown.hidden_reason == "Verstößt gegen die Netiquette."
    assert [c.text for c in shown.children] == ["Antwort"]
    report = Report.objects.get()
    assert report.resolution == ReportResolution.HIDDEN and report.resolved_by == moderator
    assert open_reports() == []
    with pytest.raises(ParticipationError, match="nicht bearbeitet werden"):
        comment_services.edit_comment(neighbour, comment, "Entschärft")

    moderation_services.unhide(moderator, comment)
    assert comment.moderation == Moderation.PUBLISHED and comment.hidden_reason == ""
    assert Idea.objects.get(pk=idea.pk).comment_count == 2
    assert comment_tree(idea)[0].text == "Etwas Beleidigendes"
    with pytest.raises(ParticipationError, match="nicht ausgeblendet"):
        moderation_services.unhide(moderator, comment)
    assert actions(comment) == ["modellstadt.hide", "modellstadt.unhide"]
    entry = ModelLogEntry.objects.get(action="modellstadt.hide")
    assert entry.user_id == moderator.pk and entry.data["reason"] == "Verstößt gegen die Netiquette."


@pytest.mark.django_db
def test_hide_an_idea(idea, resident, neighbour, moderator):
    moderation_services.hide(moderator, idea, "Enthält persönliche Daten.")
    assert idea_list().count() == 0  # out of the lists
    page = idea_detail(idea.pk, viewer=neighbour)
    assert page.is_hidden and page.hidden_reason == "Enthält persönliche Daten."  # its page shows why
    with pytest.raises(ParticipationError, match="ausgeblendet"):
        idea_services.support(neighbour, idea)
    with pytest.raises(ParticipationError, match="ausgeblendet"):
        comment_services.comment(neighbour, idea, "Hallo")
    with pytest.raises(ParticipationError, match="bereits ausgeblendet"):
        moderation_services.report(neighbour, idea, "Doppelt")
    moderation_services.unhide(moderator, idea)
    assert idea_list().count() == 1
    kinds = [e.kind for e in idea_history(idea)]
    assert kinds == [IdeaEventKind.HIDDEN, IdeaEventKind.UNHIDDEN]
    assert actions(idea) == ["modellstadt.hide", "modellstadt.unhide"]
    with pytest.raises(IntegrityError), transaction.atomic():  # hidden always carries a reason
        Idea.objects.filter(pk=idea.pk).update(moderation=Moderation.HIDDEN)


@pytest.mark.django_db
def test_dismiss_reports_without_hiding(idea, neighbour, moderator):
    moderation_services.report(neighbour, idea, "Gefällt mir nicht")
    assert moderation_services.dismiss_reports(moderator, idea) == 1
    assert Report.objects.get().resolution == ReportResolution.DISMISSED
    assert Idea.objects.get(pk=idea.pk).moderation == Moderation.PUBLISHED
    assert actions(idea) == ["modellstadt.dismiss_reports"]
    # after a decision the same person may report again
    assert moderation_services.report(neighbour, idea, "Immer noch nicht").pk != Report.objects.first().pk


@pytest.mark.django_db
def test_moderation_shows_in_the_back_office_audit_log(idea, neighbour, make_user):
    admin = make_user("chefin", is_staff=True, is_superuser=True)
    comment = comment_services.comment(neighbour, idea, "Werbung für meinen Laden")
    moderation_services.hide(admin, comment, "Werbung ist hier nicht erlaubt.")
    client = Client(HTTP_HOST="localhost")
    client.force_login(admin)
    html = " ".join(client.get("/verwaltung/reports/site-history/").content.decode().split())
    assert "Beitrag ausgeblendet" in html and "Beteiligung: ausblenden" in html  # entry and action filter
    assert "Werbung für meinen Laden" not in html  # the log names the comment, not its text
