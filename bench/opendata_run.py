"""Load measurement of the open data platform: a catalogue of 10,000 datasets from 300 publishers and a
1,000,000-row table (about 100 MB of CSV).

    .venv/bin/python bench/opendata_run.py [--duration 20] [--connections 16] [--reset] [--load-only] [--only data]

1. creates and migrates its own database `modellstadt_bench_opendata` (or BENCH_OPENDATA_DATABASE_URL)
   and generates the catalogue once (seed 2026),
2. writes a 1,000,000-row CSV in the style of a municipal export (semicolons, decimal commas, German
   dates) and loads it through the real upload path (`services.upload_version` + `load_version`) in a
   child process, reporting wall time, the child's CPU time (user + system), its peak memory
   (ru_maxrss) and the machine's load average before and after (``--load-only`` stops here),
3. downloads the whole table as streamed CSV in a child process and reports its peak memory next to
   that of a 1,000-row download (constant memory means both are about equal),
4. starts gunicorn as `make serve` does (DEBUG off, page cache off; the kept parts and answers of
   ``FRAGMENT_CACHE_SECONDS`` stay on as in production, ``FRAGMENT_CACHE_SECONDS=0`` in the environment
   measures every request built afresh; Redis at ``--redis-url`` for the caches as in production) and
   drives the catalogue, `package_search`, filtered data-API queries and one DCAT catalogue page with
   `wrk` (16 connections), printing p50/p99 per address as a Markdown table.

Only 127.0.0.1 is contacted; every wrk run is bounded by --duration.
"""

import argparse
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import common

HERE = Path(__file__).resolve().parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/modellstadt_bench_opendata"
CSV_PATH = common.VAR_DIR / "opendata-1m.csv"
ROWS = 1_000_000
DATASETS, PUBLISHERS = 10_000, 300
DISTRICTS = ["Stadtmitte", "Mitte-West", "Nordstadt", "Vorsfelde", "Fallersleben-Sülfeld", "Detmerode", "Westhagen",
             "Ehmen-Mörse", "Hehlingen", "Neuhaus-Reislingen", "Barnstorf-Nordsteimke", "Almke-Neindorf",
             "Hattorf-Heiligendorf", "Kästorf-Sandkamp", "Wendschott", "Brackstedt-Velstove-Warmenau"]
TARGETS_MS = {"catalogue": 100, "ckan": 100, "data": 50, "dcat": 300}


def url():
    return os.environ.get("BENCH_OPENDATA_DATABASE_URL", DEFAULT_URL)


def python(*args, env=None):
    return subprocess.run([sys.executable, str(Path(__file__)), *args], check=True, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}).stdout


# --- child steps (run in their own processes) ----------------------------------------------------------


