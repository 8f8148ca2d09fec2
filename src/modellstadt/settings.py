"""Modellstadt settings.

One module for every environment. Everything that differs between a laptop and a production
server comes from environment variables; the defaults are safe for a local demo (SQLite under
var/, DEBUG off, HTTP on 127.0.0.1). docs/operator-guide.md lists every variable.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("MODELLSTADT_VAR_DIR", BASE_DIR / "var"))


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_rate_limits(name):
    """Rate limits from the environment: ``scope=GUESTS/SECONDS,MEMBERS/SECONDS`` joined by ``;``, e.g.
    ``comment=5/600,20/600;report=5/600,20/600`` (guests per address, signed-in people per account,
    each as actions per window of seconds). Scopes not named keep their defaults (core/guards.py)."""
    from django.core.exceptions import ImproperlyConfigured

    limits = {}
    for entry in filter(None, (part.strip() for part in os.environ.get(name, "").split(";"))):
        scope, _sep, value = (piece.strip() for piece in entry.partition("="))
        try:
            pairs = [tuple(int(number) for number in limit.split("/")) for limit in value.split(",")]
            if not scope or len(pairs) != 2 or any(len(pair) != 2 or min(pair) < 1 for pair in pairs):
                raise ValueError
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: '{entry}' is not SCOPE=GUESTS/SECONDS,MEMBERS/SECONDS with whole numbers of at "
                "least 1, e.g. 'comment=5/600,20/600;report=5/600,20/600'."
            ) from None
        limits[scope] = tuple(pairs)
    return limits


def _secret_key():
    """SECRET_KEY from the environment, or a random key kept in var/ so sessions survive restarts."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    try:
        return key_file.read_text().strip()
    except FileNotFoundError:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(50)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


DEBUG = env_bool("DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# --- HTTPS hardening: on in production (MODELLSTADT_HTTPS=true), off for the local demo ---------
HTTPS = env_bool("MODELLSTADT_HTTPS")
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
# Load balancers probe the health checks over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("SECURE_HSTS_PRELOAD", True)
if env_bool("USE_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Nothing of the portal is meant to be framed. Wagtail's preview panel still works: its preview views
# set X-Frame-Options: SAMEORIGIN themselves (wagtail.utils.decorators.xframe_options_sameorigin_override).
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy on every response (django-csp; core/security.py): this host only, no inline
# script or style, no plugins, framed only by the portal itself (Wagtail's preview panel), forms post
# only here (and to the city's identity provider when single sign-on is configured).
from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402


def _origin(url):
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "frame-src": [SELF],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, *filter(None, [_origin(os.environ.get("OIDC_SERVER_URL", ""))])],
        "frame-ancestors": [SELF],
    },
}
# Wagtail's admin needs inline scripts and styles and data:/blob: image previews (core/security.py).
MODELLSTADT_BACK_OFFICE_PREFIX = "/verwaltung/"
MODELLSTADT_CSP_BACK_OFFICE = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:", "blob:"],
}
# Permissions-Policy (django-permissions-policy): no page may use these browser features. Nothing uses
# geolocation yet; a "locate me" button on the map would need "geolocation": [SELF].
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "ambient-light-sensor", "autoplay", "bluetooth", "camera", "display-capture",
        "encrypted-media", "geolocation", "gyroscope", "hid", "idle-detection", "magnetometer",
        "microphone", "midi", "payment", "publickey-credentials-get", "screen-wake-lock", "serial",
        "usb", "xr-spatial-tracking",
    )
}
# Number of reverse proxies in front of the app; allauth's rate limits then key on the client's address
# from X-Forwarded-For instead of the proxy's (0 = the app faces clients directly).
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", 0))

INSTALLED_APPS = [
    "modellstadt.core",
    "modellstadt.accounts",
    "modellstadt.partners",
    "modellstadt.strategy",
    "modellstadt.projects",
    "modellstadt.news",
    "modellstadt.dossier",
    "modellstadt.participation",  # migration history only
    "modellstadt.ideas",
    "modellstadt.comments",
    "modellstadt.moderation",
    "modellstadt.notifications",
    "modellstadt.opendata",
    "modellstadt.progress",
    "modellstadt.assistant",
    "modellstadt.portal",
    "modellstadt.demo",
    "modellstadt.operations",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "csp",
]

