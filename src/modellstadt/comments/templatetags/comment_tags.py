"""``{% load comment_tags %}{% comment_section target %}``: the comment thread of an idea,
a project page or a news post, with the forms the viewer may use.

Costs a constant number of queries whatever the number of comments: the thread is one query
(``selectors.comment_tree``); a moderator's view of hidden comments adds one; an idea's phase one
(none when the caller prefetched ``process__phases``).

Rendering: the tree is flattened here into one pre-ordered list and joined into one string: each
comment is drawn by ``comments/_comment.html`` from plain values only (its text, author, dates, state
and the links this viewer may use) through ``core.rendering.render_part``, which remembers the HTML
per process under exactly those values, so a thread read again costs a dictionary lookup per comment
instead of ~150 template lookups. A comment with replies opens its nested
``<ol class="comment-list replies">``, and the last comment of a subtree carries the closing tags of
the lists it ends (``close_html``), so the HTML keeps its nested lists. The action links are built
from one ``reverse()`` per kind of link, and the screen-reader texts are translated here once per
comment.
"""

from django import template
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from modellstadt.comments.forms import CommentForm, GuestCommentForm
from modellstadt.comments.models import Comment
from modellstadt.comments.permissions import can_moderate, comment_status, guests_may_comment
from modellstadt.comments.selectors import comment_tree, target_kind, target_url
from modellstadt.core.rendering import part_renderer

register = template.Library()


_CLOSE_REPLIES = "\n  </ol>\n</li>"
_OPEN_REPLIES = '\n  <ol class="comment-list replies">'
_PK_SENTINEL = 987654321


def _flatten(roots):
    """The comments in reading order (pre-order). Each gets ``close_html``: the closing tags of the
    reply lists that end with it (after its own ``</li>``)."""
    flat = []

    def visit(nodes):
        for node in nodes:
            node.closing = 0
            flat.append(node)
            if node.children:
                visit(node.children)
                flat[-1].closing += 1  # the last comment of this subtree closes its reply list
    visit(roots)
    for node in flat:
        node.close_html = mark_safe(_CLOSE_REPLIES * node.closing) if node.closing else ""
    return flat


def _url_maker(name, *args):
    """``pk -> URL`` for a route with one int ``pk`` (after ``args``), from one reverse()."""
    sample = reverse(name, args=[*args, _PK_SENTINEL])
    head, tail = sample.rsplit(str(_PK_SENTINEL), 1)
    return lambda pk: f"{head}{pk}{tail}"


@register.inclusion_tag("comments/section.html", takes_context=True)
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
    nodes = _flatten(roots)
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
    reply_url, edit_url, delete_url = (_url_maker(f"comments:{n}") for n in ("reply", "edit", "delete"))
    report_url, hide_url = _url_maker("moderation:report_comment"), _url_maker("moderation_admin:hide", "comment")
    on_comment_of, comment_of = gettext("auf den Kommentar von %(name)s"), gettext("(Kommentar von %(name)s)")
    parts, render_comment = [], part_renderer("comments/_comment.html")
    for c in nodes:
        reply_ok = can_write and c.is_visible and c.depth + 1 < Comment.MAX_DEPTH
        edit_ok = c.is_own and not c.is_hidden and not c.is_deleted
        report_ok = signed_in and not c.is_own and c.is_visible
        hide_ok = moderator and c.is_visible
        name = {"name": c.author_name} if reply_ok or report_ok or hide_ok else None
        html = render_comment(
            deleted=c.is_deleted, guest_name=c.guest_name, has_author=c.author_id is not None,
            author_name=c.author_public_name if c.author_id and not c.guest_name else "",
            created=c.created, edited_at=c.edited_at, pending=c.is_pending, hidden=c.is_hidden,
            hidden_reason=c.hidden_reason if c.is_hidden else "", text=c.text,
            moderator_text=getattr(c, "moderator_text", ""),
            reply_url=reply_url(c.pk) if reply_ok else "", reply_label=on_comment_of % name if reply_ok else "",
            edit_url=edit_url(c.pk) if edit_ok else "", delete_url=delete_url(c.pk) if edit_ok else "",
            report_url=report_url(c.pk) if report_ok else "", hide_url=hide_url(c.pk) if hide_ok else "",
            of_label=comment_of % name if report_ok or hide_ok else "",
        )
        parts.append(f'<li class="comment" id="kommentar-{c.pk}">{html}')
        parts.append(_OPEN_REPLIES if c.children else f"</li>{c.close_html}")
    kind = target_kind(target)
    visible = sum(1 for c in nodes if c.is_visible)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "user": user,
        "target": target,
        "kind": kind,
        "roots": roots,
        "thread_html": mark_safe("".join(parts)),  # noqa: S308 - parts rendered by templates, pks are ints
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
