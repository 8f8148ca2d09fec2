"""scripts/supervise keeps the task worker and the scheduler of `make run` running: it starts a command
again when it ends and stops it when it is stopped itself."""

import os
import signal
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUPERVISE = ROOT / "scripts" / "supervise"


def _wait_for(condition, seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_command_that_ends_is_started_again(tmp_path):
    runs = tmp_path / "runs"
    process = subprocess.Popen([SUPERVISE, "job", "0.1", "sh", "-c", f"echo run >> {runs}; exit 3"],
                               stderr=subprocess.PIPE, text=True)
    try:
        assert _wait_for(lambda: runs.exists() and len(runs.read_text().splitlines()) >= 3)
    finally:
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=10)
    assert process.returncode == 0
    assert "job exited with status 3; restarting in 0.1 s" in err


def test_stopping_the_supervisor_stops_the_command(tmp_path):
    pid_file = tmp_path / "pid"
    process = subprocess.Popen([SUPERVISE, "job", "1", "sh", "-c", f"echo $$ > {pid_file}; exec sleep 300"])
    assert _wait_for(lambda: pid_file.exists() and pid_file.read_text().strip())
    child = int(pid_file.read_text())
    assert _alive(child)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    assert _wait_for(lambda: not _alive(child), 5), "the supervised command outlived its supervisor"


def test_make_run_supervises_the_resilient_worker_and_the_scheduler():
    commands = subprocess.run(["make", "-n", "serve"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "scripts/supervise worker 5 .venv/bin/modellstadt worker --queue-name '*'" in commands
    assert "scripts/supervise scheduler 60 .venv/bin/modellstadt publish_scheduled" in commands
    assert "db_worker" not in commands
