"""Read queries of the portal: the home page's content and the Leichte Sprache page."""

from typing import Any

from modellstadt.core.selectors import public_pages
from modellstadt.ideas.selectors import running_processes
from modellstadt.news.selectors import latest_posts
from modellstadt.projects.models import ProjectPage
from modellstadt.projects.selectors import fields_with_counts
from modellstadt.strategy.models import CooperationFieldPage, HomePage


def home_context(home: HomePage) -> dict[str, Any]:
    """Goals, fields and news: used only inside the home page's cached parts (core/fragments.py)."""
    return {
        "goals": list(home.goals.all()),
        "fields": fields_with_counts(),
        "latest_news": latest_posts(3),
    }


def home_invitation(home: HomePage) -> dict[str, Any]:
    """The invitation to take part, with its call to action: read on every request."""
    return {"running_processes": running_processes()}


def easy_language_entries() -> tuple[list[CooperationFieldPage], list[ProjectPage]]:
    """Fields and projects that carry a text in Leichte Sprache."""
    fields = list(public_pages(CooperationFieldPage.objects.live()).exclude(easy_text="").order_by("number"))
    projects = list(
        public_pages(ProjectPage.objects.live()).exclude(easy_text="").select_related("field").order_by("title")
    )
    return fields, projects
