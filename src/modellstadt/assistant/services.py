"""Writes of the assistant: field suggestions and the office's decisions, duplicate links, merges.

Every function takes keyword arguments, runs in a transaction and raises ``AssistantError`` with
a German message a person can read. Suggestions themselves are computed in ``selectors``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from modellstadt.assistant import selectors, training
from modellstadt.assistant.models import DuplicateLink, FieldSuggestion
from modellstadt.assistant.sources import (
    Idea,
    IdeaEvent,
    IdeaEventKind,
    Moderation,
    NotificationKind,
    Support,
    can_answer,
    can_moderate,
    notifications,
)
from modellstadt.core import cache as page_cache


class AssistantError(ValidationError):
    """A rule stops the action; ``message`` is German and meant for the person."""

    def __init__(self, message, *, field=None, code="assistant"):
        super().__init__(message, code=code)
        self.field = field

    def __str__(self):
        return str(self.message)


def retrain_after():
    return getattr(settings, "ASSISTANT_RETRAIN_AFTER", 20)


def _require_office(user):
    if not can_answer(user):
        raise AssistantError(_("Nur das Programmbüro kann das tun."), code="permission")


@transaction.atomic
def record_suggestion(*, idea):
    """Store the assistant's field suggestion for ``idea`` (replaces an undecided earlier one)."""
    ranking = selectors.field_ranking(title=idea.title, text=idea.description, process=idea.process)
    suggestion, _created = FieldSuggestion.objects.select_for_update().get_or_create(idea=idea)
    if suggestion.is_decided:
        return suggestion
    top = ranking.suggestions[0] if ranking.suggestions else None
    suggestion.suggested_field = top.field if top else None
    suggestion.confidence = top.confidence if top else 0
    suggestion.ranking = [
        {"field": s.field.pk, "confidence": round(s.confidence, 4), "words": s.words} for s in ranking.suggestions
    ]
    suggestion.model_version = ranking.version
    suggestion.created = timezone.now()
    suggestion.save()
    return suggestion


@transaction.atomic
def decide_field(*, user, idea, field):
    """The office confirms (``field`` = the suggestion) or corrects the field of ``idea``.

    The idea gets ``field``; the decision becomes training data. When enough new decisions exist
    (``ASSISTANT_RETRAIN_AFTER``), new model versions are trained in the task worker.
    """
    _require_office(user)
    if field is None:
        raise AssistantError(_("Bitte wählen Sie ein Kooperationsfeld."), field="field")
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    suggestion, _created = FieldSuggestion.objects.select_for_update().get_or_create(idea=locked)
    suggestion.confirmed_field = field
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["confirmed_field", "decided_by", "decided_at"])
    if locked.field_id != field.pk:
        Idea.objects.filter(pk=locked.pk).update(field=field, updated=timezone.now())
        page_cache.content_changed()  # update() sends no signal; field filters and cached pages change
        idea.field = field
    log(locked, "modellstadt.assistant_field", user=user, data={"field": field.title})
    if training.decisions_since_last_training() >= retrain_after():
        transaction.on_commit(_enqueue_training)
    return suggestion


def _enqueue_training():
    from modellstadt.assistant.tasks import train_models

    train_models.enqueue()


def request_training(*, user):
    """The office asks for new model versions now (trained in the task worker)."""
    _require_office(user)
    transaction.on_commit(_enqueue_training)


def _check_pair(idea, other):
    if idea.pk == other.pk:
        raise AssistantError(_("Eine Idee kann keine Dublette von sich selbst sein."))


@transaction.atomic
def link_duplicate(*, user, idea, duplicate_of, score=None):
    """Mark ``idea`` as asking for the same as ``duplicate_of`` (both stay as they are)."""
    _require_office(user)
    _check_pair(idea, duplicate_of)
    link, created = DuplicateLink.objects.get_or_create(
        idea=idea, duplicate_of=duplicate_of, defaults={"score": score, "created_by": user},
    )
    if not created:
        raise AssistantError(_("Diese beiden Ideen sind bereits als Dubletten verknüpft."))
    log(idea, "modellstadt.assistant_link", user=user, data={"reason": f"→ {duplicate_of.pk}"})
    return link


