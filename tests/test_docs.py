"""The guides name only commands, make targets, settings and environment variables that exist.

Every guide (README.md and docs/*.md) is read as it is; nothing here lists today's commands. From the
code in the guides (fenced blocks and `inline code`) the test takes
- `modellstadt <command>` (also `modellstadt-manage`, `.venv/bin/modellstadt`, `manage.py`): the
  management command must exist;
- `make <target>`: make must know the target;
- every variable in an environment-variable table (a table whose first column is "Variable"): settings.py
  (or the Makefile, for make's own variables) must read it from the environment;
- every other `UPPER_CASE_NAME`: it must be a setting, a name in the code, a make variable, a variable
  the same guide's shell code sets, or a documented name of Django or of a tool the guide configures.
"""

import re
from functools import cache
from pathlib import Path

import pytest
from django.conf import global_settings
from django.core.management import get_commands

ROOT = Path(__file__).resolve().parent.parent
GUIDES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SETTINGS = (ROOT / "src" / "modellstadt" / "settings.py").read_text("utf-8")
MAKEFILE = (ROOT / "Makefile").read_text("utf-8")

# Names that belong to other programs the guides configure; each with where it is read.
EXTERNAL_NAMES = {
    "FORWARDED_ALLOW_IPS": "gunicorn's environment variable for --forwarded-allow-ips",
    "CSRF_COOKIE_NEEDS_UPDATE": "Django's request.META flag (django.middleware.csrf)",
    "OMP_NUM_THREADS": "OpenMP's thread count, which the assistant's training overrides (threadpoolctl)",
    "OPENBLAS_NUM_THREADS": "OpenBLAS's thread count, which the assistant's training overrides (threadpoolctl)",
}

FENCE = re.compile(r"```[^\n]*\n(.*?)```", re.S)
INLINE = re.compile(r"`([^`\n]+)`")
SEGMENT_SPLIT = re.compile(r"\n|&&|\|\||;|\||\(|\)|`")
PREFIX = re.compile(
    r"^\s*(?:[$#>]\s+)?(?:ExecStart=\S*\s+)?(?:…\s+)?(?:sudo(?:\s+-u\s+\S+)?\s+)?(?:env\s+)?"
    r"(?:[A-Z_][A-Z0-9_]*=\S*\s+)*"
)
CLI = re.compile(r"^(?:\S*/)?(?:modellstadt|modellstadt-manage|manage\.py)$")
NAME = re.compile(r"(?<![\w.$/-])[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")
TABLE_ROW = re.compile(r"^\|\s*`([A-Z][A-Z0-9_]+)`\s*\|", re.M)


def code_of(text):
    """The guide's code: fenced blocks and inline code spans."""
    blocks = FENCE.findall(text)
    return blocks + INLINE.findall(FENCE.sub("", text))


def commands_in(code):
    """(tool, word) for every command line in ``code`` that runs make or the modellstadt CLI."""
    for snippet in code:
        for segment in SEGMENT_SPLIT.split(snippet):
            words = PREFIX.sub("", segment).split()
            if len(words) < 2:
                continue
            if words[0] == "python" and words[1:3] == ["-m", "modellstadt"]:
                words = ["modellstadt", *words[3:]]
            args = [w for w in words[1:] if not w.startswith("-") and not re.match(r"^[A-Za-z_]+=", w)]
            if args and (args[0] in ("…", "...") or args[0].startswith("<")):
                continue  # a placeholder ("`modellstadt …`", "`make <target>`"), not a command
            if not args:
                continue
            if words[0] == "make":
                yield "make", args[0]
            elif CLI.match(words[0]):
                yield "modellstadt", args[0]


def env_tables(text):
    """Names in the first column of tables whose header's first cell is "Variable"."""
    names = []
    for table in re.findall(r"^\|\s*Variable\s*\|.*?(?=^[^|]|\Z)", text, re.M | re.S):
        names += TABLE_ROW.findall(table)
    return names


def _guides():
    return [pytest.param(path, id=path.relative_to(ROOT).as_posix()) for path in GUIDES]


@cache
def make_targets():
    targets = set(re.findall(r"^([A-Za-z0-9_.$()/-]+)\s*:(?!=)", MAKEFILE, re.M))
    variables = dict(re.findall(r"^([A-Z_]+)\s*:?=\s*(\S*)", MAKEFILE, re.M))
    expanded = set()
    for target in targets:
        expanded.add(re.sub(r"\$\(([A-Z_]+)\)", lambda m: variables.get(m.group(1), m.group(0)), target))
    return expanded


