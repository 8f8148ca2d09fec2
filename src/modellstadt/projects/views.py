from django.template.response import TemplateResponse

from modellstadt.core import fragments
from modellstadt.core.paging import paginate
from modellstadt.projects.forms import ProjectFilterForm
from modellstadt.projects.selectors import partner_choices
from modellstadt.projects.selectors import project_list as select_projects
from modellstadt.strategy.models import CooperationFieldPage


def project_list(request, page):
    context = page.get_context(request)
    # The list is the same for everyone with the same query: from the fragment cache when it can.
    context["fragment"] = fragment = fragments.lookup(request, "project-list", page.pk, sorted(request.GET.lists()))
    if fragments.is_hit(fragment):
        return TemplateResponse(request, "projects/project_index_page.html", context)
    fields = list(CooperationFieldPage.objects.live().order_by("number").values_list("id", "slug", "title"))
    partners = partner_choices()
    form = ProjectFilterForm(
        request.GET or None,
        field_choices=[(slug, title) for _id, slug, title in fields],
        partner_choices=[(slug, name) for _id, slug, name in partners],
    )
    values = form.cleaned_or_default() if request.GET else {"sortierung": "titel"}
    field_ids = {slug: pk for pk, slug, _title in fields}
    partner_ids = {slug: pk for pk, slug, _name in partners}
    projects = select_projects(
        field=field_ids.get(values.get("feld") or ""), status=values.get("status"),
        partner=partner_ids.get(values.get("partner") or ""), sort=values["sortierung"],
    )
    query = request.GET.copy()
    query.pop("seite", None)
    context.update(
        {
            "form": form,
            "ignored_filters": getattr(form, "ignored", []),
            "page_obj": paginate(request, projects),
            "querystring": query.urlencode(),
        }
    )
    return TemplateResponse(request, "projects/project_index_page.html", context)
