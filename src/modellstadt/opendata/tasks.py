"""Background work of the open data platform: loading data tables and emails."""

from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def load_version_task(version_id):
    """Check, type and load an uploaded table, then make it live (see services.load_version)."""
    from modellstadt.opendata.services import load_version

    return load_version(version_id)


@task()
def send_opendata_email(recipients, subject, body):
    message = EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=list(recipients))
    return message.send()
