"""The back-office pages: office only (403 for others), forms, export, freeze, the stable PDF address."""

import hashlib

import pytest

from modellstadt.dossier import selectors, services
from modellstadt.dossier.models import DossierVersion, SelfAssessment


@pytest.fixture
def office(client, office_user):
    client.force_login(office_user)
    return client


def test_detail_shows_gaps_with_links_eligibility_and_assessment(office, dossier):
    response = office.get(f"/verwaltung/dossiers/{dossier.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Teilnahmeberechtigt: 123.000 Einwohner" in html
    assert "Unterstützung: keine Unterstützungsschreiben für diese Ausschreibung" in html
    assert "Abschnitt Gesamtkonzept: kein Text" in html
    assert f'href="/verwaltung/dossiers/{dossier.pk}/abschnitte/' in html
    assert "<td><strong>0</strong></td><td><strong>45</strong></td>" in html  # self-assessment total / max


def test_non_office_users_get_403(client, dossier, field_lead, office_user):
    version = services.freeze(dossier, office_user)
    client.force_login(field_lead)
    for url in (
        "/verwaltung/dossiers/",
        f"/verwaltung/dossiers/{dossier.pk}/",
        f"/verwaltung/dossiers/{dossier.pk}/selbsteinschaetzung/",
        f"/verwaltung/dossiers/ausschreibungen/{dossier.call_id}/zuordnung/",
        f"/verwaltung/dossiers/versionen/{version.pk}/",
        f"/verwaltung/dossiers/versionen/{version.pk}/pdf/",
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/verwaltung/dossiers/{dossier.pk}/einfrieren/", {"confirm": "1"}).status_code == 403
    assert DossierVersion.objects.count() == 1


def test_anonymous_and_citizens_get_no_file(client, dossier, office_user, django_user_model):
    version = services.freeze(dossier, office_user)
    url = f"/verwaltung/dossiers/versionen/{version.pk}/pdf/"
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(django_user_model.objects.create_user("buerger", password="x" * 12))
    response = client.get(url)
    assert response.status_code in (302, 403)
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_stable_pdf_address_serves_the_frozen_file(office, dossier, office_user):
    version = services.freeze(dossier, office_user)
    response = office.get(f"/verwaltung/dossiers/versionen/{version.pk}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == version.pdf_sha256
    page = office.get(f"/verwaltung/dossiers/versionen/{version.pk}/")
    assert version.sha256 in page.content.decode()


def test_assessment_form_keeps_input_and_rejects_too_many_points(office, dossier, call):
    criteria = list(call.criteria.order_by("order"))
    url = f"/verwaltung/dossiers/{dossier.pk}/selbsteinschaetzung/"
    data = {f"points_{c.pk}": "10" for c in criteria}
    data[f"points_{criteria[0].pk}"] = "20"
    response = office.post(url, data)
    assert response.status_code == 200
    assert "Höchstens 15 Punkte möglich." in response.content.decode()
    assert 'value="20"' in response.content.decode()
    assert not SelfAssessment.objects.exists()
    data[f"points_{criteria[0].pk}"] = "14"
    assert office.post(url, data).status_code == 302
    assert selectors.self_assessment(dossier)["total"] == 34


def test_theme_override_form_and_section_form(office, dossier, call, fields):
    theme = call.themes.get(number=1)
    url = f"/verwaltung/dossiers/{dossier.pk}/themen/{theme.pk}/"
    assert office.get(url).status_code == 200
    response = office.post(url, {"status_text": "", "vision_text": "Vision nur für Bitkom."})
    assert response.status_code == 302
    assert selectors.build_dossier_content(dossier)["themes"][0]["vision"] == "Vision nur für Bitkom."
    fields["health"].refresh_from_db()
    assert fields["health"].vision == "Telemedizin für alle."
    requirement = call.requirements.get(kind="free_text")
    response = office.post(f"/verwaltung/dossiers/{dossier.pk}/abschnitte/{requirement.pk}/", {"text": "Konzept."})
    assert response.status_code == 302
    assert "Abschnitt Gesamtkonzept: kein Text" not in [g.message for g in selectors.completeness(dossier)]


def test_mapping_view_saves_fields_and_projects(office, call, fields, projects):
    theme = call.themes.get(number=1)
    other = call.themes.get(number=2)
    url = f"/verwaltung/dossiers/ausschreibungen/{call.pk}/zuordnung/"
    assert "Gesundheit" in office.get(url).content.decode()
    response = office.post(url, {
        f"thema-{theme.pk}-fields": [fields["health"].pk, fields["mobility"].pk],
        f"thema-{theme.pk}-projects": [projects["tele"].pk],
        f"thema-{other.pk}-fields": [fields["mobility"].pk],
    })
    assert response.status_code == 302
    assert set(theme.mapping.fields.values_list("number", flat=True)) == {1, 2}
    assert list(theme.mapping.projects.all()) == [projects["tele"].page_ptr.specific]
    other.refresh_from_db()
    assert list(other.mapping.projects.all()) == []


def test_export_and_freeze_through_the_pages(office, dossier):
    response = office.post(f"/verwaltung/dossiers/{dossier.pk}/exportieren/")
    assert response.status_code == 302
    status = office.get(response["Location"])
    assert "Fertig" in status.content.decode()
    assert 'http-equiv="refresh"' not in status.content.decode()
    export = dossier.exports.get()
    pdf = office.get(f"/verwaltung/dossiers/exporte/{export.pk}/pdf/")
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    confirm = office.get(f"/verwaltung/dossiers/{dossier.pk}/einfrieren/")
    assert "Einreichen und einfrieren" in confirm.content.decode()
    assert office.post(f"/verwaltung/dossiers/{dossier.pk}/einfrieren/", {}).status_code == 200
    assert not DossierVersion.objects.exists()
    response = office.post(f"/verwaltung/dossiers/{dossier.pk}/einfrieren/", {"confirm": "1"})
    version = DossierVersion.objects.get()
    assert response["Location"] == f"/verwaltung/dossiers/versionen/{version.pk}/"


def test_pending_export_page_refreshes_itself(office, dossier, office_user):
    from modellstadt.dossier.models import DossierExport

    export = DossierExport.objects.create(dossier=dossier, requested_by=office_user, progress=40, state="running")
    html = office.get(f"/verwaltung/dossiers/exporte/{export.pk}/").content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert 'value="40"' in html


def test_call_editor_and_menu(office, call):
    response = office.get(f"/admin/snippets/dossier/call/edit/{call.pk}/".replace("/admin/", "/verwaltung/"))
    assert response.status_code == 200
    assert "Bewertungskriterien" in response.content.decode()
    assert "Bewerbungen" in office.get("/verwaltung/").content.decode()


def test_compare_page_shows_what_changed_between_two_frozen_versions(office, dossier, office_user, call):
    first = services.freeze(dossier, office_user)
    services.save_theme_text(dossier, call.themes.get(number=2), vision_text="Mobilität ohne eigenes Auto.")
    second = services.freeze(dossier, office_user)
    url = f"/verwaltung/dossiers/{dossier.pk}/vergleich/"
    html = office.get(url).content.decode()  # without a choice: the last two versions
    assert "Mobilität ohne eigenes Auto." in html
    response = office.get(url, {"a": first.pk, "b": second.pk})
    assert response.status_code == 200
    assert "Mobilität ohne eigenes Auto." in response.content.decode()
    same = office.get(url, {"a": first.pk, "b": first.pk}).content.decode()
    assert "Mobilität ohne eigenes Auto." not in same