MIDDLEWARE = [
    # First: every log record of the request carries its id (X-Request-ID), every request is timed.
    "modellstadt.core.request_id.RequestIdMiddleware",
    "modellstadt.core.metrics.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "modellstadt.core.security.PortalCSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Above everything that may query, so a database outage answers 503 with the maintenance page, not 500.
    "modellstadt.operations.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "modellstadt.core.cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "modellstadt.core.middleware.GermanFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "modellstadt.core.cache.KnownSiteMiddleware",  # after CommonMiddleware has refused unknown hosts
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "modellstadt.core.guards.SharedStateGuardMiddleware",  # account writes never skip a limit (Redis down)
    "django.contrib.messages.middleware.MessageMiddleware",
    "modellstadt.core.middleware.StorageUnavailableMiddleware",  # file store down: 503 page, not 500
    "modellstadt.accounts.middleware.StaffTwoFactorMiddleware",
    "modellstadt.accounts.middleware.TermsConsentMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "modellstadt.urls"
WSGI_APPLICATION = "modellstadt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "modellstadt.core.context_processors.portal",
            ],
        },
    },
]

# --- Database: SQLite (WAL) under var/ by default, PostgreSQL via DATABASE_URL ----------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'modellstadt.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", 60)),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql")
if IS_POSTGRES and env_bool("MODELLSTADT_DB_PREPARED_STATEMENTS", True):
    # Parameters are sent apart from the SQL and psycopg prepares a statement on the server once the
    # connection has run it five times: PostgreSQL then plans the many-join page queries once per
    # connection instead of on every request (planning was 0.8 ms of the idea query's 0.9 ms, see
    # docs/benchmarks.md). Switch it off behind a pooler that cannot keep prepared statements
    # (PgBouncer in transaction mode before 1.21, or without max_prepared_statements).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# --- Cache: files under var/ (shared by the worker processes of one machine) by default; Redis --------
# (REDIS_URL) when several app servers share the load. "pages" holds rendered anonymous pages.
if os.environ.get("REDIS_URL"):
    CACHES = {
        alias: {
            # Django's RedisCache that answers "not cached" while Redis is down (core/cache_backends.py)
            "BACKEND": "modellstadt.core.cache_backends.FailOpenRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"modellstadt-{alias}",
        }
        for alias in ("default", "pages")
    }
else:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache" / alias),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
        for alias in ("default", "pages")
    }