@transaction.atomic
def unlink_duplicate(*, user, link):
    _require_office(user)
    if link.merged:
        raise AssistantError(_("Eine Zusammenführung kann nicht aufgehoben werden."))
    link.delete()


@transaction.atomic
def merge_ideas(*, user, source, target, score=None):
    """Merge ``source`` into ``target``: its supporters support ``target``, nobody twice.

    ``source`` is hidden with a visible pointer to ``target`` (the reason its page shows and an
    entry in its public history); its author is told. Both rows are locked in id order, supports
    are moved in two statements under the unique constraint (idea, user), and both counters are
    set from the rows they count, so concurrent supports cannot make them drift.
    """
    if not can_moderate(user) or not can_answer(user):
        raise AssistantError(_("Nur das Programmbüro mit Moderationsrecht kann Ideen zusammenführen."),
                             code="permission")
    _check_pair(source, target)
    first, second = sorted([source.pk, target.pk])
    locked = {i.pk: i for i in Idea.objects.select_for_update().filter(pk__in=[first, second]).order_by("pk")}
    if len(locked) != 2:
        raise AssistantError(_("Eine der beiden Ideen gibt es nicht mehr."))
    source_row, target_row = locked[source.pk], locked[target.pk]
    if DuplicateLink.objects.filter(idea=source_row, merged=True).exists():
        raise AssistantError(_("Diese Idee wurde bereits zusammengeführt."))
    if DuplicateLink.objects.filter(idea=target_row, merged=True).exists():
        raise AssistantError(_("Die Ziel-Idee wurde selbst schon zusammengeführt; wählen Sie deren Ziel."))
    if target_row.moderation != Moderation.PUBLISHED or target_row.is_withdrawn:
        raise AssistantError(_("Ideen können nur in eine veröffentlichte Idee zusammengeführt werden."))

    already = Support.objects.filter(idea=target_row, user__isnull=False).values("user")
    # Supporters of both keep the one support they already gave the target.
    Support.objects.filter(idea=source_row, user__in=already).delete()
    moved = Support.objects.filter(idea=source_row).exclude(user=target_row.author_id).update(idea=target_row)
    # The target's author cannot support their own idea; their support of the source ends here.
    Support.objects.filter(idea=source_row).delete()
    target_count = Support.objects.filter(idea=target_row).count()
    Idea.objects.filter(pk=target_row.pk).update(support_count=target_count)
    reason = _("Diese Idee wurde mit der Idee „%(title)s“ (Nr. %(pk)s) zusammengeführt. "
               "Ihre Unterstützungen zählen dort.") % {"title": target_row.title, "pk": target_row.pk}
    Idea.objects.filter(pk=source_row.pk).update(
        moderation=Moderation.HIDDEN, hidden_reason=reason, support_count=0, updated=timezone.now(),
    )
    page_cache.content_changed()  # update() sends no signal; the merged idea leaves lists and counts
    IdeaEvent.objects.create(idea=source_row, kind=IdeaEventKind.HIDDEN, actor=user, text=reason)
    link, _created = DuplicateLink.objects.update_or_create(
        idea=source_row, duplicate_of=target_row,
        defaults={"merged": True, "score": score, "created_by": user, "moved_supports": moved},
    )
    title = _("Ihre Idee „%(idea)s“ wurde mit der Idee „%(target)s“ zusammengeführt.") % {
        "idea": source_row.title, "target": target_row.title,
    }
    notifications.notify({source_row.author_id}, NotificationKind.IDEA_STATE, title,
                         notifications.url_of(target_row), exclude=user)
    log(source_row, "modellstadt.assistant_merge", user=user, data={"reason": reason})
    for obj in (source, target):
        obj.refresh_from_db(fields=["support_count", "moderation", "hidden_reason"])
    return link
