from django.dispatch import receiver
from wagtail.signals import post_page_move

from modellstadt.projects.models import ProjectPage


@receiver(post_page_move, sender=ProjectPage)
def keep_field_in_sync(sender, instance, parent_page_after, **kwargs):
    """A project moved to another field in the page tree belongs to that field from now on."""
    ProjectPage.objects.filter(pk=instance.pk).update(field_id=parent_page_after.pk)
