from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from modellstadt.strategy.models import Decision, GoverningBody


class GoverningBodyViewSet(SnippetViewSet):
    model = GoverningBody
    icon = "group"
    menu_label = _("Gremien")
    list_display = ["name", "kind", "field"]
    list_filter = ["kind"]
    ordering = ["order", "name"]


class DecisionViewSet(SnippetViewSet):
    model = Decision
    icon = "doc-full"
    menu_label = _("Beschlüsse")
    list_display = ["title", "date", "body"]
    list_filter = ["body"]
    ordering = ["-date"]


class GovernanceGroup(SnippetViewSetGroup):
    menu_label = _("Steuerung")
    menu_icon = "sliders"
    menu_order = 220
    items = (GoverningBodyViewSet, DecisionViewSet)


register_snippet(GovernanceGroup)
