#!/usr/bin/env python3
"""Modellstadt on several servers, on this machine, on loopback ports only.

Starts, in a fresh temporary directory: its own PostgreSQL cluster (initdb/pg_ctl, port 5440), its own
redis-server (6390), moto's standalone S3 server (5055, with ``--storage s3``), two gunicorn app servers
(8181 = A, 8182 = B) with the same settings, one task worker (`modellstadt worker`) and nginx as a
round-robin balancer (8180). Loads the demo city, then runs the checks and prints one line per check
("OK ..." or "FEHLER ...") and a summary line "N passed, N failed". Everything it started is stopped at
the end, also after a failure, an interrupt or the hard time limit (``--timeout``).

Without ``--faults`` (make multinode): an edit through server A is visible at once on a cached page
through server B; a rate limit (comments, failed logins) counts across both; a letter of support uploaded
through A downloads through B; a session from A works on B; a scheduled publication and the daily digest
run once when the scheduler and the digest command run on both servers at the same time.

With ``--faults`` (make faults): a few threads post comments through the balancer for the whole run while
Redis, then PostgreSQL, then the S3 server (``--storage s3`` only) are stopped and started again; for each
fault it reports pages served, the German messages, 503 + Retry-After, the time to recover (nothing is
restarted but the stopped service) and finally accepted writes (answered with the redirect to the new
comment) against stored comments, which must be equal.

Usage: .venv/bin/python scripts/multinode_check.py [--faults] [--storage s3|shared-disk] [--keep]
Needs nginx, redis-server and PostgreSQL's server binaries (/usr/lib/postgresql/*/bin); `make multinode`
and `make faults` install the first two from Debian when missing. Run as root it starts PostgreSQL as
the system user ``postgres``.
"""

import argparse
import concurrent.futures
import glob
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PORTS = {"balancer": 8180, "a": 8181, "b": 8182, "postgres": 5440, "redis": 6390, "s3": 5055}
NODES = ("a", "b")
BUCKET = "modellstadt-multinode"
USER_AGENT = "modellstadt-multinode-check"
DENIED_WORDS = "gerade nicht möglich"  # the shared-cache refusal (core/guards.py)
RATE_WORDS = "sehr viele Beiträge"  # the comment rate limit (core/guards.py)


class CheckFailed(Exception):
    pass


class HardTimeout(BaseException):
    """Raised by SIGALRM/SIGTERM so that ``finally`` tears everything down."""


# --- Reporting -------------------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.passed = self.failed = self.skipped = 0
        self.lock = threading.Lock()

    def ok(self, text):
        with self.lock:
            self.passed += 1
            print(f"OK {text}", flush=True)

    def fail(self, text):
        with self.lock:
            self.failed += 1
            print(f"FEHLER {text}", flush=True)

    def skip(self, text):
        with self.lock:
            self.skipped += 1
            print(f"ÜBERSPRUNGEN {text}", flush=True)

    def check(self, condition, ok_text, fail_text=None):
        if condition:
            self.ok(ok_text)
        else:
            self.fail(fail_text or ok_text)
        return bool(condition)

    def summary(self):
        line = f"{self.passed} passed, {self.failed} failed"
        if self.skipped:
            line += f", {self.skipped} skipped"
        return line


def note(text):
    print(f"  .. {text}", flush=True)


# --- Processes -------------------------------------------------------------------------------------


def port_free(port):
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((HOST, port)) != 0


def wait_for_port(port, seconds, process=None, what=""):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not port_free(port):
            return
        if process is not None and process.poll() is not None:
            raise CheckFailed(f"{what} hat sich beendet (Status {process.returncode}); siehe Protokoll")
        time.sleep(0.2)
    raise CheckFailed(f"{what} antwortet nicht auf Port {port} nach {seconds} s")


