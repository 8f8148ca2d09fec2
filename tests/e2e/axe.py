"""WCAG 2.1 A/AA checks with axe-core (bundled with axe-playwright-python, injected locally)."""

from axe_playwright_python.sync_playwright import Axe

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"][:10]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary[:300]}")
    return "\n".join(lines)


def assert_accessible(page, label=None):
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = results.response["violations"]
    assert results.violations_count == 0, (
        f"{label or page.url}: {results.violations_count} WCAG-2.1-A/AA-Verstöße laut axe-core:\n"
        + describe(violations)
    )
