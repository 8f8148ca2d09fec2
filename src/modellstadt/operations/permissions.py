"""Who may see the "Betrieb" page and retry tasks: the programme office and administrators."""

from modellstadt.accounts.roles import OFFICE_GROUP


def can_operate(user):
    if not (user and user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    if not hasattr(user, "_modellstadt_office"):  # asked by the menu and the view: one query per request
        user._modellstadt_office = user.groups.filter(name=OFFICE_GROUP).exists()
    return user._modellstadt_office