def wait_for_http(node, path, seconds, process, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise CheckFailed(f"{what} hat sich beendet (Status {process.returncode}); siehe Protokoll")
        try:
            if requests.get(url(node, path), timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise CheckFailed(f"{what} antwortet nicht auf {path} nach {seconds} s")


def find_pg_bin():
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    if not candidates:
        raise CheckFailed("PostgreSQL-Serverprogramme fehlen (/usr/lib/postgresql/*/bin/pg_ctl)")
    return Path(candidates[-1]).parent


class Cluster:
    """Every service of the multi-node set-up, in one temporary directory."""

    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="modellstadt-multinode-"))
        self.tmp.chmod(0o755)  # PostgreSQL runs as another user and needs to reach its directory
        self.logs = self.tmp / "logs"
        self.logs.mkdir()
        self.mail_dir = self.tmp / "mail"
        self.mail_dir.mkdir()
        self.processes = {}
        self.pg_bin = find_pg_bin()
        self.pg_dir = self.tmp / "pg"
        self.as_postgres = os.geteuid() == 0
        self.secret = secrets.token_urlsafe(40)
        self.demo_password = secrets.token_urlsafe(14)
        self.user_password = secrets.token_urlsafe(14)
        self.rate_limits = "comment=5/600,100000/600" if args.faults else "comment=5/600,4/600"

    # -- environment of the app servers
    def env(self, node="a"):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MODELLSTADT_"))}
        shared = self.tmp / "shared"
        env.update(
            {
                "DATABASE_URL": f"postgres://postgres@{HOST}:{PORTS['postgres']}/modellstadt",
                "REDIS_URL": f"redis://{HOST}:{PORTS['redis']}/0",
                "SECRET_KEY": self.secret,
                "DEBUG": "false",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "CSRF_TRUSTED_ORIGINS": ",".join(f"http://{HOST}:{PORTS[p]}" for p in ("balancer", "a", "b")),
                "MODELLSTADT_BASE_URL": f"http://{HOST}:{PORTS['balancer']}",
                "MODELLSTADT_VAR_DIR": str(self.tmp / f"var-{node}"),
                "STATIC_ROOT": str(self.tmp / "static"),
                # Plain copies: the compressed, hashed set takes minutes on a busy 2-core machine and is not
                # what these checks are about.
                "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
                "TRUSTED_PROXY_COUNT": "1",
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": str(self.mail_dir),
                "MODELLSTADT_REQUIRE_STAFF_MFA": "false",
                "MODELLSTADT_DEMO_PASSWORD": self.demo_password,
                "MODELLSTADT_RATE_LIMITS": self.rate_limits,
                "PAGE_CACHE_SECONDS": "300",
                "MODELLSTADT_MAINTENANCE_RETRY_AFTER": "30",
                "LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
                # This checkout's code, also when the virtualenv's editable install points at another one.
                "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])),
            }
        )
        if self.args.storage == "s3":
            env.update(
                {
                    "MODELLSTADT_S3_BUCKET": BUCKET,
                    "MODELLSTADT_S3_ENDPOINT_URL": f"http://{HOST}:{PORTS['s3']}",
                    "MODELLSTADT_S3_REGION": "eu-central-1",
                    "AWS_ACCESS_KEY_ID": "multinode",
                    "AWS_SECRET_ACCESS_KEY": "multinode-secret",
                }
            )
        else:  # both nodes share one directory, as with NFS
            env.update({"MEDIA_ROOT": str(shared / "media"), "PRIVATE_MEDIA_ROOT": str(shared / "private")})
        return env

    def manage(self, *args, node="a", timeout=300, check=True):
        result = subprocess.run(
            [str(VENV_BIN / "modellstadt"), *args],
            env=self.env(node),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if check and result.returncode != 0:
            raise CheckFailed(f"modellstadt {' '.join(args)} (Server {node.upper()}): {result.stderr[-1500:]}")
        return result

    def shell(self, code, node="a", timeout=120):
        """Runs ``code`` in `modellstadt shell` with a node's settings; returns the JSON of its last line."""
        out = self.manage("shell", "-c", code, node=node, timeout=timeout).stdout.strip().splitlines()
        return json.loads(out[-1]) if out else None

    def spawn(self, name, argv, env=None, user=None):
        log = open(self.logs / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        if user:
            argv = ["runuser", "-u", user, "--", *argv]
        process = subprocess.Popen(
            argv,
            env=env or self.env(),
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        process.log = log
        self.processes[name] = process
        return process

    def stop(self, name, wait=15):
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(wait)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                pass
        process.log.close()

    # -- PostgreSQL: own cluster so the fault test may stop it
    def pg(self, *args, check=True):
        argv = [str(self.pg_bin / args[0]), *args[1:]]
        if self.as_postgres:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        result = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd="/")
        if check and result.returncode != 0:
            raise CheckFailed(f"{args[0]}: {result.stderr[-800:] or result.stdout[-800:]}")
        return result

    def init_postgres(self):
        self.pg_dir.mkdir()
        if self.as_postgres:
            shutil.chown(self.pg_dir, "postgres", "postgres")
        self.pg(
            "initdb",
            "-D",
            str(self.pg_dir / "data"),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.start_postgres()
        self.pg("createdb", "-h", HOST, "-p", str(PORTS["postgres"]), "-U", "postgres", "modellstadt")

    def start_postgres(self):
        options = (
            f"-p {PORTS['postgres']} -c listen_addresses={HOST} -k {self.pg_dir} -c fsync=off "
            "-c full_page_writes=off -c max_connections=60 -c shared_buffers=64MB"
        )
        self.pg(
            "pg_ctl",
            "-D",
            str(self.pg_dir / "data"),
            "-l",
            str(self.pg_dir / "postgres.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop_postgres(self, check=True):
        return self.pg("pg_ctl", "-D", str(self.pg_dir / "data"), "-m", "fast", "-w", "-t", "60", "stop", check=check)

    # -- Redis and S3
    def start_redis(self):
        (self.tmp / "redis").mkdir(exist_ok=True)
        process = self.spawn(
            "redis",
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(PORTS["redis"]),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp / "redis"),
            ],
        )
        wait_for_port(PORTS["redis"], 20, process, "redis-server")

    def start_s3(self):
        process = self.spawn("s3", [str(VENV_BIN / "moto_server"), "-H", HOST, "-p", str(PORTS["s3"])])
        wait_for_port(PORTS["s3"], 30, process, "moto_server")
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=f"http://{HOST}:{PORTS['s3']}",
            region_name="eu-central-1",
            aws_access_key_id="multinode",
            aws_secret_access_key="multinode-secret",
        )
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})

    # -- app servers, worker, balancer
    def start_app(self, node):
        port = PORTS[node]
        process = self.spawn(
            f"gunicorn-{node}",
            [
                str(VENV_BIN / "gunicorn"),
                "modellstadt.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                "2",
                "--preload",
                "--forwarded-allow-ips=127.0.0.1",
                "--timeout",
                "60",
                "--graceful-timeout",
                "5",
                "--access-logfile",
                str(self.logs / f"access-{node}.log"),
            ],
            env=self.env(node),
        )
        return process

    def start_worker(self):
        self.spawn(
            "worker",
            [str(VENV_BIN / "modellstadt"), "worker", "--queue-name", "*", "--interval", "1"],
            env=self.env("a"),
        )

    def start_nginx(self):
        base = self.tmp / "nginx"
        base.mkdir()
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (base / sub).mkdir()
            (base / sub).chmod(0o777)
        conf = base / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                base=base,
                logs=self.logs,
                host=HOST,
                port=PORTS["balancer"],
                a=PORTS["a"],
                b=PORTS["b"],
            )
        )
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        test = subprocess.run([nginx, "-t", "-p", str(base), "-c", str(conf)], capture_output=True, text=True)
        if test.returncode != 0:
            raise CheckFailed(f"nginx-Konfiguration: {test.stderr[-800:]}")
        process = self.spawn("nginx", [nginx, "-p", str(base), "-c", str(conf)])
        wait_for_port(PORTS["balancer"], 15, process, "nginx")

    def teardown(self):
        for name in list(reversed(list(self.processes))):
            self.stop(name)
        if self.pg_dir.joinpath("data", "postmaster.pid").exists():
            self.stop_postgres(check=False)
        if self.args.keep:
            print(f"  .. Verzeichnis bleibt erhalten: {self.tmp}", flush=True)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)


