"""Load measurement of citizen ideas: idea lists, idea pages, a burst of support clicks.

    .venv/bin/python bench/participation_run.py --preset city            # 16 connections, pages + burst
    .venv/bin/python bench/participation_run.py --preset small -c 8      # comparison preset, 8 connections

1. ``participation_generate.py --if-missing`` for the preset (own database, see there);
2. ``collectstatic`` into ``var/bench-participation/static`` (all state of this benchmark lives in
   ``var/bench-participation/``, apart from the portal benchmark's ``var/bench/``);
3. starts gunicorn (``modellstadt.wsgi``, sync workers, ``DEBUG`` off, production settings) on
   127.0.0.1:``--port`` (default 8777), once with the anonymous page cache as configured
   ("cached") and once with ``PAGE_CACHE_SECONDS=0`` ("uncached");
4. measures every page with ``wrk`` and ``bench/wrk_report.lua`` (after ``--warmup`` seconds);
5. (city, uncached server) the support burst: 1,000 sessions of distinct accounts are created directly
   in the session table (the keys Django's ``login()`` sets), ``bench/participation_burst.lua`` POSTs
   ``/ideen/<id>/unterstuetzen/`` with session cookie, CSRF cookie and ``X-CSRFToken``, every click a new
   (person, idea) pair; afterwards SQL checks that the new Support rows are exactly the clicks sent
   (none lost, none doubled) and that every idea's ``support_count`` equals its rows;
6. prints a Markdown table and writes ``var/bench-participation/results-<preset>-<time>.json``.

The burst adds supports to the bench database; ``--reset`` generates the preset again.
"""

import argparse
import datetime
import http.client
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import common
import participation_generate as generate
import run as portal_run  # CPU accounting and waiting for a quiet machine, shared with the portal bench

HERE = Path(__file__).resolve().parent
VAR_DIR = common.ROOT / "var" / "bench-participation"
REPORT_LUA = HERE / "wrk_report.lua"
BURST_LUA = HERE / "participation_burst.lua"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=sorted(generate.PRESETS), default="city")
    parser.add_argument("-c", "--connections", type=int, default=None, help="default 16 (city), 8 (small)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers (2 × cores + 1)")
    parser.add_argument("--port", type=int, default=8777)
    parser.add_argument("--mode", choices=["both", "cached", "uncached"], default="both")
    parser.add_argument("--burst", choices=["auto", "yes", "no"], default="auto",
                        help="support burst (auto: city preset only)")
    parser.add_argument("--burst-users", type=int, default=1000)
    parser.add_argument("--only", default="", help="comma-separated labels of the pages to measure")
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--skip-reference", action="store_true",
                        help="skip the bare Django view (bench/bare_app.py) measured before the uncached pages")
    parser.add_argument("--max-foreign", type=float, default=15,
                        help="repeat a run in which other processes used more than this %% of the CPU")
    parser.add_argument("--retries", type=int, default=1)
    parser.add_argument("--wait-quiet", type=int, default=30, help="seconds to wait for a quiet machine")
    return parser.parse_args(argv)


def environment(url, secret, page_cache_seconds):
    env = {**os.environ, **common.django_environment(url, page_cache_seconds=page_cache_seconds)}
    if page_cache_seconds is None:
        env.pop("PAGE_CACHE_SECONDS", None)  # as configured (this process itself runs with 0)
    env.update({"MODELLSTADT_VAR_DIR": str(VAR_DIR), "SECRET_KEY": secret})
    return env


