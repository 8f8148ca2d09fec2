"""Security headers beyond Django's own: the Content-Security-Policy (django-csp) with one exception
for the back office, and the Permissions-Policy (django-permissions-policy, configured in settings).

The portal's policy is strict: everything from this host only, no inline script, no inline style, no
plugins, no framing by other sites, forms post only here. Wagtail's admin (``/verwaltung/``) renders
small inline scripts itself (inline panels, date pickers: ``<script>initDateChooser(…)</script>``)
and style attributes, and shows image previews as ``data:``/``blob:`` URLs; for that prefix only the
policy adds exactly ``'unsafe-inline'`` for scripts and styles and ``data:``/``blob:`` for images
(``settings.MODELLSTADT_CSP_BACK_OFFICE``). Everything else stays as strict as on the portal.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        prefix = getattr(settings, "MODELLSTADT_BACK_OFFICE_PREFIX", "/verwaltung/")
        if not report_only and request.path.startswith(prefix):
            extra = getattr(settings, "MODELLSTADT_CSP_BACK_OFFICE", {})
            base = settings.CONTENT_SECURITY_POLICY.get("DIRECTIVES", {})
            update = dict(parts.update or {})
            for directive, sources in extra.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = {key: value for key, value in update.items() if key in base or value}
        return parts
