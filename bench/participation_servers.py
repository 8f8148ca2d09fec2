"""Speed of the participation city on one and on two application servers behind a load balancer.

    .venv/bin/python bench/participation_servers.py                         # city preset: 1 and 2 servers
    .venv/bin/python bench/participation_servers.py --preset small --duration 5 --mixes hit,miss   # a quick try

For each number of servers in ``--servers`` (default ``1,2``) the script starts that many gunicorn app
servers (``modellstadt.wsgi``, ``--workers`` sync workers each, production settings) on
127.0.0.1:``--port``+1, +2, …, all sharing the bench database, the machine's Redis (``--redis-url``:
page cache, rate limits, locks) and the session table, and nginx on 127.0.0.1:``--port`` distributing
round robin over them, as the operator guide's set-up with several servers does. Through nginx it
measures, with ``wrk`` and the same connections for every row:

- ``hit``: anonymous views of the idea list (pages 1 and 50, sorted by support) and of the idea with the
  longest thread: after the warm-up every answer comes from the shared page cache;
- ``mixed``: the same pages, every ``--signed-in-every``-th request (default 5: 20 %) by a signed-in
  person, which the page cache never answers;
- ``miss``: every request signed in (what citizens, partners and the office always get);
- ``clicks``: the support burst of ``participation_run.py`` (1,000 signed-in people click
  "unterstützen", every click a new pair), checked afterwards in SQL: no click lost, none doubled, every
  counter equal to its rows, and every click answered with 302 stored (see ``click_check_passed``). The
  clicks of the burst accounts are removed before each burst, so every configuration starts from the
  same data.

The Redis database given is flushed before each configuration (the page cache starts cold; the warm-up
fills it). On this machine both servers share the same two cores: the figures show what the balancer,
the shared cache and the second server cost or gain on one machine, not what a second machine adds.

Prints a Markdown table with the change from the first configuration and writes
``var/bench-participation/servers-<preset>-<time>.json``. Needs nginx (``make multinode-libs``), wrk,
PostgreSQL and Redis.
"""

import argparse
import datetime
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import common
import participation_generate as generate
import participation_run as prun
import run as portal_run

HERE = Path(__file__).resolve().parent
MIX_LUA = HERE / "participation_mix.lua"
MIXES = ("hit", "mixed", "miss", "clicks")

NGINX_CONF = """\
# Written by bench/participation_servers.py: round robin over the app servers, loopback only.
worker_processes 1;
daemon off;
pid {base}/nginx.pid;
error_log {base}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {base}/body;
    proxy_temp_path {base}/proxy;
    fastcgi_temp_path {base}/fastcgi;
    uwsgi_temp_path {base}/uwsgi;
    scgi_temp_path {base}/scgi;
    upstream modellstadt {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://modellstadt;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_redirect off;
        }}
    }}
}}
"""


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=sorted(generate.PRESETS), default="city")
    parser.add_argument("--servers", default="1,2", help="comma-separated numbers of app servers")
    parser.add_argument("--mixes", default=",".join(MIXES), help=f"comma-separated, of {', '.join(MIXES)}")
    parser.add_argument("-c", "--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers per app server")
    parser.add_argument("--port", type=int, default=8790, help="nginx; the app servers use the next ports")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7"),
                        help="a Redis database of its own: it is flushed before each configuration")
    parser.add_argument("--signed-in-every", type=int, default=5, help="the mixed run: every N-th request signed in")
    parser.add_argument("--sessions", type=int, default=200, help="signed-in people of the mixed and miss runs")
    parser.add_argument("--burst-users", type=int, default=1000)
    parser.add_argument("--max-foreign", type=float, default=15)
    parser.add_argument("--retries", type=int, default=1)
    parser.add_argument("--wait-quiet", type=int, default=30)
    args = parser.parse_args(argv)
    args.server_counts = [int(n) for n in args.servers.split(",") if n.strip()]
    args.mix_list = [m.strip() for m in args.mixes.split(",") if m.strip()]
    unknown = set(args.mix_list) - set(MIXES)
    if unknown:
        parser.error(f"unbekannte Mischung: {', '.join(sorted(unknown))}")
    return args


