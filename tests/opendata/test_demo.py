"""The demo city's open data: at least twelve published datasets from its publishers with loaded
tables, the platform's own content as datasets, and a restricted dataset with a pending and an
approved access request; loading twice creates nothing twice."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from modellstadt.opendata import selectors
from modellstadt.opendata.models import AccessRequest, Dataset, DistributionVersion


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path, monkeypatch):
    settings.VAR_DIR = tmp_path
    monkeypatch.delenv("MODELLSTADT_DEMO_PASSWORD", raising=False)


def test_demo_datasets(db):
    call_command("demo", stdout=StringIO())
    published = Dataset.objects.filter(state="published")
    assert published.count() >= 12
    assert published.values("publisher").distinct().count() >= 6
    assert not DistributionVersion.objects.filter(table_state__in=["failed", "pending", "loading"]).exists()
    for ds in published.exclude(slug__startswith="plattform-"):
        assert "erfunden" in ds.description
    assert selectors.dataset_row_count("parkhausbelegung") == 24 * 14 * 5
    assert selectors.dataset_row_count("plattform-projekte") > 10
    restricted = Dataset.objects.get(slug="energielast-stadtteile")
    assert restricted.access_level == "restricted"
    assert sorted(AccessRequest.objects.filter(dataset=restricted).values_list("state", flat=True)) == [
        "approved", "pending"]
    client = Client(HTTP_HOST="localhost")
    html = client.get("/daten/").content.decode()
    assert "Öffentliche Ladepunkte" in html
    html = client.get("/daten/ladepunkte/").content.decode()
    assert "LP-001" in html and "Ladeparks im Stadtgebiet" in html
    count = Dataset.objects.count()
    call_command("demo", stdout=StringIO())
    assert Dataset.objects.count() == count
