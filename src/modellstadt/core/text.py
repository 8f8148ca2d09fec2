"""The one way text written by people becomes HTML.

Editors and citizens type a small Markdown subset; it is stored as typed and rendered here with
markdown-it-py (CommonMark, raw HTML disabled) and then cleaned by nh3 (an allow-list HTML
sanitiser). Templates use the ``markdown`` filter from ``core_tags``; nothing typed by a person
reaches a template through ``|safe``.
"""

import functools
import re

import nh3
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False, "typographer": False}).disable("image")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote", "code", "pre",
    "h2", "h3", "h4", "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def _demote_headings(html):
    # A page has one h1 (its title); headings typed in Markdown start at h2.
    def shift(match):
        level = min(int(match.group(2)) + 1, 4)
        return f"<{match.group(1)}h{level}>"

    return re.sub(r"<(/?)h([1-6])>", shift, html)


def render_markdown(text):
    """Render Markdown typed by a person into safe HTML."""
    if not text:
        return mark_safe("")
    text = str(text)
    if len(text) > CACHED_TEXT_MAX_CHARS:
        return _render_markdown(text)
    return _cached_render_markdown(text)


# Rendering is a pure function of the text, and a project page renders ~30 texts (≈ 0.2 ms each).
# Kept per process for the most recent texts up to 16,000 characters (at most ~2,048 × 2 × 16 kB);
# a changed text is a new key, so nothing stale is ever served.
CACHED_TEXT_MAX_CHARS = 16_000


def _render_markdown(text):
    html = _demote_headings(_md.render(text))
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # noqa: S308 - cleaned by nh3 above


_cached_render_markdown = functools.lru_cache(maxsize=2048)(_render_markdown)


def plain_text(text):
    """Markdown reduced to plain text (for feeds, search snippets and meta descriptions)."""
    html = _md.render(str(text or ""))
    return re.sub(r"\s+", " ", nh3.clean(html, tags=set())).strip()


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def german_slugify(value, max_length=80):
    """A readable ASCII slug from German text: "Ladesäulen für Stadtteile" -> "ladesaeulen-fuer-stadtteile"."""
    slug = slugify(str(value).translate(_UMLAUTS))[:max_length].strip("-")
    return slug or "eintrag"


def unique_slug(model, value, *, instance=None, field="slug", max_length=80, queryset=None):
    """A german_slugify'd slug that no other row of ``model`` uses (suffix -2, -3, ...)."""
    base = german_slugify(value, max_length=max_length - 4)
    qs = queryset if queryset is not None else model._default_manager.all()
    if instance is not None and instance.pk:
        qs = qs.exclude(pk=instance.pk)
    taken = set(qs.filter(**{f"{field}__startswith": base}).values_list(field, flat=True))
    candidate, n = base, 2
    while candidate in taken:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


# --- hyphenation -------------------------------------------------------------------------------------

SOFT_HYPHEN = "\u00ad"
HYPHENATE_MIN_LENGTH = 10
_WORD = re.compile(rf"[^\W\d_]{{{HYPHENATE_MIN_LENGTH},}}")


@functools.lru_cache(maxsize=8)
def _dictionary(language):
    import pyphen

    return pyphen.Pyphen(lang=pyphen.language_fallback(language.replace("-", "_")) or "de_DE", left=3, right=3)


@functools.lru_cache(maxsize=4096)
def _hyphenated_word(word, language):
    return _dictionary(language).inserted(word, hyphen=SOFT_HYPHEN)


def hyphenate(text, language="de"):
    """``text`` with soft hyphens (U+00AD) at the syllable breaks of its words of 10 letters or more
    (pyphen's LibreOffice dictionaries). Plain text in, plain text out: the result is escaped like
    any other text, and a browser shows a hyphen only where it breaks the line."""
    if not text:
        return "" if text is None else text
    language = language or "de"
    return _WORD.sub(lambda match: _hyphenated_word(match.group(0), language), str(text))
# Line breaks of every kind (CR, LF, vertical tab, form feed, NEL, Unicode line and paragraph
# separators) and the other C0/C1 control characters. A single-line value (a title, a name, an e-mail
# subject) must hold none of them: a CR/LF in an e-mail header is refused by Django (BadHeaderError).
LINE_BREAKS_AND_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
_SPACES = re.compile(r"\s+")


def single_line(value):
    """``value`` as one line: line breaks and control characters become a space, runs of white space
    one space, no white space at the ends. For titles, names and e-mail subjects."""
    if value is None:
        return ""
    text = LINE_BREAKS_AND_CONTROLS.sub(" ", str(value))
    return _SPACES.sub(" ", text).strip()


def email_subject(value, max_length=200):
    """A subject line Django can send: one line (a CR/LF would raise BadHeaderError and the mail
    would fail on every retry), shortened with an ellipsis."""
    text = single_line(value)
    return text if len(text) <= max_length else text[: max_length - 1].rstrip() + "…"
