"""The "Sie" check itself (tests/informal.py): it finds "du" in text, not in markup or other words."""

import pytest

from tests import informal


@pytest.mark.parametrize("text", [
    "Du hast noch kein Konto?", "Bestätige deine E-Mail-Adresse", "Wir schicken dir einen Link",
    "Melde dich an", "Eure Ideen", "Hast du Fragen?",
])
def test_finds_the_informal_address(text):
    assert informal.informal_words(text)


@pytest.mark.parametrize("text", [
    "Sie haben noch kein Konto?", "Bestätigen Sie Ihre E-Mail-Adresse", "Dudenstraße", "Direktor",
    "Deinstallation", "Abenteuer", "Durchführung",
])
def test_leaves_the_formal_address_and_other_words_alone(text):
    assert informal.informal_words(text) == []


def test_reads_only_the_visible_text_of_a_page():
    html = '<p dir="rtl" data-du="1">Sie</p><script>var du = 1;</script><img alt="Dein Bild">'
    assert [word for word, _ in informal.informal_words(informal.visible_text(html))] == ["Dein"]


@pytest.mark.django_db
def test_a_german_page_with_du_is_reported(client):
    from django.http import HttpResponse
    from django.test import RequestFactory

    request = RequestFactory().get("/probe/")
    response = HttpResponse("<p>Hast du ein Konto?</p>", content_type="text/html; charset=utf-8")
    response["Content-Language"] = "de"
    informal.record_response(request, response)
    found = informal.take_findings()
    assert found and found[0][0] == "GET /probe/" and found[0][1][0][0] == "du"
    response["Content-Language"] = "en"
    informal.record_response(request, response)
    assert informal.take_findings() == []
