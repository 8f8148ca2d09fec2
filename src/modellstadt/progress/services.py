"""Writes of the progress app: indicator values (by hand, CSV import, computed), summaries, reports."""

import csv
import datetime
import hashlib
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from modellstadt.progress import sources
from modellstadt.progress.models import Indicator, IndicatorValue, ValueOrigin
from modellstadt.progress.status import evaluate

SERIES_POINTS = 60
IMPORT_MAX_ROWS = 50_000
IMPORT_MAX_BYTES = 5 * 1024 * 1024


class ProgressError(ValidationError):
    """A rule of the progress app was broken; the message is German and names the form field."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.field = field


class ImportFailed(ProgressError):
    """The CSV file had bad rows; nothing was imported. ``row_errors`` lists "Zeile n: …" messages."""

    def __init__(self, row_errors):
        super().__init__(_("Die Datei wurde nicht importiert, weil %(n)d Zeilen fehlerhaft sind.")
                         % {"n": len(row_errors)}, field="file")
        self.row_errors = row_errors


# --- parsing ------------------------------------------------------------------------------------------


def parse_number(text):
    """A number as people type it: "1.234,5", "1234,5", "1234.5", "1 234"; with both separators the last
    one is the decimal mark; a dot followed by groups of three digits only ("1.000") groups thousands."""
    cleaned = str(text).replace("\u00a0", "").replace(" ", "").strip()
    if "," in cleaned and "." in cleaned:
        if cleaned.rfind(".") > cleaned.rfind(","):
            cleaned = cleaned.replace(",", "")
        else:
            cleaned = cleaned.replace(".", "").replace(",", ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif re.fullmatch(r"-?\d{1,3}(\.\d{3})+", cleaned):
        cleaned = cleaned.replace(".", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(text) from error


def parse_date(text):
    """"2024-03-31", "31.03.2024", "03/2024" or "2024" (month and year mean their last day)."""
    text = str(text).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    match = re.fullmatch(r"(\d{1,2})[/.](\d{4})", text)
    if match:
        month, year = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
            return first_next - datetime.timedelta(days=1)
    if re.fullmatch(r"\d{4}", text):
        return datetime.date(int(text), 12, 31)
    raise ValueError(text)


YES = {"ja", "j", "yes", "y", "1", "x", "wahr", "true", "vorläufig", "vorlaeufig"}
NO = {"", "nein", "n", "no", "0", "falsch", "false", "endgültig", "bestätigt"}


# --- values -------------------------------------------------------------------------------------------


def _check_value(value, date):
    if date is None:
        raise ProgressError(_("Bitte geben Sie den Stichtag an."), field="date")
    if date > datetime.date.today() + datetime.timedelta(days=1):
        raise ProgressError(_("Der Stichtag darf nicht in der Zukunft liegen."), field="date")
    if value is None:
        raise ProgressError(_("Bitte geben Sie den Wert an."), field="value")
    if abs(value) >= Decimal("1e14"):
        raise ProgressError(_("Der Wert ist zu groß."), field="value")


@transaction.atomic
def record_value(*, indicator, date, value, user=None, origin=ValueOrigin.MANUAL, source_note="", provisional=False):
    """Record (or correct) the indicator's value for a date and refresh its status."""
    value = Decimal(value)
    _check_value(value, date)
    row, _created = IndicatorValue.objects.update_or_create(
        indicator=indicator, date=date,
        defaults={"value": value, "origin": origin, "source_note": source_note.strip()[:300],
                  "provisional": provisional, "recorded_by": user},
    )
    refresh_indicator(indicator)
    return row


@transaction.atomic
def delete_value(*, value):
    indicator = value.indicator
    value.delete()
    refresh_indicator(indicator)


def _sample(points, limit=SERIES_POINTS):
    if len(points) <= limit:
        return points
    step = len(points) / limit
    picked = [points[int(i * step)] for i in range(limit - 1)]
    return picked + [points[-1]]


