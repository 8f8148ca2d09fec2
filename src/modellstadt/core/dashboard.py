"""The programme office's open work on the back-office home page (a Wagtail home panel).

``core`` knows no app: each app registers the lists it contributes from its ``wagtail_hooks``
(``dashboard.register(...)``), reading through its own selectors. The panel shows every list the
person may act on, each with a link to where the work is done, in ``order``. Each provider costs a
fixed number of queries (usually a count and one page of rows), so the home page costs the same
whatever the amount of open work (pinned in tests/core/test_dashboard.py).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.components import Component

ITEMS_SHOWN = 5


@dataclass(frozen=True)
class WorkItem:
    text: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class WorkList:
    title: str
    url: str  # where the whole list is worked through
    total: int
    items: list = field(default_factory=list)
    empty_text: str = _("Nichts offen.")


@dataclass(frozen=True)
class _Provider:
    key: str
    order: int
    provide: object  # fn(request) -> WorkList
    visible: object  # fn(user) -> bool


_providers = {}


def register(key, *, order, visible=None):
    """Decorator for ``fn(request) -> WorkList``; ``visible(user)`` decides who sees the list."""

    def decorator(fn):
        _providers[key] = _Provider(key, order, fn, visible or (lambda user: True))
        return fn

    return decorator


def work_lists(request):
    user = request.user
    return [p.provide(request) for p in sorted(_providers.values(), key=lambda p: (p.order, p.key))
            if p.visible(user)]


def first_items(rows, make_item, limit=ITEMS_SHOWN):
    return [make_item(row) for row in list(rows)[:limit]]


class OfficeWorkPanel(Component):
    name = "office_work"
    order = 50
    template_name = "core/dashboard/office_work.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["work_lists"] = work_lists(parent_context["request"])
        return context
