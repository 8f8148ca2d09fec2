"""Load measurement of the progress app with a large city (PostgreSQL only).

    .venv/bin/python bench/progress_bench.py                 # generate once, then measure
    .venv/bin/python bench/progress_bench.py --reset         # generate again
    .venv/bin/python bench/progress_bench.py --only report   # only the council report

The city (database ``modellstadt_bench_progress``, state in ``var/bench-progress/``): 10 fields, 500 projects
with locations and 3 milestones each, 200 indicators with 10 years of monthly values (24,000 values) and two
targets each, 20,000 published ideas with locations, 24 programme snapshots, and a PMTiles base map of
zoom 0–14 over the city (553 tiles of 2–12 kB, written with the ``pmtiles`` package).

Measured with ``wrk -t2 -c16`` (``bench/wrk_report.lua``) against gunicorn (5 sync workers, production
settings, anonymous page cache off so every request renders, Redis at ``--redis-url`` for the shared
cache as in production, flushed first; ``--redis-url ''`` for the file cache of a set-up without Redis):
``/fortschritt/``, an indicator page, the
map data for a whole-city view (clustered), a district view and a street view, and byte-range requests for
tiles of the base map. The council report is built and frozen in this process (as the background task does)
and timed. Prints a Markdown table and writes ``var/bench-progress/results-<time>.json``.
"""

import argparse
import datetime
import json
import math
import os
import platform
import random
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import common

HERE = Path(__file__).resolve().parent
VAR_DIR = common.ROOT / "var" / "bench-progress"
DB_NAME = "modellstadt_bench_progress"
CENTRE = (52.4227, 10.7865)
SEED = 2016


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reset", action="store_true")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--only", default="", help="comma-separated: pages,map,tiles,single,report")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
                        help="Redis for the shared cache (cards, map cells), flushed first; empty: file cache")
    return parser.parse_args(argv)


def database_url():
    base = os.environ.get("BENCH_DATABASE_URL", common.DEFAULT_DATABASE_URL)
    return base.rsplit("/", 1)[0] + "/" + DB_NAME


def environment(url):
    env = {**os.environ, **common.django_environment(url, page_cache_seconds=0)}
    env.update({"MODELLSTADT_VAR_DIR": str(VAR_DIR), "MODELLSTADT_BASEMAP_PMTILES": str(VAR_DIR / "basiskarte.pmtiles"),
                # Wagtail's search-index updates are tasks; the benchmark does not need them run.
                "TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend"})
    return env


