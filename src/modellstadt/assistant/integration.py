"""Narrow entry points for the pages of ideas and moderation that show the assistant's help.

The idea form, the idea page and the moderation queue call only these functions and include the
templates under ``assistant/`` (``_field_suggestion.html``, ``_duplicates.html``,
``_summary.html``), so the assistant can change inside without touching those pages.
"""

from dataclasses import dataclass, field

from django.conf import settings

from modellstadt.assistant import selectors


@dataclass
class SubmissionHelp:
    ranking: selectors.Ranking
    duplicates: list = field(default_factory=list)

    @property
    def top_field(self):
        return self.ranking.top.field if self.ranking.top else None


def submission_help(*, title, text, process, exclude=None, duplicates=True):
    """Field suggestion (top three, with the words behind each) and similar ideas of all processes."""
    ranking = selectors.field_ranking(title=title, text=text, process=process)
    found = selectors.duplicate_candidates(title=title, text=text, exclude=exclude) if duplicates else []
    return SubmissionHelp(ranking, found)


def public_summaries():
    """Whether the public idea page shows the thread summary (``ASSISTANT_PUBLIC_SUMMARIES``)."""
    return bool(getattr(settings, "ASSISTANT_PUBLIC_SUMMARIES", False))


def thread_summary(idea):
    return selectors.thread_summary(idea=idea)


def merged_into(idea):
    return selectors.merged_into(idea)


def spam_order(items, text_of):
    """``items`` ordered by spam score, highest first; each contribution (an item, or its ``"obj"``
    when items are dicts) gets ``spam_score`` (None without a model).

    Used only to order the moderation queue and to flag; nothing is hidden by it.
    """
    items = list(items)
    scores = selectors.spam_scores({i: text_of(item) for i, item in enumerate(items)})
    for i, item in enumerate(items):
        target = item["obj"] if isinstance(item, dict) else item
        target.spam_score = scores.get(i)
    if not scores:
        return items
    return [items[i] for i in sorted(range(len(items)), key=lambda i: -scores[i])]


# --- Sections the ideas pages show through their extension points -----------------------------------


def submission_section(*, title, text, process, exclude=None):
    """The help shown on the idea form: field suggestion and similar ideas of all processes."""
    if not (title or "").strip() and not (text or "").strip():
        return None
    found = submission_help(title=title, text=text, process=process, exclude=exclude)
    return {"template": "assistant/_submission_help.html", "context": found, "field": found.top_field}


def idea_page_section(*, request, idea):
    """On an idea's page: the pointer to the idea it was merged into, and the thread summary for the
    office (for everyone with ``ASSISTANT_PUBLIC_SUMMARIES``)."""
    from modellstadt.assistant.sources import can_answer

    office = can_answer(request.user)
    merged = merged_into(idea) if idea.is_hidden else None
    summary = thread_summary(idea) if (office or public_summaries()) and idea.comment_count else []
    if merged is None and not summary and not office:
        return None
    return {"template": "assistant/_idea_page.html",
            "context": {"merged_into": merged, "summary": summary, "office": office, "idea": idea}}
