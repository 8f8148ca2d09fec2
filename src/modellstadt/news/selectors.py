"""Read queries for news."""

from modellstadt.news.models import NewsPostPage


def published_posts():
    return NewsPostPage.objects.live().public().order_by("-date", "-id")


def latest_posts(limit=3):
    return list(published_posts()[:limit])


def post_context(post):
    return {
        "info_entries": list(post.info_box.all()),
        "fields": list(post.related_fields.live().order_by("number")) if post.pk else [],
        "projects": list(post.related_projects.live().order_by("title")) if post.pk else [],
    }
