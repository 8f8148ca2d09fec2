"""Reading uploaded tables (CSV, XLSX) for the data API: encoding, delimiter, header, typed columns.

Municipal files are messy. This module reads what can be read unambiguously – UTF-8 with or without
BOM or Windows-1252, comma/semicolon/tab/pipe delimiters, decimal commas with or without thousands
points, German and ISO dates, empty trailing columns, short rows – and otherwise returns a German
report naming row, column and problem. The result's schema is a Frictionless Table Schema
(``{"fields": [{"name", "title", "type", "format"?, "decimalChar"?}], "primaryKey": [...]}``).

Reading is fast for large files and in constant memory: ``inspect_table`` infers the column types from
the first ``SAMPLE_ROWS`` rows; ``iter_chunks`` then reads the whole file once in chunks of text
columns, checks the shape of every value of the rest against its column's type with one regular
expression per column and chunk, and reports ragged rows and empty primary keys. A value of another
shape after the sample raises ``Resample``: the caller reads the whole file for the types (the result
is then exactly that of a full inference). ``canonical_columns`` turns a chunk into ISO dates, dot
decimals and true/false that the database parses (PostgreSQL loads it with COPY); ``check_values``
converts a chunk with Python and names row, column and problem of every value that is not valid
(31.02.2024), for SQLite and for a chunk the database refused.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from operator import itemgetter

from django.utils.translation import gettext as _

MAX_PROBLEMS = 50  # the report lists at most this many problems
SNIFF_BYTES = 64 * 1024
SAMPLE_ROWS = 10_000  # the column types are inferred from this many rows, then checked on the rest
CHUNK_ROWS = 20_000  # rows read, checked and loaded at a time

# The shapes of the values of each type (one value, stripped). Inference matches single values; the
# check of the rows after the sample matches a whole column of a chunk joined by newlines at once.
INT = r"[+-]?\d+"
DOT_NUMBER = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
COMMA_NUMBER = r"[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?"
ISO_DATE = r"\d{4}-\d{2}-\d{2}"
DE_DATE = r"\d{1,2}\.\d{1,2}\.\d{4}"
ISO_TIME = r"[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?"
DE_TIME = r",? \d{1,2}:\d{2}(?::\d{2})?"
INT_RE = re.compile(rf"^{INT}$")
DOT_NUMBER_RE = re.compile(rf"^{DOT_NUMBER}$")
COMMA_NUMBER_RE = re.compile(rf"^{COMMA_NUMBER}$")
ISO_DATE_RE = re.compile(rf"^{ISO_DATE}$")
DE_DATE_RE = re.compile(rf"^{DE_DATE}$")
ISO_DATETIME_RE = re.compile(rf"^{ISO_DATE}{ISO_TIME}$")
DE_DATETIME_RE = re.compile(rf"^{DE_DATE}{DE_TIME}$")
TRUE_VALUES = {"true", "wahr", "ja"}
FALSE_VALUES = {"false", "falsch", "nein"}
TYPE_ORDER = ["integer", "number", "number_comma", "boolean", "date", "date_de", "datetime", "datetime_de"]
# every value of a column of this kind has this shape (``_candidates`` gives the kind for each of them)
KIND_SHAPES = {
    "integer": INT, "number": DOT_NUMBER, "number_comma": COMMA_NUMBER, "date": ISO_DATE, "date_de": DE_DATE,
    "datetime": rf"{ISO_DATE}(?:{ISO_TIME})?", "datetime_de": rf"{DE_DATE}(?:{DE_TIME})?",
}
COLUMN_SHAPES = {kind: re.compile(rf"(?:{shape})?(?:\n(?:{shape})?)*") for kind, shape in KIND_SHAPES.items()}
BOOLEAN_TEXT = {**dict.fromkeys(TRUE_VALUES, "true"), **dict.fromkeys(FALSE_VALUES, "false"), "": ""}
# times that Python rejects but PostgreSQL reads (24:00, second 60): such chunks are checked with Python
LENIENT_TIMES = (" 24:", "T24:", ":60")


class Resample(Exception):
    """A value after the sample does not have the shape of its column's type (or UTF-8 broke after
    the sample): the types must be inferred from the whole file."""


class TableError(Exception):
    """The file cannot be read; ``problems`` is the German report."""

    def __init__(self, problems):
        super().__init__("; ".join(p["message"] for p in problems))
        self.problems = problems


def problem(message, *, row=None, column=None):
    return {"row": row, "column": column, "message": message}


def _too_wide(row, width, line):
    """The problem of a row with values beyond the header's columns (empty trailing cells are fine)."""
    if "".join(row[width:]).strip():
        return problem(
            _("Die Zeile hat %(found)s Werte, die Kopfzeile aber nur %(expected)s Spalten.")
            % {"found": len(row), "expected": width}, row=line,
        )
    return None