NGINX_CONF = """\
# Written by scripts/multinode_check.py: round robin over two app servers, loopback only.
worker_processes 1;
daemon off;
pid {base}/nginx.pid;
error_log {logs}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log {logs}/nginx-access.log;
    client_body_temp_path {base}/body;
    proxy_temp_path {base}/proxy;
    fastcgi_temp_path {base}/fastcgi;
    uwsgi_temp_path {base}/uwsgi;
    scgi_temp_path {base}/scgi;
    client_max_body_size 25m;
    client_body_buffer_size 1m;
    upstream modellstadt {{
        server {host}:{a} max_fails=0;
        server {host}:{b} max_fails=0;
        keepalive 16;
    }}
    server {{
        listen {host}:{port};
        location / {{
            proxy_pass http://modellstadt;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_redirect off;
            proxy_read_timeout 60s;
            add_header X-Upstream $upstream_addr always;
        }}
    }}
}}
"""

# --- Fixtures, run in `modellstadt shell` with node A's settings ----------------------------------------

FIXTURES = r"""
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from modellstadt.comments.permissions import comment_status
from modellstadt.ideas.models import Idea
from modellstadt.news.models import NewsPostPage
from modellstadt.partners.models import Membership

User = get_user_model()
users = []
for n in range(COUNT):
    name = f"mn-person-{n}"
    user, _ = User.objects.get_or_create(username=name, defaults={"email": f"{name}@example.org",
                                                                  "display_name": f"Person {n} (Prüfung)"})
    user.set_password(PASSWORD)
    user.is_active = True
    user.save()
    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    users.append(name)
idea = next(
    i for i in Idea.objects.order_by("pk") if i.is_visible and comment_status(i)[0] and not comment_status(i)[2]
)
news = NewsPostPage.objects.live().public().order_by("-date").first()
membership = Membership.objects.filter(user__username="partner-stadtwerke").select_related("organisation").first()
print(json.dumps({"users": users, "idea": idea.pk, "idea_url": idea.get_absolute_url(), "news": news.pk,
                  "news_url": news.url, "org": membership.organisation.slug}))
"""


# --- HTTP helpers ----------------------------------------------------------------------------------


def url(node, path):
    return f"http://{HOST}:{PORTS[node]}{path}"


def new_session():
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    return session


def csrf_token(html):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


def login(session, node, username, password, timeout=30):
    page = session.get(url(node, "/konto/login/"), timeout=timeout)
    return session.post(
        url(node, "/konto/login/"),
        data={"csrfmiddlewaretoken": csrf_token(page.text), "login": username, "password": password},
        headers={"Referer": url(node, "/konto/login/")},
        allow_redirects=False,
        timeout=timeout,
    )


def post_comment(session, node, idea, text, timeout=30):
    """(accepted, response): accepted is True only for the redirect to the new comment."""
    path = f"/kommentare/neu/idee/{idea}/"
    token = session.cookies.get("csrftoken") or csrf_token(session.get(url(node, path), timeout=timeout).text)
    response = session.post(
        url(node, path),
        data={"csrfmiddlewaretoken": token, "text": text},
        headers={"Referer": url(node, path)},
        allow_redirects=False,
        timeout=timeout,
    )
    accepted = response.status_code in (301, 302, 303) and "#kommentar-" in response.headers.get("Location", "")
    return accepted, response


def anonymous_get(node, path, timeout=15):
    return requests.get(url(node, path), headers={"User-Agent": USER_AGENT}, timeout=timeout, allow_redirects=False)


def minimal_pdf(marker):
    """A valid one-page PDF whose text holds ``marker`` (so downloads can be compared byte for byte)."""
    stream = f"BT /F1 18 Tf 72 720 Td (Unterstuetzungsschreiben {marker}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def upload_letter(session, node, org, pdf, timeout=30):
    path = f"/partnerbereich/organisation/{org}/schreiben/neu/"
    form = session.get(url(node, path), timeout=timeout)
    return session.post(
        url(node, path),
        data={"csrfmiddlewaretoken": csrf_token(form.text), "date": "2026-11-30", "signatory": "Dr. Prüfung"},
        files={"file": ("schreiben.pdf", pdf, "application/pdf")},
        headers={"Referer": url(node, path)},
        allow_redirects=False,
        timeout=timeout,
    )


