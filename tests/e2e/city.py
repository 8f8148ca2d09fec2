"""The small test city the browser journeys walk through, built through the models.

Two cooperation fields, two projects (one with partners, milestones, status updates, a location and
a text that says "Ladesäule"), five organisations, a steering committee and a field team with
members, one decision and one news post with an info box. Names are as long as real ones are (the
demo city has the same kind): long German words are what breaks narrow layouts.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from wagtail.models import Locale, Page

from modellstadt.news.models import InfoBoxEntry, NewsIndexPage, NewsPostPage
from modellstadt.partners.models import Organisation
from modellstadt.portal.services import ensure_portal_structure
from modellstadt.projects.models import Milestone, ProjectPage, ProjectPartner, StatusUpdate
from modellstadt.strategy.models import (
    BodyMembership,
    CooperationFieldPage,
    Decision,
    FieldIndexPage,
    GoverningBody,
    TopGoal,
)


def restore_page_tree_root():
    """live_server empties the database after every test, including the root page and the locale that
    Wagtail's migrations create. (pytest-django's serialized rollback cannot bring them back here: while
    Playwright's event loop runs, Django hands out other connection objects than the serialized one.)"""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root"))


def build_city():
    restore_page_tree_root()
    home = ensure_portal_structure(city="Teststadt", programme_name="Digitale Teststadt")
    TopGoal.objects.create(page=home, title="Teilhabe für alle", description="Digitale Angebote für alle Menschen.")

    # Organisations
    stadtwerke = Organisation.objects.create(
        name="Stadtwerke Teststadt", kind="municipal_company", website="https://stadtwerke.example",
        description="Die Stadtwerke betreiben Strom-, Wasser- und **Ladenetze**.",
    )
    verwaltung = Organisation.objects.create(name="Stadt Teststadt", kind="administration",
                                             description="Die Stadtverwaltung.")
    hochschule = Organisation.objects.create(name="Hochschule Teststadt", kind="research")
    forschungszentrum = Organisation.objects.create(
        name="Deutsches Forschungszentrum für Künstliche Intelligenz GmbH (DFKI)", kind="research",
    )
    housing = Organisation.objects.create(name="Neuland Wohnungsgesellschaft mbH", kind="municipal_company")

    # Cooperation fields
    fields = FieldIndexPage.objects.get()
    mobility = fields.add_child(instance=CooperationFieldPage(
        title="Elektromobilität", slug="elektromobilitaet", number=1, colour="#0b5cab",
        short_description="Wege in der Stadt einfacher, sauberer und sicherer machen.",
        status_description="Heute fahren **viele** Menschen mit dem Auto.",
        vision="Morgen gibt es Bus, Rad und E-Auto aus einer Hand.",
        lead_person="Erika Muster", lead_organisation=verwaltung,
        easy_text="In diesem Feld geht es um Wege in der Stadt.",
    ))
    education = fields.add_child(instance=CooperationFieldPage(
        title="Bildung und Qualifizierung", slug="bildung", number=2, colour="#00734a",
        short_description="Lernen mit digitalen Mitteln in Schule und Weiterbildung.",
    ))

    # Projects: "Ladesäule" here, "Ladesäulen" in the search
    charging = mobility.add_child(instance=ProjectPage(
        title="Laden im Quartier", slug="laden-im-quartier", status="pilot",
        summary="Eine öffentliche Ladesäule in jedem Wohnquartier.",
        description="Die Stadtwerke bauen in jedem Quartier eine Ladesäule für Elektroautos.",
        value_for_citizens="Laden in der Nähe der Wohnung.",
        value_for_economy="Aufträge für das **lokale** Handwerk.",
        start_date=datetime.date(2024, 3, 1), end_date=datetime.date(2026, 12, 31),
        budget_eur=Decimal("250000"), lead_organisation=housing,
        location_label="Quartier Nord", latitude=Decimal("52.423000"), longitude=Decimal("10.787000"),
        easy_text="Hier können Menschen ihr E-Auto aufladen.",
    ))
    ProjectPartner.objects.create(project=charging, organisation=stadtwerke, role="Bau und Betrieb")
    ProjectPartner.objects.create(project=charging, organisation=hochschule, role="Begleitforschung")
    Milestone.objects.create(project=charging, title="Standorte festgelegt", due=datetime.date(2024, 6, 30), done=True)
    Milestone.objects.create(project=charging, title="Alle Säulen in Betrieb", due=datetime.date(2026, 12, 1))
    Milestone.objects.create(project=charging, title="Abschlussbericht")
    StatusUpdate.objects.create(project=charging, date=datetime.date(2025, 2, 10), title="Erste zehn Säulen laufen",
                                text="Seit Februar laden die ersten Autos.")

    classroom = education.add_child(instance=ProjectPage(
        title="Digitales Klassenzimmer", slug="digitales-klassenzimmer", status="implementation",
        summary="Tablets und WLAN für alle Grundschulen.",
        description="Alle Grundschulen bekommen WLAN und Tablets.",
        value_for_citizens="Kinder lernen mit zeitgemäßen Mitteln.",
        value_for_economy="Fachkräfte von morgen.",
    ))
    ProjectPartner.objects.create(project=classroom, organisation=hochschule, role="Fortbildung")
    ProjectPartner.objects.create(project=classroom, organisation=forschungszentrum, role="Lernsoftware")

    # Governance
    steering = GoverningBody.objects.create(name="Steuerkreis", kind="steering_committee", order=1,
                                            mandate="Entscheidet über neue Projekte.")
    BodyMembership.objects.create(body=steering, person="Oberbürgermeisterin der Stadt Teststadt",
                                  organisation=verwaltung, role="Vorsitz")
    BodyMembership.objects.create(body=steering, person="Mitglied des Vorstands der Stadtwerke",
                                  organisation=stadtwerke, role="Stellvertretender Vorsitz")
    field_team = GoverningBody.objects.create(name="Feldteam Elektromobilität", kind="field_team", field=mobility,
                                              order=2)
    BodyMembership.objects.create(body=field_team, person="Erika Muster", organisation=verwaltung, role="Feldleitung")
    decision = Decision.objects.create(body=steering, date=datetime.date(2024, 2, 1),
                                       title="Ladenetz beschlossen", text="Der Steuerkreis gibt das Projekt frei.")
    decision.projects.set([charging])
    decision.fields.set([mobility])

    # News with an info box
    post = NewsPostPage(
        title="Die ersten Ladesäulen sind in Betrieb", slug="erste-ladesaeulen",
        teaser="Zehn Ladesäulen laufen im Quartier Nord.",
        body="Seit heute können Elektroautos an **zehn** Ladesäulen laden.",
        info_box_title="Auf einen Blick",
    )
    post.related_projects = [charging]
    post.related_fields = [mobility]
    NewsIndexPage.objects.get().add_child(instance=post)
    InfoBoxEntry.objects.create(post=post, label="Standortkarte", url="https://stadtwerke.example/karte")
    InfoBoxEntry.objects.create(post=post, label="Kosten", text="0,39 Euro pro Kilowattstunde")
    return home


