"""Load measurement of the public portal with the large city (`make bench`).

    .venv/bin/python bench/run.py [--duration 20] [--connections 16] [--mode both|cached|uncached]

1. creates, migrates and fills the bench database once (bench/generate.py --if-missing),
2. collects static files into var/bench/static,
3. starts the production server (gunicorn modellstadt.wsgi, DEBUG off, random SECRET_KEY) on a free
   loopback port,
4. drives each measured page with Debian's `wrk` and prints req/s, p50 and p99 as a Markdown table,
5. stops gunicorn again.

Two modes: "cached" is the portal as configured for production (anonymous visitors are served from
the whole-page cache after the first request); "uncached" sets PAGE_CACHE_SECONDS=0, so every
request renders the page: the cost of a cache miss, of a visitor with a session cookie and of the
first visitor after any content change (every save empties the page cache).
Only 127.0.0.1 is contacted; every wrk run is bounded by --duration.
"""

import argparse
import datetime
import http.client
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import time

import common

HERE = common.ROOT / "bench"
LUA = HERE / "wrk_report.lua"
TARGET_P99_MS = 100.0
TARGET_CPU_MS = 5.0  # per uncached request
TARGET_SHARE_PCT = 50.0  # of the bare view's req/s


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per page and mode (default 20)")
    parser.add_argument("--connections", type=int, default=16, help="open connections of wrk (default 16)")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads (default 2)")
    parser.add_argument("--warmup", type=int, default=3, help="seconds of unmeasured load per page first (default 3)")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn sync workers (default 5 = 2 × 2 cores + 1)")
    parser.add_argument("--mode", choices=["both", "cached", "uncached"], default="both")
    parser.add_argument("--reset", action="store_true", help="generate the large city again first")
    parser.add_argument("--no-reference", dest="reference", action="store_false",
                        help="skip the bare Django view (bench/bare_app.py) measured before the uncached pages")
    parser.add_argument("--max-foreign", type=float, default=10.0,
                        help="CPU share (%%) of other processes above which a run counts as disturbed (default 10)")
    parser.add_argument("--retries", type=int, default=2, help="repeat a disturbed run this often (default 2)")
    parser.add_argument("--wait-quiet", type=int, default=60,
                        help="wait up to this many seconds for a quiet machine before each run (default 60)")
    parser.add_argument("--json", help="also write the results to this file (default var/bench/results-<time>.json)")
    return parser.parse_args(argv)


def require_wrk():
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("`wrk` fehlt. Unter Debian/Ubuntu: sudo apt-get install -y wrk")
    return wrk


def run_checked(cmd, env, label):
    started = time.monotonic()
    try:
        subprocess.run(cmd, env=env, cwd=common.ROOT, check=True)
    except subprocess.CalledProcessError as error:
        sys.exit(f"Abgebrochen: {' '.join(map(str, cmd))} endete mit Status {error.returncode}.")
    print(f"{label} ({time.monotonic() - started:.1f} s)", flush=True)


def prepare(args, url):
    env = {**os.environ, "BENCH_DATABASE_URL": url}
    generate = [sys.executable, str(HERE / "generate.py"), "--reset" if args.reset else "--if-missing"]
    run_checked(generate, env, "Große Stadt bereit")
    django_env = {**os.environ, **common.django_environment(url)}
    run_checked([str(common.BIN / "modellstadt"), "collectstatic", "--no-input", "-v", "0"], django_env,
                "Statische Dateien gesammelt")
    out = subprocess.run([sys.executable, str(HERE / "targets.py")], env=env, cwd=common.ROOT, check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path, timeout=30):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        return response.status, dict(response.getheaders())
    finally:
        conn.close()


