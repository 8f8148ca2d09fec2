"""`modellstadt publish_scheduled`: Wagtail's command, run by one machine at a time.

Wagtail's own command (wagtail/management/commands/publish_scheduled.py) reads the revisions whose
time has come and publishes them without a lock. Started by the timers of two machines at the same
moment, both read the same revision and both publish it: two "published" log entries, two
notifications to followers. This command, found before Wagtail's because the operations app comes
first in INSTALLED_APPS, holds a PostgreSQL advisory lock while it runs. A run that finds the lock
taken ends at once and publishes nothing; the run holding it publishes everything due, and a later
run finds nothing left, since publishing clears the revision's approved time. On SQLite (one
machine, writes serialised by the database) it runs as Wagtail's command does.
"""

from django.db import connection
from wagtail.management.commands.publish_scheduled import Command as WagtailPublishScheduled

# Any bigint naming this job; other advisory locks of the application must use other keys.
LOCK_KEY = 7_305_104_811_001


class Command(WagtailPublishScheduled):
    help = (
        "Veröffentlicht Seiten, deren geplante Zeit gekommen ist, und zieht abgelaufene zurück; läuft auf "
        "mehreren Servern zugleich nur einmal."
    )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            return super().handle(*args, **options)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [LOCK_KEY])
            (locked,) = cursor.fetchone()
        if not locked:
            if options.get("verbosity", 1) > 0:
                self.stdout.write("publish_scheduled läuft bereits auf einem anderen Server; nichts zu tun.")
            return None
        try:
            return super().handle(*args, **options)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [LOCK_KEY])
