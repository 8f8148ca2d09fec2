"""What notifications hear from the apps below them.

- A project's new status update notifies the people who follow the project or its cooperation field.
  Status updates are written when the page is published (modelcluster commits the page's child rows),
  so a draft never notifies; only a newly created row of a live project does.
- The office's answer and a new state of an idea (``ideas.signals``), and a published comment
  (``comments.signals``), notify the people concerned.
"""

from django.db import transaction
from django.db.models.signals import post_save

from modellstadt.comments import signals as comment_signals
from modellstadt.ideas import signals as idea_signals
from modellstadt.notifications import services
from modellstadt.projects.models import StatusUpdate


def status_update_saved(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    project = instance.project
    if not getattr(project, "live", False):
        return
    # The notifications belong to the transaction that saved the update (Wagtail's publish).
    with transaction.atomic():
        services.project_status_update(instance)


def idea_answered(sender, idea, actor, **kwargs):
    services.idea_answered(idea, actor)


def idea_state_changed(sender, idea, actor, **kwargs):
    services.idea_state_changed(idea, actor)


def comment_published(sender, comment, **kwargs):
    services.comment_published(comment)  # replies to the parent's author, comments to the idea's author


def connect():
    post_save.connect(status_update_saved, sender=StatusUpdate, dispatch_uid="participation_status_update_notify")
    idea_signals.idea_answered.connect(idea_answered, dispatch_uid="notify_idea_answered")
    idea_signals.idea_state_changed.connect(idea_state_changed, dispatch_uid="notify_idea_state_changed")
    comment_signals.comment_published.connect(comment_published, dispatch_uid="notify_comment_published")
