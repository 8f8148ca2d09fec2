"""Writes of the partner area: memberships, invitations, profiles, letters of support, pledges, ideas.

Every function checks who may do it, runs in one transaction and raises PartnerError with a German
message a person can read. The partner area's views, the back office and the demo loader call these;
none of them writes the models on its own. Decisions on memberships go into Wagtail's audit log.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from modellstadt.core import images
from modellstadt.core.formatting import mask_email
from modellstadt.core.uploads import STORAGE_UNAVAILABLE_MESSAGE, StorageUnavailable, storage_guard
from modellstadt.partners.models import (
    ACTIVE_MEMBERSHIP_STATES,
    Membership,
    MembershipState,
    Organisation,
    Pledge,
    PledgeKind,
    SupportLetter,
    letter_file_name,
)
from modellstadt.partners.permissions import can_manage_memberships, is_office, is_representative
from modellstadt.partners.tasks import send_partner_email
from modellstadt.partners.uploads import LOGO_FORMATS, check_image, clean_pdf_upload, letter_storage

INVITATION_SALT = "modellstadt.partners.invitation"
INVITATION_MAX_AGE = 14 * 24 * 3600  # seconds: an invitation link works for 14 days
MESSAGE_MAX = 2000

# audit-log actions (registered in wagtail_hooks.py)
ACTION_REQUEST = "modellstadt.partners.request"
ACTION_APPROVE = "modellstadt.partners.approve"
ACTION_REJECT = "modellstadt.partners.reject"
ACTION_REVOKE = "modellstadt.partners.revoke"
ACTION_INVITE = "modellstadt.partners.invite"


class PartnerError(ValidationError):
    """A rule of the partner area stops the action; ``field`` names the form field it belongs to."""

    def __init__(self, message, *, field=None, code="partners"):
        super().__init__(message, code=code)
        self.field = field

    def __str__(self):
        return str(self.message)


# --- who may do what ------------------------------------------------------------------------------


def _require_representative(user, organisation):
    if not is_representative(user, organisation):
        raise PartnerError(_("Sie vertreten diese Organisation nicht."), code="permission")


def _require_office(user):
    if not can_manage_memberships(user):
        raise PartnerError(_("Nur das Programmbüro darf das."), code="permission")


def _send_on_commit(recipients, subject, body):
    recipients = [r for r in recipients if r]
    if recipients:
        transaction.on_commit(lambda: send_partner_email.enqueue(recipients, subject, body))


def _log_data(membership, note=""):
    return {
        "organisation": membership.organisation.name,
        "organisation_id": membership.organisation_id,
        "person": membership.user.get_username(),
        "reason": note,
    }


# --- memberships ----------------------------------------------------------------------------------


def request_membership(user, organisation, message=""):
    """A signed-in person asks to represent ``organisation``; the office decides."""
    with transaction.atomic():
        if not (user and user.is_authenticated and user.is_active):
            raise PartnerError(_("Bitte melden Sie sich an."), code="login_required")
        message = (message or "").strip()
        if not message:
            raise PartnerError(
                _("Bitte schreiben Sie kurz, in welcher Funktion Sie die Organisation vertreten."), field="message"
            )
        if len(message) > MESSAGE_MAX:
            raise PartnerError(
                _("Die Nachricht darf höchstens %(max)s Zeichen lang sein.") % {"max": MESSAGE_MAX}, field="message"
            )
        existing = Membership.objects.filter(
            user=user, organisation=organisation, state__in=ACTIVE_MEMBERSHIP_STATES
        ).first()
        if existing is not None:
            if existing.state == MembershipState.APPROVED:
                raise PartnerError(_("Sie vertreten diese Organisation bereits."), field="organisation")
            raise PartnerError(
                _("Ihre Anfrage für diese Organisation liegt dem Programmbüro bereits vor."), field="organisation"
            )
        try:
            with transaction.atomic():
                membership = Membership.objects.create(user=user, organisation=organisation, message=message)
        except IntegrityError:  # a second click at the same moment
            raise PartnerError(
                _("Ihre Anfrage für diese Organisation liegt dem Programmbüro bereits vor."), field="organisation"
            ) from None
        log(membership, ACTION_REQUEST, user=user, data=_log_data(membership))
        _notify_office(membership)
        return membership


def _notify_office(membership):
    """The programme office learns of a new request by email (to the members of its group)."""
    from modellstadt.accounts.roles import OFFICE_GROUP

    recipients = list(
        get_user_model().objects.filter(groups__name=OFFICE_GROUP, is_active=True)
        .exclude(email="").values_list("email", flat=True).distinct()
    )
    context = {
        "membership": membership, "site_name": settings.WAGTAIL_SITE_NAME, "base_url": settings.WAGTAILADMIN_BASE_URL,
    }
    _send_on_commit(
        recipients,
        render_to_string("partners/area/email/request_subject.txt", context).strip(),
        render_to_string("partners/area/email/request_body.txt", context),
    )


def _decide(office_user, membership, state, note, action):
    _require_office(office_user)
    locked = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
    if locked.state != MembershipState.REQUESTED:
        raise PartnerError(_("Über diese Anfrage wurde bereits entschieden."), code="decided")
    locked.state = state
    locked.decided_at = timezone.now()
    locked.decided_by = office_user
    locked.decision_note = (note or "").strip()
    locked.save(update_fields=["state", "decided_at", "decided_by", "decision_note"])
    log(locked, action, user=office_user, data=_log_data(locked, locked.decision_note))
    context = {
        "membership": locked, "site_name": settings.WAGTAIL_SITE_NAME, "base_url": settings.WAGTAILADMIN_BASE_URL,
    }
    template = "approved" if state == MembershipState.APPROVED else "rejected"
    _send_on_commit(
        [locked.user.email],
        render_to_string(f"partners/area/email/{template}_subject.txt", context).strip(),
        render_to_string(f"partners/area/email/{template}_body.txt", context),
    )
    _show_decision(membership, locked)
    return locked


def _show_decision(membership, locked):
    """The caller's object shows the decision written through the locked row, without a reload."""
    for name in ("state", "decided_at", "decided_by_id", "decision_note"):
        setattr(membership, name, getattr(locked, name))


