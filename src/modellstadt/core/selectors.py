from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr


def public_pages(queryset):
    """``queryset.public()`` inside the query itself: pages not in a private section (a page with a
    view restriction, or below one). Wagtail's public() first loads every restriction in a query of
    its own; this is one NOT EXISTS on the (small) restriction table, so a list costs a query less."""
    from wagtail.models import PageViewRestriction

    restricting = PageViewRestriction.objects.filter(page__path=Substr(OuterRef("path"), 1, Length("page__path")))
    return queryset.filter(~Exists(restricting))


def easy_language_entries():
    """Fields and projects that carry a text in Leichte Sprache."""
    from modellstadt.projects.models import ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage

    fields = list(public_pages(CooperationFieldPage.objects.live()).exclude(easy_text="").order_by("number"))
    projects = list(
        public_pages(ProjectPage.objects.live()).exclude(easy_text="").select_related("field").order_by("title")
    )
    return fields, projects
