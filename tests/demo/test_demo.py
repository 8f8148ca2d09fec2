import stat
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from wagtail.models import Revision

from modellstadt.demo.loader import demo_counts, read_login_file
from modellstadt.news.models import NewsPostPage
from modellstadt.partners.models import Organisation, OrganisationKind
from modellstadt.projects.models import ProjectPage, ProjectStatus
from modellstadt.strategy.models import CooperationFieldPage, HomePage


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path, monkeypatch):
    """Keep demo-login.txt out of the real var/ directory."""
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("MODELLSTADT_DEMO_PASSWORD", raising=False)
    return tmp_path


def run_demo(*args):
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded(db):
    return run_demo()


@pytest.mark.django_db
def test_loads_ten_fields_two_of_them_assumptions(loaded):
    fields = list(CooperationFieldPage.objects.live().order_by("number"))
    assert [f.number for f in fields] == list(range(1, 11))
    assert [f.number for f in fields if f.is_assumption] == [9, 10]
    assert all("Annahme" in f.editorial_note for f in fields if f.is_assumption)
    assert len({f.colour for f in fields}) == 10
    assert all(f.easy_text and f.status_description and f.vision and f.lead_organisation for f in fields)
    home = HomePage.objects.get()
    assert home.programme_name == "#WolfsburgDigital" and home.city == "Wolfsburg"
    assert home.goals.count() == 2
    assert str(home.mou_signed_on) == "2016-12-05"


@pytest.mark.django_db
def test_projects_cover_all_fields_and_statuses(loaded):
    projects = ProjectPage.objects.live()
    assert projects.count() >= 30
    assert set(projects.values_list("field__number", flat=True)) == set(range(1, 11))
    assert set(projects.values_list("status", flat=True)) == set(ProjectStatus.values)
    assert not ProjectPage.objects.filter(live=False).exists()
    assert all(Revision.page_revisions.filter(object_id=str(p.pk)).exists() for p in projects)
    fibre = ProjectPage.objects.get(slug="glasfaserausbau-fuer-ganz-wolfsburg")
    assert fibre.budget_eur == 88_000_000 and fibre.field.number == 3
    assert "regionalheute.de" in fibre.editorial_note
    assert projects.exclude(latitude=None).count() >= 10
    assert all(p.editorial_note for p in projects)


@pytest.mark.django_db
def test_organisations_span_every_kind(loaded):
    assert Organisation.objects.count() >= 25
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    assert not Organisation.objects.filter(editorial_note="").exists()


@pytest.mark.django_db
def test_bitkom_news_has_info_box_and_related_fields(loaded):
    post = NewsPostPage.objects.live().get(slug="wolfsburg-im-finale-digitale-stadt")
    assert (post.date.year, post.date.month) == (2017, 6)
    urls = list(post.info_box.values_list("url", flat=True))
    assert any("bitkom.org" in url for url in urls) and any("wolfsburgdigital.org" in url for url in urls)
    for city in ("Darmstadt", "Heidelberg", "Kaiserslautern", "Paderborn"):
        assert city in post.body
    assert post.related_fields.count() >= 1
    assert NewsPostPage.objects.live().count() >= 6


@pytest.mark.django_db
def test_loading_twice_creates_nothing_twice(loaded):
    before = demo_counts()
    revisions = Revision.objects.count()
    run_demo()
    assert demo_counts() == before
    assert Revision.objects.count() == revisions  # unchanged content is not republished
    assert before["memberships"] > 10 and before["decisions"] >= 5 and before["milestones"] > 30


@pytest.mark.django_db
def test_second_run_restores_changed_content(loaded):
    project = ProjectPage.objects.get(slug="ladeparks-im-stadtgebiet")
    project.milestones.all().delete()
    ProjectPage.objects.filter(pk=project.pk).update(summary="geändert")
    run_demo()
    project.refresh_from_db()
    assert project.summary != "geändert" and project.milestones.count() == 3


