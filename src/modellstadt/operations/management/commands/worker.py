"""``modellstadt worker``: the task worker for production. Takes the options of django-tasks-db's
``db_worker`` and keeps running through database restarts (see operations/worker.py)."""

import logging
import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from modellstadt.operations.heartbeat import HEARTBEAT_SECONDS
from modellstadt.operations.metrics import serve_worker_metrics
from modellstadt.operations.worker import RECOVER_SECONDS, ResilientWorker
from modellstadt.operations.worker import logger as worker_logger


class Command(DbWorkerCommand):
    help = "Run the task worker; it reconnects after database faults and records a heartbeat for /readyz."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--max-backoff", type=float, default=30.0,
                            help="Longest wait in seconds between reconnection attempts (default: %(default)s).")
        parser.add_argument("--max-attempts", type=int, default=5,
                            help="Runs of a task interrupted by database faults before it is marked failed "
                                 "(default: %(default)s).")
        parser.add_argument("--heartbeat-interval", type=float, default=HEARTBEAT_SECONDS,
                            help="Seconds between heartbeats; 0 records none (default: %(default)s).")
        parser.add_argument("--recovery-interval", type=float, default=RECOVER_SECONDS,
                            help="Seconds between looks for tasks left running by workers whose heartbeat "
                                 "stopped; 0 looks only at the start (default: %(default)s).")
        parser.add_argument("--metrics-port", type=int, default=0,
                            help="Serve this worker's Prometheus counters (e-mails sent and failed) over HTTP "
                                 "on this port, for a worker on a machine without an app server; 0: off "
                                 "(default: %(default)s).")
        parser.add_argument("--metrics-address", default="127.0.0.1",
                            help="Address for --metrics-port; anyone who reaches it may read the counters "
                                 "(default: %(default)s).")

    def configure_logging(self, verbosity):
        super().configure_logging(verbosity)
        worker_logger.setLevel({0: logging.CRITICAL, 1: logging.INFO}.get(verbosity, logging.DEBUG))
        if not worker_logger.hasHandlers():
            worker_logger.addHandler(logging.StreamHandler(self.stderr))

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, max_backoff, max_attempts, heartbeat_interval, recovery_interval,
               metrics_port=0, metrics_address="127.0.0.1", **options):
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        if max_attempts < 1:
            raise CommandError("--max-attempts must be at least 1")
        if metrics_port and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true" and reload:
            metrics_port = 0  # the reloader's parent process only watches files; its child serves them
        if metrics_port:
            try:
                server = serve_worker_metrics(metrics_address, metrics_port)
            except OSError as error:
                raise CommandError(f"--metrics-port {metrics_port}: {error}") from error
            worker_logger.info("Metrics on http://%s:%s/metrics", metrics_address, server.server_address[1])

        worker = ResilientWorker(
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
            excluded_queue_names=excluded_queue_names, max_backoff=max_backoff, max_attempts=max_attempts,
            heartbeat_seconds=heartbeat_interval, recover_seconds=recovery_interval,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
