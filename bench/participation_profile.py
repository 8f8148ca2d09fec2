"""Queries and time of the participation pages, rendered in-process (no server, page cache off).

    .venv/bin/python bench/participation_profile.py --preset small            # queries, ms per page
    .venv/bin/python bench/participation_profile.py --preset city --queries   # ... and every query
    .venv/bin/python bench/participation_profile.py --preset small --cprofile /ideen/

Each page is requested anonymously and signed in (an account without supports, so the "you
support this" flags are computed), ``--repeat`` times; the median total time, the SQL time (as
Django's debug cursor measures it, incl. fetching rows) and the number of queries are printed.
The query count is what the issue compares: the other platform needs more than 100 per page.
"""

import argparse
import cProfile
import pstats
import statistics
import sys
import time

import participation_generate as generate
import participation_run as run


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--preset", choices=sorted(generate.PRESETS), default="small")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--queries", action="store_true", help="print every query with its time")
    parser.add_argument("--cprofile", metavar="PATH", help="cProfile one path (anonymous)")
    parser.add_argument("--sort", default="cumulative", help="pstats order of --cprofile (e.g. tottime)")
    parser.add_argument("--signed-in", action="store_true", help="--cprofile as the signed-in viewer")
    return parser.parse_args(argv)


def pages(preset):
    result, _facts = run.targets(preset)
    if preset == "small":
        result.insert(1, ("Ideenliste nach Unterstützung", "/ideen/?sortierung=unterstuetzung"))
    return result


def main(argv=None):
    args = parse_args(argv)
    run.setup_django(generate.database_url(args.preset), "profile-" + "x" * 50)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    viewer = get_user_model().objects.filter(idea_supports__isnull=True, is_staff=False).order_by("-id").first()
    clients = {"anonym": Client(), "angemeldet": Client()}
    clients["angemeldet"].force_login(viewer)

    if args.cprofile:
        client = clients["angemeldet" if args.signed_in else "anonym"]
        client.get(args.cprofile)
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            client.get(args.cprofile)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats(args.sort).print_stats(40)
        return

    print("| Seite | Pfad | Besucher | Abfragen | gesamt (ms) | SQL (ms) | HTML (kB) |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for label, path in pages(args.preset):
        for who, client in clients.items():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            totals, sqls, counts = [], [], []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as ctx:
                    started = time.perf_counter()
                    response = client.get(path)
                    totals.append((time.perf_counter() - started) * 1000)
                sqls.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
                counts.append(len(ctx.captured_queries))
            print(f"| {label} | `{path}` | {who} | {counts[-1]} | {statistics.median(totals):.1f} | "
                  f"{statistics.median(sqls):.1f} | {len(response.content) / 1024:.0f} |", flush=True)
            if args.queries:
                for q in sorted(ctx.captured_queries, key=lambda q: -float(q["time"])):
                    print(f"    {float(q['time']) * 1000:7.2f} ms  {q['sql'][:300]}")


if __name__ == "__main__":
    main()
