"""Publishing through the services: drafts, uploads, background loading with an atomic swap,
rejections that keep the previous version, personal-data rules, review, permissions, audit log."""

import pytest
from django.core import mail
from wagtail.models import ModelLogEntry

from modellstadt.opendata import datastore, services
from modellstadt.opendata.models import Dataset, DatasetState, DistributionVersion, OpenDataSettings, TableState
from tests.opendata.conftest import CHARGING_CSV, upload


def test_upload_is_typed_loaded_and_made_live(rep, publisher, make_dataset):
    ds, dist = make_dataset(rep, publisher)
    version = dist.live_version
    assert version.table_state == TableState.LOADED and version.row_count == 4 == version.rows_loaded
    assert {f["name"]: f["type"] for f in version.fields} == {
        "standort": "string", "betreiber": "string", "ladepunkte": "integer", "leistung_kw": "number",
        "in_betrieb_seit": "date", "schnellladen": "boolean",
    }
    assert version.table_schema["encoding"] == "cp1252"
    assert datastore.count_rows(version.table_name) == 4
    assert len(version.sha256) == 64 and version.byte_size == len(CHARGING_CSV)
    assert ds.state == DatasetState.PUBLISHED and ds.formats == "CSV"


def test_bad_new_version_is_rejected_with_report_and_previous_stays_live(
    rep, publisher, make_dataset, django_capture_on_commit_callbacks
):
    ds, dist = make_dataset(rep, publisher)
    first = dist.live_version
    with django_capture_on_commit_callbacks(execute=True):
        bad = services.upload_version(rep, dist, upload=upload("neu.csv", b"a;b\n1;2\n3;4;5\n"))
    bad.refresh_from_db()
    dist.refresh_from_db()
    assert bad.table_state == TableState.FAILED
    assert bad.report[0]["row"] == 3
    assert dist.live_version_id == first.pk
    assert datastore.count_rows(first.table_name) == 4
    # a good version replaces it; both older files stay listed
    with django_capture_on_commit_callbacks(execute=True):
        good = services.upload_version(rep, dist, upload=upload("neu.csv", b"a;b\n1;2\n3;4\n"))
    dist.refresh_from_db()
    assert dist.live_version_id == good.pk and good.number == 3
    assert list(dist.versions.order_by("number").values_list("number", flat=True)) == [1, 2, 3]


def test_readers_see_the_old_table_until_the_swap(rep, publisher, make_dataset):
    ds, dist = make_dataset(rep, publisher)
    first = dist.live_version
    version = services.upload_version(rep, dist, upload=upload("neu.csv", b"x\n1\n2\n"))  # not loaded yet
    dist.refresh_from_db()
    assert dist.live_version_id == first.pk
    assert DistributionVersion.objects.get(pk=version.pk).table_state == TableState.PENDING
    services.load_version(version.pk)
    dist.refresh_from_db()
    assert dist.live_version_id == version.pk


def test_duplicate_primary_keys_are_reported_with_their_line(rep, publisher, make_dataset,
                                                           django_capture_on_commit_callbacks):
    ds, dist = make_dataset(rep, publisher)
    with django_capture_on_commit_callbacks(execute=True):
        bad = services.upload_version(rep, dist, upload=upload("d.csv", b"id;v\n1;a\n2;b\n1;c\n"),
                                      primary_key=["id"])
    bad.refresh_from_db()
    assert bad.table_state == TableState.FAILED
    assert (bad.report[0]["row"], bad.report[0]["column"]) == (4, "id") and "doppelt" in bad.report[0]["message"]


def test_content_is_checked_not_the_name(rep, publisher, make_dataset):
    ds, _dist = make_dataset(rep, publisher, content=None, publish=False)
    pdf = services.add_distribution(rep, ds, title="Bericht", format="PDF")
    with pytest.raises(services.OpenDataError) as exc:
        services.upload_version(rep, pdf, upload=upload("bericht.pdf", b"<html>kein pdf</html>"))
    assert exc.value.field == "file"
    geo = services.add_distribution(rep, ds, title="Karte", format="GEOJSON")
    with pytest.raises(services.OpenDataError):
        services.upload_version(rep, geo, upload=upload("karte.geojson", b'{"type": "Point"}'))


