"""Signals of participation.

A project's new status update notifies the people who follow the project or its cooperation field.
Status updates are written when the page is published (modelcluster commits the page's child rows),
so a draft never notifies; only a newly created row of a live project does.

Cached anonymous pages must not keep showing an idea after it was hidden, withdrawn, answered or
edited, a comment after it was released, hidden or deleted, or a process after its phases changed.
Supports and counters change by INSERT/UPDATE of other rows, not by saving these, so a support click
does not flush the cache (lists show new counts within PAGE_CACHE_SECONDS); neither does a guest's
comment that waits for release.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from modellstadt.core import cache as page_cache


def status_update_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    project = instance.project
    if not getattr(project, "live", False):
        return
    from modellstadt.participation.notifications import project_status_update

    # The notifications belong to the transaction that saved the update (Wagtail's publish).
    with transaction.atomic():
        project_status_update(instance)


def retire_cached_pages(sender, instance, **kwargs):
    from modellstadt.participation.models import Comment, Moderation

    if sender is Comment and instance.moderation == Moderation.PENDING and instance.deleted_at is None:
        return
    if settings.PAGE_CACHE_SECONDS:
        page_cache.invalidate()


def connect():
    from modellstadt.participation.models import Comment, Idea, Phase, Process
    from modellstadt.projects.models import StatusUpdate

    post_save.connect(status_update_saved, sender=StatusUpdate, dispatch_uid="participation_status_update_notify")
    for model in (Idea, Comment, Process, Phase):
        for signal in (post_save, post_delete):
            signal.connect(retire_cached_pages, sender=model, dispatch_uid=f"retire_pages_{model.__name__}")
