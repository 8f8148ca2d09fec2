"""The import rules between the apps (docs/architecture.md, "Import direction"), checked on the source.

Every ``import``/``from … import`` of a ``modellstadt.<app>`` module counts, at module level and inside
functions alike: an import hidden in a function is still a dependency.
"""

import ast
from collections import defaultdict
from pathlib import Path

import modellstadt

SRC = Path(modellstadt.__file__).parent

# Layers from the ground up. An app may import apps of lower layers; inside its own layer only
# without a cycle (checked below); never an app of a higher layer.
LAYERS = [
    {"core"},
    {"accounts"},
    {"strategy", "projects", "partners", "news"},
    # (participation holds only the migration history of ideas, comments, moderation, notifications)
    {"ideas", "comments", "moderation", "notifications", "dossier", "opendata", "progress", "assistant",
     "participation"},
    {"portal", "demo"},
    # (operations backs up, restores and checks the whole installation)
    {"operations"},
]

# Imports against the direction that are known and wait for their own move. Each entry says why;
# the test fails on any new one, and on an entry that is no longer needed.
KNOWN_EXCEPTIONS: set[tuple[str, str]] = set()


def _apps():
    return sorted(p.name for p in SRC.iterdir() if p.is_dir() and (p / "apps.py").exists())


def _imports():
    """{(importer, imported): ["file:line", ...]} for imports between different apps."""
    apps = set(_apps())
    found = defaultdict(list)
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).parts
        if len(parts) < 2 or parts[0] not in apps:
            continue
        importer = parts[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                bits = name.split(".")
                if bits[0] == "modellstadt" and len(bits) > 1 and bits[1] in apps and bits[1] != importer:
                    found[(importer, bits[1])].append(f"{path.relative_to(SRC)}:{node.lineno}")
                    break
    return found


def _layer(app):
    for number, layer in enumerate(LAYERS):
        if app in layer:
            return number
    raise AssertionError(f"App {app!r} has no layer in tests/test_architecture.py and docs/architecture.md")


def test_every_app_has_a_layer():
    for app in _apps():
        _layer(app)


def test_core_imports_no_other_app():
    offending = {edge: where for edge, where in _imports().items() if edge[0] == "core"}
    assert offending == {}


def test_no_app_imports_a_higher_layer():
    upward = {
        edge: where for edge, where in _imports().items()
        if _layer(edge[1]) > _layer(edge[0]) and edge not in KNOWN_EXCEPTIONS
    }
    assert upward == {}


def test_known_exceptions_are_still_needed():
    assert KNOWN_EXCEPTIONS - set(_imports()) == set()


def _cycle(graph):
    """One cycle in ``graph`` as a list of apps, or None."""
    state = {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt, stack)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node, [])
            if found:
                return found
    return None


def test_no_import_loop_between_apps():
    graph = defaultdict(set)
    for importer, imported in _imports():
        graph[importer].add(imported)
    assert _cycle(graph) is None


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": {"c"}}) is None


def test_messages_are_rendered_by_one_partial():
    """base.html shows the confirmation messages through core/_messages.html; a second copy in an
    app's template shows every message twice."""
    copies = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("templates/**/*.html")
        if "for message in messages" in path.read_text(encoding="utf-8")
    ]
    assert copies == ["core/templates/core/_messages.html"]


def test_every_scrolling_table_can_be_reached_with_the_keyboard():
    """A table that scrolls sideways on a phone must take focus and have a name (axe:
    scrollable-region-focusable), so keyboard users can scroll it."""
    import re

    missing = []
    for path in SRC.rglob("templates/**/*.html"):
        for tag in re.findall(r'<div class="table-scroll"[^>]*>', path.read_text(encoding="utf-8")):
            if 'tabindex="0"' not in tag or "aria-label" not in tag:
                missing.append(f"{path.relative_to(SRC)}: {tag}")
    assert not missing, missing
