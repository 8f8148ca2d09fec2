"""Amounts, dates and deadlines the German way (and the English way in the English interface)."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from modellstadt.core import formatting
from modellstadt.core.text import SOFT_HYPHEN, hyphenate


def berlin(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.mark.parametrize("value, german, english", [
    ("885000.00", "885.000\xa0€", "€885,000"),
    (Decimal("12345.5"), "12.345,50\xa0€", "€12,345.50"),
    (0, "0\xa0€", "€0"),
    (-1500, "-1.500\xa0€", "-€1,500"),
])
def test_euro_amounts(value, german, english):
    assert formatting.format_euro(value, language="de") == german
    assert formatting.format_euro(value, language="en") == english


def test_euro_filter_follows_the_active_language():
    template = Template("{% load portal_tags %}{{ amount|euro }}")
    with translation.override("de"):
        assert template.render(Context({"amount": Decimal("885000.00")})) == "885.000\xa0€"
    with translation.override("en"):
        assert template.render(Context({"amount": Decimal("885000.00")})) == "€885,000"
    assert template.render(Context({"amount": None})) == ""


def test_dates_and_numbers():
    assert formatting.format_date("2017-03-15", language="de") == "15. März 2017"
    assert formatting.format_date(datetime.date(2017, 3, 15), language="en") == "March 15, 2017"
    assert formatting.format_number(123000, language="de") == "123.000"
    assert formatting.format_number(123000, language="en") == "123,000"


def test_deadline_at_midnight_reads_as_the_last_full_day():
    end = berlin(2027, 1, 25, 0, 0)
    assert formatting.format_deadline(end, language="de") == "bis einschließlich 24. Januar 2027"
    assert "00:00" not in formatting.format_deadline(end, language="de")
    assert formatting.format_deadline(berlin(2027, 1, 25, 18, 0), language="de") == "bis 25. Januar 2027, 18:00 Uhr"
    # stored in UTC, shown in Europe/Berlin: 23:00 UTC on the 24th is midnight in Berlin
    assert formatting.format_deadline("2027-01-24T23:00:00+00:00", language="de") == (
        "bis einschließlich 24. Januar 2027")


def test_period_and_moment():
    assert formatting.format_moment(berlin(2026, 3, 3, 18, 0), language="de") == "3. März 2026, 18:00 Uhr"
    assert formatting.format_moment(berlin(2026, 3, 3, 0, 0), language="de") == "3. März 2026"
    assert formatting.format_period(berlin(2027, 1, 1), berlin(2027, 2, 1), language="de") == (
        "1. Januar 2027 bis einschließlich 31. Januar 2027")


def test_hyphenate_inserts_soft_hyphens_into_long_words_only():
    text = hyphenate("Digitalisierungsstrategie der Stadt")
    assert text.replace(SOFT_HYPHEN, "") == "Digitalisierungsstrategie der Stadt"
    assert text.split(" ")[0].count(SOFT_HYPHEN) >= 4
    assert "Digi\xadta\xadli\xadsie\xadrungs\xadstra\xadte\xadgie" in text
    assert hyphenate("der Stadt") == "der Stadt"
    html = Template("{% load portal_tags %}{{ title|hyphenate }}").render(Context({"title": "<b>Regelbetrieb</b>"}))
    assert html == "&lt;b&gt;Regel\xadbe\xadtrieb&lt;/b&gt;"  # still escaped


@pytest.mark.parametrize(("address", "masked"), [
    ("mara.muster@example.org", "m\u2022\u2022\u2022@example.org"),
    ("  Carla@Beispiel.de ", "C\u2022\u2022\u2022@Beispiel.de"),
    ("a@b.de", "a\u2022\u2022\u2022@b.de"),
    ("@example.org", "\u2022\u2022\u2022@example.org"),
    ("kein-at-zeichen", "k\u2022\u2022\u2022"),
    ("", ""),
    (None, ""),
])
def test_mask_email_keeps_only_the_first_letter_and_the_domain(address, masked):
    assert formatting.mask_email(address) == masked
