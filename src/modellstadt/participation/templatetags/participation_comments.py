"""``{% load participation_comments %}{% comment_section target %}``: the comment thread of an idea,
a project page or a news post, with the forms the viewer may use.

Costs a constant number of queries whatever the number of comments: the thread is one query
(``selectors.comment_tree``); a moderator's view of hidden comments adds one; an idea's phase one
(none when the caller prefetched ``process__phases``).
"""

from django import template

from modellstadt.participation.comment_forms import CommentForm, GuestCommentForm
from modellstadt.participation.comment_views import comment_status, guests_may_comment, target_kind, target_url
from modellstadt.participation.models import Comment
from modellstadt.participation.permissions import can_moderate
from modellstadt.participation.selectors import comment_tree

register = template.Library()


def _walk(nodes):
    for node in nodes:
        yield node
        yield from _walk(node.children)


@register.inclusion_tag("participation/comments/section.html", takes_context=True)
def comment_section(context, target, form=None, standalone=False, show_messages=False):
    """The thread and forms. ``form``: a bound form to show again with its errors (standalone pages);
    ``show_messages``: show the confirmation messages here (for pages that show none of their own);
    ``standalone``: the section is the main content of a /kommentare/ page, so a guest sees the
    form itself rather than a link to it (pages with the form are never cached for everyone)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    moderator = signed_in and can_moderate(user)
    roots = comment_tree(target, user)
    nodes = list(_walk(roots))
    if moderator:
        hidden = [c.pk for c in nodes if c.is_hidden and not c.is_deleted]
        if hidden:  # moderators see what was hidden, next to the reason
            texts = dict(Comment.objects.filter(pk__in=hidden).values_list("pk", "text"))
            for c in nodes:
                if c.pk in texts:
                    c.moderator_text = texts[c.pk]
    allowed, closed_message, premoderated = comment_status(target)
    guests = guests_may_comment(target)
    can_write = allowed and (signed_in or guests)
    if form is None and can_write and (signed_in or standalone):
        form = CommentForm() if signed_in else GuestCommentForm()
    for c in nodes:
        c.reply_ok = can_write and c.is_visible and c.depth + 1 < Comment.MAX_DEPTH
        c.edit_ok = c.is_own and not c.is_hidden and not c.is_deleted
        c.report_ok = signed_in and not c.is_own and c.is_visible
        c.hide_ok = moderator and c.is_visible
        c.has_actions = c.reply_ok or c.edit_ok or c.report_ok or c.hide_ok
    kind = target_kind(target)
    visible = sum(1 for c in nodes if c.is_visible)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "user": user,
        "target": target,
        "kind": kind,
        "roots": roots,
        "visible_count": visible,
        "signed_in": signed_in,
        "moderator": moderator,
        "allowed": allowed,
        "closed_message": closed_message,
        "premoderated": premoderated,
        "guests": guests,
        "can_write": can_write,
        "can_reply": can_write,
        # A form sent back with errors stays visible even if commenting closed meanwhile: no text is lost.
        "form": form if can_write or (form is not None and form.is_bound) else None,
        "standalone": standalone,
        "messages": context.get("messages") if show_messages else None,
        "max_depth": Comment.MAX_DEPTH,
        "next_url": (request.get_full_path() if request is not None else target_url(target)) + "#kommentare",
    }
