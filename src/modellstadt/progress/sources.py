"""Registry of named value sources: other apps register functions that compute an indicator's value.

An indicator names a source (``Indicator.computed_source``) and a parameter (for example a dataset's
slug); ``services.compute_values()`` looks the source up here and records what it returns. Progress
imports no app that provides a source: the providing app registers itself in its ``AppConfig.ready()``::

    from modellstadt.progress.sources import register_source

    register_source("opendata.row_count", label=_("Zeilen eines Datensatzes"), compute=row_count)

``compute(parameter)`` returns a ``SourceResult`` (or ``None`` when the data is not available).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class SourceResult:
    value: Decimal
    date: datetime.date
    note: str = ""  # shown publicly as the value's source, e.g. "Datensatz Ladepunkte, Stand 01.03.2026"


@dataclass(frozen=True)
class ValueSource:
    name: str
    label: str
    compute: object  # callable(parameter: str) -> SourceResult | None


_SOURCES: dict[str, ValueSource] = {}


def register_source(name, *, label, compute):
    _SOURCES[name] = ValueSource(name=name, label=label, compute=compute)


def unregister_source(name):
    _SOURCES.pop(name, None)


def get_source(name):
    return _SOURCES.get(name)


def source_choices():
    return [(s.name, str(s.label)) for s in sorted(_SOURCES.values(), key=lambda s: s.name)]
