"""Extension points of the idea pages that apps acting on ideas fill, so ``ideas`` never imports them.

Each entry is a callable returning ``None`` or a section ``{"template": ..., "context": ...}`` that
the page includes with ``help`` set to the context:

- ``SUBMISSION_SECTIONS``: called as ``f(title=..., text=..., process=...)`` on the idea form when
  the person asks for a suggestion or is asked to confirm a similar idea; a section may also name a
  ``"field"`` to preselect when the person has not chosen one.
- ``IDEA_PAGE_SECTIONS``: called as ``f(request=..., idea=...)`` on an idea's page.

The idea assistant registers here (``assistant.apps``).
"""

SUBMISSION_SECTIONS = []
IDEA_PAGE_SECTIONS = []


def submission_sections(*, title, text, process):
    return [s for s in (f(title=title, text=text, process=process) for f in SUBMISSION_SECTIONS) if s]


def idea_page_sections(*, request, idea):
    return [s for s in (f(request=request, idea=idea) for f in IDEA_PAGE_SECTIONS) if s]
