"""Numbers, amounts, dates and deadlines as people read them, German first.

One function per kind of value, used by templates (filters in ``portal_tags``), exports and PDFs
alike, so an amount never reads "885000.00 EUR" in one place and "885.000 €" in another:

- ``format_euro``: "885.000 €" / "12.345,50 €" in German, "€885,000" / "€12,345.50" in English
  (Django's localised number format does the grouping; cents only when there are cents);
- ``format_number``: "100.000" / "100,000";
- ``format_date``: "25. Januar 2027" / "25 January 2027" (the language's ``DATE_FORMAT``);
- ``format_moment``: a point in time, "3. März 2026, 18:00 Uhr"; at midnight only the date;
- ``format_deadline``: the end of a period. Deadlines and phase ends are exclusive (a phase runs
  while ``now < ends_at``), so an end at midnight means "up to and including the day before":
  "bis einschließlich 24. Januar 2027" instead of "bis 25. Januar 2027, 00:00 Uhr";
- ``mask_email``: an e-mail address shown to someone who may not be its owner: "m•••@example.org".

Times are shown in the current time zone (Europe/Berlin). ``language`` defaults to the active one.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.utils import formats, timezone, translation
from django.utils.translation import gettext, pgettext

NBSP = "\u00a0"


def _language(language):
    return language or translation.get_language() or "de"


def _decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None


def format_euro(value, *, language=None):
    """An amount of euros: "885.000 €" (German), "€885,000" (English); "" for no amount."""
    amount = _decimal(value)
    if amount is None:
        return "" if value in (None, "") else str(value)
    language = _language(language)
    whole = amount == amount.to_integral_value()
    with translation.override(language):
        number = formats.number_format(
            amount.quantize(Decimal(1) if whole else Decimal("0.01")), decimal_pos=0 if whole else 2,
            use_l10n=True, force_grouping=True,
        )
    if language.startswith("de"):
        return f"{number}{NBSP}€"
    sign, number = ("-", number[1:]) if number.startswith("-") else ("", number)
    return f"{sign}€{number}"


def format_number(value, *, decimal_pos=None, language=None):
    """A number with the language's grouping: "100.000" (German), "100,000" (English)."""
    if value is None or value == "":
        return ""
    with translation.override(_language(language)):
        return formats.number_format(value, decimal_pos=decimal_pos, use_l10n=True, force_grouping=True)


def _as_date(value):
    if isinstance(value, str):
        parsed = None
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
        value = parsed if ("T" in value or " " in value) else parsed.date()
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value
    return value


def format_date(value, *, language=None):
    """"25. Januar 2027" (German), "25 January 2027" (English); accepts dates, datetimes and ISO text."""
    value = _as_date(value)
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date()
    with translation.override(_language(language)):
        return formats.date_format(value, "DATE_FORMAT")


def _local(value):
    value = _as_date(value)
    if isinstance(value, datetime.datetime):
        return value
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time())
    return None


def _is_midnight(moment):
    return (moment.hour, moment.minute, moment.second) == (0, 0, 0)


def format_moment(value, *, language=None):
    """A point in time: "3. März 2026, 18:00 Uhr"; at midnight only the date ("3. März 2026")."""
    moment = _local(value)
    if moment is None:
        return ""
    with translation.override(_language(language)):
        day = formats.date_format(moment.date(), "DATE_FORMAT")
        if _is_midnight(moment):
            return day
        return gettext("%(date)s, %(time)s Uhr") % {"date": day, "time": formats.time_format(moment.time(), "H:i")}


def deadline_moment(value, *, language=None):
    """The end of a period without "bis": "einschließlich 24. Januar 2027" for an end at midnight
    (the day before is the last full day), otherwise "25. Januar 2027, 18:00 Uhr"."""
    moment = _local(value)
    if moment is None:
        return ""
    with translation.override(_language(language)):
        if _is_midnight(moment):
            last_day = formats.date_format(moment.date() - datetime.timedelta(days=1), "DATE_FORMAT")
            return pgettext("deadline", "einschließlich %(date)s") % {"date": last_day}
        return format_moment(moment, language=language)


def format_deadline(value, *, language=None):
    """"bis einschließlich 24. Januar 2027" or "bis 25. Januar 2027, 18:00 Uhr"."""
    text = deadline_moment(value, language=language)
    if not text:
        return ""
    with translation.override(_language(language)):
        return pgettext("deadline", "bis %(moment)s") % {"moment": text}


def format_period(start, end, *, language=None):
    """"1. März 2027 bis einschließlich 24. März 2027" (start shown like ``format_moment``)."""
    return f"{format_moment(start, language=language)} {format_deadline(end, language=language)}".strip()


MASK = "\u2022\u2022\u2022"  # "•••"


def mask_email(address):
    """An e-mail address with its local part hidden except the first character: "m•••@example.org".

    For pages that anyone holding a link can open (unsubscribing, invitations): the owner recognises
    their address, a stranger learns neither the name nor a usable address. Text without an "@" keeps
    only its first character.
    """
    address = (address or "").strip()
    if not address:
        return ""
    local, at, domain = address.rpartition("@")
    if not at:
        return address[0] + MASK
    return f"{local[:1]}{MASK}@{domain}" if local else f"{MASK}@{domain}"
