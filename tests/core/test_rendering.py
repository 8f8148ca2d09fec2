"""core.rendering.render_part: a part drawn from plain values is remembered under exactly those values,
the language and the time zone, so a changed value is new HTML and a remembered one is never stale."""

import datetime

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
