"""Who may work on dossiers in the back office: the office edits them, frozen versions may be read
by whoever holds the view permission on versions."""

EDIT_PERMISSION = "dossier.change_dossier"
VERSION_PERMISSION = "dossier.view_dossierversion"


def can_edit_dossiers(user) -> bool:
    return bool(user.is_authenticated and user.has_perm(EDIT_PERMISSION))


def can_view_versions(user) -> bool:
    return bool(user.is_authenticated and user.has_perm(VERSION_PERMISSION))
