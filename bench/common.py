"""Shared set-up of the benchmark scripts: the bench database, its environment, Django.

Everything the benchmark writes lives apart from the normal installation: its own PostgreSQL
database (``modellstadt_bench`` unless ``BENCH_DATABASE_URL`` says otherwise) and its own var/
directory (``var/bench/``: page cache, collected static files), so neither the demo database nor
the demo's page cache is touched.
"""

import os
import secrets
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
VAR_DIR = ROOT / "var" / "bench"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/modellstadt_bench"


def database_url():
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def database_name(url):
    return urlsplit(url).path.lstrip("/")


def _maintenance_connection(url):
    import psycopg

    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit(f"Der Benchmark braucht PostgreSQL, nicht {parts.scheme!r} ({url}).")
    return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)


def database_exists(url):
    with _maintenance_connection(url) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)]).fetchone() is not None


def create_database(url):
    """Create the bench database if it does not exist. Returns True if it was created."""
    from psycopg import sql

    name = database_name(url)
    with _maintenance_connection(url) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return False
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def drop_database(url):
    from psycopg import sql

    name = database_name(url)
    if "bench" not in name:
        sys.exit(f"Aus Vorsicht werden nur Datenbanken mit „bench“ im Namen gelöscht, nicht {name!r}.")
    with _maintenance_connection(url) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def django_environment(url, *, page_cache_seconds=None):
    """Environment variables for a Django process (generator, collectstatic, gunicorn) on the bench data."""
    env = {
        "DJANGO_SETTINGS_MODULE": "modellstadt.settings",
        "DATABASE_URL": url,
        "MODELLSTADT_VAR_DIR": str(VAR_DIR),
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "LOG_LEVEL": "WARNING",
    }
    if page_cache_seconds is not None:
        env["PAGE_CACHE_SECONDS"] = str(page_cache_seconds)
    return env


def setup_django(url, **extra_env):
    """Configure this process for the bench database and call django.setup()."""
    os.environ.update(django_environment(url))
    os.environ.update({key: str(value) for key, value in extra_env.items()})
    (VAR_DIR / "static").mkdir(parents=True, exist_ok=True)  # WhiteNoise warns if STATIC_ROOT is missing
    src = str(ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    import django

    django.setup()