def refresh_indicator(indicator):
    """Recompute the indicator's summary columns from its values and targets (two queries, one update)."""
    values = list(IndicatorValue.objects.filter(indicator=indicator).order_by("date").values_list("date", "value"))
    targets = list(indicator.targets.order_by("date").values_list("date", "value"))
    baseline = (indicator.baseline_date, indicator.baseline_value) if indicator.baseline_date else None
    result = evaluate(direction=indicator.direction, baseline=baseline, values=values, targets=targets)
    latest = values[-1] if values else (None, None)
    fields = {
        "latest_date": latest[0], "latest_value": latest[1], "status": result.status,
        "expected_value": result.expected, "target_date": result.target[0] if result.target else None,
        "target_value": result.target[1] if result.target else None,
        "series": [[d.isoformat(), float(v)] for d, v in _sample(values)],
    }
    Indicator.objects.filter(pk=indicator.pk).update(**fields)
    from modellstadt.progress.signals import retire_cached_pages

    retire_cached_pages()
    for name, value in fields.items():
        setattr(indicator, name, value)
    return indicator


@dataclass
class ImportResult:
    created: int
    updated: int
    indicators: list


def _read_csv(data):
    if isinstance(data, bytes):
        if len(data) > IMPORT_MAX_BYTES:
            raise ProgressError(_("Die Datei ist größer als 5 MB."), field="file")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252")
    else:
        text = data
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
        dialect.delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    return list(csv.reader(io.StringIO(text), dialect))


HEADER_ALIASES = {
    "indikator": "indicator", "indicator": "indicator", "kurzname": "indicator",
    "datum": "date", "stichtag": "date", "date": "date",
    "wert": "value", "value": "value",
    "quelle": "source_note", "quellenangabe": "source_note", "source": "source_note",
    "vorläufig": "provisional", "vorlaeufig": "provisional", "provisional": "provisional",
}


def import_values_csv(*, data, user=None, indicator=None):
    """Import values from CSV (columns Indikator;Datum;Wert;Quelle;vorläufig; the indicator column may be
    left out when ``indicator`` is given). All rows or none: any bad row raises ``ImportFailed`` with one
    German message per row and nothing is written."""
    rows = _read_csv(data)
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise ProgressError(_("Die Datei ist leer."), field="file")
    header = [HEADER_ALIASES.get(cell.strip().lower()) for cell in rows[0]]
    missing = [name for name in ("date", "value") if name not in header]
    if indicator is None and "indicator" not in header:
        missing.insert(0, "indicator")
    if missing:
        labels = {"indicator": _("Indikator"), "date": _("Datum"), "value": _("Wert")}
        raise ProgressError(
            _("In der ersten Zeile fehlen die Spalten: %(names)s. Erwartet: Indikator;Datum;Wert;Quelle;vorläufig.")
            % {"names": ", ".join(str(labels[m]) for m in missing)}, field="file",
        )
    if len(rows) - 1 > IMPORT_MAX_ROWS:
        raise ProgressError(_("Die Datei hat mehr als %(n)d Zeilen.") % {"n": IMPORT_MAX_ROWS}, field="file")
    by_slug = {i.slug: i for i in Indicator.objects.all()} if indicator is None else {}
    errors, parsed, seen = [], [], {}
    for number, raw in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in raw):
            continue
        cells = {name: (raw[i].strip() if i < len(raw) else "") for i, name in enumerate(header) if name}
        row_errors = []
        target = indicator
        if indicator is None:
            target = by_slug.get(cells.get("indicator", ""))
            if target is None:
                row_errors.append(_("Den Indikator „%(slug)s“ gibt es nicht.") % {"slug": cells.get("indicator", "")})
        try:
            day = parse_date(cells.get("date", ""))
            if day > datetime.date.today():
                row_errors.append(_("Das Datum „%(text)s“ liegt in der Zukunft.") % {"text": cells["date"]})
        except ValueError:
            day = None
            row_errors.append(_("„%(text)s“ ist kein Datum (erwartet z. B. 31.03.2024 oder 2024-03-31).")
                              % {"text": cells.get("date", "")})
        try:
            value = parse_number(cells.get("value", ""))
            if abs(value) >= Decimal("1e14"):
                row_errors.append(_("Der Wert ist zu groß."))
        except ValueError:
            value = None
            row_errors.append(_("„%(text)s“ ist keine Zahl.") % {"text": cells.get("value", "")})
        flag = cells.get("provisional", "").lower()
        if flag not in YES | NO:
            row_errors.append(_("„%(text)s“ in der Spalte „vorläufig“: bitte „ja“ oder „nein“.") % {"text": flag})
        if not row_errors and target is not None:
            key = (target.pk, day)
            if key in seen:
                row_errors.append(_("Derselbe Stichtag steht schon in Zeile %(n)d.") % {"n": seen[key]})
            seen[key] = number
        if row_errors:
            errors.append(_("Zeile %(n)d: %(messages)s") % {"n": number, "messages": " ".join(map(str, row_errors))})
            continue
        parsed.append((target, day, value, cells.get("source_note", "")[:300], flag in YES))
    if errors:
        raise ImportFailed(errors)
    if not parsed:
        raise ProgressError(_("Die Datei enthält keine Werte."), field="file")
    return _write_import(parsed, user)


