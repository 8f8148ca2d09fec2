"""Who may do what in the partner area: the programme office, and the approved representatives of an
organisation. Everyone asks here; nothing else checks these roles on its own."""

from modellstadt.partners.models import Membership, MembershipState

OFFICE_PERMISSION = "partners.view_supportletter"  # the office sees every organisation's letters
MEMBERSHIP_PERMISSION = "partners.change_membership"  # and decides memberships and invitations


def _active(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_office(user) -> bool:
    """The programme office (or an administrator): sees every organisation's letters."""
    return _active(user) and user.has_perm(OFFICE_PERMISSION)


def can_manage_memberships(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(MEMBERSHIP_PERMISSION))


def is_representative(user, organisation) -> bool:
    """An approved member of ``organisation`` speaks for it."""
    if not _active(user):
        return False
    return Membership.objects.filter(user=user, organisation=organisation, state=MembershipState.APPROVED).exists()
