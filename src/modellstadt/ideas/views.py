"""Public pages of citizen ideas: processes, the idea list, an idea's page and its forms.

Thin by design: a view parses input (forms.py), reads through selectors.py or writes through
idea_services.py, and renders. Rules of participation live in the services; their ParticipationError
is shown next to the matching field or as a message, never as an error page. Every POST answers
with a redirect (post/redirect/get).
"""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, Sum
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from modellstadt.core import guards
from modellstadt.core.cache import kept_while_unchanged
from modellstadt.core.paging import paginate
from modellstadt.core.redirects import safe_next_url
from modellstadt.core.rendering import part_renderer, render_part
from modellstadt.ideas import extensions, rules, selectors
from modellstadt.ideas import services as idea_services
from modellstadt.ideas.forms import (
    SORTS,
    IdeaFilterForm,
    IdeaForm,
    WithdrawForm,
)
from modellstadt.ideas.models import Idea, IdeaState, Moderation, Process, visible_ideas
from modellstadt.ideas.permissions import can_moderate
from modellstadt.strategy.models import CooperationFieldPage

SEED_SESSION_KEY = "participation_random_seed"
STATUS_ORDER = {"running": 0, "between": 1, "upcoming": 2, "not_scheduled": 3, "finished": 4}


# --- Helpers ----------------------------------------------------------------------------------------


def _safe_next(request, default):
    return safe_next_url(request, default)


def _random_seed(request):
    """This visitor's seed for the random order, created on first use and kept in the session."""
    seed = request.session.get(SEED_SESSION_KEY)
    if not isinstance(seed, int):
        seed = secrets.randbelow(2**31 - 1) + 1
        request.session[SEED_SESSION_KEY] = seed
    return seed


def _add_service_error(form, error):
    form.add_error(form.service_error_field(error.field), error.message)


def _is_author(user, idea):
    return user.is_authenticated and idea.author_id is not None and idea.author_id == user.pk


def _can_edit(user, idea, state):
    """Mirrors the rules of idea_services.edit_idea, to show or hide the link (the service decides)."""
    return (
        _is_author(user, idea) and idea.state == IdeaState.SUBMITTED and not idea.is_hidden
        and not idea.is_locked_for_editing and state.ideas.allowed
    )


def _can_withdraw(user, idea):
    return _is_author(user, idea) and idea.state in (IdeaState.SUBMITTED, IdeaState.UNDER_REVIEW)


def _store_upload(form, user):
    """The image uploaded with a valid form, stored now (re-encoded, random name), or None.

    Called only right before the service writes the idea: a form that fails, waits for the
    confirmation of similar ideas or is refused by the rate limit stores nothing, so failed posts
    leave no public image files behind."""
    upload = form.cleaned_data.get("image")
    if not upload or form.image_format is None:
        return None
    return idea_services.store_idea_image(upload, form.image_format, user)


def _discard(image):
    """Remove an image stored for a write the service refused (its file goes after the commit)."""
    if image is not None:
        image.delete()


def with_cards(ideas, *, process_titles, field_titles, hyphenated=False):
    """Give each idea of a list ``card_html``: its card (ideas/_idea_card.html) drawn from plain values
    and remembered per process under exactly those values (core.rendering), so a list read again
    costs a lookup per card, and a new count, title or state is a new card. One reverse() for all.
    ``process_titles`` and ``field_titles`` map ids to titles (the list reads them anyway); an empty
    ``process_titles`` leaves the process off the cards."""
    missing = {idea.field_id for idea in ideas if idea.field_id and idea.field_id not in field_titles}
    if missing:  # a field the office chose outside the ones at hand (rare): one query for all of them
        found = CooperationFieldPage.objects.filter(pk__in=missing).values_list("pk", "title")
        field_titles = {**field_titles, **dict(found)}
    detail_prefix = reverse("ideas:idea_detail", args=[0])[:-2]  # "/ideen/"
    state_labels = {value: str(label) for value, label in IdeaState.choices}  # not get_state_display() per card
    render_card = part_renderer("ideas/_idea_card.html")
    for idea in ideas:
        idea.card_html = render_card(
            url=f"{detail_prefix}{idea.pk}/", title=idea.title, hyphenated=hyphenated,
            state=idea.state, state_label=state_labels.get(idea.state, idea.state),
            field_title=field_titles.get(idea.field_id, ""), process_title=process_titles.get(idea.process_id, ""),
            organisation=idea.organisation.name if idea.organisation_id else "",
            author_name="" if idea.organisation_id else str(idea.author_name),
            created=idea.created, support_count=idea.support_count, comment_count=idea.comment_count,
            viewer_supports=bool(getattr(idea, "viewer_supports", False)),
        )
    return ideas