def count_mails(mail_dir, address):
    count = 0
    for path in Path(mail_dir).glob("*"):
        text = path.read_text(errors="replace")
        count += len(re.findall(rf"^To: {re.escape(address)}\s*$", text, flags=re.M))
    return count


# --- Set-up ----------------------------------------------------------------------------------------


def set_up(cluster, report):
    busy = [name for name, port in PORTS.items() if not port_free(port)]
    if busy:
        raise CheckFailed("Ports belegt: " + ", ".join(f"{n} ({PORTS[n]})" for n in busy))
    started = time.monotonic()
    cluster.init_postgres()
    cluster.start_redis()
    if cluster.args.storage == "s3":
        cluster.start_s3()
    step = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(2) as pool:  # static files need no database
        static = pool.submit(cluster.manage, "collectstatic", "--no-input", "-v", "0")
        cluster.manage("migrate", "--no-input", "-v", "0", timeout=800)
        static.result()
    note(f"migrate und collectstatic: {time.monotonic() - step:.0f} s")
    step = time.monotonic()
    apps = [cluster.start_app(node) for node in NODES]  # they start while the demo city loads
    cluster.start_worker()
    cluster.manage("demo")
    code = FIXTURES.replace("COUNT", "8").replace("PASSWORD", repr(cluster.user_password))
    fixtures = cluster.shell(code)
    note(f"Demo-Stadt und Prüfkonten: {time.monotonic() - step:.0f} s")
    for node, process in zip(NODES, apps, strict=True):
        wait_for_http(node, "/healthz", 90, process, f"gunicorn {node.upper()}")
    cluster.start_nginx()
    note(
        f"Aufbau in {time.monotonic() - started:.0f} s: PostgreSQL :{PORTS['postgres']}, Redis :{PORTS['redis']}, "
        f"{'S3 :' + str(PORTS['s3']) if cluster.args.storage == 's3' else 'gemeinsames Dateiverzeichnis'}, "
        f"gunicorn A :{PORTS['a']} und B :{PORTS['b']}, nginx :{PORTS['balancer']}, ein Worker "
        f"(Verzeichnis {cluster.tmp})"
    )

    upstreams = set()
    for _ in range(6):
        response = anonymous_get("balancer", "/healthz")
        upstreams.add(response.headers.get("X-Upstream", "?"))
    report.check(
        {f"{HOST}:{PORTS['a']}", f"{HOST}:{PORTS['b']}"} <= upstreams,
        "nginx verteilt reihum auf beide App-Server",
        f"nginx verteilt nicht auf beide App-Server: {upstreams}",
    )
    # The worker writes its first heartbeat shortly after starting; /readyz waits for it.
    deadline = time.monotonic() + 30
    ready = {}
    while time.monotonic() < deadline:
        ready = {node: anonymous_get(node, "/readyz") for node in NODES}
        if all(r.status_code == 200 for r in ready.values()):
            break
        time.sleep(1)
    report.check(
        all(r.status_code == 200 for r in ready.values()),
        "/readyz auf A und B: Datenbank, Redis, Dateiablage und Worker bereit",
        "/readyz: " + "; ".join(f"{n.upper()} {r.status_code} {r.text[:200]}" for n, r in ready.items()),
    )
    return fixtures


# --- Checks of several servers (§2) -----------------------------------------------------------------


def check_session(cluster, report, fx):
    session = new_session()
    response = login(session, "a", fx["users"][0], cluster.user_password)
    if response.status_code not in (302, 303):
        report.fail(f"Anmeldung über Server A: Status {response.status_code}")
        return session
    on_b = session.get(url("b", "/konto/"), allow_redirects=False, timeout=15)
    report.check(
        on_b.status_code == 200 and "Person 0" in on_b.text,
        "Sitzung aus Server A gilt auf Server B (/konto/ zeigt das Konto)",
        f"Sitzung aus Server A auf Server B: Status {on_b.status_code} {on_b.headers.get('Location', '')}",
    )
    return session


def check_cached_edit(cluster, report, fx, session):
    idea_path = fx["idea_url"]
    anonymous_get("b", idea_path)
    second = anonymous_get("b", idea_path)
    if second.headers.get("X-Cache") != "hit":
        report.fail(
            f"Ideenseite wird auf Server B nicht aus dem Seitencache geliefert (X-Cache "
            f"{second.headers.get('X-Cache')})"
        )
    marker = f"Kommentar-{secrets.token_hex(4)}"
    accepted, response = post_comment(session, "a", fx["idea"], f"Prüfkommentar {marker} über Server A")
    if not accepted:
        report.fail(f"Kommentar über Server A nicht angenommen: Status {response.status_code}")
        return
    after = anonymous_get("b", idea_path)
    report.check(
        marker in after.text and second.headers.get("X-Cache") == "hit",
        "Kommentar über Server A steht sofort auf der zuvor gecachten Ideenseite von Server B",
        f"Kommentar über Server A fehlt auf Server B (X-Cache {after.headers.get('X-Cache')})",
    )

    news_path = fx["news_url"]
    anonymous_get("b", news_path)
    cached = anonymous_get("b", news_path)
    title = f"Neuer Titel {secrets.token_hex(4)}"
    cluster.shell(
        "import json\nfrom modellstadt.news.models import NewsPostPage\n"
        f"page = NewsPostPage.objects.get(pk={fx['news']})\npage.title = {title!r}\n"
        "page.save_revision().publish()\nprint(json.dumps(page.pk))",
        node="a",
    )
    via_b = anonymous_get("b", news_path)
    via_balancer = anonymous_get("balancer", news_path)
    report.check(
        cached.headers.get("X-Cache") == "hit" and title in via_b.text and title in via_balancer.text,
        "Nachricht auf Server A geändert und veröffentlicht: Server B und der Balancer zeigen sie sofort",
        f"Geänderte Nachricht nicht sofort auf Server B (vorher X-Cache {cached.headers.get('X-Cache')}, "
        f"nachher {via_b.headers.get('X-Cache')}, Titel gefunden: {title in via_b.text})",
    )


