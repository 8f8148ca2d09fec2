"""Reading uploaded tables (CSV, XLSX) for the data API: encoding, delimiter, header, typed columns.

Municipal files are messy. This module reads what can be read unambiguously – UTF-8 with or without
BOM or Windows-1252, comma/semicolon/tab/pipe delimiters, decimal commas with or without thousands
points, German and ISO dates, empty trailing columns, short rows – and otherwise returns a German
report naming row, column and problem. The result's schema is a Frictionless Table Schema
(``{"fields": [{"name", "title", "type", "format"?, "decimalChar"?}], "primaryKey": [...]}``).

Reading is two passes over the file in constant memory: ``inspect_table`` infers types and checks
every value; ``iter_typed_rows`` then yields typed rows for loading.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_PROBLEMS = 50  # the report lists at most this many problems
SNIFF_BYTES = 64 * 1024

INT_RE = re.compile(r"^[+-]?\d+$")
DOT_NUMBER_RE = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
COMMA_NUMBER_RE = re.compile(r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$")
ISO_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DE_DATE_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4}$")
ISO_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
DE_DATETIME_RE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{4},? \d{1,2}:\d{2}(:\d{2})?$")
TRUE_VALUES = {"true", "wahr", "ja"}
FALSE_VALUES = {"false", "falsch", "nein"}
TYPE_ORDER = ["integer", "number", "number_comma", "boolean", "date", "date_de", "datetime", "datetime_de"]


class TableError(Exception):
    """The file cannot be read; ``problems`` is the German report."""

    def __init__(self, problems):
        super().__init__("; ".join(p["message"] for p in problems))
        self.problems = problems


def problem(message, *, row=None, column=None):
    return {"row": row, "column": column, "message": message}


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


def inspect_table(fileobj, fmt, *, primary_key=(), personal=()):
    """Read the whole file once: header, types and a check of every value. Raises TableError."""
    dialect = _open(fileobj, fmt)
    try:
        return _inspect(dialect, fileobj, primary_key, personal)
    except UnicodeDecodeError:
        if dialect.encoding != "utf-8-sig":
            raise TableError([problem(_("Die Zeichenkodierung der Datei wurde nicht erkannt."))]) from None
        dialect.encoding = "cp1252"  # UTF-8 broke further down: the file is Windows-1252
        try:
            return _inspect(dialect, fileobj, primary_key, personal)
        except UnicodeDecodeError:
            raise TableError([problem(_("Die Zeichenkodierung der Datei wurde nicht erkannt."))]) from None
    except csv.Error as exc:
        raise TableError([problem(_("Die CSV-Datei ist fehlerhaft: %(error)s") % {"error": exc})]) from None


def _inspect(dialect, fileobj, primary_key, personal):
    rows = dialect.rows(fileobj)
    try:
        titles = _header(next(rows))
    except StopIteration:
        raise TableError([problem(_("Die Datei ist leer."))]) from None
    width = len(titles)
    candidates = [set(TYPE_ORDER) for _t in titles]
    dot_thousands = [False] * width
    seen_values = [0] * width
    problems, warnings = [], []
    short_rows = 0
    count = 0
    for line, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) > width:
            extra = [c for c in row[width:] if c.strip()]
            if extra:
                problems.append(problem(
                    _("Die Zeile hat %(found)s Werte, die Kopfzeile aber nur %(expected)s Spalten.")
                    % {"found": len(row), "expected": width}, row=line,
                ))
                if len(problems) >= MAX_PROBLEMS:
                    break
                continue
        elif len(row) < width:
            short_rows += 1
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
    if short_rows:
        warnings.append(_("%(n)s Zeilen haben weniger Werte als die Kopfzeile; die fehlenden Werte bleiben leer.")
                        % {"n": short_rows})
    # The file's own convention settles "1.234": decimal commas elsewhere make the point a thousands
    # separator; decimal points elsewhere ("1.5") make it a decimal point. Neither or both: ambiguous.
    german = any(seen_values[i] and "number_comma" in c and "number" not in c for i, c in enumerate(candidates))
    english = any(seen_values[i] and "number" in c and "number_comma" not in c and "integer" not in c
                  for i, c in enumerate(candidates))
    taken = set()
    fields = []
    for i, title in enumerate(titles):
        name = column_name(title, taken)
        cands = set(candidates[i]) if seen_values[i] else set()
        ambiguous = dot_thousands[i] and "number" in cands and "number_comma" in cands and "integer" not in cands
        if ambiguous and german != english:
            cands.discard("number" if german else "number_comma")
        spec, warning = _field_for(name, title, cands, dot_thousands[i])
        if warning:
            warnings.append(warning)
        spec["personal"] = name in personal or title in personal
        fields.append(spec)
    inspection = Inspection(dialect=dialect, fields=fields, keep=list(range(width)), row_count=count, warnings=warnings)
    inspection.pk_indexes = _primary_key_indexes(fields, primary_key)
    inspection.primary_key = [fields[i]["name"] for i in inspection.pk_indexes]
    return inspection


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


def iter_typed_rows(fileobj, inspection):
    """Typed rows ``[line number, value, …]`` (schema order, empty cells None) of an inspected file.

    A value that has the shape of its column's type but is not a valid value (31.02.2024) or an empty
    primary key is recorded in ``inspection.problems`` (row, column, message); after the first problem
    no more rows are yielded, but the file is read on to report up to MAX_PROBLEMS problems. Callers
    check ``inspection.problems`` when the iterator is exhausted.
    """
    fields = inspection.fields
    converters = [converter(f) for f in fields]
    width = len(fields)
    pk = set(inspection.pk_indexes)
    problems = inspection.problems
    rows = inspection.dialect.rows(fileobj)
    next(rows)
    for line, row in enumerate(rows, start=2):
        if not any(c.strip() for c in row):
            continue
        out = [line]
        for i in range(width):
            raw = row[i].strip() if i < len(row) else ""
            if not raw:
                if i in pk:
                    problems.append(problem(_("Der Primärschlüssel ist leer."), row=line, column=fields[i]["title"]))
                out.append(None)
            elif converters[i] is None:
                out.append(raw)
            else:
                try:
                    out.append(converters[i](raw))
                except ValueError:
                    problems.append(problem(
                        _("„%(value)s“ ist kein gültiger Wert vom Typ %(type)s.")
                        % {"value": raw[:40], "type": type_label(fields[i])}, row=line, column=fields[i]["title"],
                    ))
                    out.append(None)
        if problems:
            if len(problems) >= MAX_PROBLEMS:
                return
            continue
        yield out


def read_typed(fileobj, fmt, **options):
    """Inspect and read a whole file into memory (tests, small files); raises TableError."""
    inspection = inspect_table(fileobj, fmt, **options)
    rows = list(iter_typed_rows(fileobj, inspection))
    if inspection.problems:
        raise TableError(inspection.problems)
    return inspection, rows
