"""The first login of a new member of the programme office, in the browser: password, then straight
to the authenticator set-up (a real TOTP code computed here), the recovery codes, "Weiter zur
Verwaltung", and the back office with its open work, all under the Content-Security-Policy (the
``open_tab`` fixture fails the test on any violation the browser reports)."""

import re

from playwright.sync_api import expect

from modellstadt.accounts.roles import ensure_office_group
from tests.e2e.city import PARTICIPATION_PASSWORD, _account
from tests.e2e.session import SLOW, log_in
from tests.totp import totp


def test_new_office_member_sets_up_two_factor_and_reaches_the_back_office(city, open_tab, settings):
    settings.MODELLSTADT_REQUIRE_STAFF_MFA = True
    nora = _account("nora-neu", "nora@example.org", "Nora Neu", groups=[ensure_office_group(city)])
    tab = open_tab()
    page = tab.page

    tab.open("/verwaltung/login/?next=/verwaltung/")
    expect(page).to_have_url(re.compile(r"/konto/login/"))
    log_in(tab, nora.email, PARTICIPATION_PASSWORD)

    # No "Zugriff bestätigen" (password again): the set-up comes right after the login.
    expect(page).to_have_url(re.compile(r"/konto/2fa/totp/activate/$"), timeout=SLOW)
    expect(page.get_by_role("heading", level=1)).to_have_text("Authenticator-App einrichten")
    expect(page.get_by_role("img", name="QR-Code zum Einrichten der Authenticator-App")).to_be_visible()
    secret = page.locator("#authenticator_secret").input_value()
    page.locator("input[name='code']").fill(totp(secret))
    page.get_by_role("button", name="Authenticator-App aktivieren").click()

    expect(page).to_have_url(re.compile(r"/konto/2fa/recovery-codes/$"), timeout=SLOW)
    codes = page.locator("#recovery_codes").input_value().split()
    assert len(codes) >= 10
    page.get_by_role("link", name="Weiter zur Verwaltung").click()

    expect(page).to_have_url(re.compile(r"/verwaltung/$"), timeout=SLOW)
    expect(page.get_by_role("heading", name="Offene Arbeit")).to_be_visible()
    expect(page.get_by_role("link", name="Ideen ohne Antwort (älteste zuerst)")).to_be_visible()

    # Wagtail's editor works under the back office's policy: a page with inline panels and a date field.
    tab.open(f"/verwaltung/pages/{city.pk}/edit/")
    expect(page.locator("form#page-edit-form")).to_be_visible(timeout=SLOW)
    tab.open("/verwaltung/snippets/participation/process/add/")
    expect(page.locator("main form")).to_be_visible(timeout=SLOW)
    tab.assert_local_only()


def test_the_journeys_notice_a_policy_violation(city, open_tab):
    """The watcher itself: a page whose inline script the policy blocks is reported."""
    tab = open_tab()
    tab.page.route("**/csp-probe/", lambda route: route.fulfill(
        status=200, content_type="text/html",
        headers={"Content-Security-Policy": "script-src 'self'"},
        body="<!DOCTYPE html><title>Probe</title><script>document.title = 'ausgeführt';</script>",
    ))
    tab.page.goto("/csp-probe/")
    tab.page.wait_for_timeout(500)
    assert tab.page.title() == "Probe"  # the inline script did not run
    assert tab.csp_violations, "the blocked inline script was not reported"
    tab.csp_violations.clear()  # seen; the fixture checks that nothing else was blocked
