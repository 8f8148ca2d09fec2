"""A person's Django permissions read in one query instead of two.

Django's ``ModelBackend`` reads the permissions given to the person and those of their groups in
two queries and keeps the union on the person object (``_perm_cache``) for the rest of the request.
Every signed-in idea page asks once (``ideas.permissions.can_moderate``). This backend stands first in
``AUTHENTICATION_BACKENDS``, reads both sets as one ``UNION`` into the same place, so the backends
behind it (Django's ``ModelBackend``, allauth's) answer from it without asking again.

It checks no passwords: logging in stays with the backends behind it, so a wrong password is hashed
no more often than before. It does load the person of a session that names it (``get_user``, as
``ModelBackend`` does), which is the case for sessions begun with ``Client.force_login``.
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

PERMISSION_MEMO = "_perm_cache"  # the attribute ModelBackend.get_all_permissions keeps the set in


class OneQueryPermissionBackend(ModelBackend):
    def authenticate(self, request: Any, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> None:
        return None

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        memo: set[str] | None = getattr(user_obj, PERMISSION_MEMO, None)
        if memo is None:
            memo = {f"{app_label}.{codename}" for app_label, codename in _permission_rows(user_obj)}
            setattr(user_obj, PERMISSION_MEMO, memo)
        return memo


def _permission_rows(user_obj: Any) -> Any:
    columns = ("content_type__app_label", "codename")
    if user_obj.is_superuser:
        return Permission.objects.values_list(*columns)
    # order_by(): Permission's default ordering is not allowed inside a UNION (SQLite)
    own = Permission.objects.filter(user=user_obj).order_by().values_list(*columns)
    through_groups = Permission.objects.filter(group__user=user_obj).order_by().values_list(*columns)
    return own.union(through_groups)