def check_rate_limits(cluster, report, fx):
    session = new_session()
    login(session, "a", fx["users"][1], cluster.user_password)
    statuses = []
    for n in range(5):  # the limit for signed-in people is 4 per 10 minutes in this run
        node = NODES[n % 2]
        accepted, response = post_comment(session, node, fx["idea"], f"Grenzwert {n} über Server {node.upper()}")
        statuses.append((node, accepted, response))
    first_four = all(accepted for _node, accepted, _r in statuses[:4])
    last = statuses[4][2]
    report.check(
        first_four and last.status_code == 429 and RATE_WORDS in last.text,
        "Kommentar-Grenze zählt über beide Server: 4 angenommen (A, B, A, B), der 5. auf A mit 429 und "
        "deutschem Hinweis abgelehnt",
        "Kommentar-Grenze über beide Server: "
        + ", ".join(f"{node.upper()}:{'angenommen' if ok else r.status_code}" for node, ok, r in statuses),
    )

    # django-allauth: 5 failed logins per account in 5 minutes, counted in the shared cache.
    user = fx["users"][2]
    answers = []
    for n in range(6):
        answers.append(login(new_session(), NODES[n % 2], user, "falsches-passwort-" + str(n)))
    correct = login(new_session(), "a", user, cluster.user_password)
    refused = answers[5].status_code == 429 or "Zu viele" in answers[5].text
    report.check(
        all(r.status_code == 200 for r in answers[:5]) and refused and correct.status_code not in (302, 303),
        "Anmeldesperre zählt über beide Server: nach 5 Fehlversuchen auf A und B ist das Konto gesperrt",
        "Anmeldesperre über beide Server: "
        + ", ".join(str(r.status_code) for r in answers)
        + f", danach richtiges Passwort: {correct.status_code}",
    )


def check_letter(cluster, report, fx):
    session = new_session()
    response = login(session, "a", "partner-stadtwerke", cluster.demo_password)
    if response.status_code not in (302, 303):
        report.fail(f"Anmeldung der Partnervertretung über Server A: Status {response.status_code}")
        return
    pdf = minimal_pdf(secrets.token_hex(6))
    uploaded = upload_letter(session, "a", fx["org"], pdf)
    if uploaded.status_code not in (302, 303):
        report.fail(f"Schreiben über Server A hochladen: Status {uploaded.status_code}")
        return
    # The upload is checked and stored as a cleaned copy (partners/uploads.py), so the download is compared
    # with what server A stored, read back from the storage.
    stored = cluster.shell(
        "import hashlib, json\nfrom modellstadt.partners.models import SupportLetter\n"
        f"letter = SupportLetter.objects.filter(organisation__slug={fx['org']!r}).latest('pk')\n"
        "with letter.file.open('rb') as handle:\n    digest = hashlib.sha256(handle.read()).hexdigest()\n"
        "print(json.dumps({'pk': letter.pk, 'sha256': digest}))"
    )
    path = f"/partnerbereich/schreiben/{stored['pk']}/datei/"
    download = session.get(url("b", path), timeout=15)
    same = hashlib.sha256(download.content).hexdigest() == stored["sha256"] and download.content[:5] == b"%PDF-"
    anonymous = anonymous_get("b", path)
    report.check(
        download.status_code == 200 and same and anonymous.status_code in (302, 404),
        f"Schreiben über Server A hochgeladen, über Server B heruntergeladen (SHA-256 wie gespeichert; "
        f"ohne Anmeldung {anonymous.status_code})",
        f"Schreiben über Server B: Status {download.status_code}, gleicher Inhalt: {same}, "
        f"ohne Anmeldung {anonymous.status_code}",
    )


SCHEDULE = r"""
import datetime, json
from django.utils import timezone
from modellstadt.news.models import NewsIndexPage, NewsPostPage
index = NewsIndexPage.objects.first()
page = NewsPostPage(title="Geplante Nachricht MARK", slug="geplant-MARK", teaser="Geplant.", body="Später.")
page.live = False
index.add_child(instance=page)
page.go_live_at = timezone.now() + datetime.timedelta(seconds=3)
revision = page.save_revision()
revision.publish()
page.refresh_from_db()
print(json.dumps({"pk": page.pk, "live": page.live}))
"""

DIGEST = r"""
import datetime, json
from django.contrib.auth import get_user_model
from django.utils import timezone
from modellstadt.notifications.models import EmailFrequency, Notification, NotificationKind, NotificationSettings
User = get_user_model()
users = list(User.objects.filter(username__in=NAMES).order_by("pk"))
for user in users:
    NotificationSettings.objects.update_or_create(user=user, defaults={"email_frequency": EmailFrequency.DAILY})
    for n in range(2):
        Notification.objects.create(user=user, kind=NotificationKind.IDEA_ANSWER, title=f"Prüfung MARK {n}",
                                    created=timezone.now() - datetime.timedelta(minutes=5))
print(json.dumps([u.email for u in users]))
"""


