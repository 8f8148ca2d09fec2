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
