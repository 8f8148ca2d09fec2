"""Reporting an idea or a comment to the moderators (/kommentare/<id>/melden/, /kommentare/ideen/<id>/melden/).

Thin: parse the form, call ``services.report``, redirect back to the reported contribution.
"""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from modellstadt.comments.models import Comment
from modellstadt.comments.views import attach_error, target_of, target_url, visible_comment
from modellstadt.core import guards
from modellstadt.ideas.models import Moderation
from modellstadt.ideas.rules import ParticipationError
from modellstadt.ideas.selectors import idea_detail
from modellstadt.moderation import services as moderation_services
from modellstadt.moderation.forms import ReportForm


def _report(request, obj, target, what):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    form = ReportForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            refused = guards.refusal(request, "report")
            if refused:
                form.add_error(None, refused.message)
                status = refused.status
            else:
                try:
                    moderation_services.report(request.user, obj, form.cleaned_data["reason"])
                except ParticipationError as error:
                    attach_error(form, error)
                else:
                    messages.success(
                        request, _("Danke für Ihre Meldung. Die Moderation sieht sich den Beitrag an.")
                    )
                    anchor = f"#kommentar-{obj.pk}" if isinstance(obj, Comment) else ""
                    return redirect(target_url(target, request) + anchor)
    context = {"target": target, "target_url": target_url(target, request), "form": form, "obj": obj, "what": what}
    return render(request, "moderation/report.html", context, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report(request, pk):
    comment = visible_comment(pk, request)
    return _report(request, comment, target_of(comment, request.user), "comment")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def report_idea(request, pk):
    idea = idea_detail(pk, request.user)
    if idea is None or idea.moderation != Moderation.PUBLISHED:
        raise Http404
    return _report(request, idea, idea, "idea")
