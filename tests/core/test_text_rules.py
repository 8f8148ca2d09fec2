"""The sanitiser's finer rules: heading levels, empty and long texts, plain text, slugs and unique slugs."""

import pytest
from django.contrib.auth.models import Group
from django.utils.safestring import SafeString

from modellstadt.core.text import CACHED_TEXT_MAX_CHARS, german_slugify, plain_text, render_markdown, unique_slug


def test_headings_start_at_h2_and_stop_at_h4_with_matching_closing_tags():
    html = render_markdown("# Eins\n\n## Zwei\n\n### Drei\n\n#### Vier\n\n###### Sechs")
    assert html == (
        "<h2>Eins</h2>\n<h3>Zwei</h3>\n<h4>Drei</h4>\n<h4>Vier</h4>\n<h4>Sechs</h4>\n"
    )


@pytest.mark.parametrize("empty", ["", None])
def test_empty_text_renders_as_nothing(empty):
    html = render_markdown(empty)
    assert html == "" and isinstance(html, SafeString)


def test_rendered_html_is_marked_safe_and_links_get_rel():
    html = render_markdown("[Rathaus](https://example.org/rathaus)")
    assert isinstance(html, SafeString)
    assert html == ('<p><a href="https://example.org/rathaus" rel="noopener noreferrer nofollow">'
                    "Rathaus</a></p>\n")


def test_disallowed_tags_attributes_and_schemes_are_removed():
    html = render_markdown('[a](ftp://x.de "Titel") <b onclick="x()">fett</b>\n\n---\n\n`code`')
    assert '<a title="Titel" rel="noopener noreferrer nofollow">a</a>' in html  # ftp link loses its href
    assert "<b" not in html and "&lt;b onclick=" in html  # typed HTML is shown as text, never as a tag
    assert "<hr>" in html and "<code>code</code>" in html


def test_long_texts_are_rendered_the_same_way_without_the_cache():
    text = "**fett** " * (CACHED_TEXT_MAX_CHARS // 9 + 10)
    assert len(text) > CACHED_TEXT_MAX_CHARS
    html = render_markdown(text + "\n\n# Titel")
    assert html.count("<strong>fett</strong>") == CACHED_TEXT_MAX_CHARS // 9 + 10
    assert html.endswith("<h2>Titel</h2>\n")


def test_plain_text_collapses_whitespace_and_handles_nothing():
    assert plain_text("Erste  Zeile\n\nZweite\tZeile  ") == "Erste Zeile Zweite Zeile"
    assert plain_text(None) == "" and plain_text("") == ""
    assert plain_text("<script>x</script> & Co") == "&lt;script&gt;x&lt;/script&gt; &amp; Co"


def test_german_slugify_never_ends_in_a_hyphen_when_cut():
    assert german_slugify("Lade säule", max_length=5) == "lade"
    assert german_slugify("Äpfel und Öl", max_length=80) == "aepfel-und-oel"
    assert german_slugify(2030) == "2030"


@pytest.mark.django_db
def test_unique_slug_adds_the_next_free_number():
    assert unique_slug(Group, "Ladesäulen", field="name") == "ladesaeulen"
    Group.objects.create(name="ladesaeulen")
    Group.objects.create(name="ladesaeulen-2")
    Group.objects.create(name="ladesaeulen-nord")  # starts alike, does not block
    assert unique_slug(Group, "Ladesäulen", field="name") == "ladesaeulen-3"
    assert unique_slug(Group, "Ladesäulen", field="name", queryset=Group.objects.none()) == "ladesaeulen"


@pytest.mark.django_db
def test_unique_slug_ignores_the_row_itself_and_leaves_room_for_the_suffix():
    own = Group.objects.create(name="rathaus")
    assert unique_slug(Group, "Rathaus", field="name", instance=own) == "rathaus"
    assert unique_slug(Group, "Rathaus", field="name", instance=Group(name="neu")) == "rathaus-2"
    assert unique_slug(Group, "Rathaus", field="name") == "rathaus-2"
    long = unique_slug(Group, "a" * 200, field="name", max_length=20)
    assert long == "a" * 16  # 4 characters left for "-2", "-10", ...


def test_attributes_outside_the_allow_list_are_removed():
    assert render_markdown("3. drei\n4. vier") == "<ol>\n<li>drei</li>\n<li>vier</li>\n</ol>\n"  # no start="3"
    assert render_markdown("```python\nx = 1\n```") == "<pre><code>x = 1\n</code></pre>\n"  # no class


def test_texts_up_to_the_limit_are_kept_in_the_cache_longer_ones_are_not():
    from modellstadt.core.text import _cached_render_markdown

    render_markdown("a" * CACHED_TEXT_MAX_CHARS)
    assert _cached_render_markdown.cache_info().currsize == 1
    render_markdown("b" * (CACHED_TEXT_MAX_CHARS + 1))
    assert _cached_render_markdown.cache_info().currsize == 1


def test_slugs_are_at_most_80_characters_by_default():
    assert german_slugify("x" * 100) == "x" * 80


@pytest.mark.django_db
def test_unique_slug_uses_the_slug_field_and_leaves_room_for_the_suffix_by_default(portal):
    from tests import factories

    factories.organisation(name="Stadtwerke")
    assert unique_slug(type(factories.organisation(name="Klinikum")), "Stadtwerke") == "stadtwerke-2"
    assert unique_slug(Group, "y" * 200, field="name") == "y" * 76


def test_hyphenate_marks_syllable_breaks_of_long_words_only():
    from modellstadt.core.text import SOFT_HYPHEN, hyphenate

    long_word = hyphenate("Digitalisierungsstrategie")
    assert long_word == SOFT_HYPHEN.join(["Digi", "ta", "li", "sie", "rungs", "stra", "te", "gie"])
    assert hyphenate("Ladepunkte") == f"Lade{SOFT_HYPHEN}punkte"  # ten letters: long enough
    assert hyphenate("Ladesäule") == "Ladesäule"  # nine letters: left whole
    assert hyphenate("Nr. 12345678901 am Hauptbahnhof") == f"Nr. 12345678901 am Haupt{SOFT_HYPHEN}bahn{SOFT_HYPHEN}hof"
    assert hyphenate("") == "" and hyphenate(None) == ""


def test_hyphenate_follows_the_language_and_falls_back_to_german():
    from modellstadt.core.text import SOFT_HYPHEN, hyphenate

    german = hyphenate("Informationstechnology")
    assert german.split(SOFT_HYPHEN) == ["Infor", "ma", "ti", "ons", "tech", "no", "logy"]
    assert hyphenate("Informationstechnology", None) == german
    assert hyphenate("Informationstechnology", "en").split(SOFT_HYPHEN)[:2] == ["Inform", "a"]


def test_email_subject_keeps_200_characters_and_cuts_at_a_word_without_trailing_space():
    from modellstadt.core.text import email_subject

    assert email_subject("a" * 200) == "a" * 200
    cut = email_subject("a" * 198 + " bcd")
    assert cut == "a" * 198 + "…"
    assert len(email_subject("a" * 201)) == 200 and email_subject("a" * 201).endswith("…")


def test_single_line_of_nothing_is_empty():
    from modellstadt.core.text import single_line

    assert single_line(None) == ""
    assert single_line(" Titel\r\n mit\u2028Umbruch ") == "Titel mit Umbruch"
