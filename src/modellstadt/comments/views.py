"""Views of the comment section: write, reply, edit and delete (reporting: ``moderation.views``).

Thin: parse the form, call ``services``, redirect (post/redirect/get) with a German message back to
the commented page at ``#kommentar-<id>``. On an error the form page is shown again with the
message next to the field and everything typed kept. Every page works without JavaScript.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from modellstadt.comments import services as comment_services
from modellstadt.comments.forms import CommentForm, GuestCommentForm
from modellstadt.comments.models import Comment
from modellstadt.comments.permissions import comment_status, guests_may_comment
from modellstadt.comments.selectors import KIND_OF_FIELD, target_url
from modellstadt.core import guards
from modellstadt.ideas.models import Moderation
from modellstadt.ideas.permissions import can_moderate
from modellstadt.ideas.rules import ParticipationError
from modellstadt.ideas.selectors import idea_detail
from modellstadt.news.models import NewsPostPage
from modellstadt.projects.models import ProjectPage

# --- Targets ----------------------------------------------------------------------------------------


def load_target(kind, pk, viewer=None):
    """The idea, project page or news post behind a URL, or 404 (not public, unknown kind)."""
    if kind == "idee":
        idea = idea_detail(pk, viewer)
        if idea is None:
            raise Http404
        return idea
    if kind == "projekt":
        return get_object_or_404(ProjectPage.objects.live().public(), pk=pk)
    if kind == "nachricht":
        return get_object_or_404(NewsPostPage.objects.live().public(), pk=pk)
    raise Http404


def target_of(comment, viewer=None):
    """The (public) target of ``comment``, loaded like ``load_target``."""
    field = next(f for f in ("idea", "project", "news_post") if getattr(comment, f"{f}_id"))
    return load_target(KIND_OF_FIELD[field], getattr(comment, f"{field}_id"), viewer)


# --- Helpers ----------------------------------------------------------------------------------------


def _is_signed_in(request):
    return request.user.is_authenticated


def attach_error(form, error):
    """Put a service's error next to the field it names (or above the form)."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _redirect_to(target, request, comment=None):
    anchor = f"#kommentar-{comment.pk}" if comment is not None and comment.is_visible else "#kommentare"
    return redirect(target_url(target, request) + anchor)


def _form_class(request, target):
    if _is_signed_in(request):
        return CommentForm
    if guests_may_comment(target):
        return GuestCommentForm
    return None


def _render_form_page(request, target, form, *, parent=None, status=200):
    context = {
        "target": target, "target_url": target_url(target, request), "form": form, "parent": parent,
        "page_title": _("Antworten") if parent is not None else _("Kommentar schreiben"),
        "premoderated": comment_status(target)[2],
    }
    return render(request, "comments/form_page.html", context, status=status)


def visible_comment(pk, request):
    """A comment others may see (for replying and reporting), else 404."""
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=pk)
    if comment.is_deleted or comment.moderation != Moderation.PUBLISHED:
        raise Http404
    return comment


def _own_comment(pk, request, *, allow_moderator=False):
    if not _is_signed_in(request):
        raise _LoginRequired
    comment = get_object_or_404(Comment.objects.select_related("author"), pk=pk)
    is_author = comment.author_id is not None and comment.author_id == request.user.pk
    if not (is_author or (allow_moderator and can_moderate(request.user))):
        raise PermissionDenied(_("Nur wer den Kommentar geschrieben hat, kann das tun."))
    return comment


class _LoginRequired(Exception):
    pass


def _write(request, target, parent=None):
    """GET: the form page. POST: write the comment (or reply) and redirect."""
    form_class = _form_class(request, target)
    if form_class is None:
        return redirect_to_login(request.get_full_path())
    if request.method != "POST":
        return _render_form_page(request, target, form_class(), parent=parent)
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_form_page(request, target, form, parent=parent, status=200)
    allowed, closed_message, _premoderated = comment_status(target)
    if not allowed:  # e.g. the phase ended while the person was typing: the text stays in the form
        form.add_error(None, closed_message)
        return _render_form_page(request, target, form, parent=parent, status=200)
    refused = guards.refusal(request, "comment")
    if refused:  # too many, or the limit cannot be checked now: the text stays in the form
        form.add_error(None, refused.message)
        return _render_form_page(request, target, form, parent=parent, status=refused.status)
    data = form.cleaned_data
    try:
        new = comment_services.comment(
            request.user, target, data["text"], parent=parent,
            guest_name=data.get("guest_name"), guest_email=data.get("guest_email"),
        )
    except ParticipationError as error:
        if error.code == "login_required":
            return redirect_to_login(request.get_full_path())
        attach_error(form, error)
        return _render_form_page(request, target, form, parent=parent, status=200)
    if new.is_published:
        messages.success(request, _("Ihr Kommentar ist veröffentlicht."))
    elif new.is_guest:
        messages.success(
            request,
            _("Vielen Dank für Ihren Kommentar! Er erscheint hier, sobald die Moderation ihn freigegeben hat."),
        )
    else:
        messages.success(
            request, _("Vielen Dank! Ihr Kommentar erscheint für andere, sobald die Moderation ihn freigegeben hat.")
        )
    return _redirect_to(target, request, new)


# --- Views ------------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def create(request, kind, pk):
    target = load_target(kind, pk, request.user)
    return _write(request, target)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reply(request, pk):
    parent = visible_comment(pk, request)
    target = target_of(parent, request.user)
    return _write(request, target, parent=parent)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request, pk):
    try:
        comment = _own_comment(pk, request)
    except _LoginRequired:
        return redirect_to_login(request.get_full_path())
    target = target_of(comment, request.user)
    if comment.is_deleted or comment.is_hidden:
        messages.error(request, _("Ein gelöschter oder ausgeblendeter Kommentar kann nicht bearbeitet werden."))
        return redirect(target_url(target, request) + f"#kommentar-{comment.pk}")
    if request.method == "POST":
        form = CommentForm(request.POST)
        if form.is_valid():
            try:
                comment_services.edit_comment(request.user, comment, form.cleaned_data["text"])
            except ParticipationError as error:
                attach_error(form, error)
            else:
                messages.success(request, _("Ihr Kommentar wurde geändert."))
                return _redirect_to(target, request, comment)
    else:
        form = CommentForm(initial={"text": comment.text})
    context = {"target": target, "target_url": target_url(target, request), "form": form, "comment": comment}
    return render(request, "comments/edit.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def delete(request, pk):
    try:
        comment = _own_comment(pk, request, allow_moderator=True)
    except _LoginRequired:
        return redirect_to_login(request.get_full_path())
    target = target_of(comment, request.user)
    error = None
    if request.method == "POST":
        try:
            comment_services.delete_comment(request.user, comment)
        except ParticipationError as exc:
            error = exc.message
        else:
            messages.success(request, _("Der Kommentar wurde gelöscht. Antworten darauf bleiben lesbar."))
            return redirect(target_url(target, request) + f"#kommentar-{comment.pk}")
    context = {"target": target, "target_url": target_url(target, request), "comment": comment, "error": error}
    return render(request, "comments/delete.html", context)
