"""Signals participation listens to in other apps (which never import participation).

A project's new status update notifies the people who follow the project or its cooperation field.
Status updates are written when the page is published (modelcluster commits the page's child rows),
so a draft never notifies; only a newly created row of a live project does.
"""

from django.db import transaction
from django.db.models.signals import post_save


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


def connect():
    from modellstadt.projects.models import StatusUpdate

    post_save.connect(status_update_saved, sender=StatusUpdate, dispatch_uid="participation_status_update_notify")
