"""Cached anonymous pages (/fortschritt/, /karte/, field and project pages) must show new values, targets,
districts and assessments. Saving or deleting one of these rows retires the page cache; value writes that
go through ``services.refresh_indicator`` (bulk import, ``update()``) retire it there."""

from django.db.models.signals import post_delete, post_save

from modellstadt.core import cache as page_cache

WATCHED = ("Indicator", "IndicatorTarget", "District", "Place", "SmartCityArea", "AssessmentCriterion",
           "Assessment", "CriterionRating", "ProgrammeSnapshot")


def retire_cached_pages(sender=None, **kwargs):
    page_cache.content_changed()


def connect():
    from django.apps import apps

    for name in WATCHED:
        model = apps.get_model("progress", name)
        post_save.connect(retire_cached_pages, sender=model, dispatch_uid=f"progress-cache-save-{name}")
        post_delete.connect(retire_cached_pages, sender=model, dispatch_uid=f"progress-cache-delete-{name}")
