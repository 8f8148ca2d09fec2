"""Mutation testing of the rules the city relies on, with mutmut 3 (`make mutation`, docs/testing.md).

The files to mutate and the tests that hold their rules are listed in ONE place: the table
``[tool.modellstadt.mutation.modules]`` in pyproject.toml. For each file this script prepares a work
folder under var/mutation/ (links to src/ and tests/, and a pyproject.toml whose ``[tool.mutmut]``
mutates only that file and runs only its tests), runs ``mutmut run`` there, and prints per file how
many mutants the tests killed. It exits with 1 if a file's kill rate is below the minimum.

    python -m tests.mutation                                     # every file in the table
    python -m tests.mutation src/modellstadt/core/text.py        # one file
    python -m tests.mutation src/modellstadt/core/guards.py --mutants '*check_form*'   # some functions
    python -m tests.mutation --report-only                       # print the last results again

Killed = killed + timeout (a mutant that makes the tests hang is caught); "no tests" (a function no
selected test calls) counts as survived, so untested code lowers the rate.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
KILLED = {1, 3, 36, -24, 24, 152, 255}  # mutmut's exit codes for killed and timeout
SURVIVED = {0, 5, 33}  # survived, and no test ran the mutated function
NOT_CHECKED = {None, 2}


def load_config():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    return data, data["tool"]["modellstadt"]["mutation"]


def _toml(value):
    """A TOML value for strings, numbers, booleans and lists of them (JSON's syntax is valid TOML here)."""
    return json.dumps(value, ensure_ascii=False)


def work_dir(module):
    return WORK / module.removeprefix("src/").removesuffix(".py").replace("/", ".")


def prepare(module, tests, data, config):
    """The work folder for one file: src/ and tests/ linked, a pyproject.toml for mutmut and pytest."""
    work = work_dir(module)
    work.mkdir(parents=True, exist_ok=True)
    for name in ("src", "tests"):
        link = work / name
        if not link.exists():
            link.symlink_to(ROOT / name)
    pytest_options = data["tool"]["pytest"]["ini_options"]
    lines = ["[tool.pytest.ini_options]"]
    lines += [f"{key} = {_toml(value)}" for key, value in pytest_options.items()]
    lines += [
        "",
        "[tool.mutmut]",
        'source_paths = ["src/"]',
        f"only_mutate = {_toml([module])}",
        # one test database file, kept between the mutants' test runs (tests/settings.py)
        f"pytest_add_cli_args = {_toml(['-p', 'no:cacheprovider', '--reuse-db', '-q'])}",
        f"pytest_add_cli_args_test_selection = {_toml([*tests, '-m', 'not e2e and not postgres'])}",
        f"max_stack_depth = {_toml(config.get('max_stack_depth', -1))}",
    ]
    (work / "pyproject.toml").write_text("\n".join(lines) + "\n", "utf-8")
    return work


def run(module, tests, data, config, mutants, max_children):
    work = prepare(module, tests, data, config)
    env = {**os.environ, "PYTHONPATH": ""}
    env.pop("DATABASE_URL", None)  # SQLite: one file per run, fast to reuse
    command = [str(Path(sys.executable).parent / "mutmut"), "run", "--max-children", str(max_children), *mutants]
    print(f"== {module}: {' '.join(command[1:])} (in {work.relative_to(ROOT)})", flush=True)
    return subprocess.run(command, cwd=work, env=env, check=False).returncode


def results(module):
    """Counter of outcomes, and the names of the surviving mutants, from mutmut's .meta file."""
    meta = work_dir(module) / "mutants" / f"{module}.meta"
    if not meta.exists():
        return None, []
    codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
    outcome = Counter()
    survivors = []
    for name, code in sorted(codes.items()):
        if code in KILLED:
            outcome["killed"] += 1
        elif code in SURVIVED:
            outcome["survived"] += 1
            survivors.append(name)
        elif code in NOT_CHECKED:
            outcome["not checked"] += 1
        else:
            outcome["other"] += 1
            survivors.append(name)
    return outcome, survivors


def report(modules, minimum, show_survivors):
    failed = []
    print(f"\n{'file':55} {'killed':>7} {'survived':>9} {'checked':>8} {'rate':>7}")
    for module in modules:
        outcome, survivors = results(module)
        if outcome is None:
            print(f"{module:55} {'(not run)':>34}")
            failed.append(module)
            continue
        checked = outcome["killed"] + outcome["survived"] + outcome["other"]
        rate = 100 * outcome["killed"] / checked if checked else 0.0
        print(f"{module:55} {outcome['killed']:7} {outcome['survived'] + outcome['other']:9} {checked:8} {rate:6.1f}%"
              + (f"  ({outcome['not checked']} not checked)" if outcome["not checked"] else ""))
        if show_survivors:
            for name in survivors:
                print(f"    survived: {name}")
        if rate < minimum:
            failed.append(module)
    if failed:
        print(f"\nBelow {minimum} % killed: {', '.join(failed)}")
    return 1 if failed else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="files from [tool.modellstadt.mutation.modules] (default: all)")
    parser.add_argument("--mutants", nargs="*", default=[], help="mutant name globs, e.g. '*support*'")
    parser.add_argument("--max-children", type=int, default=2)
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="forget earlier results of these files")
    parser.add_argument("--survivors", action="store_true", help="list the surviving mutants")
    args = parser.parse_args(argv)
    data, config = load_config()
    table = config["modules"]
    modules = args.modules or list(table)
    unknown = [m for m in modules if m not in table]
    if unknown:
        parser.error(f"not in [tool.modellstadt.mutation.modules]: {', '.join(unknown)}")
    if not args.report_only:
        for module in modules:
            if args.fresh:
                shutil.rmtree(work_dir(module), ignore_errors=True)
            code = run(module, table[module], data, config, args.mutants, args.max_children)
            if code != 0:
                print(f"mutmut run failed for {module} (exit code {code})")
                return code
    return report(modules, config["minimum_killed_percent"], args.survivors)


if __name__ == "__main__":
    sys.exit(main())
