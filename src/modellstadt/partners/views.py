from django.http import Http404
from django.template.response import TemplateResponse

from modellstadt.partners.models import Organisation, OrganisationKind
from modellstadt.partners.selectors import directory_by_kind
from modellstadt.projects.selectors import organisation_projects


def partner_directory(request, page):
    kind = request.GET.get("art", "")
    if kind not in OrganisationKind.values:
        kind = ""
    groups = directory_by_kind(kind or None)
    context = page.get_context(request)
    context.update(
        {
            "groups": groups,
            "kinds": OrganisationKind.choices,
            "selected_kind": kind,
            "total": sum(len(orgs) for _k, _label, orgs in groups),
        }
    )
    return TemplateResponse(request, "partners/partner_index_page.html", context)


def organisation_detail(request, page, slug):
    organisation = Organisation.objects.select_related("logo").filter(slug=slug).first()
    if organisation is None:
        raise Http404
    context = page.get_context(request)
    context.update(
        {
            "organisation": organisation,
            "projects": organisation_projects(organisation),
            "led_fields": list(organisation.led_fields.live().order_by("number")),
            "memberships": list(organisation.body_memberships.select_related("body")),
        }
    )
    return TemplateResponse(request, "partners/organisation_page.html", context)
