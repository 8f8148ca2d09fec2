"""Background tasks of participation (django-tasks): notification e-mails and the daily digest.

Enqueued only after the transaction that created the notifications commits
(``notifications.notify``), and executed by the task worker (``modellstadt worker``), never
inside a request. Arguments are primary keys, so a task reads the current state when it runs.
"""

from django_tasks import task

from modellstadt.notifications import services as notifications


@task()
def send_notification_email(notification_id):
    """The e-mail for one notification of a person who wants e-mails at once (sent at most once)."""
    return notifications.send_notification_email(notification_id)


@task()
def send_digests():
    """The daily digest for everyone who chose it; safe to run twice (see ``modellstadt send_digests``)."""
    emails, items = notifications.send_digests()
    return {"emails": emails, "notifications": items}
