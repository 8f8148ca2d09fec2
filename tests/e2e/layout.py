"""Screen sizes of the browser journeys and the reflow check (WCAG 2.1, 1.4.10): at 360 px nothing
may make the page scroll sideways."""

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}

# The innermost elements that stick out on the right, e.g. "select#id_partner (552 px)".
OVERFLOWING = r"""width => {
    const out = e => e.getBoundingClientRect().right > width + 0.5;
    const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '');
    const text = e => e.textContent.replace(/\s+/g, ' ').trim().slice(0, 40);
    return [...document.querySelectorAll('body *')]
        .filter(e => out(e) && ![...e.children].some(out))
        .slice(0, 8)
        .map(e => `${name(e)} „${text(e)}“ (${Math.round(e.getBoundingClientRect().width)} px)`);
}"""


def assert_no_sideways_scrolling(page, where):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], (
        f"{where}: {width} px breit bei 360 px; ragen hinaus: {page.evaluate(OVERFLOWING, PHONE['width'])}"
    )