def setup_django(url):
    os.environ.update(environment(url))
    (VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
    src = str(common.ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    import django

    django.setup()


def write_base_map(path, rng):
    """Tiles over the city at zoom 0–14 with random bytes (tile content does not matter for serving)."""
    from pmtiles.tile import Compression, TileType, zxy_to_tileid
    from pmtiles.writer import Writer

    def tile_xy(lat, lon, z):
        n = 2 ** z
        return int((lon + 180) / 360 * n), int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)

    tiles = []
    for z in range(0, 15):
        x0, y0 = tile_xy(CENTRE[0] + 0.12, CENTRE[1] - 0.2, z)
        x1, y1 = tile_xy(CENTRE[0] - 0.12, CENTRE[1] + 0.2, z)
        for x in range(x0, x1 + 1):
            for y in range(y0, y1 + 1):
                tiles.append((zxy_to_tileid(z, x, y), (z, x, y)))
    tiles.sort()
    with open(path, "wb") as handle:
        writer = Writer(handle)
        for tile_id, _zxy in tiles:
            writer.write_tile(tile_id, rng.randbytes(rng.randint(2000, 12000)))
        writer.finalize({"tile_type": TileType.MVT, "tile_compression": Compression.NONE,
                         "min_lon_e7": int((CENTRE[1] - 0.2) * 1e7), "min_lat_e7": int((CENTRE[0] - 0.12) * 1e7),
                         "max_lon_e7": int((CENTRE[1] + 0.2) * 1e7), "max_lat_e7": int((CENTRE[0] + 0.12) * 1e7),
                         "center_zoom": 12, "center_lon_e7": int(CENTRE[1] * 1e7),
                         "center_lat_e7": int(CENTRE[0] * 1e7)}, {"attribution": "Benchmark"})
    return len(tiles)


def generate(url):
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from modellstadt.ideas.models import Idea, Process
    from modellstadt.portal.services import ensure_portal_structure
    from modellstadt.progress import services
    from modellstadt.progress.models import Indicator, IndicatorTarget, IndicatorValue, ProgrammeSnapshot
    from modellstadt.projects.models import Milestone, ProjectPage
    from modellstadt.strategy.models import CooperationFieldPage, FieldIndexPage

    rng = random.Random(SEED)
    started = time.monotonic()
    ensure_portal_structure(city="Großstadt", programme_name="Digitale Großstadt")
    index = FieldIndexPage.objects.get()
    fields = list(CooperationFieldPage.objects.order_by("number"))  # resumable: an interrupted run goes on
    fields += [index.add_child(instance=CooperationFieldPage(title=f"Kooperationsfeld {n}", number=n,
                                                             short_description="Feld"))
               for n in range(len(fields) + 1, 11)]
    statuses = ["idea", "preparation", "pilot", "implementation", "operation", "completed", "stopped"]
    projects = list(ProjectPage.objects.order_by("pk"))
    for n in range(500):
        if n < len(projects):
            rng.uniform(0, 1), rng.uniform(0, 1), rng.choice(statuses)
            continue
        lat = CENTRE[0] + rng.uniform(-0.08, 0.08)
        lon = CENTRE[1] + rng.uniform(-0.14, 0.14)
        projects.append(fields[n % 10].add_child(instance=ProjectPage(
            title=f"Projekt {n + 1:03d}", summary="Kurz", description="Text", value_for_citizens="Nutzen",
            value_for_economy="Nutzen", status=rng.choice(statuses), latitude=Decimal(f"{lat:.6f}"),
            longitude=Decimal(f"{lon:.6f}"), location_label="Großstadt")))
    Milestone.objects.all().delete()
    Milestone.objects.bulk_create([
        Milestone(project=p, title=f"Meilenstein {k}", due=datetime.date(2022 + k, 6, 30), done=k < 2, sort_order=k)
        for p in projects for k in range(3)])
    print(f"  500 Projekte: {time.monotonic() - started:.0f} s", flush=True)
    process = Process.objects.create(title="Ideen für die Großstadt", description="Ideen")
    now = datetime.datetime.now(datetime.UTC)
    ideas = []
    for n in range(20_000):
        created = now - datetime.timedelta(days=rng.uniform(0, 900))
        answered = created + datetime.timedelta(days=rng.uniform(2, 60)) if rng.random() < 0.6 else None
        ideas.append(Idea(process=process, field=fields[n % 10], title=f"Idee {n + 1}", description="Text",
                          latitude=Decimal(f"{CENTRE[0] + rng.gauss(0, 0.04):.6f}"),
                          longitude=Decimal(f"{CENTRE[1] + rng.gauss(0, 0.07):.6f}"),
                          created=created, answered_at=answered, support_count=rng.randint(0, 40),
                          state="under_review" if answered else "submitted"))
    Idea.objects.bulk_create(ideas, batch_size=2000)
    print(f"  20.000 Ideen: {time.monotonic() - started:.0f} s", flush=True)
    start = datetime.date(2015, 1, 31)
    for n in range(200):
        indicator = Indicator.objects.create(
            field=fields[n % 10], name=f"Indikator {n + 1:03d}", definition="Definition", unit="Stück",
            baseline_date=datetime.date(2015, 1, 1), baseline_value=Decimal(100), order=n)
        IndicatorTarget.objects.bulk_create([
            IndicatorTarget(indicator=indicator, date=datetime.date(2025, 12, 31), value=Decimal(1000)),
            IndicatorTarget(indicator=indicator, date=datetime.date(2030, 12, 31), value=Decimal(2000))])
        values = []
        for m in range(120):
            months = start.year * 12 + start.month - 1 + m
            first_next = datetime.date((months + 1) // 12, (months + 1) % 12 + 1, 1)
            day = first_next - datetime.timedelta(days=1)
            values.append(IndicatorValue(indicator=indicator, date=day,
                                         value=Decimal(round(100 + m * 7.5 * rng.uniform(0.8, 1.1), 2))))
        IndicatorValue.objects.bulk_create(values)
        services.refresh_indicator(indicator)
    print(f"  200 Indikatoren, 24.000 Werte: {time.monotonic() - started:.0f} s", flush=True)
    for m in range(24):
        ProgrammeSnapshot.objects.create(date=datetime.date(2024, 1, 1) + datetime.timedelta(days=30 * m),
                                         by_status={s: rng.randint(20, 120) for s in statuses})
    tiles = write_base_map(VAR_DIR / "basiskarte.pmtiles", rng)
    from django.db import connection

    with connection.cursor() as cursor:  # statistics for the planner, as autovacuum would gather them
        cursor.execute("ANALYZE")
    print(f"  Basiskarte: {tiles} Kacheln; fertig nach {time.monotonic() - started:.0f} s", flush=True)


def run_wrk(args, path, headers=()):
    cmd = ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "10s", "-s",
           str(HERE / "wrk_report.lua")]
    for header in headers:
        cmd += ["-H", header]
    cmd.append(f"http://127.0.0.1:{args.port}{path}")
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH_RESULT "))
    return json.loads(line.split(" ", 1)[1])


def tile_ranges(count, rng):
    """Byte ranges of real tiles of the base map, as the PMTiles reader asks for them."""
    from pmtiles.tile import deserialize_directory, deserialize_header

    with open(VAR_DIR / "basiskarte.pmtiles", "rb") as handle:
        data = handle.read()
    header = deserialize_header(data[:127])
    root = deserialize_directory(data[header["root_offset"]:header["root_offset"] + header["root_length"]])
    entries = [e for e in root if e.run_length > 0]
    if not entries:  # leaf directories: read the first leaf
        leaf = root[0]
        start = header["leaf_directory_offset"] + leaf.offset
        entries = deserialize_directory(data[start:start + leaf.length])
    picked = rng.sample(entries, min(count, len(entries)))
    return [(header["tile_data_offset"] + e.offset, e.length) for e in picked]


def measure(args, url, results):
    from django.core.management import call_command

    from modellstadt.progress.models import Indicator

    env = environment(url)
    call_command("collectstatic", interactive=False, verbosity=0)
    slug = Indicator.objects.order_by("order").values_list("slug", flat=True)[99]
    log = open(VAR_DIR / "gunicorn.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([str(common.BIN / "gunicorn"), "modellstadt.wsgi", "--bind", f"127.0.0.1:{args.port}",
                             "--workers", str(args.workers)], env=env, cwd=common.ROOT, stdout=log, stderr=log)
    try:
        import http.client

        for _ in range(200):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=5)
                conn.request("GET", "/fortschritt/", headers={"Host": "127.0.0.1"})
                if conn.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.3)
        c = CENTRE
        targets = []
        if not args.only or "pages" in args.only:
            targets += [("Fortschritt", "/fortschritt/", ()), ("Indikator (120 Werte)", f"/fortschritt/{slug}/", ())]
        if not args.only or "map" in args.only:
            def view(dx, dy, zoom, extra=""):
                box = f"{c[1] - dx:.4f},{c[0] - dy:.4f},{c[1] + dx:.4f},{c[0] + dy:.4f}"
                return f"/karte/daten.json?bbox={box}&zoom={zoom}{extra}"

            targets += [
                ("Kartendaten Stadt, Zoom 11 (Cluster)", view(0.3, 0.15, 11), ()),
                ("Kartendaten Stadtteil, Zoom 14", view(0.04, 0.02, 14), ()),
                ("Kartendaten Straße, Zoom 17", view(0.004, 0.002, 17), ()),
                ("Kartendaten Ideen, Feld 3, Zoom 12", view(0.15, 0.08, 12, "&art=idee&feld=kooperationsfeld-3"), ()),
            ]
        if not args.only or "tiles" in args.only:
            offset, length = tile_ranges(1, random.Random(7))[0]
            targets.append(("Kachel (Byte-Bereich)", "/karte/basiskarte.pmtiles",
                            (f"Range: bytes={offset}-{offset + length - 1}",)))
        for label, path, headers in targets:
            run_wrk(argparse.Namespace(**{**vars(args), "duration": 2}), path, headers)  # warm-up
            result = run_wrk(args, path, headers)
            result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
            results.append({"label": label, "path": path, **result})
            print(f"  {label}: {result['rps']:.0f}/s, p99 {result['p99_us'] / 1000:.1f} ms, "
                  f"Fehler {result['non2xx']}", flush=True)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def time_single(results, repeat=20):
    """Sequential requests in this process (Django's test client, page cache off): median and worst time of
    each page, without load from other connections."""
    import statistics

    from django.test import Client

    from modellstadt.progress.models import Indicator

    client = Client(HTTP_HOST="127.0.0.1")
    slug = Indicator.objects.order_by("order").values_list("slug", flat=True)[99]
    c = CENTRE
    paths = [("Fortschritt (einzeln)", "/fortschritt/"), ("Indikator (einzeln)", f"/fortschritt/{slug}/"),
             ("Kartendaten Zoom 11 (einzeln)",
              f"/karte/daten.json?bbox={c[1] - 0.3},{c[0] - 0.15},{c[1] + 0.3},{c[0] + 0.15}&zoom=11"),
             ("Kartendaten Zoom 17 (einzeln)",
              f"/karte/daten.json?bbox={c[1] - 0.004},{c[0] - 0.002},{c[1] + 0.004},{c[0] + 0.002}&zoom=17")]
    for label, path in paths:
        client.get(path)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append((time.perf_counter() - started) * 1000)
        results.append({"label": label, "median_ms": statistics.median(times), "max_ms": max(times)})
        print(f"  {label}: Median {statistics.median(times):.0f} ms, höchstens {max(times):.0f} ms", flush=True)