@transaction.atomic
def _write_import(parsed, user):
    created = updated = 0
    touched = {}
    existing = {
        (v.indicator_id, v.date): v
        for v in IndicatorValue.objects.filter(indicator__in={p[0].pk for p in parsed},
                                               date__in={p[1] for p in parsed})
    }
    new_rows = []
    for target, day, value, note, provisional in parsed:
        touched[target.pk] = target
        row = existing.get((target.pk, day))
        if row is None:
            new_rows.append(IndicatorValue(indicator=target, date=day, value=value, origin=ValueOrigin.IMPORT,
                                           source_note=note, provisional=provisional, recorded_by=user))
            created += 1
        else:
            row.value, row.origin, row.source_note, row.provisional, row.recorded_by = (
                value, ValueOrigin.IMPORT, note, provisional, user)
            row.save(update_fields=["value", "origin", "source_note", "provisional", "recorded_by"])
            updated += 1
    IndicatorValue.objects.bulk_create(new_rows, batch_size=1000)
    for target in touched.values():
        refresh_indicator(target)
    return ImportResult(created=created, updated=updated, indicators=list(touched.values()))


def compute_values(*, today=None):
    """Record a value for every indicator that names a registered source. Returns (recorded, skipped)
    where skipped lists (indicator, German reason)."""
    recorded, skipped = [], []
    for indicator in Indicator.objects.exclude(computed_source=""):
        source = sources.get_source(indicator.computed_source)
        if source is None:
            skipped.append((indicator, _("Die Quelle „%(name)s“ ist nicht verfügbar.")
                            % {"name": indicator.computed_source}))
            continue
        result = source.compute(indicator.computed_parameter)
        if result is None:
            skipped.append((indicator, _("Die Quelle lieferte keinen Wert.")))
            continue
        recorded.append(record_value(indicator=indicator, date=result.date or today or datetime.date.today(),
                                     value=result.value, origin=ValueOrigin.COMPUTED,
                                     source_note=result.note or str(source.label)))
    return recorded, skipped


def take_snapshot(*, date=None):
    """Record how many public projects are in each status today (overall and per field)."""
    from modellstadt.progress.models import ProgrammeSnapshot
    from modellstadt.progress.selectors import public_projects

    by_status, by_field = {}, {}
    for row in public_projects().values("field_id", "status").annotate(n=models.Count("id")).order_by():
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
        by_field.setdefault(str(row["field_id"]), {})[row["status"]] = row["n"]
    snapshot, _created = ProgrammeSnapshot.objects.update_or_create(
        date=date or datetime.date.today(), defaults={"by_status": by_status, "by_field": by_field})
    return snapshot


# --- council report ---------------------------------------------------------------------------------------


def canonical_json(content):
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def _city():
    from modellstadt.strategy.models import HomePage

    home = HomePage.objects.only("city").first()
    return home.city if home else ""


def render_report_docx(report, content, *, charts=None, images=None):
    from modellstadt.progress.exports.report_docx import render_docx

    return render_docx(content, city=_city(), charts=charts, images=images)


def render_report_pdf(report, content, *, charts=None):
    from modellstadt.progress.exports.report_pdf import render_pdf

    return render_pdf(content, city=_city(), charts=charts)