def approve_membership(office_user, membership, note=""):
    with transaction.atomic():
        return _decide(office_user, membership, MembershipState.APPROVED, note, ACTION_APPROVE)


def reject_membership(office_user, membership, note=""):
    with transaction.atomic():
        if not (note or "").strip():
            raise PartnerError(_("Bitte begründen Sie die Ablehnung."), field="note")
        return _decide(office_user, membership, MembershipState.REJECTED, note, ACTION_REJECT)


def revoke_membership(office_user, membership, note=""):
    with transaction.atomic():
        _require_office(office_user)
        locked = Membership.objects.select_for_update().select_related("user", "organisation").get(pk=membership.pk)
        if locked.state != MembershipState.APPROVED:
            raise PartnerError(_("Nur eine bestätigte Mitgliedschaft kann beendet werden."), code="state")
        locked.state = MembershipState.REVOKED
        locked.decided_at = timezone.now()
        locked.decided_by = office_user
        locked.decision_note = (note or "").strip()
        locked.save(update_fields=["state", "decided_at", "decided_by", "decision_note"])
        log(locked, ACTION_REVOKE, user=office_user, data=_log_data(locked, locked.decision_note))
        _show_decision(membership, locked)
        return locked


# --- invitations ------------------------------------------------------------------------------------


def make_invitation_token(email, organisation, inviter):
    return signing.dumps(
        {"email": email.strip().lower(), "organisation": organisation.pk, "inviter": inviter.pk},
        salt=INVITATION_SALT, compress=True,
    )


