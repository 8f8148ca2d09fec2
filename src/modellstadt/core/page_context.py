"""Template context that apps higher up add to a page type defined lower down.

A page model's ``get_context`` may need data from apps that sit above its own (the home page lists
news; a field page lists its projects). The lower app must not import them, so the higher app
registers a provider here in its ``AppConfig.ready()`` and the page merges what the providers return.
"""

from collections import defaultdict
from collections.abc import Callable
from typing import Any

Provider = Callable[[Any], dict[str, Any]]

_providers: dict[str, list[tuple[Provider, bool]]] = defaultdict(list)


def register(page_type: str, provider: Provider, *, in_fragments: bool = False) -> None:
    """Let ``provider(page)`` add to the context of every page of ``page_type`` ("app_label.Model").

    ``in_fragments``: what the provider returns is used only inside the page's cached parts
    (``core/fragments.py``), so it is not needed when those parts come from the cache."""
    key = page_type.lower()
    if all(existing is not provider for existing, _flag in _providers[key]):
        _providers[key].append((provider, in_fragments))


def extra_context(page: Any, *, fragment_hit: bool = False) -> dict[str, Any]:
    """The merged context of every provider registered for the page's type (on a fragment hit, of
    those whose context is used outside the cached parts only)."""
    context: dict[str, Any] = {}
    for provider, in_fragments in _providers.get(page._meta.label_lower, ()):
        if not (fragment_hit and in_fragments):
            context.update(provider(page))
    return context
