"""Benchmark of the competition dossier of the large city (issue 4, "Speed"; PostgreSQL only).

    .venv/bin/python bench/dossier_run.py                  # everything (generates the data once if missing)
    .venv/bin/python bench/dossier_run.py --json FILE      # ... and write the figures as JSON

Data: ``bench/dossier_generate.py`` (large city + Bitkom call + 300 letters of support as PDFs +
500 pledges), database ``modellstadt_bench_dossier``, var directory ``var/bench-dossier/``.

Measures
(a) the completeness check page of the back office (``/verwaltung/dossiers/<pk>/``: build of the
    content, completeness check, self-assessment, themes, support) as the office account, through
    gunicorn with production settings (``DEBUG`` off, ``modellstadt.wsgi``, sync workers) on
    127.0.0.1:8799: a session is written directly into the session table (the keys ``login()`` sets);
    N sequential requests with a small HTTP client (p50/p90/p99/max), then ``wrk`` with one and with
    four connections (``bench/wrk_report.lua``);
(b) ``selectors.build_dossier_content`` in-process (median of several runs, SQL queries) and
    ``selectors.completeness`` on that content;
(c) the full export as the background worker runs it: ``dossier.tasks.build_export.call(export_id)``
    (the task function: content, PDF with all public letters appended, DOCX, storing both files),
    each in a fresh process, its wall time, CPU time and peak RSS (``ru_maxrss``); one more run under
    ``tracemalloc`` for the peak of Python allocations;
(d) PDF (``render_pdf`` incl. appended letters) and DOCX (``render_docx``) alone, each in a fresh
    process: wall time and peak RSS.

Also records the machine's CPU use by other processes during each measurement (a shared machine).
"""

import argparse
import http.client
import json
import os
import resource
import secrets
import statistics
import subprocess
import sys
import time

import common
import dossier_generate