def make_variables():
    return set(re.findall(r"^([A-Z_]+)\s*[?:]?=", MAKEFILE, re.M))


ENV_READ = r"""(?:environ(?:\.get)?[\[(]|env_\w+\(|_ENV\s*=)\s*["']{name}["']"""


def read_from_environment(name):
    """The code reads ``name`` from the environment: settings.py (os.environ, env_bool, env_list, ...)
    or a module that names it as its ``..._ENV`` variable (e.g. the demo loader's password)."""
    pattern = ENV_READ.format(name=re.escape(name))
    return re.search(pattern, SETTINGS) is not None or re.search(pattern, source_text()) is not None


def read_as_setting(name):
    """A setting of settings.py, or an optional one the code reads with getattr(settings, name, default)."""
    return (re.search(rf"^{re.escape(name)}\s*=", SETTINGS, re.M) is not None
            or f'getattr(settings, "{name}"' in source_text())


@cache
def source_text():
    parts = [p.read_text("utf-8") for p in (ROOT / "src" / "modellstadt").rglob("*.py")]
    parts += [(ROOT / ".ci" / "run").read_text("utf-8"), MAKEFILE]
    return "\n".join(parts)


def known_name(name, guide_code):
    from django.conf import settings

    return (
        hasattr(settings, name)
        or hasattr(global_settings, name)
        or read_from_environment(name)
        or name in make_variables()
        or re.search(rf"\b{re.escape(name)}\b", source_text()) is not None
        or re.search(rf"(?:^|\s|export\s){re.escape(name)}=", guide_code, re.M) is not None
        or name in EXTERNAL_NAMES
    )


@pytest.mark.parametrize("guide", _guides())
def test_commands_named_in_the_guide_exist(guide):
    code = code_of(guide.read_text("utf-8"))
    management = set(get_commands())
    missing = []
    for tool, word in commands_in(code):
        if tool == "make" and word not in make_targets():
            missing.append(f"make {word}")
        if tool == "modellstadt" and word not in management:
            missing.append(f"modellstadt {word}")
    assert not missing, f"{guide.name} nennt Befehle, die es nicht gibt: {sorted(set(missing))}"


@pytest.mark.parametrize("guide", _guides())
def test_environment_variables_in_tables_are_read_by_the_settings(guide):
    names = env_tables(guide.read_text("utf-8"))
    missing = [n for n in names if not (read_from_environment(n) or n in make_variables())]
    assert not missing, f"{guide.name}: diese Umgebungsvariablen liest settings.py nicht: {missing}"


@pytest.mark.parametrize("guide", _guides())
def test_named_settings_and_variables_exist(guide):
    code = code_of(guide.read_text("utf-8"))
    joined = "\n".join(code)
    names = sorted({m.group() for snippet in code for m in NAME.finditer(snippet)})
    modellstadt = [n for n in names if n.startswith("MODELLSTADT_")]
    missing = [n for n in modellstadt if not (read_from_environment(n) or read_as_setting(n))]
    missing += [n for n in names if n not in modellstadt and not known_name(n, joined)]
    assert not missing, f"{guide.name} nennt Einstellungen/Variablen, die es nicht gibt: {missing}"


def test_the_parsers_find_what_they_should():
    """The checks above would be empty if the parsing broke; make sure it finds known examples."""
    sample = code_of(
        "Run `make test` and\n```sh\nsudo -u modellstadt modellstadt-manage setup_portal --city X &&\n"
        "  make run PORT=8080\n.venv/bin/modellstadt check --deploy\n```\n"
        "| Variable | Default |\n| --- | --- |\n| `SECRET_KEY` | x |\n| `DOES_NOT_EXIST` | y |\n\nText.\n"
    )
    assert sorted(commands_in(sample)) == [
        ("make", "run"), ("make", "test"), ("modellstadt", "check"), ("modellstadt", "setup_portal"),
    ]
    assert env_tables("| Variable | Default |\n| --- | --- |\n| `SECRET_KEY` | x |\n\nText") == ["SECRET_KEY"]
    assert read_from_environment("SECRET_KEY") and read_from_environment("MODELLSTADT_RATE_LIMITS")
    assert not read_from_environment("DOES_NOT_EXIST")
    assert {"test", "run", ".venv/.installed-base"} <= make_targets()
    assert not known_name("MODELLSTADT_NOT_A_SETTING", "") and not read_as_setting("MODELLSTADT_NOT_A_SETTING")
    assert read_as_setting("MODELLSTADT_FORM_MAX_AGE") and read_from_environment("MODELLSTADT_DEMO_PASSWORD")
    assert "gibt-es-nicht" not in get_commands()
