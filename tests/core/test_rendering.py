"""core.rendering.render_part: a part drawn from plain values is remembered under exactly those values,
the language and the time zone, so a changed value is new HTML and a remembered one is never stale."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.utils import timezone, translation

from modellstadt.core import rendering

CARD = dict(
    url="/ideen/1/", title="Mehr Bänke", hyphenated=False, state="submitted", state_label="Eingereicht",
    field_title="Mobilität", process_title="", organisation="", author_name="Anna",
    created=datetime.datetime(2026, 3, 1, 23, 30, tzinfo=datetime.UTC), support_count=1, comment_count=0,
    viewer_supports=False,
)


def test_the_same_values_give_the_remembered_part_and_other_values_a_new_one():
    rendering.forget()
    first = rendering.render_part("ideas/_idea_card.html", **CARD)
    assert rendering.render_part("ideas/_idea_card.html", **CARD) is first
    more = rendering.render_part("ideas/_idea_card.html", **{**CARD, "support_count": 2})
    assert "1 Unterstützung<" in first and "2 Unterstützungen" in more
    mine = rendering.render_part("ideas/_idea_card.html", **{**CARD, "viewer_supports": True})
    assert "auch von Ihnen" in mine and "auch von Ihnen" not in first


def test_language_and_time_zone_are_part_of_the_key():
    rendering.forget()
    german = rendering.render_part("ideas/_idea_card.html", **CARD)
    with translation.override("en"):
        english = rendering.render_part("ideas/_idea_card.html", **CARD)
    assert "1 supporter" in english and "Unterstützung" not in english
    with timezone.override("Europe/Berlin"):
        berlin = rendering.render_part("ideas/_idea_card.html", **CARD)
    with timezone.override("UTC"):
        utc = rendering.render_part("ideas/_idea_card.html", **CARD)
    # 23:30 UTC on 1 March is already 2 March in Berlin
    assert "2026-03-02T00:30:00+01:00" in berlin and "2026-03-01T23:30:00+00:00" in utc
    assert german != english


def test_nothing_is_remembered_while_debugging_or_after_a_setting_changed(settings):
    rendering.forget()
    kept = rendering.render_part("ideas/_idea_card.html", **CARD)
    settings.DEBUG = True  # a changed setting forgets everything remembered
    fresh = rendering.render_part("ideas/_idea_card.html", **CARD)
    assert fresh == kept and fresh is not kept
    assert rendering.render_part("ideas/_idea_card.html", **CARD) is not fresh


@pytest.mark.django_db
def test_the_remembered_header_marks_the_section_and_follows_the_visitor(client, portal, django_user_model,
                                                                         settings):
    rendering.forget()
    for path, current in (("/ideen/", "/beteiligung/"), ("/beteiligung/", "/beteiligung/"), ("/suche/?q=Bus", None)):
        html = client.get(path).content.decode()
        marked = re.findall(r'<a href="([^"]+)" aria-current="page">', html)
        assert marked == ([current] if current else []), path
        assert f'/sprache/en/?next={quote(path, safe="/")}"' in html.replace("&amp;", "&")
        assert "Anmelden" in html and "Mein Konto" not in html
    assert 'value="Bus"' in client.get("/suche/?q=Bus").content.decode()
    client.force_login(django_user_model.objects.create_user("lena", password="x"))
    html = client.get("/ideen/").content.decode()
    assert "Mein Konto" in html and "Anmelden" not in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/ideen/").content.decode()
    assert "My account" in html and "Mein Konto" not in html and "/sprache/de/?next=" in html