def column_name(title, taken):
    """A safe SQL/API identifier from a header: lower-case ASCII, digits and underscores, unique."""
    text = title.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = text.replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")[:50] or "spalte"
    if text[0].isdigit() or text.startswith("_"):
        text = "c_" + text
    base, n = text, 2
    while text in taken:
        text, n = f"{base}_{n}", n + 1
    taken.add(text)
    return text


# --- opening a file as rows of strings -------------------------------------------------------------


def _detect_delimiter(sample):
    first_line = sample.split("\n", 1)[0]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: first_line.count(d) for d in ",;\t|"}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _csv_rows(fileobj, encoding, delimiter):
    fileobj.seek(0)
    text = io.TextIOWrapper(fileobj, encoding=encoding, errors="strict", newline="")
    try:
        yield from csv.reader(text, delimiter=delimiter)
    finally:
        text.detach()


def _xlsx_rows(fileobj):
    from openpyxl import load_workbook

    fileobj.seek(0)
    workbook = load_workbook(fileobj, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield ["" if v is None else _cell_text(v) for v in row]
    finally:
        workbook.close()


def _cell_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time(0) else value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass
class Dialect:
    format: str
    encoding: str = "utf-8-sig"
    delimiter: str = ","

    def rows(self, fileobj):
        if self.format == "XLSX":
            return _xlsx_rows(fileobj)
        return _csv_rows(fileobj, self.encoding, self.delimiter)


def _open(fileobj, fmt):
    """Find the encoding and delimiter; returns a Dialect. Raises TableError if neither fits."""
    if fmt == "XLSX":
        fileobj.seek(0)
        if fileobj.read(4) != b"PK\x03\x04":
            raise TableError([problem(_("Die Datei ist keine XLSX-Arbeitsmappe."))])
        return Dialect("XLSX")
    fileobj.seek(0)
    head = fileobj.read(SNIFF_BYTES)
    if b"\x00" in head:
        raise TableError([problem(_("Die Datei ist keine Textdatei (CSV), sie enthält Binärdaten."))])
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            sample = head.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and exc.start >= len(head) - 3:
                sample = head[: exc.start].decode(encoding)  # a character cut at the sample's end
            else:
                continue
        return Dialect("CSV", encoding, _detect_delimiter(sample.replace("\r\n", "\n")))
    raise TableError([problem(
        _("Die Zeichenkodierung der Datei wurde nicht erkannt (erwartet: UTF-8 oder Windows-1252).")
    )])


# --- inspecting: header, types, every value -------------------------------------------------------


@dataclass
class Inspection:
    dialect: Dialect
    fields: list
    keep: list  # indexes of the file's columns that are kept
    row_count: int = 0
    warnings: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # filled while the typed rows are read
    primary_key: list = field(default_factory=list)
    pk_indexes: list = field(default_factory=list)
    sampled: bool = False  # the types come from the first SAMPLE_ROWS rows and are checked on the rest
    kinds: list = field(default_factory=list)  # per field: inferred kind, "empty" (no value seen) or None

    @property
    def schema(self):
        return {"fields": self.fields}


def _header(raw):
    """Drop empty trailing header cells; every other column needs a title."""
    cells = [c.strip() for c in raw]
    while cells and not cells[-1]:
        cells.pop()
    if not cells:
        raise TableError([problem(_("Die erste Zeile muss die Spaltenüberschriften enthalten."), row=1)])
    problems = [
        problem(_("Die Spalte hat keine Überschrift."), row=1, column=str(i + 1)) for i, c in enumerate(cells) if not c
    ]
    if problems:
        raise TableError(problems)
    return cells


def _candidates(value):
    lower = value.lower()
    found = set()
    if INT_RE.match(value):
        found |= {"integer", "number", "number_comma"}
    else:
        if DOT_NUMBER_RE.match(value):
            found.add("number")
        if COMMA_NUMBER_RE.match(value):
            found.add("number_comma")
    if lower in TRUE_VALUES or lower in FALSE_VALUES:
        found.add("boolean")
    if ISO_DATE_RE.match(value):
        found |= {"date", "datetime"}
    elif DE_DATE_RE.match(value):
        found |= {"date_de", "datetime_de"}
    elif ISO_DATETIME_RE.match(value):
        found.add("datetime")
    elif DE_DATETIME_RE.match(value):
        found.add("datetime_de")
    return found


def _field_for(name, title, candidates, has_dot_thousands):
    """The Table Schema field for the surviving type candidates of a column (None = ambiguous)."""
    kinds = [k for k in TYPE_ORDER if k in candidates]
    if not kinds:
        return {"name": name, "title": title, "type": "string"}, None
    kind = kinds[0]
    if kind == "number" and "number_comma" in candidates and has_dot_thousands:
        # "1.234" may be one thousand two hundred thirty-four or one point two three four: keep as text
        return {"name": name, "title": title, "type": "string"}, _(
            "In der Spalte „%(title)s“ ist nicht eindeutig, ob der Punkt Dezimal- oder Tausendertrennzeichen ist; "
            "sie wird als Text geladen."
        ) % {"title": title}
    mapping = {
        "integer": {"type": "integer"},
        "number": {"type": "number"},
        "number_comma": {"type": "number", "decimalChar": ",", "groupChar": "."},
        "boolean": {"type": "boolean", "trueValues": sorted(TRUE_VALUES), "falseValues": sorted(FALSE_VALUES)},
        "date": {"type": "date"},
        "date_de": {"type": "date", "format": "%d.%m.%Y"},
        "datetime": {"type": "datetime"},
        "datetime_de": {"type": "datetime", "format": "%d.%m.%Y %H:%M"},
    }
    return {"name": name, "title": title, **mapping[kind]}, None


def inspect_table(fileobj, fmt, *, primary_key=(), personal=(), whole_file=False):
    """Header and column types from the first SAMPLE_ROWS rows (``whole_file``: from every row). Raises TableError."""
    sample_rows = None if whole_file else SAMPLE_ROWS
    dialect = _open(fileobj, fmt)
    try:
        return _inspect(dialect, fileobj, primary_key, personal, sample_rows)
    except UnicodeDecodeError:
        if dialect.encoding != "utf-8-sig":
            raise TableError([problem(_("Die Zeichenkodierung der Datei wurde nicht erkannt."))]) from None
        dialect.encoding = "cp1252"  # UTF-8 broke further down: the file is Windows-1252
        try:
            return _inspect(dialect, fileobj, primary_key, personal, sample_rows)
        except UnicodeDecodeError:
            raise TableError([problem(_("Die Zeichenkodierung der Datei wurde nicht erkannt."))]) from None
    except csv.Error as exc:
        raise TableError([problem(_("Die CSV-Datei ist fehlerhaft: %(error)s") % {"error": exc})]) from None


def _inspect(dialect, fileobj, primary_key, personal, sample_rows):
    rows = dialect.rows(fileobj)
    try:
        return _infer(rows, dialect, fileobj, primary_key, personal, sample_rows)
    finally:
        rows.close()  # the sample may end before the file


def _infer(rows, dialect, fileobj, primary_key, personal, sample_rows):
    try:
        titles = _header(next(rows))
    except StopIteration:
        raise TableError([problem(_("Die Datei ist leer."))]) from None
    width = len(titles)
    candidates = [set(TYPE_ORDER) for _t in titles]
    dot_thousands = [False] * width
    seen_values = [0] * width
    problems, warnings = [], []
    count = 0
    sampled = False
    for line, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if sample_rows is not None and count >= sample_rows:
            sampled = True
            break
        if len(row) > width:
            too_wide = _too_wide(row, width, line)
            if too_wide:
                problems.append(too_wide)
                if len(problems) >= MAX_PROBLEMS:
                    break
                continue
        count += 1
        for i in range(min(width, len(row))):
            value = row[i].strip()
            if not value:
                continue
            seen_values[i] += 1
            cands = candidates[i]
            if cands:
                cands &= _candidates(value)
                if "." in value and "number_comma" in cands and "," not in value:
                    dot_thousands[i] = True
    if problems:
        raise TableError(problems)
    if count == 0:
        raise TableError([problem(_("Die Datei enthält keine Datenzeilen."), row=2)])
    # The file's own convention settles "1.234": decimal commas elsewhere make the point a thousands
    # separator; decimal points elsewhere ("1.5") make it a decimal point. Neither or both: ambiguous.
    german = any(seen_values[i] and "number_comma" in c and "number" not in c for i, c in enumerate(candidates))
    english = any(seen_values[i] and "number" in c and "number_comma" not in c and "integer" not in c
                  for i, c in enumerate(candidates))
    taken = set()
    fields, kinds = [], []
    for i, title in enumerate(titles):
        name = column_name(title, taken)
        cands = set(candidates[i]) if seen_values[i] else set()
        ambiguous = dot_thousands[i] and "number" in cands and "number_comma" in cands and "integer" not in cands
        if ambiguous and sampled:
            # "1.234" is settled by the whole file's convention, which the sample cannot know
            return _inspect(dialect, fileobj, primary_key, personal, None)
        if ambiguous and german != english:
            cands.discard("number" if german else "number_comma")
        spec, warning = _field_for(name, title, cands, dot_thousands[i])
        if warning:
            warnings.append(warning)
        spec["personal"] = name in personal or title in personal
        fields.append(spec)
        kinds.append(_kind(spec) if seen_values[i] else "empty")
    inspection = Inspection(dialect=dialect, fields=fields, keep=list(range(width)), row_count=count, warnings=warnings,
                            sampled=sampled, kinds=kinds)
    inspection.pk_indexes = _primary_key_indexes(fields, primary_key)
    inspection.primary_key = [fields[i]["name"] for i in inspection.pk_indexes]
    return inspection


def _kind(spec):
    """The kind of values of a field (as in TYPE_ORDER); None for text."""
    kind = spec["type"]
    if kind == "number" and spec.get("decimalChar") == ",":
        return "number_comma"
    if kind in ("date", "datetime") and spec.get("format"):
        return kind + "_de"
    return None if kind == "string" else kind


def _primary_key_indexes(fields, primary_key):
    indexes = []
    for key in primary_key:
        for i, f in enumerate(fields):
            if key in (f["name"], f["title"]):
                indexes.append(i)
                break
        else:
            raise TableError([problem(_("Die Spalte „%(key)s“ für den Primärschlüssel gibt es nicht.") % {"key": key})])
    return indexes


def type_label(spec):
    return {
        "integer": _("ganze Zahl"), "number": _("Zahl"), "boolean": _("Ja/Nein"), "date": _("Datum"),
        "datetime": _("Zeitpunkt"), "string": _("Text"),
    }.get(spec["type"], spec["type"])


# --- converting values -----------------------------------------------------------------------------


def _to_bool(value):
    lower = value.lower()
    if lower in TRUE_VALUES:
        return True
    if lower in FALSE_VALUES:
        return False
    raise ValueError(value)


def _to_comma_number(value):
    return float(value.replace(".", "").replace(",", "."))


def _to_de_date(value):
    day, month, year = value.split(".")
    return datetime.date(int(year), int(month), int(day))


def _to_de_datetime(value):
    date_part, time_part = value.replace(",", "").split(" ", 1)
    parts = [int(p) for p in time_part.split(":")]
    return datetime.datetime.combine(_to_de_date(date_part), datetime.time(*parts))


def _to_iso_datetime(value):
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))


