"""Back-office viewsets of ideas: processes with their phases (as a snippet viewset).

Who may manage them follows the model permissions of Process (add/change/delete/view), which the
group "Programmbüro" holds (accounts.roles).
"""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from modellstadt.ideas.models import Process


class ProcessViewSet(SnippetViewSet):
    model = Process
    icon = "list-ul"
    menu_label = _("Beteiligungsverfahren")
    menu_name = "participation-processes"
    menu_order = 230
    # The address the back office has always used (/verwaltung/snippets/participation/process/).
    url_prefix = "snippets/participation/process"
    add_to_admin_menu = True
    list_display = ["title", "premoderation", "created"]
    list_filter = ["premoderation"]
    ordering = ["-created", "-id"]
    panels = [
        FieldPanel("title"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("fields"),
        MultiFieldPanel([FieldPanel("premoderation")], heading=_("Moderation")),
        InlinePanel("phases", label=_("Phasen"), heading=_("Phasen")),
    ]
