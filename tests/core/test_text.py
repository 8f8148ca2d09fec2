import pytest

from modellstadt.core.text import german_slugify, plain_text, render_markdown


def test_markdown_subset_is_rendered():
    html = render_markdown("# Titel\n\n**fett** und *kursiv*\n\n- eins\n- zwei\n\n[Link](https://example.org)")
    assert "<h2>Titel</h2>" in html  # headings start below the page's h1
    assert "<strong>fett</strong>" in html and "<em>kursiv</em>" in html
    assert "<li>eins</li>" in html
    assert 'href="https://example.org"' in html and 'rel="noopener noreferrer nofollow"' in html


def test_html_and_script_are_never_executed():
    html = render_markdown('<script>alert(1)</script><img src=x onerror=alert(1)> [x](javascript:alert(1))')
    assert "<script" not in html and "<img" not in html and "href=\"javascript" not in html
    assert "&lt;script&gt;" in html  # shown as text


def test_plain_text_strips_markup():
    assert plain_text("**Ladesäule** am [Bahnhof](https://x.de)") == "Ladesäule am Bahnhof"


def test_german_slugify_keeps_umlauts_readable():
    assert german_slugify("Ladesäulen für Straßen") == "ladesaeulen-fuer-strassen"
    assert german_slugify("!!!") == "eintrag"


def test_person_filter_isolates_a_name_and_escapes_it():
    from modellstadt.core.templatetags.portal_tags import person

    assert person("Anna") == "<bdi>Anna</bdi>"
    assert person("\u202eAnna<script>") == "<bdi>\u202eAnna&lt;script&gt;</bdi>"
    assert person("") == "" and person(None) == ""


@pytest.mark.parametrize("typed, expected", [
    ("Neue\r\nIdee", "Neue Idee"), ("  Titel\n", "Titel"), ("a\u2028b\u2029c", "a b c"),
    ("Tab\there", "Tab here"), ("null\x00byte", "null byte"), ("Straße 5", "Straße 5"),
])
def test_single_line_turns_line_breaks_and_controls_into_one_space(typed, expected):
    from modellstadt.core.text import single_line

    assert single_line(typed) == expected


def test_email_subject_is_one_line_and_short():
    from modellstadt.core.text import email_subject

    assert email_subject("Neu:\r\nBcc: x@example.org") == "Neu: Bcc: x@example.org"
    long = email_subject("Wort " * 100)
    assert len(long) == 200 and long.endswith("…")


def test_single_line_form_field_cleans_before_its_checks():
    from modellstadt.core.forms import SingleLineCharField

    field = SingleLineCharField(max_length=10)
    assert field.clean("  Neue\r\n\r\nIdee ") == "Neue Idee"
    assert field.clean("a\n" * 5) == "a a a a a"  # 9 characters once cleaned
