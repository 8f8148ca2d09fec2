"""Labelled idea files: the shipped starting corpus and any file a city brings.

Format (tab-separated, UTF-8, with a header): ``id``, ``field`` (a cooperation field's slug),
``dup_group`` (empty, or a tag shared by ideas that ask for the same thing), ``title``, ``text``.
"""

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

STARTING_CORPUS = Path(__file__).resolve().parent / "corpus" / "ideen.tsv"
COLUMNS = ("id", "field", "dup_group", "title", "text")


class CorpusError(ValueError):
    pass


@dataclass(frozen=True)
class LabelledIdea:
    id: str
    field: str
    dup_group: str
    title: str
    text: str


def read(path):
    """The rows of a labelled TSV file; raises ``CorpusError`` with a readable message."""
    path = Path(path)
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise CorpusError(f"Datei kann nicht gelesen werden: {path} ({error.strerror})") from error
    with handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_MINIMAL)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CorpusError(f"Spalten fehlen in {path.name}: {', '.join(missing)}")
        rows = []
        for number, row in enumerate(reader, start=2):
            if not (row.get("title") or "").strip() and not (row.get("text") or "").strip():
                continue
            if not (row.get("field") or "").strip():
                raise CorpusError(f"Zeile {number}: Spalte field ist leer.")
            rows.append(LabelledIdea(*((row.get(c) or "").strip() for c in COLUMNS)))
    return rows


@lru_cache(maxsize=1)
def starting_corpus():
    return tuple(read(STARTING_CORPUS))
