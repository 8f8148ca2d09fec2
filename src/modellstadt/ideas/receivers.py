"""Cached anonymous pages must not keep showing an idea after it was hidden, withdrawn, answered or
edited, or a process after its phases changed; nor may a kept count of listed ideas
(``selectors.idea_page``) miss a new or hidden idea. Supports and counters change by INSERT/UPDATE of
other rows, not by saving these, so a support click does not flush the cache (lists show new counts
within PAGE_CACHE_SECONDS).
"""

from django.db.models.signals import post_delete, post_save

from modellstadt.core import cache as page_cache
from modellstadt.ideas.models import Idea, Phase, Process


def retire_cached_pages(sender, instance, **kwargs):
    page_cache.content_changed()


def connect():
    for model in (Idea, Process, Phase):
        for signal in (post_save, post_delete):
            signal.connect(retire_cached_pages, sender=model, dispatch_uid=f"retire_pages_{model.__name__}")
