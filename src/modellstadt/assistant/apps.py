"""Local idea assistant: field suggestion, duplicates, topics, thread summaries, spam score."""
from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class AssistantConfig(AppConfig):
    name = "modellstadt.assistant"
    label = "assistant"
    verbose_name = _("Ideen-Assistent")

    def ready(self):
        from modellstadt.assistant import signals
        from modellstadt.assistant.sources import Idea

        post_save.connect(signals.idea_saved, sender=Idea, dispatch_uid="assistant_idea_saved")

        # The idea form and the idea page show the assistant's sections through their extension points.
        from modellstadt.assistant import integration
        from modellstadt.ideas import extensions

        for registry, section in ((extensions.SUBMISSION_SECTIONS, integration.submission_section),
                                  (extensions.IDEA_PAGE_SECTIONS, integration.idea_page_section)):
            if section not in registry:
                registry.append(section)