def step_generate():
    common.setup_django(url())
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from modellstadt.opendata.models import Dataset, Distribution, DistributionVersion, Keyword, Theme
    from modellstadt.partners.models import Organisation
    from modellstadt.portal.services import ensure_portal_structure
    from modellstadt.strategy.models import HomePage

    if not HomePage.objects.exists():  # the portal's skeleton: the server check asks for "/"
        ensure_portal_structure(city="Benchstadt", programme_name="Digitale Benchstadt")
    if Dataset.objects.exists():
        print(json.dumps({"generated": False}))
        return
    rnd = random.Random(2026)
    themes = [Theme.objects.get_or_create(code=c)[0] for c in ("TRAN", "ENER", "ENVI", "SOCI", "TECH", "GOVE")]
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create([
            Organisation(name=f"Anbieter {i:03d}", slug=f"anbieter-{i:03d}", kind="municipal_company")
            for i in range(PUBLISHERS)
        ])
        keywords = Keyword.objects.bulk_create([Keyword(name=f"Schlagwort {i}") for i in range(400)])
        now = datetime.datetime.now(datetime.UTC)
        datasets = Dataset.objects.bulk_create([
            Dataset(slug=f"datensatz-{i:05d}", publisher=orgs[i % PUBLISHERS],
                    title=f"{rnd.choice(['Verkehr', 'Energie', 'Sensor', 'Bevölkerung', 'Umwelt'])}daten {i}",
                    description=f"Beschreibung des Datensatzes {i} mit erfundenen Werten. " * 3,
                    licence=rnd.choice(["dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0"]), state="published",
                    no_personal_data=True, issued=now, modified=now - datetime.timedelta(minutes=i),
                    frequency="MONTHLY", formats="CSV")
            for i in range(DATASETS)
        ], batch_size=2000)
        Dataset.keywords.through.objects.bulk_create([
            Dataset.keywords.through(dataset_id=d.pk, keyword_id=k.pk)
            for d in datasets for k in rnd.sample(keywords, 3)
        ], batch_size=5000)
        Dataset.themes.through.objects.bulk_create([
            Dataset.themes.through(dataset_id=d.pk, theme_id=t.pk) for d in datasets for t in rnd.sample(themes, 2)
        ], batch_size=5000)
        dists = Distribution.objects.bulk_create([
            Distribution(dataset=d, title="Tabelle", format="CSV", media_type="text/csv") for d in datasets
        ], batch_size=2000)
        versions = DistributionVersion.objects.bulk_create([
            DistributionVersion(distribution=d, number=1, original_name="daten.csv", byte_size=12345,
                                sha256="0" * 64, file="beispiel.csv") for d in dists
        ], batch_size=2000)
        for d, v in zip(dists, versions, strict=True):
            d.live_version_id = v.pk
        Distribution.objects.bulk_update(dists, ["live_version"], batch_size=2000)
    User = get_user_model()
    User.objects.get_or_create(username="bench-buero", defaults={"is_superuser": True, "is_staff": True})
    print(json.dumps({"generated": True, "datasets": len(datasets), "publishers": len(orgs)}))


def write_csv(path=CSV_PATH, rows=ROWS):
    """German date-times (31.12.2025 23:59) and decimal commas (12,34) in a semicolon CSV."""
    rnd = random.Random(2026)
    start = datetime.datetime(2025, 1, 1)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("Id;Zeitpunkt;Stadtteil;Sensor;Messwert;Anzahl;Gestört;Bemerkung\n")
        for i in range(1, rows + 1):
            at = start + datetime.timedelta(minutes=i)
            value = f"{rnd.uniform(0, 100):.2f}".replace(".", ",")
            fh.write(f"{i};{at:%d.%m.%Y %H:%M};{DISTRICTS[i % 16]};Sensor {i % 97:02d};{value};"
                     f"{rnd.randrange(0, 500)};{'ja' if i % 50 == 0 else 'nein'};"
                     f"Messung im Stadtteil {DISTRICTS[i % 16]}, Gerät {i % 7}\n")


def step_load():
    common.setup_django(url())
    from django.contrib.auth import get_user_model
    from django.core.files import File

    from modellstadt.opendata import services
    from modellstadt.opendata.models import Dataset, DistributionVersion
    from modellstadt.partners.models import Organisation

    office = get_user_model().objects.get(username="bench-buero")
    org = Organisation.objects.order_by("pk").first()
    ds = Dataset.objects.filter(slug="messwerte-1m").first()
    if ds is None:
        ds = services.save_dataset(office, None, slug="messwerte-1m", publisher=org, title="Messwerte (1 Mio. Zeilen)",
                                   description="Erfundene Messwerte für die Lastmessung.", keywords=["Sensor"])
        dist = services.add_distribution(office, ds, title="Messwerte", format="CSV")
    else:
        dist = ds.distributions.get()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load_before = os.getloadavg()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()
    with open(CSV_PATH, "rb") as fh:
        version = services.upload_version(office, dist, upload=File(fh, name="messwerte.csv"), primary_key=["Id"],
                                          load_now=True)
    seconds = time.monotonic() - started
    cpu = resource.getrusage(resource.RUSAGE_SELF)
    load_after = os.getloadavg()
    version = DistributionVersion.objects.get(pk=version.pk)
    if not ds.is_published:
        services.publish_dataset(office, ds, confirm_no_personal_data=True)
    print(json.dumps({"seconds": round(seconds, 1),
                      "cpu_user_s": round(cpu.ru_utime - cpu_before.ru_utime, 1),
                      "cpu_system_s": round(cpu.ru_stime - cpu_before.ru_stime, 1),
                      "loadavg_before": [round(x, 2) for x in load_before],
                      "loadavg_after": [round(x, 2) for x in load_after],
                      "rows": version.row_count, "state": version.table_state,
                      "report": version.report[:3], "maxrss_mb": round(resource.getrusage(
                          resource.RUSAGE_SELF).ru_maxrss / 1024, 1), "rss_before_mb": round(rss_before / 1024, 1),
                      "dist": dist.pk, "bytes": version.byte_size}))