def run_on_both(cluster, *args):
    """Starts the same command with A's and B's settings at the same moment; returns their results."""
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(cluster.manage, *args, node=node, check=False) for node in NODES]
        return [f.result() for f in futures]


def check_scheduled_publication(cluster, report):
    mark = secrets.token_hex(4)
    created = cluster.shell(SCHEDULE.replace("MARK", mark))
    if created["live"]:
        report.fail("Geplante Nachricht war sofort veröffentlicht, nicht eingeplant")
        return
    time.sleep(4)
    results = run_on_both(cluster, "publish_scheduled")
    counts = cluster.shell(
        "import json\nfrom wagtail.models import PageLogEntry\nfrom modellstadt.news.models import NewsPostPage\n"
        f"page = NewsPostPage.objects.get(pk={created['pk']})\n"
        "print(json.dumps({'live': page.live, 'published': PageLogEntry.objects.filter(page=page, "
        "action='wagtail.publish.scheduled').count()}))"
    )
    errors = [r.stderr[-300:] for r in results if r.returncode != 0]
    report.check(
        counts["live"] and counts["published"] == 1 and not errors,
        "Geplante Veröffentlichung läuft einmal, obwohl publish_scheduled auf A und B gleichzeitig lief",
        f"Geplante Veröffentlichung bei gleichzeitigem publish_scheduled auf A und B: live={counts['live']}, "
        f"{counts['published']} Veröffentlichungen protokolliert (erwartet 1){'; ' + str(errors) if errors else ''}",
    )


def check_digest(cluster, report, fx):
    mark = secrets.token_hex(4)
    names = fx["users"][4:8]
    addresses = cluster.shell(DIGEST.replace("NAMES", repr(names)).replace("MARK", mark))
    results = run_on_both(cluster, "send_digests")
    per_address = {address: count_mails(cluster.mail_dir, address) for address in addresses}
    unsent = cluster.shell(
        "import json\nfrom modellstadt.notifications.models import Notification\n"
        f"print(json.dumps(Notification.objects.filter(title__contains={mark!r}, emailed_at__isnull=True).count()))"
    )
    errors = [r.stderr[-300:] for r in results if r.returncode != 0]
    report.check(
        all(count == 1 for count in per_address.values()) and unsent == 0 and not errors,
        f"Tägliche Zusammenfassung auf A und B gleichzeitig: genau eine E-Mail an jede der {len(addresses)} Personen",
        f"Tägliche Zusammenfassung auf A und B gleichzeitig: E-Mails je Person {list(per_address.values())}, "
        f"{unsent} Benachrichtigungen nicht gesendet{'; ' + str(errors) if errors else ''}",
    )

    # The same through the task worker: both servers enqueue the digest, the worker runs both tasks.
    mark = secrets.token_hex(4)
    addresses = cluster.shell(DIGEST.replace("NAMES", repr(names)).replace("MARK", mark))
    before = {address: count_mails(cluster.mail_dir, address) for address in addresses}
    run_on_both(cluster, "send_digests", "--enqueue")
    deadline = time.monotonic() + 40
    pending = None
    while time.monotonic() < deadline:
        pending = cluster.shell(
            "import json\nfrom django_tasks_db.models import DBTaskResult\n"
            "print(json.dumps(DBTaskResult.objects.filter(status__in=['READY', 'RUNNING']).count()))"
        )
        if pending == 0:
            break
        time.sleep(1)
    after = {address: count_mails(cluster.mail_dir, address) - before[address] for address in addresses}
    report.check(
        pending == 0 and all(count == 1 for count in after.values()),
        "Zusammenfassung von A und B in die Warteschlange gestellt: der Worker sendet jeder Person genau eine",
        f"Zusammenfassung über den Worker: {pending} Aufgaben offen, E-Mails je Person {list(after.values())}",
    )


def run_checks(cluster, report):
    fx = set_up(cluster, report)
    session = check_session(cluster, report, fx)
    check_cached_edit(cluster, report, fx, session)
    check_rate_limits(cluster, report, fx)
    check_letter(cluster, report, fx)
    check_scheduled_publication(cluster, report)
    check_digest(cluster, report, fx)


# --- Fault injection (§3) --------------------------------------------------------------------------


