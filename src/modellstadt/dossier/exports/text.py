"""The small Markdown subset the portal uses, split into blocks and inline runs for the exports.

Both exports render the same structure: paragraphs (lines joined by line breaks) and bullet items,
each a list of runs ``(text, bold, italic)``. Links keep their text; the address follows in brackets.
"""

import re
from dataclasses import dataclass

_INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\*(?P<italic>[^*\s][^*]*?)\*|\[(?P<text>[^\]]+)\]\((?P<url>[^)\s]+)\)")
_BULLET = re.compile(r"^\s*[-*+]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")
_HEADING = re.compile(r"^\s*#{1,6}\s+")


@dataclass
class Block:
    kind: str  # "p", "li", "h"
    lines: list  # list of lists of runs; one inner list per line


def runs(line):
    """[(text, bold, italic)] of one line of Markdown."""
    result = []
    position = 0
    for match in _INLINE.finditer(line):
        if match.start() > position:
            result.append((line[position:match.start()], False, False))
        if match.group("bold") is not None:
            result.append((match.group("bold"), True, False))
        elif match.group("italic") is not None:
            result.append((match.group("italic"), False, True))
        else:
            text, url = match.group("text"), match.group("url")
            result.append((text if text == url else f"{text} ({url})", False, False))
        position = match.end()
    if position < len(line):
        result.append((line[position:], False, False))
    return result


def blocks(text):
    """Markdown text as a list of Blocks."""
    result = []
    paragraph = []

    def flush():
        if paragraph:
            result.append(Block("p", [runs(line) for line in paragraph]))
            paragraph.clear()

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush()
        elif _BULLET.match(raw) or _NUMBERED.match(raw):
            flush()
            pattern = _BULLET if _BULLET.match(raw) else _NUMBERED
            result.append(Block("li", [runs(pattern.sub("", raw, count=1).strip())]))
        elif _HEADING.match(raw):
            flush()
            result.append(Block("h", [runs(_HEADING.sub("", raw, count=1).strip())]))
        else:
            paragraph.append(line)
    flush()
    return result


def plain(text):
    """The text without Markdown marks, on one line."""
    return " ".join("".join(t for t, _b, _i in line) for block in blocks(text) for line in block.lines)


def format_int(value):
    """12345 -> '12.345' (the exports are German)."""
    from modellstadt.core.formatting import format_number

    return format_number(value, language="de")


def body_heading(body):
    """"Kernteam (Gremium)", but "Steuerkreis" alone when the body's name already says what it is."""
    name, kind = (body.get("name") or "").strip(), (body.get("kind_label") or "").strip()
    if not kind or kind.casefold() in name.casefold():
        return name
    return f"{name} ({kind})"


def running_header(cover):
    """"<call> – <city>", the running header of every page."""
    return " – ".join(v for v in (cover.get("call_title"), cover.get("city")) if v)


def letter_caption(organisation, date_text, signatory=""):
    text = f"Unterstützungsschreiben: {organisation}"
    if date_text:
        text += f", {date_text}"
    if signatory:
        text += f", unterzeichnet von {signatory}"
    return text
