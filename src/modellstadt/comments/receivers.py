"""Cached anonymous pages must not keep showing a comment after it was released, hidden or deleted.
A guest's comment that waits for release does not flush the cache.

A thread's rows are kept on their own (``selectors.thread_rows``): every comment saved or deleted
moves its thread's version, pending ones included (their authors see them at once), and every
account renamed or deleted moves the version of the names the threads show. A login only writes
``last_login`` and moves nothing.
"""

from django.db.models.signals import post_delete, post_save

from modellstadt.accounts.models import User
from modellstadt.comments.models import Comment
from modellstadt.comments.selectors import KIND_OF_FIELD, NAMES_VERSION, thread_version
from modellstadt.core import cache as page_cache
from modellstadt.ideas.models import Moderation

# Saving only these columns of an account changes no name a thread shows.
_NAMELESS_UPDATES = frozenset({"last_login", "password", "district"})


def retire_cached_pages(sender, instance, **kwargs):
    page_cache.version_moved(*(  # the one target field set on the comment names its thread
        thread_version(name, getattr(instance, f"{name}_id"))
        for name in KIND_OF_FIELD if getattr(instance, f"{name}_id") is not None
    ))
    if instance.moderation == Moderation.PENDING and instance.deleted_at is None:
        return
    page_cache.content_changed()


def retire_kept_names(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and frozenset(update_fields) <= _NAMELESS_UPDATES:
        return
    page_cache.version_moved(NAMES_VERSION)


def connect():
    for signal in (post_save, post_delete):
        signal.connect(retire_cached_pages, sender=Comment, dispatch_uid="retire_pages_Comment")
        signal.connect(retire_kept_names, sender=User, dispatch_uid="retire_comment_names_User")