def converter(spec):
    """value (stripped, non-empty string) -> Python value for a Table Schema field; None = keep text."""
    kind = spec["type"]
    if kind == "integer":
        return int
    if kind == "number":
        return _to_comma_number if spec.get("decimalChar") == "," else float
    if kind == "boolean":
        return _to_bool
    if kind == "date":
        return _to_de_date if spec.get("format") == "%d.%m.%Y" else datetime.date.fromisoformat
    if kind == "datetime":
        return _to_de_datetime if spec.get("format") else _to_iso_datetime
    return None


def api_converter(spec):
    """Parse a value given in the API (canonical forms: ISO dates, dot decimals, true/false)."""
    kind = spec["type"]
    if kind == "integer":
        return int
    if kind == "number":
        return float
    if kind == "boolean":
        return _to_bool
    if kind == "date":
        return datetime.date.fromisoformat
    if kind == "datetime":
        return _to_iso_datetime
    return str


@dataclass
class Chunk:
    """Rows of a file as columns of stripped text ("" = empty), with each row's line in the file."""

    lines: list
    columns: list

    def __len__(self):
        return len(self.lines)


def iter_chunks(fileobj, inspection, size=None):
    """The data rows of an inspected file, read once, as Chunks of at most ``size`` rows.

    Blank rows are skipped, short rows filled with empty values. Rows with more values than the header,
    empty primary keys and values that Python rejects in a column whose text PostgreSQL would read
    (24:00) are recorded in ``inspection.problems`` with row and column; after the first problem no more
    chunks are yielded, but the file is read on and every value converted to report up to MAX_PROBLEMS
    problems. Raises Resample if the types inferred from the sample do not fit a later value. When the
    iterator is exhausted, ``row_count`` and ``warnings`` are complete; callers check ``problems``.
    """
    size = size or CHUNK_ROWS
    rows = inspection.dialect.rows(fileobj)
    try:
        yield from _read_chunks(rows, inspection, size)
    finally:
        rows.close()