def _upload_not_kept(request, form):
    """True when the form is shown again after a valid image was chosen: browsers cannot keep a chosen
    file, and the image is stored only with the idea, so the page asks to choose it again."""
    return form.is_bound and bool(request.FILES.get(form.add_prefix("image"))) and "image" not in form.errors


# --- Processes --------------------------------------------------------------------------------------


@require_safe
def process_list(request):
    visible = visible_ideas("ideas__")
    processes = (
        Process.objects.prefetch_related("phases")
        .annotate(
            idea_count=Count("ideas", filter=visible),
            support_total=Sum("ideas__support_count", filter=visible),
            comment_total=Sum("ideas__comment_count", filter=visible),
        )
        .order_by("-created", "-id")
    )
    page_obj = paginate(request, processes)
    now = timezone.now()
    for process in page_obj.object_list:
        process.state = selectors.phase_state(process, now)
    # Open processes first, then those still to come, then finished ones (newest first within each).
    page_obj.object_list = sorted(page_obj.object_list, key=lambda p: STATUS_ORDER.get(p.state.status, 9))
    return TemplateResponse(request, "ideas/process_list.html", {"page_obj": page_obj, "querystring": ""})


@require_safe
def process_detail(request, slug):
    process = get_object_or_404(Process.objects.prefetch_related("phases"), slug=slug)
    now = timezone.now()
    state = selectors.phase_state(process, now)
    ideas = selectors.idea_list(process=process, viewer=request.user)
    per_page = settings.MODELLSTADT_PAGE_SIZE  # the first page of /ideen/?verfahren=...
    shown = list(ideas[: per_page + 1])
    fields = list(process.fields.order_by("number"))
    timeline = [
        {
            "phase": phase,
            "running": phase is state.phase,
            "past": phase.ends_at <= now,
        }
        for phase in state.phases
    ]
    context = {
        "process": process,
        "state": state,
        "timeline": timeline,
        "ideas": with_cards(shown[:per_page], process_titles={}, field_titles={f.pk: f.title for f in fields},
                            hyphenated=True),
        "more_ideas": len(shown) > per_page,
        "fields": fields,
        "list_url": f"{reverse('ideas:idea_list')}?verfahren={process.slug}",
    }
    return TemplateResponse(request, "ideas/process_detail.html", context)


# --- Idea list --------------------------------------------------------------------------------------


def _filters_html(form, processes, fields, ignored, reset_url):
    """The filter form (ideas/_filters.html) with its four <select>s drawn from plain values
    (``(name, id, label, invalid, ((value, label, selected), ...))``), the same markup Django's Select
    widget renders, and remembered per process under exactly those values (core.rendering).
    ``processes`` and ``fields`` are (slug, label) pairs read once for the options; an ``ignored``
    (invalid) one is marked ``aria-invalid`` and described by the notice that lists the ignored
    filters. ``reset_url``: where "Filter zurücksetzen" leads, or "" when nothing is filtered."""
    options = {
        "verfahren": [("", form.fields["verfahren"].empty_label), *processes],
        "feld": [("", form.fields["feld"].empty_label), *fields],
        "stand": form.fields["stand"].choices,
        "sortierung": form.fields["sortierung"].choices,
    }
    selects = []
    for name, choices in options.items():
        chosen = form.data.get(name) if form.is_bound else None
        chosen = "" if chosen is None else str(chosen)
        selects.append((
            name, f"id_{name}", str(form.fields[name].label), name in ignored,
            tuple((str(value), str(label), str(value) == chosen) for value, label in choices),
        ))
    return render_part("ideas/_filters.html", selects=tuple(selects), reset_url=reset_url)


