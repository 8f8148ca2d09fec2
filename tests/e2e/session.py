"""Shared steps of the browser journeys: a signed-in tab, the login form, waiting for an email."""

import re
import time

from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

SLOW = 20_000  # ms; the machine running the journeys is often busy


def sign_in_tab(open_tab, user, **options):
    """A tab whose browser holds a session of ``user`` (made by Django, no login form)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    tab = open_tab(**options)
    tab.page.context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": tab.base_url,
    }])
    return tab


def log_in(tab, login, password):
    """Sign in through the portal's login form (/konto/login/)."""
    page = tab.page
    tab.open("/konto/login/")
    form = page.locator("form", has=page.locator("input[name='password']"))
    form.locator("input[name='login']").fill(login)
    form.locator("input[name='password']").fill(password)
    form.locator("button[type='submit']").click()
    expect(page).not_to_have_url(re.compile(r"/konto/login/"), timeout=SLOW)


def wait_for_mail(mailoutbox, to, subject_part="", timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [m for m in mailoutbox if to in m.to and subject_part in m.subject]
        if found:
            return found[-1]
        time.sleep(0.2)
    raise AssertionError(f"Keine E-Mail an {to}; im Postfach: {[(m.to, m.subject) for m in mailoutbox]}")