def time_report(results):
    from modellstadt.progress import services
    from modellstadt.progress.models import CouncilReport

    report = CouncilReport.objects.create(title=f"Bench {datetime.datetime.now():%H%M%S}",
                                          period_start=datetime.date(2024, 1, 1),
                                          period_end=datetime.date(2024, 12, 31))
    import resource

    def children():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    started, own, others = time.perf_counter(), time.process_time(), children()
    report = services.freeze_report(report=report)
    seconds = time.perf_counter() - started
    # CPU of this process and of the process it waited for (the chart pictures): what the report costs,
    # whatever else runs on the machine. On a loaded machine the wall time says more about the load.
    own, others = time.process_time() - own, children() - others
    cpu = own + others
    print(f"  CPU: {own:.1f} s in this process, {others:.1f} s in the chart process; load {os.getloadavg()[0]:.1f}",
          flush=True)
    results.append({"label": "Sachstandsbericht (Inhalt + DOCX + Festschreiben)", "seconds": seconds,
                    "cpu_seconds": cpu, "cpu_seconds_chart_process": others,
                    "docx_bytes": report.docx_file.size, "pdf_bytes": report.pdf_file.size})
    print(f"  Sachstandsbericht: {seconds:.1f} s", flush=True)


def main(argv=None):
    args = parse_args(argv)
    url = database_url()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    if args.reset:
        common.drop_database(url)
    created = common.create_database(url)
    if args.redis_url:  # the server and the in-process report read the same cache, as in production
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
        os.environ["REDIS_URL"] = args.redis_url
    else:
        os.environ.pop("REDIS_URL", None)
    setup_django(url)
    from django.core.management import call_command

    from modellstadt.progress.models import ProgrammeSnapshot

    call_command("migrate", verbosity=0)  # a database generated by older code gets the newer indexes
    if created or args.reset or not ProgrammeSnapshot.objects.exists():
        print("Erzeuge die große Stadt …", flush=True)
        generate(url)
    results = []
    if not args.only or set(args.only.split(",")) - {"report", "single"}:
        measure(args, url, results)
    if not args.only or "single" in args.only:
        time_single(results)
    if not args.only or "report" in args.only:
        time_report(results)
    print(f"\n{platform.node()}, {os.cpu_count()} Kerne, {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC\n")
    print("| Messung | Anfragen/s | p50 | p99 | Fehler |\n| --- | --- | --- | --- | --- |")
    for r in results:
        if "median_ms" in r:
            print(f"| {r['label']} | – | {r['median_ms']:.0f} ms | {r['max_ms']:.0f} ms (höchstens) | – |")
        elif "seconds" in r:
            print(f"| {r['label']} | – | – | {r['seconds']:.1f} s | – |")
        else:
            print(f"| {r['label']} | {r['rps']:.0f} | {r['p50_us'] / 1000:.1f} ms | {r['p99_us'] / 1000:.1f} ms "
                  f"| {r['non2xx'] + sum(r['errors'].values())} |")
    out = VAR_DIR / f"results-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
