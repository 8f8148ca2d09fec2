"""Read queries for news."""

from typing import Any

from django.db.models import QuerySet

from modellstadt.core.selectors import public_pages
from modellstadt.news.models import NewsPostPage


def published_posts() -> QuerySet[NewsPostPage]:
    return public_pages(NewsPostPage.objects.live()).order_by("-date", "-id")


def latest_posts(limit: int = 3) -> list[NewsPostPage]:
    """Teasers (home page): without the Markdown body, which no teaser shows."""
    return list(published_posts().defer("body")[:limit])


def post_context(post: NewsPostPage) -> dict[str, list[Any]]:
    return {
        "info_entries": list(post.info_box.all()),
        "fields": list(post.related_fields.live().order_by("number")) if post.pk else [],
        "projects": list(post.related_projects.live().order_by("title")) if post.pk else [],
    }