@require_safe
def idea_list(request):
    processes_qs = Process.objects.order_by("title")
    fields_qs = CooperationFieldPage.objects.live().order_by("number")
    form = IdeaFilterForm(request.GET or None, processes_qs=processes_qs, fields_qs=fields_qs)
    values = form.cleaned_or_default() if request.GET else {"sortierung": "neueste"}
    ignored = [name for name in getattr(form, "ignored", []) if name in form.fields]
    sort = SORTS[values["sortierung"]]
    seed = _random_seed(request) if sort == "random" else 0
    ideas = selectors.idea_list(
        process=values.get("verfahren"), field=values.get("feld"), state=values.get("stand") or None,
        sort=sort, seed=seed, viewer=request.user,
    )
    count_key = repr((getattr(values.get("verfahren"), "pk", None), getattr(values.get("feld"), "pk", None),
                      values.get("stand") or None))
    page_obj = selectors.idea_page(ideas, request.GET.get("seite"), settings.MODELLSTADT_PAGE_SIZE, count_key)
    query = request.GET.copy()
    query.pop("seite", None)
    for name in ignored:
        query.pop(name, None)
    # The filters' options change only when a process or a field page is saved (content_changed).
    process_rows = kept_while_unchanged(
        "idea-filter-processes", lambda: list(processes_qs.values_list("pk", "slug", "title"))
    )
    field_rows = kept_while_unchanged(
        "idea-filter-fields", lambda: list(fields_qs.values_list("pk", "slug", "number", "title"))
    )
    with_cards(page_obj.object_list, process_titles={pk: title for pk, _slug, title in process_rows},
               field_titles={pk: title for pk, _slug, _number, title in field_rows})
    processes = [(slug, title) for _pk, slug, title in process_rows]
    fields = [(slug, f"{number}. {title}") for _pk, slug, number, title in field_rows]
    context = {
        "form": form,
        "filters_html": _filters_html(form, processes, fields, ignored, request.path if query else ""),
        "ignored_filters": [form.fields[name].label for name in ignored],
        "page_obj": page_obj,
        "querystring": query.urlencode(),
        "random_sort": sort == "random",
    }
    return TemplateResponse(request, "ideas/idea_list.html", context)


@require_safe
def similar_ideas(request):
    """JSON for the live hint while typing a title: ideas in the process with similar titles."""
    process = Process.objects.filter(slug=request.GET.get("verfahren", "")).first()
    title = request.GET.get("titel", "")[:200]
    if process is None or len(title.strip()) < 3:
        return JsonResponse({"ideas": []})
    found = selectors.similar_ideas(title, process)
    return JsonResponse(
        {"ideas": [{"title": i.title, "url": i.get_absolute_url(), "supports": i.support_count} for i in found]}
    )


# --- Submitting and editing -------------------------------------------------------------------------