class Load:
    """A few signed-in people posting comments through the balancer, and a reader of public pages."""

    def __init__(self, cluster, fx, writers=3, pause=0.25, max_seconds=150):
        self.cluster, self.fx = cluster, fx
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.marker = f"Last-{secrets.token_hex(4)}"
        self.writes = []  # (time, accepted, status or error)
        self.reads = []  # (time, status, x-cache)
        self.pause = pause
        self.deadline = time.monotonic() + max_seconds
        self.sessions = []
        for n in range(writers):
            session = new_session()
            response = login(session, "balancer", fx["users"][n], cluster.user_password)
            if response.status_code not in (302, 303):
                raise CheckFailed(f"Anmeldung für die Last: Status {response.status_code}")
            self.sessions.append(session)
        self.threads = [
            threading.Thread(target=self._write, args=(s, n), daemon=True) for n, s in enumerate(self.sessions)
        ]
        self.threads.append(threading.Thread(target=self._read, daemon=True))

    def running(self):
        return not self.stop_event.is_set() and time.monotonic() < self.deadline

    def _write(self, session, n):
        count = 0
        while self.running():
            count += 1
            try:
                accepted, response = post_comment(
                    session, "balancer", self.fx["idea"], f"{self.marker} Schreiber {n} Nr. {count}"
                )
                result = (time.monotonic(), accepted, response.status_code)
            except requests.RequestException as error:
                result = (time.monotonic(), False, type(error).__name__)
            with self.lock:
                self.writes.append(result)
            time.sleep(self.pause)

    def _read(self):
        while self.running():
            try:
                response = anonymous_get("balancer", "/")
                result = (time.monotonic(), response.status_code, response.headers.get("X-Cache", ""))
            except requests.RequestException as error:
                result = (time.monotonic(), type(error).__name__, "")
            with self.lock:
                self.reads.append(result)
            time.sleep(0.2)

    def start(self):
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop_event.set()
        for thread in self.threads:
            thread.join(40)

    def between(self, start, end):
        with self.lock:
            writes = [w for w in self.writes if start <= w[0] <= end]
            reads = [r for r in self.reads if start <= r[0] <= end]
        return writes, reads

    def first_accepted_after(self, moment, limit=60):
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            with self.lock:
                accepted = [w[0] for w in self.writes if w[0] > moment and w[1]]
            if accepted:
                return accepted[0] - moment
            time.sleep(0.2)
        return None


def describe(items):
    counts = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=str)) or "keine"


def fault_redis(cluster, report, load, fx, outage):
    cluster.stop("redis")
    down = time.monotonic()
    time.sleep(1.5)
    page = anonymous_get("balancer", f"/?nach-redis={secrets.token_hex(3)}")
    login_answer = login(new_session(), "balancer", fx["users"][5], cluster.user_password)
    time.sleep(max(0.0, outage - (time.monotonic() - down)))
    writes, reads = load.between(down, time.monotonic())
    cluster.start_redis()
    up = time.monotonic()
    report.check(
        reads and all(r[1] == 200 for r in reads) and page.status_code == 200,
        f"Redis aus ({outage:.0f} s): Seiten werden weiter ausgeliefert "
        f"({len(reads)} Abrufe: {describe(r[1] for r in reads)})",
        f"Redis aus: Seitenabrufe {describe(r[1] for r in reads)}, ungecachte Seite {page.status_code}",
    )
    retry_after = login_answer.headers.get("Retry-After")
    report.check(
        login_answer.status_code == 503 and retry_after and DENIED_WORDS in login_answer.text,
        f"Redis aus: Anmeldung mit 503, Retry-After {retry_after} und deutschem Hinweis abgelehnt",
        f"Redis aus: Anmeldung antwortet {login_answer.status_code}, Retry-After {retry_after}",
    )
    refused = [w for w in writes if not w[1]]
    report.check(
        refused and all(w[2] == 503 for w in refused),
        "Redis aus: Kommentare (mit Grenze) sicher abgelehnt mit 503 und deutschem Hinweis "
        f"({describe(w[2] for w in writes)})",
        f"Redis aus: Kommentare {describe(w[2] if not w[1] else 'angenommen' for w in writes)}",
    )
    recovery = load.first_accepted_after(up)
    report.check(
        recovery is not None,
        f"Redis wieder da: erster angenommener Kommentar nach {recovery or 0:.1f} s, ohne Neustart der App",
        "Redis wieder da: 60 s lang kein Kommentar angenommen",
    )


def fault_postgres(cluster, report, load, outage):
    cluster.stop_postgres()
    down = time.monotonic()
    time.sleep(1.0)
    uncached = anonymous_get("balancer", f"/ideen/?nach-db={secrets.token_hex(3)}")
    health = anonymous_get("balancer", "/healthz")
    time.sleep(max(0.0, outage - (time.monotonic() - down)))
    writes, reads = load.between(down, time.monotonic())
    cluster.start_postgres()
    up = time.monotonic()
    retry_after = uncached.headers.get("Retry-After")
    report.check(
        uncached.status_code == 503 and retry_after and "Wartung" in uncached.text and health.status_code == 200,
        f"PostgreSQL aus: ungecachte Seite 503 mit Retry-After {retry_after} und deutscher Wartungsseite, /healthz 200",
        f"PostgreSQL aus: ungecachte Seite {uncached.status_code} (Retry-After {retry_after}), "
        f"/healthz {health.status_code}",
    )
    home = describe(f"{r[1]}/{r[2] or '-'}" for r in reads)
    note(
        f"PostgreSQL aus ({outage:.0f} s): Startseite (Status/X-Cache) {home}; "
        f"Kommentare {describe('angenommen' if w[1] else w[2] for w in writes)}"
    )
    refused = [w for w in writes if not w[1]]
    report.check(
        all(w[2] == 503 for w in refused),
        f"PostgreSQL aus: Schreibversuche mit 503 beantwortet ({len(refused)} abgelehnt, kein 500)",
        f"PostgreSQL aus: Schreibversuche {describe(w[2] for w in refused)}",
    )
    recovery = load.first_accepted_after(up)
    ready = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if all(anonymous_get(node, "/readyz").status_code == 200 for node in NODES):
            ready = time.monotonic() - up
            break
        time.sleep(0.5)
    report.check(
        recovery is not None and ready is not None,
        f"PostgreSQL wieder da: erster angenommener Kommentar nach {recovery or 0:.1f} s, /readyz auf A und B "
        f"nach {ready or 0:.1f} s (Worker eingeschlossen), ohne Neustart",
        f"PostgreSQL wieder da: Kommentar nach {recovery}, /readyz nach {ready}",
    )
    worker = cluster.processes.get("worker")
    report.check(
        worker is not None and worker.poll() is None,
        "Worker läuft nach dem Datenbankneustart weiter",
        "Worker hat sich beim Datenbankneustart beendet",
    )