@transaction.atomic
def freeze_report(*, report, user=None):
    """Build the report from today's data and store it unchangeably with SHA-256 checksums of the canonical
    JSON content, the DOCX file and the accessible PDF (PDF/UA), both files in private storage."""
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from modellstadt.progress.exports.chart_images import render_pngs
    from modellstadt.progress.exports.report_charts import report_charts
    from modellstadt.progress.models import CouncilReport
    from modellstadt.progress.report import build_report_content

    report = CouncilReport.objects.select_for_update().get(pk=report.pk)
    if report.state == CouncilReport.State.FROZEN:
        raise ProgressError(_("Dieser Bericht ist bereits festgeschrieben."))
    content = build_report_content(report)
    # Each chart is drawn once for both files; the DOCX's PNGs of them are drawn in a separate process
    # (for a large report) while the PDF is typeset here.
    charts = report_charts(content)
    pictures = render_pngs([chart.svg for chart in charts.all()])
    try:
        pdf = render_report_pdf(report, content, charts=charts)
    except BaseException:
        pictures.cancel()
        raise
    docx = render_report_docx(report, content, charts=charts, images=pictures.result())
    report.content = content
    report.checksum = sha256_hex(canonical_json(content))
    report.docx_checksum = sha256_hex(docx)
    stem = f"sachstandsbericht-{report.period_end:%Y-%m-%d}-{report.pk}"
    report.docx_file.save(f"{stem}.docx", ContentFile(docx), save=False)
    report.pdf_checksum = sha256_hex(pdf)
    report.pdf_file.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    report.state = CouncilReport.State.FROZEN
    report.frozen_at = timezone.now()
    report.frozen_by = user if user is not None and user.is_authenticated else None
    report.save()
    return report


def _file_matches(file, checksum):
    try:
        with file.open("rb") as handle:
            return sha256_hex(handle.read()) == checksum
    except (FileNotFoundError, ValueError):
        return False


def verify_report(report):
    """True if the stored content and files still match the checksums recorded when freezing (reports frozen
    before the PDF existed have no PDF checksum; for them the content and the DOCX are checked)."""
    if not report.checksum:
        return False
    if not _file_matches(report.docx_file, report.docx_checksum):
        return False
    if report.pdf_checksum and not _file_matches(report.pdf_file, report.pdf_checksum):
        return False
    return sha256_hex(canonical_json(report.content)) == report.checksum


def report_is_public(report):
    return report.state == report.State.FROZEN and report.published_at is not None


@transaction.atomic
def publish_report(*, report, user=None):
    """Make the frozen report public: its files become downloadable on /fortschritt/ and its accessible PDF
    (the DOCX for reports frozen before the PDF existed) becomes a Wagtail document, to be linked from a
    news post's info box. Returns that document."""
    from django.core.files.base import ContentFile
    from django.utils import timezone
    from wagtail.documents import get_document_model

    if report.state != report.State.FROZEN:
        raise ProgressError(_("Nur festgeschriebene Berichte können veröffentlicht werden."))
    file = report.pdf_file if report.pdf_file else report.docx_file
    Document = get_document_model()
    with file.open("rb") as handle:
        data = handle.read()
    document = Document(title=report.title, uploaded_by_user=user if user and user.is_authenticated else None)
    document.file.save(file.name.rsplit("/", 1)[-1], ContentFile(data), save=False)
    document.save()
    if report.published_at is None:
        report.published_at = timezone.now()
        report.save(update_fields=["published_at"])
    return document


def ensure_smart_city_areas():
    """Create the five areas and their starting criteria where they are missing (idempotent)."""
    from modellstadt.progress.criteria import AREAS
    from modellstadt.progress.models import AssessmentCriterion, SmartCityArea

    for order, (key, name, criteria) in enumerate(AREAS, start=1):
        area, created = SmartCityArea.objects.get_or_create(key=key, defaults={"name": name, "order": order})
        if created:
            AssessmentCriterion.objects.bulk_create([
                AssessmentCriterion(area=area, title=title, guidance=guidance, sort_order=sort)
                for sort, (title, guidance) in enumerate(criteria)
            ])


def take_progress_into_dossier(*, dossier):
    """Write each mapped theme's status text in the dossier: the fields' own status descriptions followed by
    their indicators and the latest self-assessment (``selectors.progress_status_text``). Returns the number
    of themes written. The dossier app's own service stores the texts."""
    from modellstadt.dossier.services import save_theme_text
    from modellstadt.progress.selectors import progress_status_text

    written = 0
    existing = {t.theme_id: t for t in dossier.theme_texts.all()}
    for theme in dossier.call.themes.select_related("mapping").prefetch_related("mapping__fields"):
        mapping = getattr(theme, "mapping", None)
        fields = list(mapping.fields.all()) if mapping is not None else []
        if not fields:
            continue
        parts = [f.status_description.strip() for f in fields if f.status_description.strip()]
        progress = progress_status_text([f.pk for f in fields])
        if progress:
            parts.append(progress)
        current = existing.get(theme.pk)
        save_theme_text(dossier, theme, status_text="\n\n".join(parts),
                        vision_text=current.vision_text if current else "")
        written += 1
    return written