def _read_chunks(rows, inspection, size):
    problems = inspection.problems
    width = len(inspection.fields)
    pad = [""] * width
    count = short_rows = 0
    pending, lines = [], []
    try:
        next(rows)
        for line, row in enumerate(rows, start=2):
            if len(row) != width:
                if not "".join(row).strip():
                    continue
                if len(row) > width:
                    too_wide = _too_wide(row, width, line)
                    if too_wide:
                        problems.append(too_wide)
                        if len(problems) >= MAX_PROBLEMS:
                            break
                        continue
                    row = row[:width]
                else:
                    short_rows += 1
                    row = row + pad[len(row):]
            elif not (row[0].strip() or "".join(row).strip()):
                continue
            pending.append(row)
            lines.append(line)
            if len(pending) >= size:
                count += len(pending)
                chunk = _checked_chunk(pending, lines, inspection)
                pending, lines = [], []
                if chunk is not None:
                    yield chunk
                if len(problems) >= MAX_PROBLEMS:
                    break
        else:
            if pending:
                count += len(pending)
                chunk = _checked_chunk(pending, lines, inspection)
                if chunk is not None:
                    yield chunk
    except UnicodeDecodeError:
        if inspection.sampled and inspection.dialect.encoding == "utf-8-sig":
            raise Resample() from None  # UTF-8 broke after the sample: the file is Windows-1252
        raise
    except csv.Error as exc:
        problems.append(problem(_("Die CSV-Datei ist fehlerhaft: %(error)s") % {"error": exc}))
    problems.sort(key=lambda p: p["row"] or 0)
    del problems[MAX_PROBLEMS:]
    inspection.row_count = count
    if short_rows:
        inspection.warnings.append(_(
            "%(n)s Zeilen haben weniger Werte als die Kopfzeile; die fehlenden Werte bleiben leer."
        ) % {"n": short_rows})