@pytest.mark.django_db
def test_if_empty_does_nothing_on_a_loaded_database(loaded):
    ProjectPage.objects.filter(slug="ladeparks-im-stadtgebiet").update(summary="von Hand geändert")
    before, revisions = demo_counts(), Revision.objects.count()
    output = run_demo("--if-empty")
    assert demo_counts() == before and Revision.objects.count() == revisions
    assert ProjectPage.objects.get(slug="ladeparks-im-stadtgebiet").summary == "von Hand geändert"
    assert "nicht geladen" in output and "programmbuero" in output  # still shows the login


@pytest.mark.django_db
def test_if_empty_loads_an_empty_database():
    run_demo("--if-empty")
    assert CooperationFieldPage.objects.count() == 10


@pytest.mark.django_db
def test_demo_accounts_and_login_file(loaded, var_dir):
    User = get_user_model()
    office, lead = User.objects.get(username="programmbuero"), User.objects.get(username="feldleitung-mobilitaet")
    assert not office.is_superuser and list(office.groups.values_list("name", flat=True)) == ["Programmbüro"]
    assert list(lead.groups.values_list("name", flat=True)) == ["Feldleitung: Elektromobilität"]
    assert not User.objects.filter(is_superuser=True).exists()
    path = var_dir / "demo-login.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    passwords = read_login_file()
    assert office.check_password(passwords["programmbuero"])
    assert lead.check_password(passwords["feldleitung-mobilitaet"])
    assert "/verwaltung/" in loaded and passwords["programmbuero"] in loaded
    output = run_demo()
    assert read_login_file() == passwords and passwords["programmbuero"] in output
    office.refresh_from_db()
    assert office.check_password(passwords["programmbuero"])


@pytest.mark.django_db
def test_password_from_environment_is_not_written_to_disk(monkeypatch, var_dir):
    monkeypatch.setenv("MODELLSTADT_DEMO_PASSWORD", "geheim-aus-der-umgebung")
    output = run_demo()
    assert get_user_model().objects.get(username="programmbuero").check_password("geheim-aus-der-umgebung")
    assert not (var_dir / "demo-login.txt").exists()
    assert "geheim-aus-der-umgebung" not in output


@pytest.mark.django_db
def test_refuses_to_overwrite_another_city(portal):
    from tests import factories

    factories.field(number=1, title="Fremdes Feld")
    with pytest.raises(CommandError):
        run_demo()


@pytest.mark.django_db
def test_public_pages_render(loaded):
    client = Client(HTTP_HOST="localhost")
    response = client.get("/")
    assert response.status_code == 200
    assert "#WolfsburgDigital" in response.content.decode()
    project = ProjectPage.objects.get(slug="urbaner-mobilitaetsassistent")
    field = CooperationFieldPage.objects.get(number=9)
    for url in ["/themenfelder/", field.url, "/projekte/", project.url, "/partner/", "/partner/volkswagen-ag/",
                "/steuerung/", "/aktuelles/", "/aktuelles/wolfsburg-im-finale-digitale-stadt/",
                "/leichte-sprache/", "/impressum/", "/datenschutz/", "/barrierefreiheit/"]:
        assert client.get(url).status_code == 200, url
    html = client.get("/aktuelles/wolfsburg-im-finale-digitale-stadt/").content.decode()
    assert "Bitkom-Wettbewerb-Digitale-Stadt" in html


@pytest.mark.django_db
def test_demo_office_user_signs_in_and_is_sent_to_set_up_two_factor(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.MODELLSTADT_REQUIRE_STAFF_MFA = True
    call_command("demo", stdout=StringIO())
    username, password = (tmp_path / "demo-login.txt").read_text().splitlines()[0].split(": ", 1)
    client = Client(HTTP_HOST="localhost")
    response = client.post("/konto/login/", {"login": username, "password": password})
    assert response.status_code == 302
    response = client.get("/verwaltung/")
    assert response.headers["Location"] == "/konto/2fa/totp/activate/"