def fault_s3(cluster, report, load, outage):
    if cluster.args.storage != "s3":
        report.skip("S3 aus: nur mit --storage s3 (diese Prüfung lief mit gemeinsamem Dateiverzeichnis)")
        return
    session = new_session()
    login(session, "balancer", "partner-stadtwerke", cluster.demo_password)
    org = load.fx["org"]
    cluster.stop("s3")
    down = time.monotonic()
    time.sleep(1.0)
    upload = upload_letter(session, "balancer", org, minimal_pdf("s3-aus"))
    page = anonymous_get("balancer", f"/?nach-s3={secrets.token_hex(3)}")
    time.sleep(max(0.0, outage - (time.monotonic() - down)))
    cluster.start_s3()  # moto keeps nothing: the bucket is made again (a real object storage keeps it)
    up = time.monotonic()
    clear = upload.status_code in (400, 503) and ("Datei" in upload.text or "Speicher" in upload.text)
    report.check(
        clear and page.status_code == 200,
        f"S3 aus: Hochladen mit {upload.status_code} und deutschem Hinweis abgelehnt; "
        f"Seiten ohne Dateien {page.status_code}",
        f"S3 aus: Hochladen antwortet {upload.status_code}, Seite ohne Dateien {page.status_code}",
    )
    recovered = None
    while time.monotonic() - up < 30:
        answer = upload_letter(session, "balancer", org, minimal_pdf("s3-wieder"))
        if answer.status_code in (302, 303):
            recovered = time.monotonic() - up
            break
        time.sleep(1)
    report.check(
        recovered is not None,
        f"S3 wieder da: Hochladen klappt nach {recovered or 0:.1f} s, ohne Neustart",
        "S3 wieder da: Hochladen klappt 30 s lang nicht",
    )


def run_faults(cluster, report):
    fx = set_up(cluster, report)
    outage = cluster.args.outage
    load = Load(cluster, fx, writers=cluster.args.writers)
    load.start()
    started = time.monotonic()
    time.sleep(3)
    try:
        fault_redis(cluster, report, load, fx, outage)
        time.sleep(3)
        fault_postgres(cluster, report, load, outage)
        time.sleep(3)
        fault_s3(cluster, report, load, outage)
        time.sleep(2)
    finally:
        load.finish()
    accepted = sum(1 for w in load.writes if w[1])
    stored = cluster.shell(
        "import json\nfrom modellstadt.comments.models import Comment\n"
        f"print(json.dumps(Comment.objects.filter(text__startswith={load.marker!r}).count()))"
    )
    note(
        f"Last über {time.monotonic() - started:.0f} s mit {len(load.sessions)} Schreibern: "
        f"{len(load.writes)} Schreibversuche ({describe('angenommen' if w[1] else w[2] for w in load.writes)}), "
        f"{len(load.reads)} Seitenabrufe ({describe(r[1] for r in load.reads)})"
    )
    report.check(
        accepted == stored and accepted > 0,
        f"Angenommene Schreibvorgänge = gespeicherte Kommentare: {accepted} = {stored}",
        f"Angenommene Schreibvorgänge ({accepted}) und gespeicherte Kommentare ({stored}) weichen ab",
    )


# --- Main ------------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faults", action="store_true", help="fault injection instead of the multi-node checks")
    parser.add_argument("--storage", choices=("s3", "shared-disk"), default="s3")
    parser.add_argument("--timeout", type=int, default=290, help="hard limit in seconds for the whole run")
    parser.add_argument("--outage", type=float, default=6.0, help="seconds each service stays down (--faults)")
    parser.add_argument("--writers", type=int, default=3, help="threads posting comments (--faults)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) afterwards")
    args = parser.parse_args(argv)

    def on_signal(signum, _frame):
        raise HardTimeout(signal.Signals(signum).name)

    signal.signal(signal.SIGALRM, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    signal.alarm(args.timeout)
    report = Report()
    started = time.monotonic()
    cluster = None
    try:
        cluster = Cluster(args)
        (run_faults if args.faults else run_checks)(cluster, report)
    except HardTimeout as reason:
        limit = f"Zeitgrenze {args.timeout} s" if str(reason) == "SIGALRM" else "von außen beendet"
        report.fail(f"Abbruch nach {time.monotonic() - started:.0f} s ({reason}): {limit}")
    except (CheckFailed, subprocess.TimeoutExpired, requests.RequestException) as error:
        report.fail(f"Aufbau oder Prüfung abgebrochen: {error}")
    except KeyboardInterrupt:
        report.fail("abgebrochen (Strg+C)")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if cluster is not None:
            if report.failed and not args.keep:
                print(f"  .. Protokolle vor dem Aufräumen: {cluster.logs}", flush=True)
                for log in sorted(cluster.logs.glob("*.log")):
                    tail = log.read_text(errors="replace").strip().splitlines()[-5:]
                    if tail:
                        print(f"  .. {log.name}: " + " | ".join(tail)[-600:], flush=True)
            cluster.teardown()
    print(f"  .. Laufzeit {time.monotonic() - started:.0f} s", flush=True)
    print(report.summary(), flush=True)
    return 1 if report.failed or not report.passed else 0


if __name__ == "__main__":
    sys.exit(main())
