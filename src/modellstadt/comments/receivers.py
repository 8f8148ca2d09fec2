"""Cached anonymous pages must not keep showing a comment after it was released, hidden or deleted.
A guest's comment that waits for release does not flush the cache.
"""

from django.db.models.signals import post_delete, post_save

from modellstadt.comments.models import Comment
from modellstadt.core import cache as page_cache
from modellstadt.ideas.models import Moderation


def retire_cached_pages(sender, instance, **kwargs):
    if instance.moderation == Moderation.PENDING and instance.deleted_at is None:
        return
    page_cache.content_changed()


def connect():
    for signal in (post_save, post_delete):
        signal.connect(retire_cached_pages, sender=Comment, dispatch_uid="retire_pages_Comment")
