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
    """``items`` ordered by spam score, highest first, each with ``spam_score`` set (None without a model).

    Used only to order the moderation queue and to flag; nothing is hidden by it.
    """
    items = list(items)
    scores = selectors.spam_scores({i: text_of(item) for i, item in enumerate(items)})
    for i, item in enumerate(items):
        item.spam_score = scores.get(i)
    if not scores:
        return items
    return [items[i] for i in sorted(range(len(items)), key=lambda i: -scores[i])]
