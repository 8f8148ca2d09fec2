"""Template context that apps higher up add to a page type defined lower down.

A page model's ``get_context`` may need data from apps that sit above its own (the home page lists
news; a field page lists its projects). The lower app must not import them, so the higher app
registers a provider here in its ``AppConfig.ready()`` and the page merges what the providers return.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Provider = Callable[[Any], dict[str, Any]]

_providers: dict[str, list[Provider]] = defaultdict(list)


def register(page_type: str, provider: Provider) -> None:
    """Let ``provider(page)`` add to the context of every page of ``page_type`` ("app_label.Model")."""
    key = page_type.lower()
    if provider not in _providers[key]:
        _providers[key].append(provider)


def extra_context(page: Any) -> dict[str, Any]:
    """The merged context of every provider registered for the page's type."""
    context: dict[str, Any] = {}
    for provider in _providers.get(page._meta.label_lower, ()):
        context.update(provider(page))
    return context