def _checked_chunk(rows, lines, inspection):
    """A Chunk of the rows, or None if it has problems (then recorded with every bad value)."""
    columns = [list(map(str.strip, map(itemgetter(i), rows))) for i in range(len(inspection.fields))]
    chunk = Chunk(lines, columns)
    if inspection.sampled:
        _check_shapes(chunk, inspection)
    problems = inspection.problems
    for i in inspection.pk_indexes:
        if "" in columns[i]:
            title = inspection.fields[i]["title"]
            problems.extend(problem(_("Der Primärschlüssel ist leer."), row=lines[n], column=title)
                            for n, value in enumerate(columns[i]) if not value)
    if problems:
        check_values(chunk, inspection)
        return None
    lenient = [i for i, kind in enumerate(inspection.kinds) if kind in ("datetime", "datetime_de")
               and any(t in joined for joined in ["\n".join(columns[i])] for t in LENIENT_TIMES)]
    if lenient and check_values(chunk, inspection, lenient) is None:
        return None
    return chunk


def _check_shapes(chunk, inspection):
    """Raise Resample if a value does not have the shape of the type inferred from the sample."""
    for i, kind in enumerate(inspection.kinds):
        column = chunk.columns[i]
        if kind is None:
            continue
        if kind == "empty":
            fits = not any(column)
        elif kind == "boolean":
            fits = set("\n".join(column).lower().split("\n")) <= BOOLEAN_TEXT.keys()
        else:
            joined = "\n".join(column)
            fits = joined.count("\n") == len(column) - 1 and COLUMN_SHAPES[kind].fullmatch(joined) is not None
        if not fits:
            raise Resample()


