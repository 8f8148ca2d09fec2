"""Extension points of the idea pages that apps acting on ideas fill, so ``ideas`` never imports them.

Each entry is a callable returning ``None`` or a section ``{"template": ..., "context": ...}`` that
the page includes with ``help`` set to the context:

- ``SUBMISSION_SECTIONS``: called as ``f(title=..., text=..., process=...)`` on the idea form when
  the person asks for a suggestion or is asked to confirm a similar idea; a section may also name a
  ``"field"`` to preselect when the person has not chosen one.
- ``IDEA_PAGE_SECTIONS``: called as ``f(request=..., idea=...)`` on an idea's page.
- ``PLACE_FIELDS``: called as ``f(label=..., max_length=..., required=False)`` and returning a form field
  for the idea's place. The first one registered replaces the typed label and coordinates of the idea
  form. Its ``clean()`` gives None or an object with ``label``, ``latitude`` and ``longitude``
  (coordinates None for a place in words); its ``value_for(label=..., latitude=..., longitude=...)``
  gives the initial value for an idea's stored place. Errors about the place are shown next to it.

The idea assistant registers here (``assistant.apps``), the place picker of ``progress`` too
(``progress.apps``).
"""

SUBMISSION_SECTIONS = []
IDEA_PAGE_SECTIONS = []
PLACE_FIELDS = []


def submission_sections(*, title, text, process):
    return [s for s in (f(title=title, text=text, process=process) for f in SUBMISSION_SECTIONS) if s]


def idea_page_sections(*, request, idea):
    return [s for s in (f(request=request, idea=idea) for f in IDEA_PAGE_SECTIONS) if s]


def place_field(**kwargs):
    """The registered place field for the idea form, or None when no app offers one."""
    return PLACE_FIELDS[0](**kwargs) if PLACE_FIELDS else None