def setup_django(url, secret):
    os.environ.update(environment(url, secret, 0))
    src = str(common.ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    import django

    django.setup()


def fetch(port, path, headers=None, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, headers={"Host": "127.0.0.1", **(headers or {})})
        response = conn.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        conn.close()


class Server:
    def __init__(self, url, secret, *, port, workers, page_cache_seconds, mode, app="modellstadt.wsgi"):
        self.port = port
        self.log_path = VAR_DIR / f"gunicorn-{mode}.log"
        self.env = environment(url, secret, page_cache_seconds)
        self.cmd = [str(common.BIN / "gunicorn"), app, "--bind", f"127.0.0.1:{port}",
                    "--workers", str(workers), "--forwarded-allow-ips=127.0.0.1", "--graceful-timeout", "10"]
        self.ready_path = "/ideen/"
        if app != "modellstadt.wsgi":  # the reference (bench/bare_app.py) is a module of this folder
            self.cmd += ["--chdir", str(HERE)]
            self.ready_path = "/"

    def __enter__(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115
        self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=common.ROOT, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                sys.exit(f"gunicorn hat sich beendet; siehe {self.log_path}")
            try:
                if fetch(self.port, self.ready_path)[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        sys.exit(f"gunicorn antwortet nicht; siehe {self.log_path}")

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


def run_wrk(args, port, path, duration, script=REPORT_LUA, extra=(), marker="BENCH_RESULT"):
    cmd = ["wrk", f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--timeout", "10s",
           "-s", str(script), f"http://127.0.0.1:{port}{path}"]
    if extra:
        cmd += ["--", *extra]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith(marker + " "):
            return json.loads(line[len(marker) + 1:])
    raise RuntimeError(f"wrk lieferte kein Ergebnis:\n{out}")


def summary(result):
    seconds = result["duration_us"] / 1e6
    return {
        "rps": round(result["requests"] / seconds, 1), "p50_ms": round(result["p50_us"] / 1000, 1),
        "p90_ms": round(result["p90_us"] / 1000, 1), "p99_ms": round(result["p99_us"] / 1000, 1),
        "max_ms": round(result["max_us"] / 1000, 1), "requests": result["requests"],
    }


# --- pages ----------------------------------------------------------------------------------------


def targets(preset):
    """[(label, path)] of the measured pages and facts about them."""
    from django.db.models import Count

    from modellstadt.ideas.models import Idea

    heavy = Idea.objects.annotate(n=Count("comments")).order_by("-n", "id").first()
    facts = {"heaviest_idea": {"id": heavy.pk, "comments": heavy.n, "title": heavy.title}}
    if preset == "city":
        twenty = (
            Idea.objects.filter(moderation="published").exclude(state="withdrawn")
            .annotate(n=Count("comments")).filter(n=20).order_by("id").first()
        )
        pages = [
            ("Ideenliste nach Unterstützung, Seite 1", "/ideen/?sortierung=unterstuetzung"),
            ("Ideenliste nach Unterstützung, Seite 50", "/ideen/?sortierung=unterstuetzung&seite=50"),
            (f"Idee mit {heavy.n} Kommentaren", f"/ideen/{heavy.pk}/"),
        ]
        if twenty is not None:  # the idea page with 20 comments that issue 7's CPU target names
            facts["idea_with_20_comments"] = {"id": twenty.pk, "comments": twenty.n}
            pages.insert(2, (f"Idee mit {twenty.n} Kommentaren", f"/ideen/{twenty.pk}/"))
    else:
        typical = (
            Idea.objects.filter(moderation="published").exclude(state="withdrawn")
            .annotate(n=Count("comments")).filter(n__gte=8, n__lte=12).order_by("id").first()
        )
        facts["typical_idea"] = {"id": typical.pk, "comments": typical.n}
        pages = [
            ("Ideenliste (neueste)", "/ideen/"),
            (f"Ideenseite mit Kommentaren ({typical.n})", f"/ideen/{typical.pk}/"),
            (f"Ideenseite mit {heavy.n} Kommentaren", f"/ideen/{heavy.pk}/"),
        ]
    return pages, facts


def measured(args, server, url, func):
    """Run ``func`` (one wrk run) with CPU accounting (bench/run.py's CpuAccount); repeat it while other
    processes used more than --max-foreign % of the machine; return the least disturbed result."""
    attempts = []
    for _attempt in range(args.retries + 1):
        time.sleep(1)
        portal_run.wait_until_quiet(args.max_foreign, args.wait_quiet)
        with portal_run.CpuAccount(server, url) as cpu:
            result = func()
        # CPU of gunicorn, its database backends and wrk per answered request, in ms
        result["cpu_ms_per_request"] = round(1000 * cpu.own_seconds / max(result["requests"], 1), 2)
        attempts.append((cpu.foreign_pct, result))
        if cpu.foreign_pct <= args.max_foreign:
            break
        print(f"  gestört (andere Prozesse {cpu.foreign_pct:.0f} % der CPU)", flush=True)
    foreign, result = min(attempts, key=lambda a: a[0])
    return result, round(foreign, 1)


def measure_pages(args, pages, mode, server, url):
    rows = []
    for label, path in pages:
        status, headers = fetch(args.port, path)
        if status != 200:
            sys.exit(f"{path} antwortet mit {status}")
        if args.warmup:
            run_wrk(args, args.port, path, args.warmup)
        result, foreign = measured(args, server, url, lambda path=path: run_wrk(args, args.port, path, args.duration))
        _status, headers = fetch(args.port, path)
        row = {"page": label, "path": path, "mode": mode, "x_cache": headers.get("X-Cache", "–"),
               "non2xx": result["non2xx"], "errors": result["errors"], "foreign_cpu_pct": foreign,
               "cpu_ms_per_request": result["cpu_ms_per_request"], **summary(result)}
        print(f"  {label} [{mode}]: {row['rps']} req/s, p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms, "
              f"CPU {row['cpu_ms_per_request']} ms/Anfrage, "
              f"non-2xx {row['non2xx']}, CPU fremd {foreign} %", flush=True)
        rows.append(row)
    return rows


# --- support burst --------------------------------------------------------------------------------


def signed_in_session(user):
    """A session key for ``user``, stored with the keys Django's login() sets."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def prepare_burst(n_users):
    """Sessions for ``n_users`` accounts without any support, and the supportable ideas of the open
    process. Returns (datafile, user ids in session order, idea ids)."""
    from django.contrib.auth import get_user_model

    from modellstadt.ideas.models import Idea, Moderation, Process, Support
    from modellstadt.ideas.selectors import phase_state

    User = get_user_model()
    users = list(
        User.objects.filter(username__startswith="burst-").exclude(idea_supports__isnull=False).order_by("id")[:n_users]
    )
    if len(users) < n_users:
        sys.exit(f"Nur {len(users)} Konten ohne Unterstützungen übrig; mit --reset neu erzeugen.")
    process = next(p for p in Process.objects.prefetch_related("phases") if phase_state(p).supports.allowed)
    ideas = list(
        Idea.objects.filter(process=process, moderation=Moderation.PUBLISHED).exclude(state="withdrawn")
        .exclude(author__in=users).order_by("id").values_list("id", flat=True)
    )
    assert not Support.objects.filter(user__in=users).exists()
    sessions = [signed_in_session(user) for user in users]
    csrf = secrets.token_hex(16)  # 32 alphanumeric characters: an unmasked CSRF secret
    datafile = VAR_DIR / "burst-data.lua"
    datafile.write_text(
        "return {\n  csrf = " + json.dumps(csrf) + ",\n  sessions = {" + ",".join(json.dumps(s) for s in sessions)
        + "},\n  ideas = {" + ",".join(str(i) for i in ideas) + "},\n}\n"
    )
    return datafile, [u.pk for u in users], ideas, sessions


def expected_pairs(issued, threads, user_ids, ideas):
    """The (user, idea) pairs the Lua script sent, from the number of clicks each thread issued."""
    n = len(user_ids)
    pairs = set()
    for tid, count in issued.items():
        for k in range(count):
            g = int(tid) + threads * k
            person, rnd = g % n, g // n
            pairs.add((user_ids[person], ideas[(person * 7 + rnd) % len(ideas)]))
    return pairs


def verify_burst(user_ids, sent_pairs):
    from django.db import connection

    from modellstadt.ideas.models import Support

    rows = set(Support.objects.filter(user__in=user_ids).values_list("user_id", "idea_id"))
    with connection.cursor() as cursor:
        cursor.execute("""
            SELECT COUNT(*) FROM participation_idea i
            WHERE i.support_count <> (SELECT COUNT(*) FROM participation_support s WHERE s.idea_id = i.id)
        """)
        wrong_counters = cursor.fetchone()[0]
        cursor.execute("""
            SELECT COUNT(*) FROM (SELECT idea_id, user_id FROM participation_support
                                  GROUP BY idea_id, user_id HAVING COUNT(*) > 1) d
        """)
        doubled = cursor.fetchone()[0]
    return {
        "clicks_sent": len(sent_pairs), "new_support_rows": len(rows),
        "missing": len(sent_pairs - rows), "unexpected": len(rows - sent_pairs),
        "doubled_pairs": doubled, "ideas_with_wrong_support_count": wrong_counters,
    }


def measure_burst(args, mode, server, url):
    from django.db import close_old_connections

    datafile, user_ids, ideas, sessions = prepare_burst(args.burst_users)
    # One click by hand first: the request must be a 302 and add exactly one support.
    from modellstadt.ideas.models import Support

    before = Support.objects.count()
    probe = secrets.token_hex(16)
    status, headers = fetch(args.port, f"/ideen/{ideas[-1]}/unterstuetzen/", method="POST", headers={
        "Cookie": f"sessionid={sessions[-1]}; csrftoken={probe}", "X-CSRFToken": probe, "Content-Length": "0",
    })
    if status != 302 or Support.objects.count() != before + 1:
        sys.exit(f"Probeklick: Status {status}, Unterstützungen {before} → {Support.objects.count()}")
    Support.objects.filter(user_id=user_ids[-1], idea_id=ideas[-1]).delete()  # keep the pair plan clean
    from django.db.models import F

    from modellstadt.ideas.models import Idea

    Idea.objects.filter(pk=ideas[-1]).update(support_count=F("support_count") - 1)
    close_old_connections()
    time.sleep(1)
    portal_run.wait_until_quiet(args.max_foreign, args.wait_quiet)
    with portal_run.CpuAccount(server, url) as cpu:  # not repeated: a burst uses up its accounts
        result = run_wrk(args, args.port, "/", args.duration, script=BURST_LUA,
                         extra=(str(datafile), str(args.threads)), marker="BENCH_BURST")
    time.sleep(3)  # requests cut off by wrk's end are still finished by the server
    sent = expected_pairs(result["issued"], args.threads, user_ids, ideas)
    check = verify_burst(user_ids, sent)
    seconds = result["duration_us"] / 1e6
    row = {
        "page": f"Unterstützen-Klicks, {len(user_ids)} angemeldete Personen", "path": "POST /ideen/<id>/unterstuetzen/",
        "mode": mode, "x_cache": "–", "non2xx": result["other"], "status302": result["status302"],
        "clicks_per_s": round(result["status302"] / seconds, 1), "errors": result["errors"], **summary(result),
        "check": check, "foreign_cpu_pct": round(cpu.foreign_pct, 1),
    }
    print(f"  Burst [{mode}]: {row['clicks_per_s']} Klicks/s (302), p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms, "
          f"andere Antworten {result['other']}; Prüfung: {check}", flush=True)
    return row


# --- report ---------------------------------------------------------------------------------------


def machine_info():
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return {"nproc": os.cpu_count(), "cpu": cpu, "postgresql": pg, "python": platform.python_version(),
            "wrk": ((wrk.stdout or wrk.stderr).splitlines() or ["?"])[0]}


def markdown(rows):
    reference = next((r["rps"] for r in rows if r["mode"] == "reference"), None)
    lines = ["| Page | Path | Mode | X-Cache | req/s | Share of the reference | CPU per request (ms) | p50 (ms) | "
             "p99 (ms) | non-2xx | CPU fremd |",
             "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        share = f"{100 * r['rps'] / reference:.1f} %" if reference else "–"
        lines.append(f"| {r['page']} | `{r['path']}` | {r['mode']} | {r['x_cache']} | {r['rps']} | {share} | "
                     f"{r.get('cpu_ms_per_request', '?')} | {r['p50_ms']} | "
                     f"{r['p99_ms']} | {r['non2xx']} | {r.get('foreign_cpu_pct', '?')} % |")
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    if shutil.which("wrk") is None:
        sys.exit("`wrk` fehlt. Unter Debian/Ubuntu: apt-get install -y wrk")
    if args.connections is None:
        args.connections = 16 if args.preset == "city" else 8
    burst = args.burst == "yes" or (args.burst == "auto" and args.preset == "city")
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    url = generate.database_url(args.preset)
    secret = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50)
    gen = [sys.executable, str(HERE / "participation_generate.py"), "--preset", args.preset,
           "--reset" if args.reset else "--if-missing"]
    subprocess.run(gen, check=True, cwd=common.ROOT)
    subprocess.run([str(common.BIN / "modellstadt"), "collectstatic", "--no-input", "-v", "0"],
                   env=environment(url, secret, 0), check=True, cwd=common.ROOT)
    setup_django(url, secret)
    pages, facts = targets(args.preset)
    if args.only:
        wanted = {s.strip() for s in args.only.split(",")}
        pages = [(label, path) for label, path in pages if label in wanted or path in wanted]
    modes = ["cached", "uncached"] if args.mode == "both" else [args.mode]
    rows = []
    if "uncached" in modes and not args.skip_reference:
        # the bare Django view (bench/bare_app.py) in the same run: issue 7 states targets as shares of it
        with Server(url, secret, port=args.port, workers=args.workers, page_cache_seconds=0, mode="reference",
                    app="bare_app:application") as server:
            print(f"[reference] gunicorn {args.workers} Worker auf 127.0.0.1:{args.port}", flush=True)
            rows += measure_pages(args, [("Referenz: Django pur", "/")], "reference", server, url)
    for mode in modes:
        with Server(url, secret, port=args.port, workers=args.workers,
                    page_cache_seconds=None if mode == "cached" else 0, mode=mode) as server:
            print(f"[{mode}] gunicorn {args.workers} Worker auf 127.0.0.1:{args.port}", flush=True)
            rows += measure_pages(args, pages, mode, server, url)
            if burst and mode == modes[-1]:
                rows.append(measure_burst(args, mode, server, url))
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    report = {"preset": args.preset, "args": vars(args), "facts": facts, "machine": machine_info(), "rows": rows}
    out = VAR_DIR / f"results-{args.preset}-{stamp}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print()
    print(markdown(rows))
    print(f"\nErgebnisse: {out}")


if __name__ == "__main__":
    main()
