"""Portal pages of follows and notifications (under /konto/, see ``follow_urls``).

Thin views: they parse input, call ``notifications`` and render.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from modellstadt.core.formatting import mask_email
from modellstadt.core.redirects import safe_next_url
from modellstadt.notifications import services as notifications
from modellstadt.notifications.models import EmailFrequency, Notification

PAGE_SIZE = 30


def _next_url(request, fallback="/"):
    return safe_next_url(request, fallback)


def _target(content_type_key, object_id):
    """The followable object named by "app_label.model" and its id, or None."""
    try:
        app_label, model = content_type_key.split(".", 1)
        model_class = ContentType.objects.get_by_natural_key(app_label, model).model_class()
        pk = int(object_id)
    except (ValueError, TypeError, ContentType.DoesNotExist):
        return None
    if model_class is None or not issubclass(model_class, notifications.followable_models()):
        return None
    return notifications.followable(model_class._default_manager.filter(pk=pk).first())


@login_required
@require_POST
def follow_view(request):
    obj = _target(request.POST.get("target", ""), request.POST.get("id"))
    if obj is None:
        raise Http404
    try:
        if request.POST.get("action") == "unfollow":
            notifications.unfollow(request.user, obj)
            messages.success(request, _("Sie folgen „%(title)s“ nicht mehr.") % {"title": obj})
        else:
            notifications.follow(request.user, obj)
            messages.success(
                request,
                _("Sie folgen jetzt „%(title)s“. Neuigkeiten finden Sie unter Benachrichtigungen.") % {"title": obj},
            )
    except notifications.FollowError as error:
        messages.error(request, str(error))
    return HttpResponseRedirect(_next_url(request, notifications.url_of(obj) or "/"))


@login_required
def notification_list(request):
    if request.method == "POST":
        ids = request.POST.getlist("notification")
        notifications.mark_read(request.user, [int(i) for i in ids if i.isdigit()] if ids else None)
        messages.success(request, _("Als gelesen markiert."))
        return redirect("notification_list")
    qs = Notification.objects.filter(user=request.user).order_by("-created", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("seite"))
    return render(request, "notifications/list.html", {
        "page_obj": page, "notifications": page.object_list,
        "unread": notifications.unread_count(request.user),
    })


class SettingsForm(forms.Form):
    email_frequency = forms.ChoiceField(
        label=gettext_lazy("E-Mails zu Ihren Benachrichtigungen"), choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Bitte wählen Sie, wie oft Sie E-Mails erhalten möchten."),
            "invalid_choice": gettext_lazy("Bitte wählen Sie eine der angebotenen Möglichkeiten."),
        },
    )


@login_required
def notification_settings(request):
    if request.method == "POST":
        form = SettingsForm(request.POST)
        if form.is_valid():
            notifications.set_email_frequency(request.user, form.cleaned_data["email_frequency"])
            messages.success(request, _("Ihre Einstellungen wurden gespeichert."))
            return redirect("notification_settings")
    else:
        form = SettingsForm(initial={"email_frequency": notifications.email_frequency(request.user)})
    return render(request, "notifications/settings.html", {"form": form},
                  status=400 if form.errors else 200)


@csrf_exempt  # RFC 8058 one-click: mail clients POST without a CSRF token; the signed token authorises
def unsubscribe(request, token):
    user = notifications.user_for_unsubscribe_token(token)
    if user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        notifications.set_email_frequency(user, EmailFrequency.NEVER)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("Sie erhalten keine E-Mails zu Benachrichtigungen mehr."),
                                content_type="text/plain; charset=utf-8")
        return render(request, "notifications/unsubscribe.html", {"done": True})
    if request.method != "GET":
        return HttpResponseBadRequest()
    return render(request, "notifications/unsubscribe.html", {"token": token, "email": mask_email(user.email)})