HERE = common.ROOT / "bench"
PORT = 8799


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=50, help="sequential requests of the page (default 50)")
    parser.add_argument("--warmup", type=int, default=10, help="unmeasured requests first (every worker warm)")
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3)")
    parser.add_argument("--wrk-duration", type=int, default=20, help="seconds per wrk run (0: no wrk)")
    parser.add_argument("--wrk-connections", default="1,4")
    parser.add_argument("--builds", type=int, default=5, help="in-process runs of build_dossier_content")
    parser.add_argument("--exports", type=int, default=2, help="task runs, each in a fresh process")
    parser.add_argument("--no-export", action="store_true", help="only (b) and (a), no exports")
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--max-foreign", type=float, default=20,
                        help="wait for other processes to use less than this %% of the CPU before (a), (c), (d)")
    parser.add_argument("--wait-quiet", type=float, default=60, help="... but at most this many seconds")
    parser.add_argument("--child", choices=["task", "task-trace", "pdf", "docx"], help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def percentile(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def machine_busy():
    import run

    return run.machine_jiffies()


def busy_pct(start, end):
    return 100.0 * (end[1] - start[1]) / max(end[0] - start[0], 1)


def maxrss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def the_dossier():
    from modellstadt.demo.dossier import CALL_SLUG, DOSSIER_TITLE
    from modellstadt.dossier.models import Dossier

    return Dossier.objects.select_related("call").get(call__slug=CALL_SLUG, title=DOSSIER_TITLE)


# --- children: one export in a fresh process ---------------------------------------------------------


def child(kind):
    from django.contrib.auth import get_user_model

    from modellstadt.dossier import selectors, services

    dossier = the_dossier()
    result = {"kind": kind, "rss_before_mb": round(maxrss_mb(), 1)}
    if kind in ("task", "task-trace"):
        from modellstadt.dossier.models import DossierExport
        from modellstadt.dossier.tasks import build_export

        office = get_user_model().objects.get(username=dossier_generate.OFFICE_USER)
        # exactly what the "Exportieren" button does for a large dossier: a queued export row (+ the
        # queued task, which no worker picks up here) ...
        export = services.request_export(dossier, office, background=True)
        if kind == "task-trace":
            import tracemalloc

            tracemalloc.start()
        machine0, cpu0, t0 = machine_busy(), cpu_seconds(), time.perf_counter()
        build_export.call(export.pk)  # ... and what the worker then runs
        wall = time.perf_counter() - t0
        cpu, machine1 = cpu_seconds() - cpu0, machine_busy()
        if kind == "task-trace":
            result["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
            tracemalloc.stop()
        export.refresh_from_db()
        assert export.state == DossierExport.State.DONE, (export.state, export.message)
        from pypdf import PdfReader

        with export.pdf.open("rb") as fh:
            pdf_pages = len(PdfReader(fh).pages)
        result.update({
            "wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "machine_busy_pct": round(busy_pct(machine0, machine1)),
            "own_cpu_pct": round(100 * cpu / wall / os.cpu_count()),
            "pdf_mb": round(export.pdf.size / 1e6, 2), "pdf_pages": pdf_pages,
            "docx_kb": round(export.docx.size / 1e3), "export_id": export.pk,
        })
    else:
        from modellstadt.dossier.exports.docx import render_docx
        from modellstadt.dossier.exports.pdf import render_pdf

        content = selectors.build_dossier_content(dossier)
        letters = [field for _letter, field in selectors.public_letter_files(dossier.call)]
        result["rss_before_mb"] = round(maxrss_mb(), 1)
        machine0, cpu0, t0 = machine_busy(), cpu_seconds(), time.perf_counter()
        if kind == "pdf":
            data = render_pdf(content, letters=letters)
            result["letters_appended"] = len(letters)
        else:
            data = render_docx(content)
        wall = time.perf_counter() - t0
        cpu, machine1 = cpu_seconds() - cpu0, machine_busy()
        result.update({"wall_s": round(wall, 2), "cpu_s": round(cpu, 2), "bytes": len(data),
                       "machine_busy_pct": round(busy_pct(machine0, machine1))})
    result["rss_peak_mb"] = round(maxrss_mb(), 1)
    print("DOSSIER_RESULT " + json.dumps(result), flush=True)


def run_child(kind, args):
    import run

    foreign = run.wait_until_quiet(args.max_foreign, args.wait_quiet)
    cmd = [sys.executable, str(HERE / "dossier_run.py"), "--child", kind]
    out = subprocess.run(cmd, cwd=common.ROOT, check=True, capture_output=True, text=True, env=os.environ).stdout
    line = next(line for line in out.splitlines() if line.startswith("DOSSIER_RESULT "))
    return {**json.loads(line.removeprefix("DOSSIER_RESULT ")), "foreign_before_pct": round(foreign)}


# --- (b) content build in-process --------------------------------------------------------------------


def measure_content(builds):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from modellstadt.dossier import selectors

    dossier = the_dossier()
    selectors.build_dossier_content(dossier)  # warm: imports, translations, connections
    times, check_times = [], []
    for _ in range(builds):
        dossier = the_dossier()
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            t0 = time.perf_counter()
            content = selectors.build_dossier_content(dossier)
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            gaps = selectors.completeness(dossier, content=content)
            check_times.append(time.perf_counter() - t0)
        n_queries = len(queries)
    support = content["support"]
    return {
        "build_ms_median": round(statistics.median(times) * 1000, 1), "build_ms_min": round(min(times) * 1000, 1),
        "build_ms_max": round(max(times) * 1000, 1),
        "completeness_ms_median": round(statistics.median(check_times) * 1000, 1),
        "queries_build_and_check": n_queries, "gaps": len(gaps),
        "themes": len(content["themes"]), "theme_projects": sum(len(t["projects"]) for t in content["themes"]),
        "letters": support["letter_count"], "public_letters": support["public_letter_count"],
        "pledges": support["pledge_count"], "organisations": support["organisation_count"],
        "content_kb": round(len(selectors.canonical_json(content)) / 1e3),
    }


# --- (a) the completeness check page through gunicorn ---------------------------------------------


def office_session():
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.contrib.sessions.backends.db import SessionStore

    user = get_user_model().objects.get(username=dossier_generate.OFFICE_USER)
    dossier_generate.ensure_totp(user)  # signed in with the second factor, as production requires
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def get(port, path, cookie):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Host": "127.0.0.1", "Cookie": cookie})
        response = conn.getresponse()
        body = response.read()
        return time.perf_counter() - t0, response.status, body
    finally:
        conn.close()


def own_cpu_seconds(cpu, wall):
    """CPU seconds of the benchmark's own processes (gunicorn, PostgreSQL backends, wrk) in ``wall`` s."""
    return cpu.own_pct / 100 * wall * os.cpu_count()


def measure_page(args, url, path, cookie):
    import run

    server = run.Server(url, workers=args.workers, page_cache_seconds=None, mode="dossier")
    server.port = args.port
    server.cmd[server.cmd.index("--bind") + 1] = f"127.0.0.1:{args.port}"
    result = {"path": path, "workers": args.workers}
    with server:
        elapsed, status, body = get(args.port, path, cookie)
        if status != 200 or "Vollständigkeit".encode() not in body:
            sys.exit(f"{path} antwortet mit {status} statt der Vollständigkeitsprüfung (Anmeldung?)")
        result["html_kb"] = round(len(body) / 1e3)
        for _ in range(args.warmup):
            get(args.port, path, cookie)
        foreign = run.wait_until_quiet(args.max_foreign, args.wait_quiet)
        print(f"  andere Prozesse vor der Messung: {foreign:.0f} % der CPU", flush=True)
        started = time.perf_counter()
        with run.CpuAccount(server, url) as cpu:
            samples = []
            for _ in range(args.requests):
                elapsed, status, _body = get(args.port, path, cookie)
                assert status == 200, status
                samples.append(elapsed * 1000)
        loop_wall = time.perf_counter() - started
        result["sequential"] = {
            "n": len(samples), "p50_ms": round(percentile(samples, 50), 1), "p90_ms": round(percentile(samples, 90), 1),
            "p99_ms": round(percentile(samples, 99), 1), "max_ms": round(max(samples), 1),
            "min_ms": round(min(samples), 1), "foreign_cpu_pct": round(cpu.foreign_pct),
            # CPU of gunicorn + its PostgreSQL backends per request: what one request costs, whatever the load
            "own_cpu_ms_per_request": round(own_cpu_seconds(cpu, loop_wall) * 1000 / len(samples), 1),
            "samples_ms": [round(x, 1) for x in samples],
        }
        seq = result["sequential"]
        print(f"  sequentiell {len(samples)}×: p50 {seq['p50_ms']} ms, p99 {seq['p99_ms']} ms, eigene CPU "
              f"{seq['own_cpu_ms_per_request']} ms je Anfrage (CPU fremd {cpu.foreign_pct:.0f} %)", flush=True)
        result["wrk"] = []
        if args.wrk_duration:
            for connections in [int(c) for c in args.wrk_connections.split(",") if c]:
                cmd = ["wrk", "-t1", f"-c{connections}", f"-d{args.wrk_duration}s", "--timeout", "20s",
                       "-H", "Host: 127.0.0.1", "-H", f"Cookie: {cookie}", "-s", str(HERE / "wrk_report.lua"),
                       f"http://127.0.0.1:{args.port}{path}"]
                started = time.perf_counter()
                with run.CpuAccount(server, url) as cpu:
                    out = subprocess.run(cmd, check=True, capture_output=True, text=True,
                                         timeout=args.wrk_duration + 60).stdout
                line = next(x for x in out.splitlines() if x.startswith("BENCH_RESULT "))
                r = json.loads(line.removeprefix("BENCH_RESULT "))
                row = {
                    "connections": connections, "requests": r["requests"],
                    "req_s": round(r["requests"] / (r["duration_us"] / 1e6), 1),
                    "p50_ms": round(r["p50_us"] / 1000, 1), "p90_ms": round(r["p90_us"] / 1000, 1),
                    "p99_ms": round(r["p99_us"] / 1000, 1), "max_ms": round(r["max_us"] / 1000, 1),
                    "non2xx": r["non2xx"], "errors": sum(r["errors"].values()),
                    "foreign_cpu_pct": round(cpu.foreign_pct),
                    "own_cpu_ms_per_request": round(
                        own_cpu_seconds(cpu, time.perf_counter() - started) * 1000 / max(r["requests"], 1), 1),
                }
                result["wrk"].append(row)
                print(f"  wrk -c{connections}: {row['req_s']} req/s, p50 {row['p50_ms']} ms, p99 {row['p99_ms']} ms, "
                      f"non-2xx {row['non2xx']}, eigene CPU {row['own_cpu_ms_per_request']} ms je Anfrage "
                      f"(CPU fremd {row['foreign_cpu_pct']} %)", flush=True)
    return result


# --- main ------------------------------------------------------------------------------------------


def main(argv=None):
    args = parse_args(argv)
    url = dossier_generate.setup_environment()
    os.environ.setdefault("BENCH_SECRET_KEY", secrets.token_urlsafe(50))  # gunicorn checks our session hash
    if args.child:
        common.setup_django(url)
        return child(args.child)

    subprocess.run([sys.executable, str(HERE / "dossier_generate.py"), "--if-missing"], cwd=common.ROOT,
                   check=True, env=os.environ)
    env = {**os.environ, **common.django_environment(url)}
    subprocess.run([str(common.BIN / "modellstadt"), "collectstatic", "--no-input", "-v", "0"], env=env,
                   cwd=common.ROOT, check=True)
    common.setup_django(url)
    import run

    figures = {"machine": run.machine_info(url), "uptime_before": open("/proc/loadavg").read().strip()}
    dossier = the_dossier()
    path = f"/verwaltung/dossiers/{dossier.pk}/"

    print("\n(b) build_dossier_content, in-process", flush=True)
    figures["content"] = measure_content(args.builds)
    print(f"  {figures['content']}", flush=True)

    print(f"\n(a) Vollständigkeitsprüfung {path} über gunicorn (127.0.0.1:{args.port})", flush=True)
    figures["page"] = measure_page(args, url, path, office_session())

    if args.no_export:
        figures["uptime_after"] = open("/proc/loadavg").read().strip()
        print(f"\nLast: vorher {figures['uptime_before']}, nachher {figures['uptime_after']}")
        if args.json:
            with open(args.json, "w") as fh:
                json.dump(figures, fh, indent=2, ensure_ascii=False)
        return
    print("\n(c) Export als Hintergrundaufgabe (build_export.call), je frischer Prozess", flush=True)
    figures["task"] = []
    for _ in range(args.exports):
        r = run_child("task", args)
        figures["task"].append(r)
        print(f"  {r}", flush=True)
    r = run_child("task-trace", args)
    figures["task_trace"] = r
    print(f"  tracemalloc: {r}", flush=True)

    print("\n(d) PDF und DOCX allein, je frischer Prozess", flush=True)
    figures["pdf"] = run_child("pdf", args)
    print(f"  PDF: {figures['pdf']}", flush=True)
    figures["docx"] = run_child("docx", args)
    print(f"  DOCX: {figures['docx']}", flush=True)
    figures["uptime_after"] = open("/proc/loadavg").read().strip()

    task_wall = [r["wall_s"] for r in figures["task"]]
    seq = figures["page"]["sequential"]
    print("\n| Messung | Ergebnis | Ziel |\n| --- | --- | --- |")
    print(f"| (a) Vollständigkeitsprüfung, {seq['n']} Anfragen nacheinander | p50 {seq['p50_ms']} ms, "
          f"p99 {seq['p99_ms']} ms | < 300 ms: {'ja' if seq['p99_ms'] < 300 else 'nein'} (p99) |")
    for row in figures["page"]["wrk"]:
        print(f"| (a) dieselbe Seite, wrk -c{row['connections']} {args.wrk_duration} s | p50 {row['p50_ms']} ms, "
              f"p99 {row['p99_ms']} ms, {row['req_s']} req/s | |")
    c = figures["content"]
    print(f"| (b) build_dossier_content | Median {c['build_ms_median']} ms ({c['queries_build_and_check']} SQL mit "
          f"Prüfung), completeness {c['completeness_ms_median']} ms | |")
    print(f"| (c) Export-Task (PDF+DOCX+Speichern) | {', '.join(f'{w} s' for w in task_wall)}; "
          f"RSS-Spitze {max(r['rss_peak_mb'] for r in figures['task'])} MB, tracemalloc "
          f"{figures['task_trace']['tracemalloc_peak_mb']} MB | < 20 s: {'ja' if max(task_wall) < 20 else 'nein'} |")
    print(f"| (d) PDF allein / DOCX allein | {figures['pdf']['wall_s']} s / {figures['docx']['wall_s']} s; "
          f"RSS {figures['pdf']['rss_peak_mb']} / {figures['docx']['rss_peak_mb']} MB | |")
    print(f"\nLast: vorher {figures['uptime_before']}, nachher {figures['uptime_after']}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(figures, fh, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
