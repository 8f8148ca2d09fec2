"""The shapes of the demo content: plain records, so the content modules read like tables."""

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

DEMO_NOTE = "Demo-Inhalt: nicht durch eine Quelle belegt."


def sourced(*urls, detail=""):
    """An editorial note that cites sources; ``detail`` says which parts are nevertheless invented."""
    note = "Quelle: " + " · ".join(urls)
    return f"{note}\n{detail}" if detail else note


def one_sentence_per_paragraph(text):
    """Leichte Sprache puts one sentence on each line. In Markdown a single line break does not start a
    new line, so every line becomes a paragraph of its own."""
    return re.sub(r"(?<!\n)\n(?!\n)", "\n\n", text.strip())


@dataclass(frozen=True)
class Org:
    name: str
    kind: str
    description: str
    website: str = ""
    email: str = ""
    note: str = DEMO_NOTE


@dataclass(frozen=True)
class Field:
    number: int
    slug: str
    title: str
    short: str
    status: str
    vision: str
    lead_person: str
    lead_org: str
    colour: str
    easy: str
    note: str
    is_assumption: bool = False

    def __post_init__(self):
        object.__setattr__(self, "easy", one_sentence_per_paragraph(self.easy))


@dataclass(frozen=True)
class Place:
    label: str
    latitude: Decimal
    longitude: Decimal


@dataclass(frozen=True)
class Project:
    field: int
    title: str
    summary: str
    description: str
    citizens: str
    economy: str
    status: str
    start: date | None = None
    end: date | None = None
    budget: Decimal | None = None
    lead: str | None = None
    partners: tuple[tuple[str, str], ...] = ()  # (organisation name, role)
    place: Place | None = None
    milestones: tuple[tuple[str, date, bool], ...] = ()  # (title, due, done)
    updates: tuple[tuple[date, str, str], ...] = ()  # (date, title, text)
    easy: str = ""
    note: str = DEMO_NOTE
    slug: str = ""  # defaults to german_slugify(title)

    def __post_init__(self):
        object.__setattr__(self, "easy", one_sentence_per_paragraph(self.easy))


@dataclass(frozen=True)
class Body:
    name: str
    kind: str
    order: int
    mandate: str
    members: tuple[tuple[str, str | None, str], ...] = ()  # (person, organisation name, role)
    field: int | None = None
    note: str = DEMO_NOTE


@dataclass(frozen=True)
class DecisionSpec:
    body: str
    date: date
    title: str
    text: str
    fields: tuple[int, ...] = ()
    projects: tuple[str, ...] = ()  # project titles
    note: str = DEMO_NOTE


@dataclass(frozen=True)
class News:
    slug: str
    title: str
    date: datetime
    teaser: str
    body: str
    info: tuple[tuple[str, str, str], ...] = ()  # (label, url, text)
    info_title: str = "Info"
    fields: tuple[int, ...] = ()
    projects: tuple[str, ...] = ()  # project titles
    note: str = DEMO_NOTE


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    email: str
    field: int | None = None  # None: programme office; a number: lead of that field