def environment(url, secret, redis_url):
    env = prun.environment(url, secret, None)  # the page cache as configured
    env.update({"REDIS_URL": redis_url, "TRUSTED_PROXY_COUNT": "1", "PAGE_CACHE_SECONDS": "600"})
    return env


class Cluster:
    """nginx in front of ``count`` gunicorn app servers; ``proc`` attributes for the CPU accounting."""

    def __init__(self, args, url, secret, count):
        self.args, self.count = args, count
        self.env = environment(url, secret, args.redis_url)
        self.ports = [args.port + 1 + i for i in range(count)]
        self.procs = []
        self.tmp = Path(tempfile.mkdtemp(prefix="modellstadt-bench-nginx-"))

    def __enter__(self):
        try:
            return self._start()
        except BaseException:  # also SystemExit from the SIGTERM handler: leave no server behind
            self.__exit__()
            raise

    def _start(self):
        import redis

        for port in [self.args.port, *self.ports]:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    sys.exit(f"Port {port} ist belegt (ein Server eines abgebrochenen Laufs?); bitte beenden.")
        redis.Redis.from_url(self.args.redis_url).flushdb()
        for port in self.ports:
            log = open(prun.VAR_DIR / f"gunicorn-servers-{self.count}-{port}.log", "w")  # noqa: SIM115
            cmd = [str(common.BIN / "gunicorn"), "modellstadt.wsgi", "--bind", f"127.0.0.1:{port}",
                   "--workers", str(self.args.workers), "--forwarded-allow-ips=127.0.0.1", "--graceful-timeout", "10"]
            self.procs.append(
                subprocess.Popen(cmd, env=self.env, cwd=common.ROOT, stdout=log, stderr=subprocess.STDOUT)
            )
            log.close()
        for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (self.tmp / sub).mkdir()
        servers = "\n".join(f"        server 127.0.0.1:{port} max_fails=0;" for port in self.ports)
        conf = self.tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(base=self.tmp, servers=servers, port=self.args.port))
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        if not Path(nginx).exists():
            sys.exit("nginx fehlt: make multinode-libs (Debian: apt-get install -y nginx-light)")
        self.procs.append(subprocess.Popen([nginx, "-p", str(self.tmp), "-c", str(conf)]))
        deadline = time.monotonic() + 90
        for port in [*self.ports, self.args.port]:
            while True:
                try:
                    if prun.fetch(port, "/ideen/")[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline or any(p.poll() is not None for p in self.procs):
                    sys.exit(f"Port {port} antwortet nicht; siehe {prun.VAR_DIR}/gunicorn-servers-*.log")
                time.sleep(0.3)
        return self

    def __exit__(self, *exc):
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(self.tmp, ignore_errors=True)


class ClusterCpu(portal_run.CpuAccount):
    """CPU of nginx, every app server with its workers, their database backends and wrk."""

    def own_pids(self):
        import psycopg

        pids = []
        for proc in self.server.procs:
            pids += [proc.pid, *portal_run.child_pids(proc.pid)]
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchall()
        return pids + [row[0] for row in rows]


def signed_in_sessions(n):
    """Sessions of ``n`` ordinary accounts (not the burst accounts)."""
    from django.contrib.auth import get_user_model

    people = get_user_model().objects.exclude(username__startswith="burst-").filter(is_active=True)
    return [prun.signed_in_session(user) for user in people.order_by("id")[:n]]


def remove_burst_supports():
    """Take back every support of the burst accounts (and their counters), so each burst starts alike."""
    from django.db import transaction
    from django.db.models import Count, F

    from modellstadt.ideas.models import Idea, Support

    with transaction.atomic():
        burst = Support.objects.filter(user__username__startswith="burst-")
        per_idea = list(burst.values("idea_id").annotate(n=Count("id")))
        for row in per_idea:
            Idea.objects.filter(pk=row["idea_id"]).update(support_count=F("support_count") - row["n"])
        removed = burst.delete()[0]
    return removed


def mix_datafile(name, paths, sessions, signed_in_every):
    datafile = prun.VAR_DIR / f"mix-{name}.lua"
    datafile.write_text(
        "return {\n  paths = {" + ",".join(json.dumps(p) for p in paths) + "},\n  sessions = {"
        + ",".join(json.dumps(s) for s in sessions) + "},\n  signed_in_every = " + str(signed_in_every) + ",\n}\n"
    )
    return datafile


def measure_mix(args, cluster, url, mix, datafile):
    port = args.port
    if args.warmup:
        prun.run_wrk(args, port, "/", args.warmup, script=MIX_LUA, extra=(str(datafile),), marker="BENCH_MIX")
    attempts = []
    for _attempt in range(args.retries + 1):
        time.sleep(1)
        portal_run.wait_until_quiet(args.max_foreign, args.wait_quiet)
        with ClusterCpu(cluster, url) as cpu:
            result = prun.run_wrk(args, port, "/", args.duration, script=MIX_LUA, extra=(str(datafile),),
                                  marker="BENCH_MIX")
        attempts.append((cpu.foreign_pct, cpu.own_seconds, result))
        if cpu.foreign_pct <= args.max_foreign:
            break
        print(f"  gestört (andere Prozesse {cpu.foreign_pct:.0f} % der CPU)", flush=True)
    foreign, own_seconds, result = min(attempts, key=lambda a: a[0])
    row = {"servers": cluster.count, "mix": mix, **prun.summary(result), "non2xx": result["non2xx"],
           "errors": result["errors"],
           "cache_hit_pct": round(100 * result["cache_hits"] / max(result["requests"], 1), 1),
           "cpu_ms_per_request": round(1000 * own_seconds / max(result["requests"], 1), 2),
           "foreign_cpu_pct": round(foreign, 1)}
    print(f"  {cluster.count} Server, {mix}: {row['rps']} req/s, p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms, "
          f"Cache-Treffer {row['cache_hit_pct']} %, non-2xx {row['non2xx']}, CPU fremd {row['foreign_cpu_pct']} %",
          flush=True)
    return row


def measure_clicks(args, cluster, url):
    from django.db import close_old_connections

    remove_burst_supports()
    datafile, user_ids, ideas, _sessions = prun.prepare_burst(args.burst_users)
    close_old_connections()
    time.sleep(1)
    portal_run.wait_until_quiet(args.max_foreign, args.wait_quiet)
    with ClusterCpu(cluster, url) as cpu:  # not repeated: a burst uses up its pairs
        result = prun.run_wrk(args, args.port, "/", args.duration, script=prun.BURST_LUA,
                              extra=(str(datafile), str(args.threads)), marker="BENCH_BURST")
    time.sleep(3)  # requests cut off by wrk's end are still finished by the servers
    check = prun.verify_burst(user_ids, prun.expected_pairs(result["issued"], args.threads, user_ids, ideas))
    row = {"servers": cluster.count, "mix": "clicks", **prun.summary(result), "non2xx": result["other"],
           "errors": result["errors"], "cache_hit_pct": 0.0, "status302": result["status302"],
           "cpu_ms_per_request": round(1000 * cpu.own_seconds / max(result["requests"], 1), 2),
           "foreign_cpu_pct": round(cpu.foreign_pct, 1), "check": check}
    print(f"  {cluster.count} Server, Klicks: {row['rps']} req/s, p99 {row['p99_ms']} ms, andere Antworten "
          f"{result['other']}; Prüfung: {check}", flush=True)
    return row


def markdown(rows):
    first = {}
    lines = ["| App servers × workers | Mix | req/s | change | p50 (ms) | p99 (ms) | change | page cache hits | "
             "CPU per request (ms) | non-2xx | CPU fremd |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        base = first.setdefault(r["mix"], r)
        rps_change = "–" if base is r else f"{100 * (r['rps'] / base['rps'] - 1):+.0f} %"
        p99_change = "–" if base is r else f"{100 * (r['p99_ms'] / base['p99_ms'] - 1):+.0f} %"
        lines.append(f"| {r['servers']} × {r['workers']} | {r['mix']} | {r['rps']} | {rps_change} | {r['p50_ms']} | "
                     f"{r['p99_ms']} | {p99_change} | {r['cache_hit_pct']} % | {r['cpu_ms_per_request']} | "
                     f"{r['non2xx']} | {r['foreign_cpu_pct']} % |")
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("beendet"))  # stop the servers on the way out
    if shutil.which("wrk") is None:
        sys.exit("`wrk` fehlt. Unter Debian/Ubuntu: apt-get install -y wrk")
    prun.VAR_DIR.mkdir(parents=True, exist_ok=True)
    url = generate.database_url(args.preset)
    secret = os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50)
    subprocess.run([sys.executable, str(HERE / "participation_generate.py"), "--preset", args.preset, "--if-missing"],
                   check=True, cwd=common.ROOT)
    subprocess.run([str(common.BIN / "modellstadt"), "collectstatic", "--no-input", "-v", "0"],
                   env=environment(url, secret, args.redis_url), check=True, cwd=common.ROOT)
    prun.setup_django(url, secret)
    pages, facts = prun.targets("city")
    paths = [path for _label, path in pages]
    sessions = signed_in_sessions(args.sessions)
    datafiles = {
        "hit": mix_datafile("hit", paths, sessions, 0),
        "mixed": mix_datafile("mixed", paths, sessions, args.signed_in_every),
        "miss": mix_datafile("miss", paths, sessions, 1),
    }
    if "clicks" in args.mix_list and not generate.PRESETS[args.preset]["burst_users"]:
        print(f"  Preset {args.preset} hat keine Konten für Klicks; übersprungen", flush=True)
        args.mix_list.remove("clicks")
    rows = []
    started = datetime.datetime.now(datetime.UTC)
    for count in args.server_counts:
        with Cluster(args, url, secret, count) as cluster:
            print(f"[{count} App-Server × {args.workers} Worker hinter nginx :{args.port}]", flush=True)
            for mix in args.mix_list:
                row = measure_clicks(args, cluster, url) if mix == "clicks" else measure_mix(
                    args, cluster, url, mix, datafiles[mix])
                rows.append({**row, "workers": args.workers})
    stamp = started.strftime("%Y%m%d-%H%M%S")
    report = {"preset": args.preset, "args": {k: v for k, v in vars(args).items() if k != "redis_url"},
              "facts": {**facts, "paths": paths}, "machine": prun.machine_info(), "started": started.isoformat(),
              "finished": datetime.datetime.now(datetime.UTC).isoformat(), "rows": rows}
    out = prun.VAR_DIR / f"servers-{args.preset}-{stamp}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print()
    print(markdown(rows))
    print(f"\nErgebnisse: {out}")
    if any(r.get("check") and not click_check_passed(r) for r in rows):
        sys.exit("Klickprüfung fehlgeschlagen: siehe oben")


def click_check_passed(row):
    """No click answered with 302 is lost, nothing is stored twice or without a click, every counter equals
    its rows. wrk stops in the middle: clicks still in flight are stored without wrk reading their answer,
    and the last click a connection prepared may never be sent, so rows may lie between the 302 answers and
    the clicks prepared."""
    check = row["check"]
    return (row["status302"] <= check["new_support_rows"] <= check["clicks_sent"] and not check["unexpected"]
            and not check["doubled_pairs"] and not check["ideas_with_wrong_support_count"])


if __name__ == "__main__":
    main()