def read_invitation(token, *, max_age=INVITATION_MAX_AGE):
    """(email, organisation, inviter) of a valid invitation; PartnerError if invalid or expired."""
    try:
        data = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise PartnerError(
            _("Diese Einladung ist abgelaufen. Bitte bitten Sie das Programmbüro um eine neue Einladung."),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise PartnerError(_("Dieser Einladungslink ist ungültig."), code="invalid") from None
    organisation = Organisation.objects.filter(pk=data.get("organisation")).first()
    if organisation is None:
        raise PartnerError(_("Die Organisation dieser Einladung gibt es nicht mehr."), code="invalid")
    inviter = get_user_model().objects.filter(pk=data.get("inviter")).first()
    return data.get("email", ""), organisation, inviter


def invite_representative(office_user, email, organisation, *, base_url=None):
    """The office invites ``email`` to represent ``organisation``: an email with a signed link."""
    with transaction.atomic():
        _require_office(office_user)
        email = (email or "").strip().lower()
        if not email:
            raise PartnerError(_("Bitte geben Sie eine E-Mail-Adresse an."), field="email")
        token = make_invitation_token(email, organisation, office_user)
        base = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
        context = {
            "organisation": organisation,
            "link": f"{base}/partnerbereich/einladung/{token}/",
            "days": INVITATION_MAX_AGE // 86400,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        log(organisation, ACTION_INVITE, user=office_user, data={"email": email, "organisation": organisation.name})
        _send_on_commit(
            [email],
            render_to_string("partners/area/email/invitation_subject.txt", context).strip(),
            render_to_string("partners/area/email/invitation_body.txt", context),
        )
        return token


def is_invited_person(user, email):
    """True if ``user`` is signed in with ``email`` as one of their confirmed addresses: only then may
    a page show the invited address in full (anyone else holding the link sees it masked)."""
    return bool(user and user.is_authenticated and email and email.lower() in _verified_emails(user))


def _verified_emails(user):
    from allauth.account.models import EmailAddress

    emails = {e.lower() for e in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)}
    return emails


def accept_invitation(user, token):
    """The invited person (signed in with the invited, confirmed address) becomes a representative."""
    with transaction.atomic():
        if not (user and user.is_authenticated and user.is_active):
            raise PartnerError(_("Bitte melden Sie sich an."), code="login_required")
        email, organisation, inviter = read_invitation(token)
        if email not in _verified_emails(user):
            raise PartnerError(
                _("Diese Einladung gilt für die Adresse %(email)s. Bitte melden Sie sich mit dieser bestätigten "
                  "Adresse an.") % {"email": mask_email(email)},
                code="wrong_email",
            )
        membership = (
            Membership.objects.select_for_update()
            .filter(user=user, organisation=organisation, state__in=ACTIVE_MEMBERSHIP_STATES).first()
        )
        if membership is not None and membership.state == MembershipState.APPROVED:
            return membership
        now = timezone.now()
        if membership is None:
            membership = Membership(user=user, organisation=organisation, requested_at=now,
                                    message=_("Einladung durch das Programmbüro"))
        membership.state = MembershipState.APPROVED
        membership.invited = True
        membership.decided_at = now
        membership.decided_by = inviter
        membership.save()
        log(membership, ACTION_APPROVE, user=inviter or user,
            data={**_log_data(membership, _("Einladung angenommen")), "invitation": True})
        return membership


# --- organisation profile ------------------------------------------------------------------------


PROFILE_FIELDS = ("description", "website", "contact_person", "contact_email", "contact_phone")


def update_organisation_profile(user, organisation, *, logo=None, logo_alt="", public_supporter=None, **values):
    """A representative (or the office) keeps the profile current; ``logo`` is an uploaded image."""
    with transaction.atomic():
        if not is_office(user):
            _require_representative(user, organisation)
        unknown = set(values) - set(PROFILE_FIELDS)
        if unknown:
            raise TypeError(f"unknown profile fields: {sorted(unknown)}")
        for name, value in values.items():
            setattr(organisation, name, (value or "").strip())
        if public_supporter is not None:
            organisation.public_supporter = bool(public_supporter)
        if logo is not None:
            try:
                image_format = check_image(logo)
            except ValidationError as error:
                raise PartnerError(error.messages[0], field="logo") from None
            # Re-encoded without metadata and stored under a random name, like every uploaded image.
            label = _("Logo %(name)s") % {"name": organisation.name}
            try:
                organisation.logo = images.store_image(
                    logo, image_format, title=label, user=user, description=(logo_alt or "").strip() or label,
                    extensions=LOGO_FORMATS,
                )
            except StorageUnavailable:
                raise PartnerError(STORAGE_UNAVAILABLE_MESSAGE, field="logo") from None
        organisation.save()
        return organisation


# --- letters of support ---------------------------------------------------------------------------


def create_letter(user, organisation, *, upload=None, date, signatory, calls=(), public=False,
                  received_by_post=False, editorial_note=""):
    """Stores a letter of support: the PDF is checked completely before anything is written, and the
    file and the row are written together (if the row fails, the file is removed again)."""
    office = is_office(user)
    if not office:
        _require_representative(user, organisation)
        received_by_post = False  # only the office records letters that came by post
    signatory = (signatory or "").strip()
    if not signatory:
        raise PartnerError(_("Bitte geben Sie an, wer das Schreiben unterzeichnet hat."), field="signatory")
    if date is None:
        raise PartnerError(_("Bitte geben Sie das Datum des Schreibens an."), field="date")
    if upload is None and not received_by_post:
        raise PartnerError(_("Bitte wählen Sie die PDF-Datei des Schreibens aus."), field="file")
    pages = None
    cleaned = None
    if upload is not None:
        try:
            cleaned = clean_pdf_upload(upload)
        except ValidationError as error:
            raise PartnerError(error.messages[0], field="file") from None
        pages = cleaned.pages
    stored_name = None
    try:
        with transaction.atomic():
            letter = SupportLetter(
                organisation=organisation, date=date, signatory=signatory, public=bool(public),
                received_by_post=bool(received_by_post), uploaded_by=user, page_count=pages,
                editorial_note=(editorial_note or "").strip() if office else "",
                original_name=(getattr(upload, "name", "") or "")[:255] if upload is not None else "",
            )
            if upload is not None:
                # the cleaned file (without scripts, actions, attachments, forms), not the upload as sent
                try:
                    with storage_guard():
                        stored_name = letter_storage.save(
                            letter_file_name(letter, upload.name), ContentFile(cleaned.data)
                        )
                except StorageUnavailable:
                    raise PartnerError(STORAGE_UNAVAILABLE_MESSAGE, field="file") from None
                letter.file.name = stored_name
            letter.save()
            letter.calls.set(calls)
    except BaseException:
        if stored_name:
            letter_storage.delete(stored_name)
        raise
    return letter


def update_letter(user, letter, *, date, signatory, calls, public):
    """Changes the details of a letter (not its file)."""
    with transaction.atomic():
        if not is_office(user):
            _require_representative(user, letter.organisation)
        signatory = (signatory or "").strip()
        if not signatory:
            raise PartnerError(_("Bitte geben Sie an, wer das Schreiben unterzeichnet hat."), field="signatory")
        letter.date, letter.signatory, letter.public = date, signatory, bool(public)
        letter.save(update_fields=["date", "signatory", "public"])
        letter.calls.set(calls)
        return letter


def delete_letter(user, letter):
    """Deletes the row; its file is removed once the transaction committed (see models.py)."""
    with transaction.atomic():
        if not is_office(user):
            _require_representative(user, letter.organisation)
            if letter.received_by_post:
                raise PartnerError(
                    _("Dieses Schreiben hat das Programmbüro erfasst; nur das Programmbüro kann es löschen."),
                    code="permission",
                )
        letter.delete()


def can_download_letter(user, letter):
    if is_office(user):
        return True
    # "public" lets the supporters page name the letter; the file itself stays with the office and the
    # organisation (and goes into the city's application dossier).
    return is_representative(user, letter.organisation)


# --- pledges --------------------------------------------------------------------------------------


def _pledge_values(kind, description, estimated_value_eur):
    if kind not in PledgeKind.values:
        raise PartnerError(_("Bitte wählen Sie die Art der Zusage."), field="kind")
    description = (description or "").strip()
    if not description:
        raise PartnerError(_("Bitte beschreiben Sie, was Sie zusagen."), field="description")
    if estimated_value_eur is not None:
        estimated_value_eur = Decimal(estimated_value_eur)
        if estimated_value_eur < 0:
            raise PartnerError(_("Der Wert darf nicht negativ sein."), field="estimated_value_eur")
    return kind, description, estimated_value_eur


def save_pledge(user, organisation, pledge=None, *, kind, description, estimated_value_eur=None,
                fields=(), projects=(), calls=()):
    """Creates (``pledge`` None) or changes a pledge of ``organisation``."""
    with transaction.atomic():
        if not is_office(user):
            _require_representative(user, organisation)
        if pledge is not None and pledge.organisation_id != organisation.pk:
            raise PartnerError(_("Diese Zusage gehört zu einer anderen Organisation."), code="permission")
        kind, description, value = _pledge_values(kind, description, estimated_value_eur)
        if pledge is None:
            pledge = Pledge(organisation=organisation, created_by=user)
        pledge.kind, pledge.description, pledge.estimated_value_eur = kind, description, value
        pledge.save()
        pledge.fields.set(fields)
        pledge.projects.set(projects)
        pledge.calls.set(calls)
        return pledge


def delete_pledge(user, pledge):
    with transaction.atomic():
        if not is_office(user):
            _require_representative(user, pledge.organisation)
        pledge.delete()
