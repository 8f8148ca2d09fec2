"""The partner area's page on which a representative submits a project idea for their organisation.

It sits in the partner area (URL and layout) but follows the rules of ideas (which processes take ideas
now, ``services.submit_partner_idea``), so it lives here: ideas build on partners, not the other way.
The partner area shows an organisation's ideas through the ``Organisation.ideas`` relation.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from modellstadt.ideas import services
from modellstadt.ideas.models import Process
from modellstadt.ideas.partner_forms import PartnerIdeaForm
from modellstadt.ideas.selectors import phase_state
from modellstadt.partners import selectors as partner_selectors


def open_processes() -> list[Process]:
    """Processes whose current phase takes ideas, by title."""
    now = timezone.now()
    candidates = (
        Process.objects.filter(phases__starts_at__lte=now, phases__ends_at__gt=now, phases__allows_ideas=True)
        .distinct().prefetch_related("phases").order_by("title")
    )
    return [p for p in candidates if phase_state(p, now).action("ideas").allowed]


@login_required
def partner_idea_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = partner_selectors.represented_organisation(request.user, slug)
    if organisation is None:
        raise Http404
    processes = open_processes()
    form = PartnerIdeaForm(request.POST if request.method == "POST" else None, processes=processes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_partner_idea(
                request.user, organisation, data["process"], data["field"], data["title"], data["description"]
            )
        except ValidationError as error:
            field = getattr(error, "field", None)
            form.add_error(field if field in form.fields else None, error.messages[0])
        else:
            messages.success(request, _("Die Projektidee wurde eingereicht."))
            return redirect("partners_area:organisation", slug=organisation.slug)
    response = render(request, "ideas/partner_idea_form.html",
                      {"organisation": organisation, "form": form, "processes": processes},
                      status=400 if form.errors else 200)
    response["Cache-Control"] = "private, no-store"
    return response
