"""The back office of ideas: processes (snippets), answering ideas, and the answer in the audit log."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet

from modellstadt.core.log_actions import register_reason_actions
from modellstadt.ideas.permissions import can_answer
from modellstadt.ideas.viewsets import ProcessViewSet

# action -> (label in the action filter, message in the log)
ACTIONS = {
    "modellstadt.answer": (_("Beteiligung: Idee beantworten"), _("Idee offiziell beantwortet")),
}


@hooks.register("register_log_actions")
def register_idea_log_actions(actions):
    register_reason_actions(actions, ACTIONS)


register_snippet(ProcessViewSet)


@hooks.register("register_admin_urls")
def register_idea_admin_urls():
    from modellstadt.ideas import admin_views

    return [path("beteiligung/", include((admin_views.urlpatterns, "ideas_admin"), namespace="ideas_admin"))]


class AnswerMenuItem(MenuItem):
    def is_shown(self, request):
        return can_answer(request.user)


@hooks.register("register_admin_menu_item")
def register_answer_menu_item():
    return AnswerMenuItem(_("Ideen beantworten"), reverse("ideas_admin:ideas"), name="participation-answer",
                          icon_name="help", order=231)

from modellstadt.ideas import dashboard as _dashboard  # noqa: E402,F401 - the office's open work
