from html import escape as _escape

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from modellstadt.core import formatting, fragments
from modellstadt.core.rendering import render_part
from modellstadt.core.text import hyphenate as _hyphenate
from modellstadt.core.text import plain_text, render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown typed by an editor or citizen through the one sanitising function."""
    return render_markdown(text)


@register.filter
def person(name):
    """A name a person chose (display name, guest name), isolated in ``<bdi>``: right-to-left text or
    a direction override inside it cannot reorder what follows, such as the label "(Gast)"."""
    if name is None or name == "":
        return ""
    return format_html("<bdi>{}</bdi>", name)


@register.filter
def plaintext(text):
    return plain_text(text)


@register.filter
def euro(value):
    """"885.000 €" (German), "€885,000" (English): core.formatting.format_euro."""
    return formatting.format_euro(value)


@register.filter
def moment(value):
    """"3. März 2026, 18:00 Uhr"; at midnight only the date."""
    return formatting.format_moment(value)


@register.filter
def deadline(value):
    """"bis einschließlich 24. Januar 2027" for an end at midnight, else "bis 25. Januar 2027, 18:00 Uhr"."""
    return formatting.format_deadline(value)


@register.filter
def hyphenate(text, language="de"):
    """Soft hyphens in the long words of ``text`` (titles), so browsers without a German hyphenation
    dictionary break "Digitalisierungs-strategie" at a syllable with a hyphen, never mid-syllable."""
    return _hyphenate(text, language)


@register.simple_tag
def query_with(querystring, **kwargs):
    """Current filter query string with some parameters replaced (for pagination links)."""
    from django.http import QueryDict

    query = QueryDict(querystring, mutable=True)
    for key, value in kwargs.items():
        query[key] = value
    return query.urlencode()


@register.filter
def aria(bound_field):
    """Render a form widget with its hint and error tied to it for screen readers."""
    described_by = []
    attrs = {}
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag
def select_options(choices, selected):
    """<option> elements for (value, label) pairs, the one equal to ``selected`` marked. Built in one
    pass with the standard library's escape (a Select widget renders one template per option: ~12 ms
    for the ~300 partners of a large city; this takes ~0.2 ms)."""
    selected = "" if selected is None else str(selected)
    parts = []
    for value, label in choices:
        value = str(value)
        mark = " selected" if value == selected else ""
        parts.append(f'<option value="{_escape(value)}"{mark}>{_escape(str(label))}</option>')
    return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped above


@register.simple_tag
def organisation_links(rows):
    """<li><a href="/partner/<slug>/">name</a></li> for (id, slug, name) rows, in one pass (the field page
    of a large city lists ~200 organisations)."""
    return mark_safe("".join(  # noqa: S308 - slug and name escaped
        f'<li><a href="/partner/{_escape(slug)}/">{_escape(name)}</a></li>' for _id, slug, name in rows
    ))


class FragmentNode(template.Node):
    def __init__(self, fragment, part, nodelist):
        self.fragment, self.part, self.nodelist = fragment, part, nodelist

    def render(self, context):
        fragment = self.fragment.resolve(context)
        if not isinstance(fragment, fragments.Fragment):  # switched off, preview, or no lookup made
            return self.nodelist.render(context)
        part = self.part.resolve(context)
        if fragment.hit:
            return mark_safe(fragment.parts[part])  # noqa: S308 - HTML this template rendered before
        html = self.nodelist.render(context)
        fragments.store(fragment, part, html)
        return html


@register.tag
def fragment(parser, token):
    """{% fragment fragment "part" %}…{% endfragment %}: a part of the page that is the same for every
    visitor, rendered once per content version (core/fragments.py). ``fragment`` is what the page's
    get_context got from ``fragments.lookup``; on a hit the part comes from the cache."""
    bits = token.split_contents()
    if len(bits) != 3:
        raise template.TemplateSyntaxError("{% fragment fragment \"part\" %} takes two arguments")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(parser.compile_filter(bits[1]), parser.compile_filter(bits[2]), nodelist)


# The main navigation's sections and the paths that make each one current (aria-current="page").
NAV_SECTIONS = (
    ("themenfelder", ("/themenfelder/",)),
    ("projekte", ("/projekte/",)),
    ("beteiligung", ("/beteiligung/", "/ideen/")),
    ("partner", ("/partner/",)),
    ("steuerung", ("/steuerung/",)),
    ("aktuelles", ("/aktuelles/",)),
    ("fortschritt", ("/fortschritt/", "/karte/")),
)


@register.simple_tag(takes_context=True)
def site_header(context, site_name, unread_notifications=0):
    """The site header (core/_site_header.html) drawn from plain values and remembered per process
    (core.rendering): the same for every visitor on the same section, language and path."""
    request = context.get("request")
    path = getattr(request, "path", "")
    user = getattr(request, "user", None) or context.get("user")
    return render_part(
        "core/_site_header.html",
        site_name=str(site_name), signed_in=bool(user is not None and user.is_authenticated),
        unread_notifications=int(unread_notifications or 0), language=str(context.get("LANGUAGE_CODE", "")),
        current_path=str(context.get("current_path", "")), query=str(context.get("query") or ""),
        section=next((name for name, prefixes in NAV_SECTIONS if path.startswith(prefixes)), ""),
    )
