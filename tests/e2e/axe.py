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


# Short CSS animations and transitions (e.g. the back office's message fading in) show passing colours
# for a moment; axe checks the page as it settles. Endless or long ones (a spinner, Wagtail's badge that
# pings five times in 25 s) are not waited for.
SETTLED = """() => document.getAnimations().every(
    a => a.playState !== "running" || a.effect.getComputedTiming().endTime > 3000)"""


def assert_accessible(page, label=None):
    page.wait_for_function(SETTLED, timeout=10_000)
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = results.response["violations"]
    assert results.violations_count == 0, (
        f"{label or page.url}: {results.violations_count} WCAG-2.1-A/AA-Verstöße laut axe-core:\n"
        + describe(violations)
    )