# --- Participation ----------------------------------------------------------------------------------

PARTICIPATION_PASSWORD = "Sehr-sicheres-Passwort-1"


def _account(username, email, display_name, *, district="", groups=()):
    """A confirmed account (verified e-mail address) that can sign in with e-mail or username."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(
        username, email=email, password=PARTICIPATION_PASSWORD, display_name=display_name, district=district,
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if groups:
        user.groups.set(groups)
    return get_user_model().objects.get(pk=user.pk)  # no stale permission cache


def build_participation(home):
    """An open process with ideas, supports, a thread of comments (one reply, one hidden comment), an
    official answer, and the people behind them: two residents and an office account in the group
    "Programmbüro" (answers ideas, moderates). Call after ``build_city``; returns a namespace."""
    from types import SimpleNamespace

    from django.utils import timezone

    from modellstadt.accounts.roles import ensure_office_group
    from modellstadt.comments import services as comment_services
    from modellstadt.ideas import services as idea_services
    from modellstadt.ideas.models import IdeaState, Phase, PhaseKind, Process
    from modellstadt.moderation import services as moderation_services

    mobility = CooperationFieldPage.objects.get(slug="elektromobilitaet")
    education = CooperationFieldPage.objects.get(slug="bildung")
    classroom = ProjectPage.objects.get(slug="digitales-klassenzimmer")

    office_group = ensure_office_group(home)
    office = _account("programmbuero", "programmbuero@teststadt.example", "Programmbüro Digitale Teststadt",
                      groups=[office_group])
    bernd = _account("bernd", "bernd@example.org", "Bernd aus dem Quartier Nord", district="Quartier Nord")
    clara = _account("clara", "clara@example.org", "Clara Bürgerbeteiligungsbeauftragte")

    now = timezone.now()
    day = datetime.timedelta(days=1)
    process = Process.objects.create(
        title="Ideen für die Digitalisierungsstrategie der Teststadt", slug="ideen-digitalstrategie",
        description="Was soll die **Digitalisierungsstrategie** für Ihren Alltag leisten? Reichen Sie Ideen ein, "
                    "unterstützen und kommentieren Sie die Ideen anderer.",
    )
    process.fields.set([mobility, education])
    Phase.objects.create(process=process, kind=PhaseKind.COLLECT, starts_at=now - 7 * day, ends_at=now + 30 * day,
                         allows_ideas=True, allows_supports=True, allows_comments=True)
    Phase.objects.create(process=process, kind=PhaseKind.EVALUATE, title="Bewertung durch das Programmbüro",
                         starts_at=now + 30 * day, ends_at=now + 60 * day)
    finished = Process.objects.create(
        title="Beteiligungsverfahren zur Bürgerinformationsplattform 2024", slug="buergerinformationsplattform",
        description="Abgeschlossen: Ideen für die Bürgerinformationsplattform.",
    )
    Phase.objects.create(process=finished, kind=PhaseKind.COLLECT, starts_at=now - 400 * day,
                         ends_at=now - 300 * day, allows_ideas=True, allows_supports=True, allows_comments=True)

    charging_idea = idea_services.submit_idea(
        bernd, process, mobility, "Ladesäulen an allen Grundschulen",
        "Eltern könnten ihr **Elektroauto** laden, während sie die Kinder bringen und abholen.",
        location_label="Grundschule am Mühlenweg",
    )
    wifi_idea = idea_services.submit_idea(
        bernd, process, education, "Kostenloses WLAN in der Stadtbibliothek",
        "Schülerinnen und Schüler brauchen für Hausaufgaben einen verlässlichen Internetzugang.",
    )
    idea_services.support(clara, wifi_idea)
    first = comment_services.comment(
        clara, wifi_idea, "Gute Idee! Auch die Stadtteilbibliotheken sollten WLAN bekommen."
    )
    comment_services.comment(bernd, wifi_idea, "Danke, das nehme ich gern mit auf.", parent=first)
    hidden = comment_services.comment(clara, wifi_idea, "Werbung: Kaufen Sie Router bei uns!")
    moderation_services.hide(office, hidden, "Werbung ist in den Kommentaren nicht erlaubt.")
    news_post = NewsPostPage.objects.get(slug="erste-ladesaeulen")
    comment_services.comment(clara, news_post, "Laden die Säulen auch mit Ökostrom?")
    idea_services.answer_idea(
        office, wifi_idea, IdeaState.ACCEPTED,
        "Das Programmbüro nimmt die Idee an: Das Projekt **Digitales Klassenzimmer** bringt WLAN auch in die "
        "Stadtbibliothek.",
        project=classroom,
    )
    return SimpleNamespace(
        process=process, finished_process=finished, charging_idea=charging_idea, wifi_idea=wifi_idea,
        hidden_comment=hidden, office=office, bernd=bernd, clara=clara, password=PARTICIPATION_PASSWORD,
        news_post=news_post,
    )


# --- Partner network and the application dossier -----------------------------------------------------


def letter_pdf(*lines):
    """A small real PDF (one page, the given lines of text), made with reportlab."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    y = 780
    for line in lines or ("Unterstützungsschreiben",):
        pdf.drawString(72, y, line)
        y -= 18
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def build_partner_network(home, office):
    """The Bitkom-style call "Digitale Stadt" with two themes (one mapped to "Elektromobilität", one,
    "Gesundheit", mapped to nothing: the gap the completeness check shows), the city's dossier for it,
    a public supporter (Stadtwerke) with a public letter (a real PDF) and a pledge for the call, an
    approved representative of the Stadtwerke ("mara") and a resident without any membership ("paula",
    who asks to join the Hochschule). Call after ``build_city`` and ``build_participation`` (``office``
    is the Programmbüro account); returns a namespace."""
    from types import SimpleNamespace

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from modellstadt.dossier import services as dossier_services
    from modellstadt.dossier.models import Call, CallDeadline, CallRequirement, CallTheme, ScoringCriterion
    from modellstadt.partners.models import Membership, MembershipState, Pledge, SupportLetter
    from modellstadt.strategy.models import HomePage

    HomePage.objects.filter(pk=home.pk).update(population=123_000, lead_unit="Stabsstelle Digitalisierung")
    mobility = CooperationFieldPage.objects.get(slug="elektromobilitaet")
    charging = ProjectPage.objects.get(slug="laden-im-quartier")

    call = Call.objects.create(
        organiser="Bitkom e. V.", title="Wettbewerb Digitale Stadt 2017", slug="digitale-stadt-2017",
        description="Gesucht wird die digitale Modellstadt Deutschlands.",
        min_population=100_000, max_population=150_000,
    )
    CallDeadline.objects.create(call=call, label="Abgabe der Bewerbung",
                                due=timezone.make_aware(datetime.datetime(2017, 3, 15, 12)))
    mobility_theme = CallTheme.objects.create(call=call, number=1, title="Mobilität")
    health_theme = CallTheme.objects.create(call=call, number=2, title="Gesundheit")
    CallRequirement.objects.create(call=call, kind="status_and_vision", title="Status und Vision je Themenfeld",
                                   order=1)
    CallRequirement.objects.create(call=call, kind="project_management", title="Lokales Projektmanagement", order=2)
    CallRequirement.objects.create(call=call, kind="partner_support", title="Unterstützung durch Partner", order=3)
    ScoringCriterion.objects.create(call=call, title="Gesamtkonzept", max_points=15, order=1)
    ScoringCriterion.objects.create(call=call, title="Unterstützung lokaler Akteure", max_points=15, order=2)
    ScoringCriterion.objects.create(call=call, title="Projektmanagement", max_points=15, order=3)
    dossier_services.set_theme_mapping(mobility_theme, fields=[mobility], projects=[charging])

    stadtwerke = Organisation.objects.get(name="Stadtwerke Teststadt")
    stadtwerke.public_supporter = True
    stadtwerke.save()
    hochschule = Organisation.objects.get(name="Hochschule Teststadt")
    letter = SupportLetter(organisation=stadtwerke, date=datetime.date(2017, 2, 1),
                           signatory="Dr. Werner Werkleiter", public=True, page_count=1, uploaded_by=office)
    letter.file.save("brief.pdf", ContentFile(letter_pdf("Die Stadtwerke unterstuetzen die Bewerbung.")),
                     save=False)
    letter.save()
    letter.calls.add(call)
    pledge = Pledge.objects.create(organisation=stadtwerke, kind="data", created_by=office,
                                   description="Echtzeitdaten aller Ladesäulen als offene Daten.",
                                   estimated_value_eur=Decimal("25000.00"))
    pledge.calls.add(call)
    pledge.fields.add(mobility)

    mara = _account("mara", "mara@stadtwerke.example", "Mara von den Stadtwerken")
    Membership.objects.create(user=mara, organisation=stadtwerke, state=MembershipState.APPROVED,
                              message="Ich leite die Unternehmenskommunikation.", decided_at=timezone.now(),
                              decided_by=office)
    paula = _account("paula", "paula@hochschule.example", "Paula Professorin für Verkehrsplanung")

    dossier = dossier_services.create_dossier(
        call, title="Bewerbung der Teststadt: Digitale Stadt 2017", user=office,
        summary="Die Teststadt will **Modellstadt** für die Digitalisierung werden.",
    )
    return SimpleNamespace(
        call=call, mobility_theme=mobility_theme, health_theme=health_theme, dossier=dossier,
        stadtwerke=stadtwerke, hochschule=hochschule, letter=letter, pledge=pledge,
        mara=mara, paula=paula, office=office, password=PARTICIPATION_PASSWORD,
    )
