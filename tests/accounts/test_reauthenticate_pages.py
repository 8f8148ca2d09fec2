"""The two "Zugriff bestätigen" pages (password again, authenticator code) share one template."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("template", "explanation", "action"), [
    ("account/reauthenticate.html", "Ihr Passwort noch einmal ein.", 'action="/konto/reauthenticate/"'),
    ("mfa/reauthenticate.html", "einen Code aus Ihrer Authenticator-App ein.", 'action="/konto/2fa/reauthenticate/"'),
])
def test_each_page_explains_what_it_asks_for_and_posts_to_its_own_address(template, explanation, action):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    html = render_to_string(template, {}, request=request)
    assert "<h1>Zugriff bestätigen</h1>" in html
    assert explanation in html
    assert action in html
