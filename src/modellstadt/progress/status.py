"""Whether an indicator is on track: its latest value against the path from baseline to targets.

The expected value at the date of the latest value lies on the straight lines from the baseline
(or, without one, the first value) through every target in date order; after the last target it is
that target. The gap between latest and expected value, signed by the indicator's direction and
measured against the distance from the starting point to the next target, gives the status:

* at most 5 % behind (or ahead): on track; 5–15 % behind: at risk; more: off track;
* the last target met (on or after its date, or early): reached;
* no value or no target: no assessment.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

ON_TRACK_TOLERANCE = Decimal("0.05")
AT_RISK_TOLERANCE = Decimal("0.15")


@dataclass(frozen=True)
class Evaluation:
    status: str
    expected: Decimal | None = None
    target: tuple | None = None  # (date, value) the status is measured against


def _ordinal(day):
    return Decimal(day.toordinal())


def expected_at(day, anchor, targets):
    """Value on the piecewise straight path anchor -> targets (each (date, value)) at ``day``."""
    points = [anchor] + [t for t in targets if t[0] > anchor[0]]
    if day <= points[0][0]:
        return Decimal(points[0][1])
    for (d0, v0), (d1, v1) in zip(points, points[1:], strict=False):
        if day <= d1:
            share = (_ordinal(day) - _ordinal(d0)) / (_ordinal(d1) - _ordinal(d0))
            return Decimal(v0) + (Decimal(v1) - Decimal(v0)) * share
    return Decimal(points[-1][1])


def evaluate(*, direction, baseline, values, targets):
    """``baseline``: (date, value) or None; ``values``/``targets``: lists of (date, value), any order."""
    values = sorted(values)
    targets = sorted(targets)
    if not values or not targets:
        return Evaluation(status="no_data")
    sign = 1 if direction == "higher" else -1
    latest_date, latest = values[-1][0], Decimal(values[-1][1])
    anchor = baseline if baseline is not None else values[0]
    next_target = next((t for t in targets if t[0] >= latest_date), targets[-1])
    final = targets[-1]
    if sign * (latest - Decimal(final[1])) >= 0:
        return Evaluation(status="reached", expected=expected_at(latest_date, anchor, targets), target=final)
    expected = expected_at(latest_date, anchor, targets)
    start_value = Decimal(anchor[1])
    scale = abs(Decimal(next_target[1]) - start_value) or abs(Decimal(next_target[1])) or Decimal(1)
    behind = sign * (expected - latest) / scale
    if latest_date > final[0]:  # the last target date has passed without reaching it
        status = "off_track" if behind > AT_RISK_TOLERANCE else "at_risk"
    elif behind <= ON_TRACK_TOLERANCE:
        status = "on_track"
    elif behind <= AT_RISK_TOLERANCE:
        status = "at_risk"
    else:
        status = "off_track"
    return Evaluation(status=status, expected=expected, target=next_target)


def format_value(value, decimals=0):
    if value is None:
        return "–"
    return number_format(Decimal(value), decimal_pos=decimals, use_l10n=True, force_grouping=True)


def sentence(indicator):
    """One sentence in the active language from the indicator's stored summary."""
    if indicator.target_value is None or indicator.latest_value is None:
        if indicator.latest_value is None:
            return _("Noch keine Werte erfasst.")
        return _("Kein Zielwert festgelegt; zuletzt %(actual)s %(unit)s (Stand %(date)s).") % {
            "actual": format_value(indicator.latest_value, indicator.decimals), "unit": indicator.unit,
            "date": date_format(indicator.latest_date, "SHORT_DATE_FORMAT"),
        }
    parts = {
        "year": indicator.target_date.year,
        "target": format_value(indicator.target_value, indicator.decimals),
        "unit": indicator.unit,
        "actual": format_value(indicator.latest_value, indicator.decimals),
        "expected": format_value(indicator.expected_value, indicator.decimals),
        "date": date_format(indicator.latest_date, "SHORT_DATE_FORMAT"),
    }
    if indicator.status == "reached":
        text = _("Ziel %(year)s: %(target)s %(unit)s; erreicht %(actual)s (Stand %(date)s).") % parts
    else:
        text = _("Ziel %(year)s: %(target)s %(unit)s; erreicht %(actual)s (Stand %(date)s), "
                 "erwartet %(expected)s.") % parts
    return text.replace("  ", " ").replace(" ;", ";")


def today():
    return datetime.date.today()
