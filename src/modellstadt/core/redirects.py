"""The one check for redirect targets that come from a request (``?next=…``, a form's ``next``).

Every view that sends a person on to a target the request names uses ``safe_next_url`` (or
``redirect_to_next``): only a path on this host is accepted (``/ideen/3/?seite=2``), never another
host, another scheme, a protocol-relative ``//host`` or a bare word such as ``abc`` (which
``django.shortcuts.redirect`` would try to reverse as a URL name and fail with a server error).
"""

from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme

from modellstadt.core.text import LINE_BREAKS_AND_CONTROLS


def is_safe_target(request, target):
    """True if ``target`` is a path on this site that a redirect may send the visitor to."""
    if not isinstance(target, str) or not target.startswith("/") or target.startswith(("//", "/\\")):
        return False
    if LINE_BREAKS_AND_CONTROLS.search(target) or "\\" in target:
        return False
    return url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def safe_next_url(request, default="/", *, target=None, field="next"):
    """``target`` (or the request's ``next`` from POST, then GET) if it is safe, else ``default``."""
    if target is None:
        target = request.POST.get(field) or request.GET.get(field) or ""
    return target if is_safe_target(request, target) else default


def redirect_to_next(request, default="/", *, target=None, field="next"):
    """A redirect to the request's ``next`` if it is safe, else to ``default`` (a path or URL we built)."""
    return HttpResponseRedirect(safe_next_url(request, default, target=target, field=field))