def idea_create(request, slug):
    process = get_object_or_404(Process.objects.prefetch_related("phases"), slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    state = selectors.phase_state(process)
    similar = []
    sections = []
    status = 200
    if request.method == "POST":
        form = IdeaForm(request.POST, request.FILES, process=process, user=request.user)
        valid = form.is_valid()
        if request.POST.get("suggest_field") and form.cleaned_data.get("title"):
            # The person asked for a field suggestion: show it (and similar ideas), submit nothing. The
            # form may still lack the field, which is what the suggestion is for.
            sections = extensions.submission_sections(
                title=form.cleaned_data["title"], text=form.cleaned_data.get("description", ""), process=process,
            )
            suggested = next((s["field"] for s in sections if s.get("field")), None)
            if suggested is not None and not form.cleaned_data.get("field") and "field" in form.fields:
                data = request.POST.copy()
                data["field"] = str(suggested.pk)
                form = IdeaForm(data, request.FILES, process=process, user=request.user)
                form.is_valid()
        elif valid:
            confirmed = bool(request.POST.get("confirm_similar"))
            if not confirmed:
                similar = selectors.similar_ideas(form.cleaned_data["title"], process)
                if similar:
                    sections = extensions.submission_sections(
                        title=form.cleaned_data["title"], text=form.cleaned_data["description"], process=process,
                    )
            refused = None if similar else guards.refusal(request, "idea")
            if refused:  # too many, or the limit cannot be checked now: what was typed stays in the form
                form.add_error(None, refused.message)
                status = refused.status
            elif not similar:
                image = None
                try:
                    image = _store_upload(form, request.user)
                    idea = idea_services.submit_idea(
                        request.user, process, form.cleaned_data.get("field"), form.cleaned_data["title"],
                        form.cleaned_data["description"],
                        location_label=form.cleaned_data.get("location_label", ""),
                        latitude=form.cleaned_data.get("latitude"), longitude=form.cleaned_data.get("longitude"),
                        image=image, image_alt=form.cleaned_data.get("image_alt", "") if image else "",
                    )
                except rules.ParticipationError as error:
                    _discard(image)
                    _add_service_error(form, error)
                else:
                    if idea.moderation == Moderation.PENDING:
                        messages.success(
                            request,
                            _("Vielen Dank! Ihre Idee wurde eingereicht und erscheint, "
                              "sobald die Moderation sie freigegeben hat."),
                        )
                    else:
                        messages.success(request, _("Vielen Dank! Ihre Idee wurde veröffentlicht."))
                    return redirect(idea.get_absolute_url())
    else:
        form = IdeaForm(process=process, user=request.user)
    context = {
        "process": process,
        "state": state,
        "form": form,
        "similar": similar,
        "help_sections": sections,
        "upload_not_kept": _upload_not_kept(request, form),
    }
    return TemplateResponse(request, "ideas/idea_form.html", context, status=status)


class NotTheAuthor(Exception):
    def __init__(self, idea):
        self.idea = idea


def _own_idea_or_404(request, pk):
    idea = selectors.idea_detail(pk, viewer=request.user)
    if idea is None:
        raise Http404
    if not _is_author(request.user, idea):
        raise NotTheAuthor(idea)
    return idea


def _not_the_author(request, idea):
    return TemplateResponse(request, "ideas/not_the_author.html", {"idea": idea}, status=403)


def idea_edit(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        idea = _own_idea_or_404(request, pk)
    except NotTheAuthor as error:
        return _not_the_author(request, error.idea)
    state = selectors.phase_state(idea.process)
    if not _can_edit(request.user, idea, state):
        messages.warning(request, _("Diese Idee kann nicht mehr bearbeitet werden."))
        return redirect(idea.get_absolute_url())
    initial = {
        "field": idea.field, "title": idea.title, "description": idea.description,
        "location_label": idea.location_label, "latitude": idea.latitude, "longitude": idea.longitude,
        "image_alt": idea.image_alt, "has_image": idea.image_id is not None,
    }
    if request.method == "POST":
        form = IdeaForm(
            request.POST, request.FILES, initial=initial, process=idea.process, user=request.user,
            has_current_image=idea.image_id is not None,
        )
        if form.is_valid():
            image = None
            try:
                image = _store_upload(form, request.user)
                if image is None and not form.cleaned_data.get("remove_image"):
                    image = idea.image
                idea_services.edit_idea(
                    request.user, idea, title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"], field=form.cleaned_data.get("field"),
                    location_label=form.cleaned_data.get("location_label", ""),
                    latitude=form.cleaned_data.get("latitude"), longitude=form.cleaned_data.get("longitude"),
                    image=image, image_alt=form.cleaned_data.get("image_alt", "") if image else "",
                )
            except rules.ParticipationError as error:
                if image is not None and image.pk != idea.image_id:
                    _discard(image)
                _add_service_error(form, error)
            else:
                messages.success(request, _("Ihre Änderungen wurden gespeichert."))
                return redirect(idea.get_absolute_url())
    else:
        form = IdeaForm(initial=initial, process=idea.process, user=request.user,
                        has_current_image=idea.image_id is not None)
    context = {
        "process": idea.process, "idea": idea, "state": state, "form": form, "similar": [],
        "upload_not_kept": _upload_not_kept(request, form), "editing": True,
    }
    return TemplateResponse(request, "ideas/idea_form.html", context)


def idea_withdraw(request, pk):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    try:
        idea = _own_idea_or_404(request, pk)
    except NotTheAuthor as error:
        return _not_the_author(request, error.idea)
    if not _can_withdraw(request.user, idea):
        messages.warning(request, _("Diese Idee kann nicht mehr zurückgezogen werden."))
        return redirect(idea.get_absolute_url())
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            idea_services.withdraw_idea(request.user, idea, form.cleaned_data["reason"])
        except rules.ParticipationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Ihre Idee wurde zurückgezogen."))
            return redirect(idea.get_absolute_url())
    return TemplateResponse(request, "ideas/idea_withdraw.html", {"idea": idea, "form": form})


# --- An idea's page and supports --------------------------------------------------------------------


@require_safe
def idea_detail(request, pk):
    idea = selectors.idea_detail(pk, viewer=request.user, with_phases=True)
    if idea is None:
        raise Http404
    if idea.is_withdrawn:
        return TemplateResponse(request, "ideas/idea_withdrawn.html", {"idea": idea})
    state = selectors.phase_state(idea.process)  # the phases came with the idea (selectors.idea_detail)
    is_author = _is_author(request.user, idea)
    moderator = can_moderate(request.user)
    show_content = not idea.is_hidden or moderator
    context = {
        "idea": idea,
        "state": state,
        "is_author": is_author,
        "show_content": show_content,
        "can_report": request.user.is_authenticated and not is_author and idea.is_published,
        "can_hide": moderator and idea.is_published,
        "can_edit": _can_edit(request.user, idea, state),
        "can_withdraw": _can_withdraw(request.user, idea),
        "can_support": idea.is_published and not is_author and state.supports.allowed,
        "history": selectors.idea_history(idea),
        "help_sections": extensions.idea_page_sections(request=request, idea=idea),
    }
    return TemplateResponse(request, "ideas/idea_detail.html", context)


def _support_action(request, pk, action, done_message, noop_message):
    # One read of what the service checks (author, visibility, process and its phases); the service
    # trusts it and re-checks visibility atomically in its counter UPDATE.
    idea = get_object_or_404(
        Idea.objects.select_related("process")
        .only("id", "author_id", "moderation", "state", "support_count", "comment_count", "process__id")
        .prefetch_related("process__phases"),
        pk=pk,
    )
    target = _safe_next(request, idea.get_absolute_url())
    if not request.user.is_authenticated:
        messages.info(request, _("Bitte melden Sie sich an, um Ideen zu unterstützen."))
        return redirect_to_login(target)
    try:
        changed = action(request.user, idea)
    except rules.ParticipationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done_message if changed else noop_message)
    return HttpResponseRedirect(target)


@require_POST
def idea_support(request, pk):
    return _support_action(
        request, pk, idea_services.support,
        _("Danke! Sie unterstützen diese Idee."), _("Sie unterstützen diese Idee bereits."),
    )


@require_POST
def idea_unsupport(request, pk):
    return _support_action(
        request, pk, idea_services.unsupport,
        _("Sie unterstützen diese Idee nicht mehr."), _("Sie hatten diese Idee nicht unterstützt."),
    )

