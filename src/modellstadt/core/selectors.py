from collections.abc import Callable
from typing import Any, TypeVar

from django.db import connection
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.db.models.functions import Length, Substr

M = TypeVar("M", bound=Model)


def public_pages(queryset: QuerySet[M]) -> QuerySet[M]:
    """``queryset.public()`` inside the query itself: pages not in a private section (a page with a
    view restriction, or below one). Wagtail's public() first loads every restriction in a query of
    its own; this is one NOT EXISTS on the (small) restriction table, so a list costs a query less."""
    from wagtail.models import PageViewRestriction

    restricting = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return queryset.filter(~Exists(restricting))


_COMPILED: dict[tuple[str, str], tuple[str, tuple[Any, ...]]] = {}


def raw_rows(name: str, build: Callable[[], QuerySet[Any]]) -> list[tuple[Any, ...]]:  # Any: any model, any row
    """The rows of a query that is the same on every request, as the database returns them (without the
    fields' converters). Its SQL is compiled once per process and database under ``name``, because
    compiling it through the ORM costs more than running it. Meant for values that are only compared,
    such as the digest that tells whether a kept page part is still right; ``build`` must not depend on
    the request, the time or the language."""
    key = (name, connection.vendor)
    compiled = _COMPILED.get(key)
    if compiled is None:
        compiled = _COMPILED[key] = build().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(*compiled)
        rows: list[tuple[Any, ...]] = cursor.fetchall()
    return rows
