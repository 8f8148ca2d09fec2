"""Background work of the partner area: emails (invitations, decisions on membership requests)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task

from modellstadt.core.text import email_subject


@task()
def send_partner_email(recipients, subject, body):
    """Send one plain-text email; runs in the task worker, never inside a request."""
    message = EmailMessage(
        subject=email_subject(subject), body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=list(recipients)
    )
    return message.send()
