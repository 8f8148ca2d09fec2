from django.template.response import TemplateResponse

from modellstadt.core.paging import paginate
from modellstadt.partners.models import Organisation
from modellstadt.projects.forms import ProjectFilterForm
from modellstadt.projects.selectors import project_list as select_projects
from modellstadt.strategy.models import CooperationFieldPage


def project_list(request, page):
    fields_qs = CooperationFieldPage.objects.live().order_by("number")
    partners_qs = Organisation.objects.filter(project_roles__project__live=True).distinct().order_by("name")
    # Choices are listed once for the form; lookups of the submitted slugs use the querysets.
    form = ProjectFilterForm(request.GET or None, fields_qs=fields_qs, partners_qs=partners_qs)
    values = form.cleaned_or_default() if request.GET else {"sortierung": "titel"}
    projects = select_projects(
        field=values.get("feld"), status=values.get("status"), partner=values.get("partner"),
        sort=values["sortierung"],
    )
    query = request.GET.copy()
    query.pop("seite", None)
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "ignored_filters": getattr(form, "ignored", []),
            "page_obj": paginate(request, projects),
            "querystring": query.urlencode(),
        }
    )
    return TemplateResponse(request, "projects/project_index_page.html", context)
