"""Where the time of one uncached request goes, per measured page (in-process, no server).

    .venv/bin/python bench/profile_pages.py [--repeat 20] [--explain] [--cprofile PATH] [--top 25]

For each page of bench/run.py (page cache off, DEBUG off) it prints the median wall time of a
request, the number of SQL queries, the time spent in the database (as seen by Django), and the
rest (Python: view, template rendering, Markdown). --explain adds EXPLAIN ANALYZE for the slowest
queries of each page; --cprofile PATH profiles that one path with cProfile and prints the top
functions by cumulative and by own time. Needs the bench database (bench/generate.py).
"""

import argparse
import cProfile
import io
import pstats
import statistics
import time

import common


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest queries of each page")
    parser.add_argument("--slowest", type=int, default=3, help="how many queries per page to explain")
    parser.add_argument("--cprofile", metavar="PATH", help="profile this path with cProfile")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--queries", action="store_true", help="list every query of each page with its time")
    return parser.parse_args(argv)


class QueryTimer:
    """Database time per query with perf_counter precision (Django's own log rounds to 1 ms)."""

    def __init__(self):
        self.durations = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.durations.append(time.perf_counter() - started)


def one_request(client, path):
    """(seconds, [{"sql", "ms"}], bytes) of one GET; the SQL text has its parameters filled in."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    timer = QueryTimer()
    with CaptureQueriesContext(connection) as ctx, connection.execute_wrapper(timer):
        started = time.perf_counter()
        response = client.get(path)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    queries = [{"sql": q["sql"], "ms": d * 1000} for q, d in zip(ctx.captured_queries, timer.durations, strict=True)]
    return elapsed, queries, len(response.content)


def explain(sql):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


def profile_path(client, path, top):
    profiler = cProfile.Profile()
    for _ in range(3):
        one_request(client, path)
    profiler.enable()
    for _ in range(10):
        one_request(client, path)
    profiler.disable()
    for sort in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(sort).print_stats(top)
        print(f"\n--- cProfile {path} (10 requests), sorted by {sort} ---")
        print(out.getvalue())


def main(argv=None):
    args = parse_args(argv)
    common.setup_django(
        common.database_url(), PAGE_CACHE_SECONDS=0,
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
    )
    from django.test import Client

    import targets

    client = Client(HTTP_HOST="localhost")
    if args.cprofile:
        profile_path(client, args.cprofile, args.top)
        return
    print("| Seite | Abfragen | Median gesamt (ms) | davon SQL (ms) | Rest: Python/Templates (ms) | HTML (kB) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    details = []
    for label, path in targets.target_urls():
        for _ in range(3):
            one_request(client, path)  # warm per-process caches (site root paths, templates)
        totals, sql_times, queries = [], [], []
        for _ in range(args.repeat):
            elapsed, captured, size = one_request(client, path)
            totals.append(elapsed * 1000)
            sql_times.append(sum(q["ms"] for q in captured))
            queries = captured
        total, sql = statistics.median(totals), statistics.median(sql_times)
        print(f"| {label} | {len(queries)} | {total:.1f} | {sql:.1f} | {total - sql:.1f} | {size / 1024:.0f} |")
        details.append((label, path, queries))
    for label, path, queries in details:
        if args.queries:
            print(f"\n### {label} {path}")
            for q in queries:
                print(f"{q['ms']:7.2f} ms  {q['sql'][:220]}")
        if args.explain:
            for q in sorted(queries, key=lambda q: q["ms"], reverse=True)[: args.slowest]:
                sql = q["sql"]
                if sql.startswith("DECLARE "):  # server-side cursor of .iterator(): explain the SELECT inside
                    sql = sql[sql.index(" FOR ") + 5:]
                print(f"\n### {label}: {q['ms']:.2f} ms\n{sql}\n{explain(sql)}")


if __name__ == "__main__":
    main()