class Server:
    """gunicorn as `make serve` starts it, on a free loopback port, with the bench environment."""

    def __init__(self, url, *, workers, page_cache_seconds, mode, app="modellstadt.wsgi"):
        self.port = free_port()
        self.log_path = common.VAR_DIR / f"gunicorn-{mode}.log"
        self.env = {**os.environ, **common.django_environment(url, page_cache_seconds=page_cache_seconds)}
        self.cmd = [
            str(common.BIN / "gunicorn"), app, "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(workers), "--forwarded-allow-ips=127.0.0.1", "--graceful-timeout", "10",
        ]
        if app != "modellstadt.wsgi":  # the reference (bench/bare_app.py) is a module of this folder
            self.env.pop("DJANGO_SETTINGS_MODULE", None)
            self.cmd += ["--chdir", str(HERE)]
        self.proc = None

    def __enter__(self):
        self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
        self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=common.ROOT, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.__exit__(None, None, None)
                sys.exit(f"gunicorn hat sich beendet; siehe {self.log_path}")
            try:
                status, _headers = fetch(self.port, "/", timeout=5)
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        sys.exit(f"gunicorn antwortet nicht; siehe {self.log_path}")

    def __exit__(self, *exc):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # gunicorn's master stops its workers on SIGTERM
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


CLK_TCK = os.sysconf("SC_CLK_TCK")


def machine_jiffies():
    """(all, busy) CPU time of the whole machine in clock ticks, summed over cores."""
    with open("/proc/stat") as fh:
        values = [int(v) for v in fh.readline().split()[1:9]]  # user … steal (guest is inside user)
    return sum(values), sum(values) - values[3] - values[4]  # minus idle and iowait


def process_jiffies(pid):
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])  # utime + stime


def child_pids(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


class CpuAccount:
    """How much of the machine's CPU went to the benchmark (gunicorn, its PostgreSQL backends, wrk)
    and how much to other processes while a page was measured. On a shared machine a high foreign
    share means the row is disturbed."""

    def __init__(self, server, url):
        self.server, self.url = server, url

    def own_pids(self):
        import psycopg

        pids = [self.server.proc.pid, *child_pids(self.server.proc.pid)]
        with psycopg.connect(self.url) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            ).fetchall()
        return pids + [row[0] for row in rows]

    def __enter__(self):
        self.start_procs = {pid: process_jiffies(pid) for pid in self.own_pids()}
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.start_children = usage.ru_utime + usage.ru_stime
        self.start_machine = machine_jiffies()
        return self

    def __exit__(self, *exc):
        all_end, busy_end = machine_jiffies()
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        wrk = (usage.ru_utime + usage.ru_stime - self.start_children) * CLK_TCK
        own = wrk + sum(max(process_jiffies(pid) - self.start_procs.get(pid, 0), 0) for pid in self.own_pids())
        total = max(all_end - self.start_machine[0], 1)
        busy = busy_end - self.start_machine[1]
        self.own_pct = 100.0 * min(own, busy) / total
        self.own_seconds = min(own, busy) / CLK_TCK  # gunicorn, its database backends and wrk
        self.foreign_pct = 100.0 * max(busy - own, 0) / total


def wait_until_quiet(limit_pct, max_wait):
    """Wait (at most max_wait seconds) until other processes use less than limit_pct of the CPU."""
    deadline = time.monotonic() + max_wait
    while True:
        all1, busy1 = machine_jiffies()
        time.sleep(1)
        all2, busy2 = machine_jiffies()
        load = 100.0 * (busy2 - busy1) / max(all2 - all1, 1)
        if load < limit_pct or time.monotonic() >= deadline:
            return load


def run_wrk(wrk, args, port, path, duration):
    cmd = [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--timeout", "10s",
           "-H", "Host: 127.0.0.1", "-s", str(LUA), f"http://127.0.0.1:{port}{path}"]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=duration + 60).stdout
    for line in out.splitlines():
        if line.startswith("BENCH_RESULT "):
            return json.loads(line.removeprefix("BENCH_RESULT "))
    raise RuntimeError(f"wrk lieferte kein Ergebnis:\n{out}")


