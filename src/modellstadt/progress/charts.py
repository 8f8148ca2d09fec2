"""Server-rendered SVG charts: a value line with its target path, and a radar chart.

Every chart is an ``<svg role="img">`` with ``<title>`` and ``<desc>`` (referenced by
aria-labelledby), scales with its container (viewBox, width 100 %), and uses colours with at least
4.5:1 contrast on white; series differ by line style and marker shape as well as colour. Pages show
the same numbers in a table next to the chart. All text is escaped here; the result is safe markup.

In a PDF (``core.documents``, WeasyPrint) an inline chart becomes a tagged ``Figure`` whose alternative
text (``/Alt``) is the text of the chart's first ``<title>`` only; ``for_document=True`` therefore puts
title and description together into ``<title>``, so the PDF's figure carries the whole text alternative
that a screen reader gets on the web page from ``aria-labelledby``.
"""

import datetime
import math
from decimal import Decimal
from itertools import count

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from modellstadt.progress.status import format_value

VALUE_COLOUR = "#0b5cab"  # 6.5:1 on white
TARGET_COLOUR = "#8a3b00"  # 7.4:1 on white
SECOND_COLOUR = "#a4004b"  # 7.0:1 on white
TEXT_COLOUR = "#1f2933"
GRID_COLOUR = "#767676"  # 4.5:1, for axis lines

_ids = count(1)


