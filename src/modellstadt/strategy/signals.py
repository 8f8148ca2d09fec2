"""Keeps the back-office roles in step with the page tree: every new field gets its lead group."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from modellstadt.accounts.roles import ensure_field_lead_group
from modellstadt.strategy.models import CooperationFieldPage


@receiver(post_save, sender=CooperationFieldPage)
def create_field_lead_group(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        # After commit: the page's tree position (and so its permissions' scope) is final by then.
        transaction.on_commit(lambda: ensure_field_lead_group(instance))
