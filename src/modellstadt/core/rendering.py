"""Small repeated parts of a page (a comment, an idea card) rendered from plain values and remembered.

A comment thread of 200 comments or a list of 20 idea cards spends most of its time in the template
engine: about 150 variable lookups per comment. Yet a part drawn only from plain values (strings,
numbers, dates, flags) is a pure function of those values, the template, the active language and the
time zone. ``render_part`` therefore keeps the HTML of the most recent parts per process, under a key
made of exactly those inputs: a changed comment, a new support count or another viewer's flags is a
new key, so nothing stale is ever served and nothing has to be invalidated. It is the same idea as
the Markdown memo in ``core.text``.

Rules for a part's template: it receives only the values passed here (no request, no model
instance, no CSRF token) and renders nothing else that changes between requests. Values must be
hashable. While ``DEBUG`` is on the memo is bypassed, so an edited template shows at once; any
changed setting in a test clears it.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

# At most this many parts per process (a comment part is about 1 kB: some 8 MB at most).
MEMO_SIZE = 8192


def render_part(template_name: str, **values: Any) -> SafeString:
    """The HTML of ``template_name`` rendered with ``values`` in the active language and time zone."""
    return part_renderer(template_name)(**values)


def part_renderer(template_name: str) -> Callable[..., SafeString]:
    """``render_part`` for many parts of one template in one request: the language and the time zone
    are looked up once, not for each of 200 comments."""
    prefix = (template_name, translation.get_language(), timezone.get_current_timezone_name())
    render = _render if settings.DEBUG else _remembered

    def render_one(**values: Any) -> SafeString:
        return render((*prefix, tuple(sorted(values.items()))))

    return render_one


def _render(key: tuple[Any, ...]) -> SafeString:
    template_name, _language, _zone, items = key
    return mark_safe(get_template(template_name).render(dict(items)))  # noqa: S308 - rendered by the template engine


_remembered = functools.lru_cache(maxsize=MEMO_SIZE)(_render)


def forget() -> None:
    """Drop every remembered part (tests; a changed setting may change how a part renders)."""
    _remembered.cache_clear()


@receiver(setting_changed)
def _forget_on_setting_change(**kwargs: Any) -> None:
    forget()
