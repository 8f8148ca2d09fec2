"""Browser journeys: one headless Debian Chromium per session, a fresh browser context per test."""

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
E2E_DIR = Path(__file__).parent
LOCAL_SCHEMES = {"data", "blob", "about"}  # no network request to any host


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects anything
def pytest_collection_modifyitems(items):
    """Every test in tests/e2e/ is a browser journey: `make e2e` runs them, `make test` skips them."""
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} fehlt: apt-get install -y chromium (oder `make e2e`)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running in the test thread; Django then refuses ORM
    # calls (test data, the flush after each test) unless told they are safe. Set only while the
    # browser runs, so `make test` keeps Django's check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class Tab:
    """A page in its own browser context that remembers every request it made (page.on("request"))."""

    page: object
    base_url: str
    requests: list = field(default_factory=list)
    csp_violations: list = field(default_factory=list)

    @property
    def host(self):
        return urlsplit(self.base_url).netloc

    def record(self, request):
        self.requests.append(request.url)

    def record_console(self, message):
        """Chromium reports every Content-Security-Policy violation as a console error."""
        if message.type == "error" and "Content Security Policy" in message.text:
            self.csp_violations.append(f"{self.page.url}: {message.text}")

    def foreign_requests(self):
        return [url for url in self.requests
                if urlsplit(url).scheme not in LOCAL_SCHEMES and urlsplit(url).netloc != self.host]

    def settle(self):
        """Scroll to the end of the page (so lazy images and late scripts fire) and wait until the
        network has been idle for 500 ms: requests made after the load event are recorded too."""
        page = self.page
        if page.url.startswith(("http://", "https://")):
            for _ in range(20):  # pages that grow while scrolling stop growing at some point
                height = page.evaluate("document.documentElement.scrollHeight")
                page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
                page.wait_for_timeout(50)
                if page.evaluate("document.documentElement.scrollHeight") == height:
                    break
            page.wait_for_load_state("networkidle")
            page.evaluate("window.scrollTo(0, 0)")

    def assert_local_only(self):
        """No request so far, including those made after loading and scrolling, went to another host."""
        self.settle()
        foreign = self.foreign_requests()
        assert not foreign, f"Anfragen an fremde Hosts (erlaubt ist nur {self.host}):\n" + "\n".join(foreign)

    def open(self, path, status=200):
        """Load a page and check its status and that no request so far went to anybody but the portal."""
        response = self.page.goto(path)
        assert response is not None and response.status == status, (
            f"{path}: Status {response.status if response else None}, erwartet {status}"
        )
        self.assert_local_only()
        return response


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const blocked = event.blockedURI || "inline";
  window.__cspViolation(`${document.location.pathname}: ${event.violatedDirective} blocked ${blocked}`);
});
"""


@pytest.fixture
def open_tab(browser, live_server):
    """open_tab(**context_options) -> Tab; German browser, closed after the test. The test fails if
    any page broke the Content-Security-Policy (inline script or style, a foreign source)."""

    def make(**options):
        options.setdefault("locale", "de-DE")
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        violations = []
        # The page's own securitypolicyviolation events, reported back through a binding.
        context.expose_binding("__cspViolation", lambda source, text: violations.append(text))
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        tab = Tab(page=page, base_url=live_server.url, csp_violations=violations)
        page.on("request", tab.record)
        page.on("console", tab.record_console)
        tabs.append(tab)
        return tab

    contexts, tabs = [], []
    yield make
    for context in contexts:
        context.close()
    violations = [v for tab in tabs for v in tab.csp_violations]
    assert not violations, "Verstöße gegen die Content-Security-Policy:\n" + "\n".join(violations)


@pytest.fixture
def tab(open_tab):
    return open_tab()


@pytest.fixture
def city(live_server):
    """The test city (see city.py) in the live server's database; rebuilt for every test."""
    from tests.e2e.city import build_city

    return build_city()
