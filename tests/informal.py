"""The platform says "Sie": a check over every German page and every e-mail the tests produce.

``tests/conftest.py`` turns it on for the whole suite (browser journeys included): every HTML response
rendered with German active (``Content-Language: de``) and every e-mail in the test outbox is searched
for the informal address (du, dich, dir, dein…, euch, euer…) as whole words in the visible text.
The test during which such a page or e-mail appeared fails, naming the words and where they stood.
"""

import re
import threading
from html.parser import HTMLParser

INFORMAL = re.compile(
    r"\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|euer|eure|euren|eurem|eurer|eures)\b",
    re.IGNORECASE,
)

_lock = threading.Lock()
_found = []  # (where, words, excerpt): filled by the handler (test client or live server thread)


class _VisibleText(HTMLParser):
    """The text a person reads: no tags, attributes, scripts or styles (``dir="rtl"`` is no "dir")."""

    SKIP = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self._skipping += 1
        for name, value in attrs:  # texts people read in attributes
            if name in {"alt", "title", "placeholder", "aria-label"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.parts.append(data)


def visible_text(html):
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


def informal_words(text):
    """[(word, excerpt)] of every informal form of address in ``text``."""
    return [
        (m.group(0), " ".join(text[max(0, m.start() - 60): m.end() + 60].split()))
        for m in INFORMAL.finditer(text)
    ]


def record_response(request, response):
    """Called for every response (test client and live server); keeps German HTML with "du"."""
    if getattr(response, "streaming", False):
        return
    if "text/html" not in response.get("Content-Type", ""):
        return
    if not response.get("Content-Language", "de").startswith("de"):
        return
    try:
        html = response.content.decode(response.charset or "utf-8", errors="replace")
    except Exception:  # noqa: BLE001 - a response without content is nothing to check
        return
    hits = informal_words(visible_text(html))
    if hits:
        with _lock:
            _found.append((f"{request.method} {request.get_full_path()}", hits))


def record_mail(message):
    texts = [message.subject or "", message.body or ""]
    for content, mimetype in getattr(message, "alternatives", []) or []:
        texts.append(visible_text(content) if "html" in mimetype else content)
    hits = [hit for text in texts for hit in informal_words(text)]
    if hits:
        with _lock:
            _found.append((f"E-Mail an {', '.join(message.to)}: {message.subject}", hits))


def take_findings():
    with _lock:
        found = list(_found)
        _found.clear()
    return found


def report(found):
    lines = ["Informelle Anrede („du“) gefunden – die Plattform sagt „Sie“:"]
    for where, hits in found:
        for word, excerpt in hits[:5]:
            lines.append(f"  {where}: „{word}“ in …{excerpt}…")
    return "\n".join(lines)
