"""Publishing in the partner area over HTTP: a messy CSV is rejected with a report, the fixed one is
loaded, personal columns block publication, the publisher publishes and the public sees a preview."""

from django.core.files.uploadedfile import SimpleUploadedFile

from modellstadt.opendata.models import Dataset

MESSY = "Stadtteil;Einwohner;Stichtag\nMitte;12.345;31.12.2023\nWesthagen;9.876;31.02.2023;x\n".encode("cp1252")
FIXED = "Stadtteil;Einwohner;Anteil;Stichtag\nMitte;12.345;0,5;31.12.2023\nWesthagen;9.876;0,25;31.12.2023\n"


def test_publisher_flow(client, rep, publisher, other_rep, django_capture_on_commit_callbacks):
    client.force_login(rep)
    assert publisher.name in client.get("/partnerbereich/daten/").content.decode()
    response = client.post(f"/partnerbereich/daten/{publisher.slug}/neu/", {
        "title": "", "description": "Einwohner", "licence": "dl-by-de/2.0", "access_level": "open",
        "frequency": "ANNUAL",
    })
    assert response.status_code == 400 and 'value="Einwohner"' not in response.content.decode()
    assert "Einwohner</textarea>" in response.content.decode()
    response = client.post(f"/partnerbereich/daten/{publisher.slug}/neu/", {
        "title": "Einwohner je Stadtteil", "description": "Stand jeweils 31.12. Werte sind erfunden.",
        "keywords": "Bevölkerung, Stadtteile", "themes": ["SOCI", "REGI"], "licence": "dl-zero-de/2.0",
        "access_level": "open", "frequency": "ANNUAL",
    })
    ds = Dataset.objects.get()
    manage = f"/partnerbereich/daten/datensatz/{ds.slug}/"
    assert response.status_code == 302 and response["Location"] == manage
    client.post(f"{manage}distribution/", {"title": "Tabelle", "kind": "file", "format": "CSV"})
    dist = ds.distributions.get()
    with django_capture_on_commit_callbacks(execute=True):  # the task queue runs the load at commit
        response = client.post(f"{manage}distribution/{dist.pk}/hochladen/", {
            f"d{dist.pk}-file": SimpleUploadedFile("einwohner.csv", MESSY),
        })
    html = client.get(manage).content.decode()
    assert "Prüfbericht zu Version 1" in html and "Zeile 3" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{manage}distribution/{dist.pk}/hochladen/", {
            f"d{dist.pk}-file": SimpleUploadedFile("einwohner.csv", FIXED.encode("utf-8-sig")),
        })
    assert "Geladen" in client.get(manage).content.decode()
    dist.refresh_from_db()
    assert dist.live_version.number == 2 and dist.live_version.row_count == 2
    # a column marked personal blocks open publication
    version = dist.live_version
    client.post(f"{manage}version/{version.pk}/spalten/", {f"p{version.pk}-personal": ["stadtteil"]})
    response = client.post(f"{manage}veroeffentlichen/", {"confirm_no_personal_data": "on"})
    assert response.status_code == 400 and "personenbezogen" in response.content.decode()
    client.post(f"{manage}version/{version.pk}/spalten/", {})
    response = client.post(f"{manage}veroeffentlichen/", {})
    assert response.status_code == 400 and "bestätigen" in response.content.decode()
    response = client.post(f"{manage}veroeffentlichen/", {"confirm_no_personal_data": "on"})
    assert response.status_code == 302
    client.logout()
    html = client.get(f"/daten/{ds.slug}/").content.decode()
    assert "Westhagen" in html and "9876" in html.replace(".", "")
    assert "Datenlizenz Deutschland – Zero" in html
    # another organisation's representative cannot open the page
    client.force_login(other_rep)
    assert client.get(manage).status_code == 404