def measure_page(wrk, args, url, server, label, path):
    """One measured wrk run (after a warm-up); repeated while other processes disturbed it."""
    attempts = []
    for attempt in range(args.retries + 1):
        time.sleep(1)  # let the workers finish what the previous run left queued
        wait_until_quiet(args.max_foreign, args.wait_quiet)
        if args.warmup:
            run_wrk(wrk, args, server.port, path, args.warmup)
        with CpuAccount(server, url) as cpu:
            result = run_wrk(wrk, args, server.port, path, args.duration)
        attempts.append((cpu.foreign_pct, result, cpu))
        if cpu.foreign_pct <= args.max_foreign:
            break
        then = "Messung wird wiederholt" if attempt < args.retries else "die am wenigsten gestörte zählt"
        print(f"  {label}: gestört (andere Prozesse {cpu.foreign_pct:.0f} % der CPU) – {then}", flush=True)
    _foreign, result, cpu = min(attempts, key=lambda a: a[0])
    return result, cpu, len(attempts)


def measure_mode(wrk, args, url, targets, mode):
    page_cache_seconds = None if mode == "cached" else 0
    if mode == "reference":
        server = Server(url, workers=args.workers, page_cache_seconds=0, mode=mode, app="bare_app:application")
        targets = [("Referenz: Django pur", "/")]
    else:
        server = Server(url, workers=args.workers, page_cache_seconds=page_cache_seconds, mode=mode)
    if mode == "cached":
        shutil.rmtree(common.VAR_DIR / "cache" / "pages", ignore_errors=True)  # no pages from an older city
    rows = []
    with server:
        print(f"\n[{mode}] gunicorn mit {args.workers} Workern auf 127.0.0.1:{server.port}", flush=True)
        for label, path in targets:
            status, headers = fetch(server.port, path)
            if status != 200:
                sys.exit(f"{label} {path} antwortet mit {status} statt 200 (keine Weiterleitung erlaubt).")
            cache_state = fetch(server.port, path)[1].get("X-Cache", "–")
            result, cpu, attempts = measure_page(wrk, args, url, server, label, path)
            errors = sum(result["errors"].values())
            row = {
                "mode": mode, "label": label, "path": path, "x_cache": cache_state,
                "requests": result["requests"],
                "rps": result["requests"] / (result["duration_us"] / 1e6),
                "p50_ms": result["p50_us"] / 1000, "p90_ms": result["p90_us"] / 1000,
                "p99_ms": result["p99_us"] / 1000, "max_ms": result["max_us"] / 1000,
                "non2xx": result["non2xx"], "socket_errors": errors,
                "own_cpu_pct": round(cpu.own_pct, 1), "foreign_cpu_pct": round(cpu.foreign_pct, 1),
                "cpu_ms": round(1000 * cpu.own_seconds / max(result["requests"], 1), 2),
                "attempts": attempts,
            }
            row["ok"] = row["p99_ms"] < TARGET_P99_MS and row["non2xx"] == 0 and errors == 0
            rows.append(row)
            print(f"  {label:<24} {row['rps']:8.1f} req/s  p50 {row['p50_ms']:7.1f} ms  "
                  f"p99 {row['p99_ms']:7.1f} ms  non-2xx {row['non2xx']}  Fehler {errors}  "
                  f"(CPU: Benchmark {cpu.own_pct:.0f} %, andere {cpu.foreign_pct:.0f} %)", flush=True)
    return rows


def add_reference_shares(rows):
    """Each row's req/s as a share of the bare Django view's (bench/bare_app.py) from the same run."""
    reference = next((r for r in rows if r["mode"] == "reference"), None)
    for r in rows:
        r["share_pct"] = round(100 * r["rps"] / reference["rps"], 1) if reference else None


def markdown_table(rows):
    lines = [
        "| Seite | Pfad | Modus | X-Cache | req/s | Anteil Referenz | CPU je Anfrage (ms) | p50 (ms) | p99 (ms) "
        "| non-2xx | p99 < 100 ms | CPU fremd |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: | ---: |",
    ]
    for r in rows:
        errors = f" (+{r['socket_errors']} Socket-Fehler)" if r["socket_errors"] else ""
        share = "–" if r.get("share_pct") is None else f"{r['share_pct']:.0f} %"
        lines.append(
            f"| {r['label']} | `{r['path']}` | {r['mode']} | {r['x_cache']} | {r['rps']:.1f} | "
            f"{share} | {r['cpu_ms']:.1f} | "
            f"{r['p50_ms']:.1f} | "
            f"{r['p99_ms']:.1f} | {r['non2xx']}{errors} | {'ja' if r['ok'] else '**nein**'} | "
            f"{r['foreign_cpu_pct']:.0f} % |"
        )
    return "\n".join(lines)