def step_download(dist_id, query):
    common.setup_django(url())
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    response = client.get(f"/api/v1/resources/{dist_id}/download.csv{query}")
    size = lines = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        lines += chunk.count(b"\n")
    print(json.dumps({"status": response.status_code, "lines": lines, "mb": round(size / 1e6, 1),
                      "seconds": round(time.monotonic() - started, 1),
                      "rss_before_mb": round(before / 1024, 1),
                      "maxrss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))


# --- the parent -------------------------------------------------------------------------------------


def slow_start_server_class(run):
    class SlowStartServer(run.Server):
        """run.Server, but waiting up to five minutes for /daten/ (a busy machine boots workers slowly)."""

        def __enter__(self):
            self.log = open(self.log_path, "w")  # noqa: SIM115 - closed in __exit__
            self.proc = subprocess.Popen(self.cmd, env=self.env, cwd=common.ROOT, stdout=self.log,
                                         stderr=subprocess.STDOUT)
            deadline = time.monotonic() + 300
            while time.monotonic() < deadline:
                try:
                    if run.fetch(self.port, "/daten/", timeout=30)[0] == 200:
                        return self
                except OSError:
                    pass
                time.sleep(1)
            self.__exit__(None, None, None)
            sys.exit(f"gunicorn antwortet nicht; siehe {self.log_path}")

    return SlowStartServer


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workers", type=int, default=5)
    parser.add_argument("--reset", action="store_true", help="drop and generate the bench database again")
    parser.add_argument("--skip-load", action="store_true", help="keep the loaded 1,000,000-row table")
    parser.add_argument("--skip-download", action="store_true", help="do not measure the streamed download")
    parser.add_argument("--load-only", action="store_true", help="only generate, write the CSV and load it")
    parser.add_argument("--only", default="", help="comma-separated kinds to measure: catalogue, ckan, data, dcat")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"),
                        help="Redis for the server's caches (rate limits, kept answers), as in production; "
                             "flushed first. Empty: the file cache of a set-up without Redis")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    import run

    wrk = None if args.load_only else run.require_wrk()
    SlowStartServer = slow_start_server_class(run)  # noqa: N806
    db = url()
    common.VAR_DIR.mkdir(parents=True, exist_ok=True)
    if args.reset:
        common.drop_database(db)
    common.create_database(db)
    env = {**os.environ, **common.django_environment(db)}
    subprocess.run([str(common.BIN / "modellstadt"), "migrate", "--no-input", "-v", "0"], env=env, check=True)
    subprocess.run([str(common.BIN / "modellstadt"), "collectstatic", "--no-input", "-v", "0"], env=env, check=True)
    started = time.monotonic()
    print("Katalog:", python("generate").strip(), f"({time.monotonic() - started:.0f} s)", flush=True)
    results = {"date": datetime.datetime.now(datetime.UTC).isoformat()}
    if not args.skip_load or not CSV_PATH.exists():
        started = time.monotonic()
        write_csv()
        print(f"CSV geschrieben: {CSV_PATH.stat().st_size / 1e6:.0f} MB in {time.monotonic() - started:.0f} s")
        load = json.loads(python("load"))
        results["load"] = load
        print("Laden:", load, flush=True)
    if args.load_only:
        return
    common.setup_django(db)
    from modellstadt.opendata.datastore import encode_cursor
    from modellstadt.opendata.models import Dataset

    ds = Dataset.objects.get(slug="messwerte-1m")
    dist = ds.distributions.get().pk
    if not args.skip_download:
        full = json.loads(python("download", str(dist), ""))
        small = json.loads(python("download", str(dist), "?id__lte=1000"))
        results["download"] = {"full": full, "small": small}
        print("Download ganz:", full, "\nDownload 1.000 Zeilen:", small, flush=True)
    org = ds.publisher.slug
    targets = [
        ("catalogue", "Katalog, Seite 1", "/daten/"),
        ("catalogue", "Katalog, Suche und Facetten", "/daten/?q=Energie&thema=ENER&lizenz=cc-by/4.0"),
        ("catalogue", "Katalog, Seite 200", "/daten/?seite=200"),
        ("ckan", "package_search q", "/api/3/action/package_search?q=Sensordaten&rows=10"),
        ("ckan", "package_search fq", f"/api/3/action/package_search?fq=organization:{org}&rows=20"),
        ("data", "Daten-API: Gleichheit + Bereich", f"/api/v1/resources/{dist}/rows?stadtteil=Vorsfelde"
                                                    f"&messwert__gte=50&limit=100"),
        ("data", "Daten-API: Bereich id > 500.000", f"/api/v1/resources/{dist}/rows?id__gt=500000&limit=100"),
        ("data", "Daten-API: Zeitraum ab 14.12.2025", f"/api/v1/resources/{dist}/rows"
                                                     f"?zeitpunkt__gte=2025-12-14T00:00:00&limit=100"),
        ("data", "Daten-API: Keyset-Seite ab Zeile 500.000", f"/api/v1/resources/{dist}/rows?limit=100"
                                                              f"&cursor={encode_cursor(None, 500_001)}"),
        ("data", "Daten-API: sortiert, Feldauswahl", f"/api/v1/resources/{dist}/rows?sort=-anzahl&fields=id,anzahl"
                                                     f"&limit=50"),
        ("dcat", "DCAT-Katalogseite (100 Datensätze)", "/daten/katalog.ttl?page=50"),
    ]
    if args.only:
        targets = [t for t in targets if t[0] in args.only.split(",")]
    rows = []
    server = SlowStartServer(db, workers=args.workers, page_cache_seconds=0, mode="opendata")
    server.env["OPENDATA_API_RATE"] = "100000000"
    if args.redis_url:
        import redis

        redis.Redis.from_url(args.redis_url).flushdb()
        server.env["REDIS_URL"] = args.redis_url
    results["cache"] = "redis" if args.redis_url else "file"
    with server:
        for kind, label, path in targets:
            status, _headers = run.fetch(server.port, path)
            if status != 200:
                sys.exit(f"{path} antwortet {status}")
            run.run_wrk(wrk, args, server.port, path, args.warmup)
            result = run.run_wrk(wrk, args, server.port, path, args.duration)
            result.update(kind=kind, label=label, path=path, p50_ms=result["p50_us"] / 1000,
                          p99_ms=result["p99_us"] / 1000,
                          requests_per_sec=result["requests"] / (result["duration_us"] / 1e6))
            result["ok"] = result["p99_ms"] < TARGETS_MS[kind] and not result["non2xx"]
            rows.append(result)
            print(f"  {label}: p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, "
                  f"{result['requests_per_sec']:.0f} req/s", flush=True)
    results["pages"] = rows
    print("\n| Adresse | Pfad | req/s | p50 (ms) | p99 (ms) | Ziel p99 | erreicht |")
    print("| --- | --- | ---: | ---: | ---: | ---: | :---: |")
    for r in rows:
        print(f"| {r['label']} | `{r['path']}` | {r['requests_per_sec']:.0f} | {r['p50_ms']:.1f} | "
              f"{r['p99_ms']:.1f} | < {TARGETS_MS[r['kind']]} | {'ja' if r['ok'] else '**nein**'} |")
    out = common.VAR_DIR / f"opendata-{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"Ergebnisse: {out}")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("generate", "load", "download"):
        step = sys.argv[1]
        if step == "generate":
            step_generate()
        elif step == "load":
            step_load()
        else:
            step_download(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "")
    else:
        main()