PAGE_CACHE_ALIAS = "pages"
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 120))
# Parts of pages that are the same for everyone, for visitors the page cache does not serve (signed in):
# kept per content version (core/fragments.py); 0 switches them off.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", 600))
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Accounts (django-allauth): email login with confirmation, TOTP, optional OpenID Connect ------------
AUTHENTICATION_BACKENDS = [
    "modellstadt.accounts.backends.OneQueryPermissionBackend",  # permissions only, one query (accounts/backends.py)
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SIGNUP_FORM_CLASS = "modellstadt.accounts.forms.SignupForm"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Guessing passwords: allauth counts failed logins per account and IP in the shared cache.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# The platform's wording, e-mail signature, per-account login limit and redirect check (accounts/adapter.py).
ACCOUNT_ADAPTER = "modellstadt.accounts.adapter.AccountAdapter"
MFA_ADAPTER = "modellstadt.accounts.adapter.MFAAdapter"
SOCIALACCOUNT_ADAPTER = "modellstadt.accounts.adapter.SocialAccountAdapter"
ACCOUNT_FORMS = {
    "login": "modellstadt.accounts.allauth_forms.LoginForm",
    "signup": "modellstadt.accounts.allauth_forms.SignupForm",
    "change_password": "modellstadt.accounts.allauth_forms.ChangePasswordForm",
    "set_password": "modellstadt.accounts.allauth_forms.SetPasswordForm",
    "reset_password_from_key": "modellstadt.accounts.allauth_forms.ResetPasswordKeyForm",
    "add_email": "modellstadt.accounts.allauth_forms.AddEmailForm",
}
# People are shown by the name they chose, never by the user name the platform generated.
ACCOUNT_USER_DISPLAY = "modellstadt.accounts.adapter.user_display"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MODELLSTADT_SITE_NAME", "Modellstadt")
# A code typed in the last seconds of its 30-second step still counts when it arrives in the next one
# (RFC 6238, 5.2: one step of delay); allauth marks a used code for the whole window, so none is used twice.
MFA_TOTP_TOLERANCE = 1
MODELLSTADT_REQUIRE_STAFF_MFA = env_bool("MODELLSTADT_REQUIRE_STAFF_MFA", True)
# Comments, reports and ideas (core/guards.py RATE_LIMITS); see env_rate_limits above for the format.
MODELLSTADT_RATE_LIMITS = env_rate_limits("MODELLSTADT_RATE_LIMITS")
MODELLSTADT_TERMS_VERSION = os.environ.get("MODELLSTADT_TERMS_VERSION", "2026-11")
LOGIN_REDIRECT_URL = "/konto/"
WAGTAILADMIN_LOGIN_URL = "/konto/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/konto/login/"  # a page with a view restriction sends visitors to the portal's sign-in
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
if os.environ.get("OIDC_SERVER_URL"):
    # The city's identity provider (e.g. Keycloak realm URL); see docs/operator-guide.md.
    SOCIALACCOUNT_PROVIDERS["openid_connect"]["APPS"].append(
        {
            "provider_id": os.environ.get("OIDC_PROVIDER_ID", "stadt"),
            "name": os.environ.get("OIDC_NAME", "Stadt-Konto"),
            "client_id": os.environ["OIDC_CLIENT_ID"],
            "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
            "settings": {"server_url": os.environ["OIDC_SERVER_URL"]},
        }
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time: German first, English second; stored in UTC, shown in Europe/Berlin --------
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "modellstadt_language"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

# --- Static and media files ------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Object storage: with MODELLSTADT_S3_BUCKET set, public media and private files go to one S3-compatible
# bucket (django-storages' S3 backend on boto3; MinIO, Ceph RGW, a city's storage): public media under
# media/, private files under private/<folder>/ (core.uploads). Credentials come from AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY in the environment through boto3 and never enter the settings. Unset: files on disk.
MODELLSTADT_S3_BUCKET = os.environ.get("MODELLSTADT_S3_BUCKET", "")
MODELLSTADT_S3 = (
    {
        "bucket_name": MODELLSTADT_S3_BUCKET,
        "endpoint_url": os.environ.get("MODELLSTADT_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("MODELLSTADT_S3_REGION") or "eu-central-1",
        "addressing_style": os.environ.get("MODELLSTADT_S3_ADDRESSING_STYLE", "path"),
        "private_acl": os.environ.get("MODELLSTADT_S3_PRIVATE_ACL", "private"),  # empty: no ACL header
        "timeout": int(os.environ.get("MODELLSTADT_S3_TIMEOUT", 5)),
    }
    if MODELLSTADT_S3_BUCKET
    else None
)
STORAGES = {
    "default": (
        {"BACKEND": "modellstadt.core.uploads.PublicMediaStorage", "OPTIONS": MODELLSTADT_S3}
        if MODELLSTADT_S3
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_BACKEND", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600
# Public media are images and their renditions only; documents go through Wagtail's permission-checked
# serve view and private uploads (letters of support) live under PRIVATE_MEDIA_ROOT, never under /media/.
SERVE_MEDIA = env_bool("MODELLSTADT_SERVE_MEDIA", True)
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# --- Email through Django's email framework ---------------------------------------------------------
# Every mail goes through MeteredEmailBackend, which counts sent and failed messages for /metrics and
# hands them to the backend named by the EMAIL_BACKEND environment variable.
MODELLSTADT_EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_BACKEND = "modellstadt.core.metrics.MeteredEmailBackend"
# Folder of the file backend (django.core.mail.backends.filebased.EmailBackend): one file per sending run.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", 25))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Modellstadt <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS = [("Betrieb", a) for a in env_list("ADMINS")]

# --- Wagtail: content layer and back office ---------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("MODELLSTADT_SITE_NAME", "Modellstadt")
WAGTAILADMIN_BASE_URL = os.environ.get("MODELLSTADT_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("de", "Deutsch")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("de", "Deutsch"), ("en", "English")]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "german",
    }
}
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_EXTENSIONS = ["pdf", "odt", "docx", "xlsx", "csv", "txt"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILEMBEDS_FINDERS = []  # no requests to third parties

WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no avatar requests to a third party

# Background tasks (emails, notification digests, dossier builds, Wagtail's index updates) run through
# Django's task framework (django-tasks) with the database queue of django-tasks-db; `modellstadt
# worker` executes them outside the request (`make run` starts one, see docs/operator-guide.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# A task worker is expected to run (`modellstadt worker`): /readyz then fails while no worker heartbeat is
# newer than MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE seconds (operations/heartbeat.py).
MODELLSTADT_EXPECT_WORKER = env_bool("MODELLSTADT_EXPECT_WORKER", True)
MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE = int(os.environ.get("MODELLSTADT_WORKER_HEARTBEAT_MAX_AGE", "120"))
# Seconds a client is asked to wait (Retry-After) when the database is unreachable and the site answers 503.
MODELLSTADT_MAINTENANCE_RETRY_AFTER = int(os.environ.get("MODELLSTADT_MAINTENANCE_RETRY_AFTER", "30"))

LOGIN_URL = "account_login"

# --- Logs: standard error, as text (default) or one JSON object a line (MODELLSTADT_LOG_FORMAT=json, for
# a log collector). Every record carries request_id and task_id (core/request_id.py).
MODELLSTADT_LOG_FORMAT = os.environ.get("MODELLSTADT_LOG_FORMAT", "text").strip().lower()
if MODELLSTADT_LOG_FORMAT not in ("text", "json"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("MODELLSTADT_LOG_FORMAT must be 'text' or 'json'.")
# The request id the load balancer sends (nginx $request_id); empty: always make a new one.
MODELLSTADT_REQUEST_ID_HEADER = os.environ.get("MODELLSTADT_REQUEST_ID_HEADER", "X-Request-ID").strip()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "modellstadt.core.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [request_id=%(request_id)s task_id=%(task_id)s] "
                           "%(message)s"},
        "json": {"()": "modellstadt.core.log_format.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": MODELLSTADT_LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Metrics for Prometheus at /metrics (operations/metrics.py) ----------------------------------------
# Readable from a loopback address without a proxy header (MODELLSTADT_METRICS_LOOPBACK, default on) or
# with "Authorization: Bearer <MODELLSTADT_METRICS_TOKEN>".
MODELLSTADT_METRICS_TOKEN = os.environ.get("MODELLSTADT_METRICS_TOKEN", "")
MODELLSTADT_METRICS_LOOPBACK = env_bool("MODELLSTADT_METRICS_LOOPBACK", True)
# prometheus_client's folder for the values of several processes (gunicorn workers, the task worker);
# must exist, be empty at the start of the service and be the same for every process of one machine.
PROMETHEUS_MULTIPROC_DIR = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")

# --- Portal ------------------------------------------------------------------------------------------
MODELLSTADT_PAGE_SIZE = 20

# --- Progress: base map of /karte/ ------------------------------------------------------------------
# A PMTiles file the operator cuts for the city from OpenStreetMap data (docs/operator-guide.md,
# "Hintergrundkarte"); the portal serves it itself at /karte/basiskarte.pmtiles. Empty or missing: the
# map shows its markers on a plain background.
MODELLSTADT_BASEMAP_PMTILES = os.environ.get("MODELLSTADT_BASEMAP_PMTILES", str(VAR_DIR / "basiskarte.pmtiles"))
# The city's area as "west,south,east,north" in degrees (WGS 84), e.g. "10.60,52.33,10.92,52.50". When set, a
# place given for an idea must lie inside it (a German error next to the coordinates otherwise). Empty: no check.
MODELLSTADT_CITY_BOUNDS = tuple(float(v) for v in env_list("MODELLSTADT_CITY_BOUNDS")) or None
if MODELLSTADT_CITY_BOUNDS is not None and len(MODELLSTADT_CITY_BOUNDS) != 4:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("MODELLSTADT_CITY_BOUNDS needs four numbers: west,south,east,north.")
# --- Idea assistant (local models; nothing is downloaded or sent elsewhere) --------------------------
# New model versions are trained in the task worker after this many new field decisions of the office.
ASSISTANT_RETRAIN_AFTER = int(os.environ.get("ASSISTANT_RETRAIN_AFTER", "20"))
# The spam pre-check is trained once moderators have hidden and published at least this many each.
ASSISTANT_SPAM_MIN_EACH = int(os.environ.get("ASSISTANT_SPAM_MIN_EACH", "10"))
# Show the summary of long comment threads on public idea pages too (the office always sees it).
ASSISTANT_PUBLIC_SUMMARIES = env_bool("ASSISTANT_PUBLIC_SUMMARIES", False)

# --- Open data ---------------------------------------------------------------------------------------
# Official municipality key (Amtlicher Gemeindeschlüssel) of the city: the datasets' political geocoding.
MODELLSTADT_MUNICIPALITY_KEY = os.environ.get("MODELLSTADT_MUNICIPALITY_KEY", "03103000")
# GovData contributor ID (dcatde:contributorID), issued by GovData on request; empty until then.
OPENDATA_CONTRIBUTOR_ID = os.environ.get("OPENDATA_CONTRIBUTOR_ID", "")
OPENDATA_MAX_UPLOAD_BYTES = int(os.environ.get("OPENDATA_MAX_UPLOAD_MB", "200")) * 1024 * 1024
OPENDATA_API_RATE = int(os.environ.get("OPENDATA_API_RATE", "600"))  # requests per key (or address) a minute
# PostgreSQL memory for building the indexes of a loaded data table (maintenance_work_mem, per load)
OPENDATA_INDEX_BUILD_MEMORY = os.environ.get("OPENDATA_INDEX_BUILD_MEMORY", "256MB")
# licence of the data API itself in the DCAT catalogue (dcat:DataService); a key of vocabularies.LICENCES
OPENDATA_SERVICE_LICENCE = os.environ.get("OPENDATA_SERVICE_LICENCE", "dl-zero-de/2.0")
INSTALLED_APPS.append("ninja")  # serves the Swagger UI assets of /api/docs/ from the app itself

# --- Documents (accessible PDFs, letters of support) -------------------------------------------------
# Pages a letter of support may have: checked on upload and again when letters are appended to a dossier.
MODELLSTADT_LETTER_MAX_PAGES = int(os.environ.get("MODELLSTADT_LETTER_MAX_PAGES", "10"))