def nice_ticks(low, high, n=5):
    """About ``n`` round tick values covering [low, high]."""
    if high == low:
        high = low + 1 if low == 0 else low + abs(low) * 0.1
    raw = (high - low) / max(n - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 0.001:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _num(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _ordinal(day):
    return day.toordinal() if isinstance(day, datetime.date) else datetime.date.fromisoformat(day).toordinal()


def _svg_title(uid, title, description, for_document):
    label = f"{title}. {description}" if for_document and description else title
    return (f'<title id="chart-{uid}-t">{escape(label)}</title>'
            f'<desc id="chart-{uid}-d">{escape(description)}</desc>')


def line_chart(*, title, description, values, targets=(), baseline=None, unit="", decimals=0, small=False,
               value_label="Wert", target_label="Zielpfad", date_label="Datum", for_document=False):
    """``values``/``targets``: lists of (date, number); ``baseline``: (date, number) or None.

    The target path runs from the baseline (or first value) through the targets, dashed, with
    diamond markers at the targets."""
    uid = next(_ids)
    width, height = (300, 110) if small else (640, 340)
    left, right, top, bottom = (44, 10, 10, 22) if small else (72, 20, 16, 56)
    values = sorted((_ordinal(d), float(v)) for d, v in values)
    targets = sorted((_ordinal(d), float(v)) for d, v in targets)
    anchor = (_ordinal(baseline[0]), float(baseline[1])) if baseline else (values[0] if values else None)
    path = ([anchor] if anchor else []) + [t for t in targets if not anchor or t[0] > anchor[0]]
    points = values + path
    parts = [
        f'<svg class="chart{" chart-small" if small else ""}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="chart-{uid}-t chart-{uid}-d" preserveAspectRatio="xMidYMid meet" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="{11 if small else 13}">',
        _svg_title(uid, title, description, for_document),
    ]
    if not points:
        parts.append("</svg>")
        return mark_safe("".join(parts))
    x0, x1 = min(p[0] for p in points), max(p[0] for p in points)
    if x1 == x0:
        x0, x1 = x0 - 180, x1 + 180
    y_values = [p[1] for p in points]
    low, high = min(y_values), max(y_values)
    if low >= 0 and (high == 0 or low / high < 0.5 if high else True):
        low = 0
    ticks = nice_ticks(low, high, 3 if small else 5)
    y0, y1 = ticks[0], ticks[-1]
    plot_w, plot_h = width - left - right, height - top - bottom

    def sx(x):
        return left + (x - x0) / (x1 - x0) * plot_w

    def sy(y):
        return top + plot_h - (y - y0) / ((y1 - y0) or 1) * plot_h

    parts.append(f'<g stroke="{GRID_COLOUR}" stroke-width="1">'
                 f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"/>'
                 f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}"/></g>')
    parts.append(f'<g fill="{TEXT_COLOUR}" text-anchor="end">')
    for tick in (ticks if not small else [ticks[0], ticks[-1]]):
        parts.append(f'<text x="{left - 6}" y="{_num(sy(tick) + 4)}">'
                     f'{escape(format_value(Decimal(str(tick)), decimals if tick != int(tick) else 0))}</text>')
        if not small:
            parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{_num(sy(tick))}" y2="{_num(sy(tick))}" '
                         f'stroke="#d0d5da" stroke-width="1"/>')
    parts.append("</g>")
    first_year = datetime.date.fromordinal(int(x0)).year
    last_year = datetime.date.fromordinal(int(x1)).year
    span = last_year - first_year + 1
    step = 1 if span <= (4 if small else 10) else math.ceil(span / (3 if small else 8))
    parts.append(f'<g fill="{TEXT_COLOUR}" text-anchor="middle">')
    for year in range(first_year + (1 if small and span > 1 else 0), last_year + 1, step):
        x = datetime.date(year, 1, 1).toordinal()
        if x0 <= x <= x1:
            parts.append(f'<text x="{_num(sx(x))}" y="{top + plot_h + 16}">{year}</text>')
    parts.append("</g>")
    if not small:
        parts.append(f'<text x="{left + plot_w / 2:.0f}" y="{height - 6}" text-anchor="middle" '
                     f'fill="{TEXT_COLOUR}">{escape(date_label)}</text>')
        parts.append(f'<text transform="translate(14 {top + plot_h / 2:.0f}) rotate(-90)" text-anchor="middle" '
                     f'fill="{TEXT_COLOUR}">{escape(unit or value_label)}</text>')
    if len(path) > 1:
        coords = " ".join(f"{_num(sx(x))},{_num(sy(y))}" for x, y in path)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{TARGET_COLOUR}" stroke-width="2" '
                     f'stroke-dasharray="6 4"><title>{escape(target_label)}</title></polyline>')
    for x, y in targets:
        cx, cy = sx(x), sy(y)
        r = 4 if small else 6
        parts.append(f'<path d="M{_num(cx)} {_num(cy - r)} L{_num(cx + r)} {_num(cy)} L{_num(cx)} {_num(cy + r)} '
                     f'L{_num(cx - r)} {_num(cy)} Z" fill="{TARGET_COLOUR}"/>')
    if values:
        coords = " ".join(f"{_num(sx(x))},{_num(sy(y))}" for x, y in values)
        parts.append(f'<polyline points="{coords}" fill="none" stroke="{VALUE_COLOUR}" '
                     f'stroke-width="{2 if small else 3}" stroke-linejoin="round">'
                     f'<title>{escape(value_label)}</title></polyline>')
        last_x, last_y = values[-1]
        parts.append(f'<circle cx="{_num(sx(last_x))}" cy="{_num(sy(last_y))}" r="{3 if small else 5}" '
                     f'fill="{VALUE_COLOUR}"/>')
        if len(values) <= 24 and not small:
            for x, y in values[:-1]:
                parts.append(f'<circle cx="{_num(sx(x))}" cy="{_num(sy(y))}" r="3" fill="{VALUE_COLOUR}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def radar_chart(*, title, description, axes, series, size=420, for_document=False):
    """``axes``: labels; ``series``: [(label, [score 0–100 per axis or None]), ...] (at most three)."""
    uid = next(_ids)
    centre = size / 2
    radius = size / 2 - 90
    n = len(axes)
    styles = [(VALUE_COLOUR, "", "circle"), (SECOND_COLOUR, "8 4", "square"), (TARGET_COLOUR, "2 3", "diamond")]

    def point(i, score):
        angle = -math.pi / 2 + 2 * math.pi * i / max(n, 1)
        r = radius * (score or 0) / 100
        return centre + r * math.cos(angle), centre + r * math.sin(angle)

    parts = [
        f'<svg class="chart chart-radar" viewBox="0 0 {size} {size}" role="img" '
        f'aria-labelledby="chart-{uid}-t chart-{uid}-d" xmlns="http://www.w3.org/2000/svg" '
        f'font-family="system-ui, sans-serif" font-size="13">',
        _svg_title(uid, title, description, for_document),
        '<g fill="none" stroke="#c4c9cf">',
    ]
    for ring in (25, 50, 75, 100):
        coords = " ".join(f"{_num(x)},{_num(y)}" for x, y in (point(i, ring) for i in range(n)))
        parts.append(f'<polygon points="{coords}"/>')
    for i in range(n):
        x, y = point(i, 100)
        parts.append(f'<line x1="{centre}" y1="{centre}" x2="{_num(x)}" y2="{_num(y)}" stroke="{GRID_COLOUR}"/>')
    parts.append("</g>")
    parts.append(f'<g fill="{TEXT_COLOUR}">')
    for ring in (50, 100):
        x, y = point(0, ring)
        parts.append(f'<text x="{_num(x + 4)}" y="{_num(y + 4)}" font-size="11">{ring}</text>')
    for i, label in enumerate(axes):
        x, y = point(i, 118)
        anchor = "middle" if abs(x - centre) < 10 else ("start" if x > centre else "end")
        words = str(label).split(" ")
        lines = [" ".join(words[: (len(words) + 1) // 2]), " ".join(words[(len(words) + 1) // 2:])] \
            if len(str(label)) > 16 else [str(label)]
        for j, line in enumerate(line for line in lines if line):
            parts.append(f'<text x="{_num(x)}" y="{_num(y + j * 15)}" text-anchor="{anchor}">{escape(line)}</text>')
    parts.append("</g>")
    for (label, scores), (colour, dash, marker) in zip(series, styles, strict=False):
        coords = [point(i, s) for i, s in enumerate(scores)]
        parts.append(f'<polygon points="{" ".join(f"{_num(x)},{_num(y)}" for x, y in coords)}" fill="{colour}" '
                     f'fill-opacity="0.12" stroke="{colour}" stroke-width="2.5"'
                     f'{f" stroke-dasharray={chr(34)}{dash}{chr(34)}" if dash else ""}><title>{escape(label)}</title>'
                     f'</polygon>')
        for x, y in coords:
            if marker == "circle":
                parts.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="4" fill="{colour}"/>')
            elif marker == "square":
                parts.append(f'<rect x="{_num(x - 4)}" y="{_num(y - 4)}" width="8" height="8" fill="{colour}"/>')
            else:
                parts.append(f'<path d="M{_num(x)} {_num(y - 5)} L{_num(x + 5)} {_num(y)} L{_num(x)} {_num(y + 5)} '
                             f'L{_num(x - 5)} {_num(y)} Z" fill="{colour}"/>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def bar_chart(*, title, description, categories, rows, colours=None):
    """Stacked horizontal bars: ``rows`` = [(label, [count per category])]; a legend names the categories."""
    uid = next(_ids)
    palette = colours or ["#0b5cab", "#00734a", "#8a3b00", "#6b2fa0", "#a4004b", "#005f73", "#3d4a5c"]
    label_w, width, bar_h, gap = 90, 640, 22, 10
    total_max = max((sum(counts) for _, counts in rows), default=0) or 1
    height = len(rows) * (bar_h + gap) + 20 + 22 * math.ceil(len(categories) / 3)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="chart-{uid}-t chart-{uid}-d" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="13">',
        f'<title id="chart-{uid}-t">{escape(title)}</title><desc id="chart-{uid}-d">{escape(description)}</desc>',
    ]
    for r, (label, counts) in enumerate(rows):
        y = r * (bar_h + gap)
        parts.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="{TEXT_COLOUR}">'
                     f'{escape(label)}</text>')
        x = label_w
        for c, n in enumerate(counts):
            w = (width - label_w - 40) * n / total_max
            if w:
                parts.append(f'<rect x="{_num(x)}" y="{y}" width="{_num(w)}" height="{bar_h}" '
                             f'fill="{palette[c % len(palette)]}" stroke="#fff"><title>{escape(categories[c])}: {n}'
                             f'</title></rect>')
            x += w
        parts.append(f'<text x="{_num(x + 6)}" y="{y + 16}" fill="{TEXT_COLOUR}">{sum(counts)}</text>')
    y = len(rows) * (bar_h + gap) + 10
    for c, name in enumerate(categories):
        lx, ly = (c % 3) * 210, y + (c // 3) * 22
        parts.append(f'<rect x="{lx}" y="{ly}" width="14" height="14" fill="{palette[c % len(palette)]}"/>'
                     f'<text x="{lx + 20}" y="{ly + 12}" fill="{TEXT_COLOUR}">{escape(name)}</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))


def indicator_chart(*, name, unit, decimals, values, targets, baseline=None, latest_value=None, sentence="",
                    small=False, for_document=False):
    """The chart of one indicator as the web pages and the council report show it.

    ``values``/``targets``: (date, number) pairs (dates or ISO strings); ``baseline``: (date, number) or
    None; ``latest_value`` and ``sentence`` (the status sentence) make the description."""
    if latest_value is not None:
        description = _("%(name)s: zuletzt %(value)s %(unit)s. %(sentence)s") % {
            "name": name, "value": format_value(Decimal(str(latest_value)), decimals), "unit": unit,
            "sentence": sentence}
    else:
        description = _("%(name)s: noch keine Werte.") % {"name": name}
    return line_chart(
        title=_("Verlauf: %(name)s") % {"name": name}, description=description, values=values,
        targets=targets, baseline=baseline, unit=unit, decimals=decimals, small=small,
        value_label=_("Gemessener Wert"), target_label=_("Zielpfad"), date_label=_("Jahr"),
        for_document=for_document,
    )
