"""Settings for the Gobierno Abierto portal.

Everything that differs between a laptop and production comes from environment
variables. The defaults are the embedded development set-up: an SQLite file,
tasks run in-process, e-mail printed to the console. Production refuses to
start with the development secret key (see the end of this module).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEV_SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# The public name of the site, used in e-mails and feeds.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Where people write to the Mesa de Gobierno Abierto: shown in the footer, the
# accessibility statement (to report a barrier) and the privacy page.
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="gobiernoabierto@ogp.gob.cl")
# Who is responsible for the personal data the portal keeps (the data
# controller of Law 19.628, as reformed by Law 21.719), and where people write
# to exercise their rights: named on the privacy page (/privacidad/).
DATA_CONTROLLER_NAME = env.str(
    "DATA_CONTROLLER_NAME", default="Ministerio Secretaría General de la Presidencia"
)
DATA_CONTROLLER_EMAIL = env.str("DATA_CONTROLLER_EMAIL", default=CONTACT_EMAIL)
DATA_CONTROLLER_ADDRESS = env.str(
    "DATA_CONTROLLER_ADDRESS", default="Moneda 1160, Santiago, Región Metropolitana"
)

INSTALLED_APPS = [
    # The admin site that asks staff for a second factor (core/admin_site.py).
    "core.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "corsheaders",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    # Their admin headings in words (core/third_party_apps.py).
    "core.third_party_apps.TOTPConfig",
    "core.third_party_apps.AxesConfig",
    # ogp_portal keeps only the migrations of the outbox's first home (core
    # took the table over); the apps follow the dependency order.
    "ogp_portal",
    "core",
    "plans",
    "stages",
    "proposals",
    "worktables",
    "selection",
    "consultation",
    "tracking",
    "api",
    "opendata",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that may answer: a CORS preflight gets its headers.
    "corsheaders.middleware.CorsMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A shared link's utm_* and click ids: a redirect to the address without them.
    "core.middleware.DropTrackingParametersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.signin.StaffIdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "stages.middleware.InProcessCalendarMiddleware",
    # Last: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ogp_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

WSGI_APPLICATION = "ogp_portal.wsgi.application"

# --- Data stores -----------------------------------------------------------

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", 60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("connect_timeout", 5)
    # No JIT compilation: the page queries run in milliseconds, but the progress
    # dashboard's correlated subqueries look expensive to the planner, which then
    # spent 0.7 s compiling a query that runs in 0.4 ms (10 000 synthetic commitments).
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# The cache only saves work: while Redis cannot be reached (a restart, a
# fail-over) a read finds nothing and a write is dropped, with a log line, so
# pages are built from the database and forms still save, instead of failing.
# The rate limits let requests through meanwhile (core/ratelimit.py).
REDIS_CACHE_OPTIONS = {
    "SOCKET_CONNECT_TIMEOUT": 2,
    "SOCKET_TIMEOUT": 2,
    "IGNORE_EXCEPTIONS": True,
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "ogp-portal",
        }
    }

# Whole public pages are kept this many seconds for anonymous visitors
# (core/cache.py); any change to public data refreshes them at once. 0 turns
# the page cache off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=300)

# --- Celery ------------------------------------------------------------------
# Without a broker the tasks run in-process (the embedded default), so a laptop
# needs neither Redis nor a worker. With CELERY_BROKER_URL set, a real worker
# and beat do the work.

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "America/Santiago"
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "core.tasks.heartbeat", "schedule": 60.0},
    "calendar-tick": {"task": "stages.tasks.calendar_tick", "schedule": 60.0},
    "send-queued-emails": {"task": "core.tasks.send_queued_emails", "schedule": 60.0},
    "prune-personal-data": {"task": "core.tasks.prune_personal_data", "schedule": 86400.0},
    # 24 hours before each session, once per person (worktables/services/events.py).
    "event-reminders": {"task": "worktables.tasks.send_event_reminders", "schedule": 600.0},
    # Idempotent (one e-mail per milestone, and per commitment each half-year):
    # running it more often than needed sends nothing twice.
    "progress-reminders": {"task": "tracking.tasks.send_progress_reminders", "schedule": 3600.0},
}

# --- Proposals -------------------------------------------------------------------
# Stored proposals allowed per client address and per e-mail address. Offices
# and universities share one address behind NAT: keep the first generous.
PROPOSALS_PER_IP_PER_HOUR = env.int("PROPOSALS_PER_IP_PER_HOUR", default=30)
PROPOSALS_PER_EMAIL_PER_DAY = env.int("PROPOSALS_PER_EMAIL_PER_DAY", default=5)
# The form in steps keeps a draft on the server: how long its link works, and
# how many drafts one address may start in an hour.
PROPOSAL_DRAFT_DAYS = env.int("PROPOSAL_DRAFT_DAYS", default=30)
PROPOSAL_DRAFTS_PER_IP_PER_HOUR = env.int("PROPOSAL_DRAFTS_PER_IP_PER_HOUR", default=60)
# How many reverse proxies (load balancer, nginx...) stand in front of the
# portal and append to X-Forwarded-For. 0: the header is ignored and the rate
# limits use REMOTE_ADDR. Set it to exactly the number of proxies: one too many
# lets a visitor choose their own address (core/ratelimit.py client_ip).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 0 or a positive number of proxies.")

# --- Read API and open data ---------------------------------------------------------
# /api/v1/ (api/): read-only, public, JSON. Each client address may make this
# many requests (DRF's "N/second|minute|hour|day"); past it, 429 with Retry-After.
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="300/minute")
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # Public data only: no accounts, so no session, no CSRF and no cookie.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.ClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # OPTIONS answers 405 (a CORS preflight is answered by the middleware first).
    "DEFAULT_METADATA_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Gobierno Abierto Chile: API de datos abiertos",
    "DESCRIPTION": (
        "Read-only access to the official record of Chile's Open Government action "
        "plans: plans, their calendars, commitments with milestones and progress, "
        "institutions, published proposals with their public trail, sessions, "
        "commitment drafts and progress updates. No key; JSON; licence CC BY 4.0."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_errors",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CompletionEnum": "plans.models.Completion",
        "ProposalStatusEnum": "proposals.models.Status",
        "ProposerSectorEnum": "proposals.models.ProposerSector",
        "RegionEnum": "proposals.models.Region",
    },
}
# CORS (django-cors-headers): any site may read the API and the open data from
# a browser, with GET only and without credentials.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/(api|datos-abiertos|en/datos-abiertos)/"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "accept-language", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400

# --- Calendar engine -------------------------------------------------------------
# Reminders go out this many hours before a stage closes.
CALENDAR_CLOSING_NOTICE_HOURS = env.int("CALENDAR_CLOSING_NOTICE_HOURS", default=48)
# An edge that passed longer ago than this (e.g. the 2020 calendar, loaded today)
# is recorded as skipped rather than acted on: nobody wants a 2020 reminder.
CALENDAR_CATCH_UP_DAYS = env.int("CALENDAR_CATCH_UP_DAYS", default=7)
# Without beat, the first request of each minute runs the tick.
CALENDAR_TICK_IN_REQUESTS = env.bool("CALENDAR_TICK_IN_REQUESTS", default=not CELERY_BROKER_URL)

# --- Personal data -----------------------------------------------------------------
# How long personal data is kept after its purpose ends (core/retention.py,
# `manage.py prune`): e-mail addresses of sent e-mails, unconfirmed or cancelled
# subscriptions, and proposers' details once their process's calendar is over.
PERSONAL_DATA_RETENTION_DAYS = env.int("PERSONAL_DATA_RETENTION_DAYS", default=365)

# --- E-mail ------------------------------------------------------------------

_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
for _key in (
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
):
    if _key in _email:
        globals()[_key] = _email[_key]
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Gobierno Abierto <no-responder@ogp.gob.cl>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The outbox (core/mail.py): beat re-sends e-mails queued longer than this
# many seconds ago and still not sent (broker down at the time, task lost).
EMAIL_OUTBOX_SWEEP_AFTER = env.int("EMAIL_OUTBOX_SWEEP_AFTER", default=120)
# An e-mail the SMTP server keeps refusing with a transient error (4xx, down)
# is tried again by the sweep until it has been queued this long; then it is
# marked failed for staff to see (/gestion/correos/). Three days, as mail
# servers keep a message in their queue.
EMAIL_GIVE_UP_AFTER = env.int("EMAIL_GIVE_UP_AFTER", default=3 * 86400)

# --- Authentication -----------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Staff sign in at /admin/login/ (every staff page sends people there).
# Brute force (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one
# account from one address, that pair is refused for AXES_COOLOFF_MINUTES,
# whatever the password. Counting the pair, not the account alone, keeps a
# stranger from locking a moderator out; the second factor makes a guessed
# password useless on its own. The address is the one the rate limits use.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# Failures are kept (AccessFailureLog) next to successes (AccessLog): with the
# activity log's "staff.signed_in" / "staff.sign_in_failed", the audit of
# staff sign-ins (core/signin.py).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_VERBOSE = False
# Two-factor sign-in (django-otp, TOTP): on unless DEBUG. Off, a password is
# enough; `check --deploy` warns about it. Enrol with `manage.py enrol_totp`.
STAFF_TWO_FACTOR = env.bool("STAFF_TWO_FACTOR", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Gobierno Abierto Chile")
# A staff session ends after STAFF_IDLE_MINUTES without a request, and in any
# case SESSION_COOKIE_AGE after signing in. Only staff keep a session that
# matters (a visitor's holds at most the tracking code just shown).
STAFF_IDLE_MINUTES = env.int("STAFF_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)

# --- Language and time --------------------------------------------------------

LANGUAGE_CODE = "es-cl"
LANGUAGES = [
    ("es-cl", _("Spanish (Chile)")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "America/Santiago"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# Hashed, compressed file names need `collectstatic` to have run: on in
# production, off in development and in the test suite (which checks it apart).
STATIC_MANIFEST = env.bool("STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
# Without the manifest, serve straight from the source folders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
WHITENOISE_AUTOREFRESH = not STATIC_MANIFEST
# Files browsers ask for at the site's root, whatever the page: /favicon.ico.
WHITENOISE_ROOT = BASE_DIR / "webroot"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security --------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): everything comes from this site, and no
# inline script, style or event handler runs, so injected markup cannot either.
# Templates keep to it (tests/test_security_headers.py scans them); data: images
# are Bootstrap's SVG icons in its stylesheet. The Django admin needs nothing more.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): the portal uses none of these
# browser features, so no page, nor anything injected into one, may ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is probed over plain HTTP by load balancers and process managers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

    if SECRET_KEY == DEV_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters "
            "when DEBUG is off. Generate one with: python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'"
        )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", "INFO")},
    # Axes says "deleted 0 failed attempts" at every sign-in: its warnings
    # (a lockout) are what matters; the audit is in the activity log.
    "loggers": {"axes": {"level": "WARNING"}},
}