def test_upload_size_limit(settings, rep, publisher, make_dataset):
    settings.OPENDATA_MAX_UPLOAD_BYTES = 10
    ds, _dist = make_dataset(rep, publisher, content=None, publish=False)
    dist = services.add_distribution(rep, ds, title="CSV", format="CSV")
    with pytest.raises(services.OpenDataError) as exc:
        services.upload_version(rep, dist, upload=upload("a.csv", b"a,b\n1,2\n3,4\n"))
    assert "größer" in str(exc.value)


def test_open_publication_needs_confirmation_and_no_personal_column(rep, publisher, make_dataset):
    ds, dist = make_dataset(rep, publisher, publish=False)
    with pytest.raises(services.OpenDataError) as exc:
        services.publish_dataset(rep, ds)
    assert exc.value.field == "confirm_no_personal_data"
    services.mark_personal_columns(rep, dist.live_version, {"standort"})
    with pytest.raises(services.OpenDataError) as exc:
        services.publish_dataset(rep, ds, confirm_no_personal_data=True)
    assert "personenbezogen" in str(exc.value)
    services.mark_personal_columns(rep, dist.live_version, set())
    ds = services.publish_dataset(rep, ds, confirm_no_personal_data=True)
    assert ds.state == DatasetState.PUBLISHED and ds.no_personal_data and ds.issued


def test_database_forbids_open_publication_without_confirmation(rep, publisher, make_dataset):
    from django.db import IntegrityError, transaction

    ds, _dist = make_dataset(rep, publisher, content=None, publish=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Dataset.objects.filter(pk=ds.pk).update(state="published")


def test_review_by_the_office(rep, office, publisher, make_dataset):
    settings_row = OpenDataSettings.load()
    settings_row.require_review = True
    settings_row.save()
    ds, _dist = make_dataset(rep, publisher, publish=False)
    ds = services.publish_dataset(rep, ds, confirm_no_personal_data=True)
    assert ds.state == DatasetState.REVIEW
    ds = services.publish_dataset(office, ds)
    assert ds.state == DatasetState.PUBLISHED


def test_representatives_manage_only_their_organisation(rep, other_rep, publisher, make_dataset):
    ds, dist = make_dataset(rep, publisher)
    with pytest.raises(services.OpenDataError):
        services.save_dataset(other_rep, ds, publisher=publisher, title="X", description="Y")
    with pytest.raises(services.OpenDataError):
        services.upload_version(other_rep, dist, upload=upload("a.csv", b"a\n1\n"))
    with pytest.raises(services.OpenDataError):
        services.unpublish_dataset(other_rep, ds)


def test_every_change_is_in_the_audit_log(rep, publisher, make_dataset):
    ds, _dist = make_dataset(rep, publisher)
    actions = list(ModelLogEntry.objects.filter(object_id=str(ds.pk)).values_list("action", flat=True))
    assert services.ACTION_SAVE in actions and services.ACTION_UPLOAD in actions and services.ACTION_PUBLISH in actions


def test_selectors_for_other_apps(rep, publisher, make_dataset):
    from modellstadt.opendata import selectors

    ds, _dist = make_dataset(rep, publisher)
    assert selectors.dataset_row_count(ds.slug) == 4
    assert selectors.latest_table_values(ds.slug, "ladepunkte", sort="in_betrieb_seit") == [2]
    assert [d.slug for d in selectors.search_datasets("Ladepunkte", None)] == [ds.slug]
    assert selectors.search_datasets("gibtsnicht", None) == []
    services.unpublish_dataset(rep, ds)
    assert selectors.dataset_row_count(ds.slug) is None
    assert mail.outbox == []


def test_office_sees_datasets_in_the_back_office_and_publishes_for_every_organisation(
    client, office, rep, publisher, make_dataset
):
    ds, _dist = make_dataset(rep, publisher, publish=False)
    client.force_login(office)
    html = client.get("/verwaltung/").content.decode()
    assert "Offene Daten" in html
    listing = client.get("/verwaltung/opendata_datasets/")
    assert listing.status_code == 200 and ds.title in listing.content.decode()
    assert client.get("/verwaltung/opendata_datasets/new/").status_code in (302, 403)
    assert publisher.name in client.get("/partnerbereich/daten/").content.decode()
    assert client.get(f"/partnerbereich/daten/datensatz/{ds.slug}/").status_code == 200