def machine_info(url):
    """nproc, CPU model, RAM, PostgreSQL, Python, wrk and gunicorn versions, for docs/benchmarks.md."""
    import platform

    import psycopg

    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.processor())
    mem_kb = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
    with psycopg.connect(url) as conn:
        pg = conn.execute("SHOW server_version").fetchone()[0]
    gunicorn = subprocess.run([str(common.BIN / "gunicorn"), "--version"], capture_output=True, text=True).stdout
    wrk = subprocess.run(["wrk", "--version"], capture_output=True, text=True)
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=common.ROOT, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "src"], cwd=common.ROOT, capture_output=True,
                           text=True).stdout.strip()
    return {
        "git": (rev.stdout.strip() or "?") + (" (mit nicht eingecheckten Änderungen in src/)" if dirty else ""),
        "nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem_kb / 1024 / 1024, 1), "postgresql": pg,
        "python": platform.python_version(), "gunicorn": gunicorn.strip(),
        "wrk": (wrk.stdout or wrk.stderr).splitlines()[0] if (wrk.stdout or wrk.stderr) else "?",
    }


def main(argv=None):
    args = parse_args(argv)
    wrk = require_wrk()
    url = common.database_url()
    common.VAR_DIR.mkdir(parents=True, exist_ok=True)
    prepared = prepare(args, url)
    targets = [tuple(t) for t in prepared["targets"]]
    modes = ["cached", "uncached"] if args.mode == "both" else [args.mode]
    if args.reference and "uncached" in modes:
        modes.insert(modes.index("uncached"), "reference")
    started = datetime.datetime.now().astimezone()
    rows = []
    for mode in modes:
        rows += measure_mode(wrk, args, url, targets, mode)
    facts = prepared["facts"]
    machine = machine_info(url)
    print("\nMaschine: " + ", ".join(f"{key} {value}" for key, value in machine.items()))
    print(f"\nwrk -t{args.threads} -c{args.connections} -d{args.duration}s, gunicorn {args.workers} Worker (sync), "
          f"Themenfeld „{facts['field']['title']}“ mit {facts['field']['projects']} Projekten, Projektseite "
          f"„{facts['project']['title']}“ mit {facts['project']['milestones']} Meilensteinen, "
          f"{facts['project']['updates']} Meldungen, {facts['project']['partners']} Partnern.\n")
    add_reference_shares(rows)
    print(markdown_table(rows))
    if any(r["mode"] == "reference" for r in rows):
        print(f"\nOhne Seiten-Cache: Ziel ≤ {TARGET_CPU_MS:.0f} ms CPU je Anfrage und ≥ {TARGET_SHARE_PCT:.0f} % "
              "der req/s der Referenz (CPU je Anfrage = gunicorn, seine Datenbank-Prozesse und wrk zusammen).")
        for r in rows:
            if r["mode"] == "uncached":
                met = r["cpu_ms"] <= TARGET_CPU_MS and r["share_pct"] >= TARGET_SHARE_PCT
                print(f"  {r['label']}: {r['cpu_ms']:.1f} ms CPU, {r['share_pct']:.0f} % der Referenz – "
                      f"{'erreicht' if met else 'NICHT erreicht'}")
    verdicts = {mode: all(r["ok"] for r in rows if r["mode"] == mode) for mode in modes if mode != "reference"}
    print(f"\nZiel (p99 < {TARGET_P99_MS:.0f} ms auf jeder Seite, keine Fehler): " + "; ".join(
        f"{mode}: {'erreicht' if met else 'NICHT erreicht'}" for mode, met in verdicts.items()))
    out = args.json or common.VAR_DIR / f"results-{started:%Y%m%d-%H%M%S}.json"
    result = {"started": started.isoformat(), "args": vars(args), "machine": machine, "facts": facts,
              "verdicts": verdicts, "rows": rows}
    with open(out, "w") as fh:
        json.dump(result, fh, indent=2, ensure_ascii=False)
    print(f"Ergebnisse: {out}")


if __name__ == "__main__":
    main()
