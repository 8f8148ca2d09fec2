"""``{% load follow_tags %}{% follow_button obj %}`` and the unread-notification count.

The button costs one query for a signed-in viewer (do they follow ``obj``?) and none for
anonymous visitors, who get a link to the login instead of a form.
"""

from django import template
from django.contrib.contenttypes.models import ContentType

from modellstadt.notifications import services as notifications

register = template.Library()


@register.inclusion_tag("notifications/_follow_button.html", takes_context=True)
def follow_button(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    target = notifications.followable(obj)
    authenticated = bool(user is not None and user.is_authenticated)
    data = {
        "target": target,
        "authenticated": authenticated,
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }
    if target is not None:
        content_type = ContentType.objects.get_for_model(type(target))
        data["target_key"] = f"{content_type.app_label}.{content_type.model}"
        data["following"] = authenticated and notifications.is_following(user, target)
    return data


@register.simple_tag(takes_context=True)
def unread_notification_count(context):
    """Unread notifications of the signed-in viewer (one query; none for anonymous visitors)."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return notifications.unread_count(user)