def canonical_columns(chunk, inspection):
    """The chunk's columns as text PostgreSQL parses with ``DateStyle`` "ISO, DMY": dot decimals without
    thousands separators, true/false, ISO or day-first dates (31.12.2023 10:00); "" stays empty. Text
    columns are returned as they are. One string operation per column and chunk, not one per value."""
    out = []
    for kind, column in zip(inspection.kinds, chunk.columns, strict=True):
        if kind in (None, "empty", "integer", "number", "date", "datetime", "date_de"):
            out.append(column)
            continue
        joined = "\n".join(column)
        if kind == "number_comma":
            joined = joined.replace(".", "").replace(",", ".")
        elif kind == "boolean":
            joined = joined.lower()
        elif kind == "datetime_de":
            joined = joined.replace(",", "")  # 31.12.2023, 10:00
        values = joined.split("\n")
        if kind == "boolean":
            values = [BOOLEAN_TEXT[v] for v in values]
        out.append(values)
    return out


def check_values(chunk, inspection, indexes=None):
    """Convert the chunk's values (of the columns ``indexes``, default all) with Python and record each
    one that is not a valid value of its type. Returns the typed rows ``[line, value, …]``, or None
    if a value was recorded."""
    fields = inspection.fields
    problems = inspection.problems
    before = len(problems)
    indexes = range(len(fields)) if indexes is None else indexes
    typed = []
    for i in indexes:
        convert = converter(fields[i])
        column = chunk.columns[i]
        if convert is None:
            typed.append([v or None for v in column])
            continue
        values = []
        for n, raw in enumerate(column):
            if not raw:
                values.append(None)
                continue
            try:
                values.append(convert(raw))
            except ValueError:
                values.append(None)
                problems.append(problem(
                    _("„%(value)s“ ist kein gültiger Wert vom Typ %(type)s.")
                    % {"value": raw[:40], "type": type_label(fields[i])}, row=chunk.lines[n], column=fields[i]["title"],
                ))
        typed.append(values)
    if len(problems) > before:
        return None
    return [list(row) for row in zip(chunk.lines, *typed, strict=True)]


def refused(inspection, chunk, position=None):
    """The database refused a value of the chunk: record every bad value; if Python takes them all,
    name the one the database named (``position``: line in the chunk from 1, column name)."""
    if check_values(chunk, inspection) is not None:
        fields = inspection.fields
        if position is not None and 1 <= position[0] <= len(chunk) and position[1] in [f["name"] for f in fields]:
            i = [f["name"] for f in fields].index(position[1])
            inspection.problems.append(problem(
                _("„%(value)s“ ist kein gültiger Wert vom Typ %(type)s.")
                % {"value": chunk.columns[i][position[0] - 1][:40], "type": type_label(fields[i])},
                row=chunk.lines[position[0] - 1], column=fields[i]["title"],
            ))
        else:
            inspection.problems.append(problem(
                _("Die Zeilen %(first)s bis %(last)s enthalten einen Wert, den die Datenbank nicht annimmt.")
                % {"first": chunk.lines[0], "last": chunk.lines[-1]}, row=chunk.lines[0],
            ))


def iter_typed_rows(fileobj, inspection):
    """Typed rows ``[line number, value, …]`` (schema order, empty cells None) of an inspected file;
    problems as in ``iter_chunks``."""
    for chunk in iter_chunks(fileobj, inspection):
        rows = check_values(chunk, inspection)
        if rows is not None:
            yield from rows


def read_typed(fileobj, fmt, **options):
    """Inspect and read a whole file into memory (tests, small files); raises TableError."""
    inspection = inspect_table(fileobj, fmt, **options)
    try:
        rows = list(iter_typed_rows(fileobj, inspection))
    except Resample:
        inspection = inspect_table(fileobj, fmt, **options, whole_file=True)
        rows = list(iter_typed_rows(fileobj, inspection))
    if inspection.problems:
        raise TableError(inspection.problems)
    return inspection, rows
