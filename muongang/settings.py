"""Settings of the portal, read from the environment.

Safe by default: without DJANGO_DEBUG=1 the site refuses to start without a
SECRET_KEY, serves only over HTTPS (unless DJANGO_HTTPS=0) and marks its
cookies secure. Every variable is listed in the README.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name, default):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-only-for-DEBUG-mode"

# *.localhost names resolve to this machine in browsers: the province demo's units (load_demo --province)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# Number of reverse proxies in front of the app whose X-Forwarded-For we trust
# (0 = use the socket address). Used by the visitor counter and rate limits.
NUM_PROXIES = env_int("DJANGO_NUM_PROXIES", 0)

INSTALLED_APPS = [
    "portal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_ckeditor_5",
    # the queue of background tasks (django.tasks) in the database, run by `manage.py db_worker`; before
    # portal, whose admin replaces its English one
    "django_tasks_db",
    "portal",
    "website",
    "news",
    "procedures",
    "citizens",
    "axes",
]

# The model a feedback names as its procedure: configuration wires the apps, so citizens never imports
# procedures (it finds a procedure by its code through portal.contributions).
PORTAL_PROCEDURE_MODEL = "procedures.Procedure"

# where the admin is served (urls.py); the unit in scope there is the one the person works in
ADMIN_PATH = "/quan-tri/"

MIDDLEWARE = [
    # answers /healthz before host checks and the HTTPS redirect (container and load-balancer probes)
    "portal.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.DatabaseDownMiddleware",
    # the unit whose site the host is, in scope for everything below (portal.units)
    "portal.middleware.UnitMiddleware",
    # ETag and 304 for whatever comes back, from the page cache or not (outside the counter,
    # so a revalidated page is still counted before it becomes a 304).
    "django.middleware.http.ConditionalGetMiddleware",
    # The counter sits outside the page cache, so pages served from the cache are counted too.
    "portal.middleware.VisitorCounterMiddleware",
    "portal.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # in the admin, the unit the person works in
    "portal.middleware.AdminUnitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "portal.middleware.AdminEditorCSPMiddleware",
    # a NUL or non-UTF-8 query string gets the Vietnamese 400 page before any view or filter sees it
    "portal.middleware.QueryStringMiddleware",
    "portal.middleware.NFCInputMiddleware",
    # last: it answers a locked-out admin login with the Vietnamese 429 page
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "muongang.urls"
WSGI_APPLICATION = "muongang.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "website.context_processors.portal",
            ],
            "builtins": ["django.templatetags.static"],
        },
    },
]

# --- Database -----------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # Fail fast when the server is unreachable instead of hanging a worker.
    options.setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 2))
    pool_size = env_int("DATABASE_POOL_MAX", 0)
    if pool_size:
        # psycopg's pool needs CONN_MAX_AGE = 0; connections return to the pool.
        options["pool"] = {
            "min_size": 1,
            "max_size": pool_size,
            # How long a request waits for a connection: while the database is down, this is how
            # soon visitors get the 503 page. Keep DATABASE_POOL_MAX ≥ GUNICORN_THREADS so that
            # a request never waits for a busy connection of its own process.
            "timeout": env_int("DATABASE_POOL_TIMEOUT", 2),
            # Stop retrying a lost connection after 5 s (psycopg's backoff would otherwise wait
            # up to minutes); the next request starts afresh, so the site is back within
            # seconds of the database.
            "reconnect_timeout": 5,
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        # the pool checks a connection before lending it, so none broken by a restart is used
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# Every Redis call (cache, page cache, sessions, rate limits, visitor counts, locks) is made through
# portal.redis_breaker: short timeouts, and after a failure Redis is skipped for
# REDIS_BREAKER_SECONDS (then one call probes it), so a hung Redis never holds a page.
REDIS_CONNECT_TIMEOUT = env_int("REDIS_CONNECT_TIMEOUT_MS", 50) / 1000
REDIS_TIMEOUT = env_int("REDIS_TIMEOUT_MS", 50) / 1000
REDIS_BREAKER_SECONDS = env_int("REDIS_BREAKER_SECONDS", 5)
if REDIS_CONNECT_TIMEOUT <= 0 or REDIS_TIMEOUT <= 0:
    raise ImproperlyConfigured("REDIS_CONNECT_TIMEOUT_MS and REDIS_TIMEOUT_MS must be at least 1")
DJANGO_REDIS_CONNECTION_FACTORY = "portal.redis_breaker.ConnectionFactory"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
            # A Redis outage degrades to cache misses, never to a 500.
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
    DJANGO_REDIS_IGNORE_EXCEPTIONS = True
    # The breaker logs each outage once; a line per skipped call would flood the log.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}}

# Sessions (staff only) go through the cache only when the cache is shared by every process.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"
)

# --- Language, time, formats --------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Django's "vi" locale reads 05/07/2024 as 7 May and shows dashes; ours does not.
FORMAT_MODULE_PATH = ["muongang.formats"]
# Django's "vi" translation leaves admin strings in English ("Show counts", "Run") or awkward ("Bản ghi nhớ"
# for History); locale/vi/LC_MESSAGES (compiled .mo committed) overrides them, for the admin's scripts too.
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static and media -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Personal data (feedback attachments): never under MEDIA_ROOT, served only to authorised staff.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private"))
# Each unit's essentials as static pages, served while the database is down (portal/snapshots.py); written
# by `manage.py write_snapshots`. On every app server's own disk, or a shared folder.
SNAPSHOT_ROOT = Path(os.environ.get("SNAPSHOT_ROOT", BASE_DIR / "snapshots"))
# Uploads on an S3-compatible object store shared by every app server and worker (portal/storage.py,
# docs/operations.md): s3://ACCESS_KEY:SECRET_KEY@host:port/bucket?region=…, s3+http:// over plain HTTP.
# Empty (the default): on this machine's disk, MEDIA_ROOT and PRIVATE_MEDIA_ROOT.
MEDIA_STORAGE_URL = os.environ.get("MEDIA_STORAGE_URL", "").strip()
# Serve uploads from the app itself (demo, or a server with no web server in front). With an object store
# the portal serves /media/ from it (pages name no other host: the CSP allows images from 'self' only).
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", DEBUG or bool(MEDIA_STORAGE_URL))
# On the object store an article's photo sizes (renditions) are made by the worker (news.tasks), not in the
# editor's request; pages show the original until they exist. On the disk they are made at upload.
RENDITIONS_IN_BACKGROUND = env_bool("RENDITIONS_IN_BACKGROUND", bool(MEDIA_STORAGE_URL))
# ... and when the store does not answer, tried again after each of these delays (about 40 minutes in all).
RENDITIONS_RETRY_SECONDS = tuple(env_list("RENDITIONS_RETRY_SECONDS", "10,60,300,1800"))
if not all(seconds.isdigit() for seconds in RENDITIONS_RETRY_SECONDS):
    raise ImproperlyConfigured(
        f"RENDITIONS_RETRY_SECONDS must be whole numbers of seconds, comma-separated, not {RENDITIONS_RETRY_SECONDS!r}"
    )
RENDITIONS_RETRY_SECONDS = tuple(int(seconds) for seconds in RENDITIONS_RETRY_SECONDS)
STORAGES = {
    "default": {
        "BACKEND": "portal.storage.PublicStorageBase"
        if MEDIA_STORAGE_URL
        else "django.core.files.storage.FileSystemStorage"
    },
    # whitenoise's, hashed and compressed (gzip, brotli), less the source maps' comments (portal/staticfiles.py)
    "staticfiles": {"BACKEND": "portal.staticfiles.CompressedManifestStaticFilesStorage"},
}
# Pages name static files through {% static %}, which gives the hashed name: the unhashed copies would
# never be requested, so collectstatic neither keeps nor compresses them.
WHITENOISE_KEEP_ONLY_HASHED_FILES = True
# The apps' files less those no page requests (source maps, CKEditor's sources and unused translations).
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "portal.staticfiles.ServedFilesFinder",
]
# Uploads: refuse anything bigger than this before it reaches a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

# --- Security ---------------------------------------------------------------------
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
if env_bool("DJANGO_SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
SESSION_COOKIE_AGE = 8 * 60 * 60
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# The admin's rich-text editor needs two exceptions, on /quan-tri/ only: while a photo uploads,
# CKEditor shows it from a data:/blob: URL, and it sizes images and tables with style attributes.
# style-src-attr allows style *attributes* only; <style> elements and every script stay strict.
SECURE_CSP_ADMIN = {
    **SECURE_CSP,
    "img-src": [CSP.SELF, "data:", "blob:"],
    "style-src-attr": [CSP.UNSAFE_INLINE],
}

# Browsers may use none of these features on our pages (nor may anything embedded in them). Each name is
# one Chromium knows: an unknown one (such as "bluetooth") only puts a warning in the console.
PERMISSIONS_POLICY = {
    feature: "()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "interest-cohort",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
    )
}

# --- Admin login: brute-force protection (django-axes) ----------------------------------
# A client is an IPv4 address or an IPv6 /64 (portal.visitors.client_network). Two locks
# (portal/lockout.py):
# - five wrong passwords for one username from one client lock that pair (other users, and the same
#   user from elsewhere, can still log in) until an administrator deletes the attempts in the admin
#   ("Đăng nhập sai"); AXES_COOLOFF_MINUTES > 0 also unlocks by itself after that time;
# - LOGIN_ACCOUNT_FAILURE_LIMIT wrong passwords for one username from anywhere within
#   LOGIN_ACCOUNT_LOCK_MINUTES lock the account for everyone until no failure is that recent,
#   or an administrator unlocks it.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # rights come from the person's role in the unit in scope (portal.backends.MembershipBackend)
    "portal.backends.MembershipBackend",
]
AXES_HANDLER = "portal.lockout.PortalAxesHandler"
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [
    ["ip_address", "username"],
    "username",
]  # portal.lockout reads them in this order
LOGIN_ACCOUNT_FAILURE_LIMIT = env_int("LOGIN_ACCOUNT_FAILURE_LIMIT", 20)
LOGIN_ACCOUNT_LOCK_MINUTES = env_int("LOGIN_ACCOUNT_LOCK_MINUTES", 15)
_axes_cooloff_minutes = env_int("AXES_COOLOFF_MINUTES", 0)
AXES_COOLOFF_TIME = timedelta(minutes=_axes_cooloff_minutes) if _axes_cooloff_minutes else None
AXES_RESET_ON_SUCCESS = True
# the address DJANGO_NUM_PROXIES says is the client's, an IPv6 one as its /64
AXES_CLIENT_IP_CALLABLE = "portal.visitors.client_network"
AXES_LOCKOUT_CALLABLE = "portal.views.login_locked"
AXES_ENABLE_ADMIN = False  # portal.admin shows the attempts with Vietnamese labels
AXES_DISABLE_ACCESS_LOG = True  # keep failed attempts only, not every staff login with its address
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# After logging in with an unsafe ?next= (another site, //host, javascript:) Django falls back to this;
# the only login is the admin's, so land there rather than on Django's default /accounts/profile/.
LOGIN_REDIRECT_URL = "admin:index"

# --- Mail (Django 6.1 MAILERS) -----------------------------------------------------
EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_mail_options = {}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    _mail_options = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS"),
        "timeout": 10,
    }
elif EMAIL_BACKEND_PATH.endswith("filebased.EmailBackend"):
    # the demo (`make run`): each mail a file in EMAIL_FILE_PATH, to read what citizens and staff would get
    _mail_options = {"file_path": os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "mails"))}
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": _mail_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
# A notification the mail server refuses is tried again after each of these delays, then noted on the case
# as «lỗi gửi thư» (citizens/notifications.py): 4 attempts over about 36 minutes.
NOTIFICATION_RETRY_SECONDS = (60, 5 * 60, 30 * 60)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work (Django's own tasks framework, django.tasks) ----------------------------
# Tasks wait in the database (django-tasks-db) and `manage.py db_worker` runs them (the `worker` service):
# no broker beside PostgreSQL, and a task enqueued on commit is never lost with a web process.
# TASKS_BACKEND=django.tasks.backends.immediate.ImmediateBackend runs each task at once, in the caller.
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Periodic jobs (`manage.py run_scheduler`, the `scheduler` service) -------------------------
# name of a management command → every how many seconds (an int) or at what time each day ("HH:MM",
# local time). Each run holds a lock (PostgreSQL advisory lock; a file lock on SQLite) so that a job never
# runs twice at once, even with a scheduler on several machines; each run's time and outcome is kept in
# portal.JobRun and shown by /healthz.
SCHEDULED_JOBS = {
    # a backstop: each portal process moves the visit counts from Redis every VISITORS_FLUSH_SECONDS
    "flush_visits": 60,
    # each unit's essentials as static pages, served while PostgreSQL is down (Điều 13 khoản 2, NĐ 224/2026)
    "write_snapshots": 15 * 60,
    # the service-quality figures read by /chat-luong-dich-vu/ and /thong-ke-ho-so/
    "rollup_service_quality": 60 * 60,
    # personal data past each unit's retention period, or whose sender asked for removal (Luật 91/2025/QH15)
    "anonymise_personal_data": "02:30",
    # each member of staff with an email is told what is overdue for them (website.reminders)
    "remind_overdue": "07:30",
    # the province's measurement of every unit's site (Điều 12, NĐ 224/2026): completeness, timeliness,
    # page checks, use; read by /quan-tri/website/unitmeasurement/ and /danh-gia-cong-thong-tin/
    "measure_units": "04:00",
}
if TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend":
    # the queue's records of finished tasks (task, ids, links: no personal data) after 14 days
    SCHEDULED_JOBS["prune_db_task_results"] = "03:00"
# How long the scheduler sleeps between two looks at what is due.
SCHEDULER_TICK_SECONDS = env_int("SCHEDULER_TICK_SECONDS", 5)
# Where the file locks of the periodic jobs live on SQLite (one machine only).
JOB_LOCK_DIR = Path(os.environ.get("JOB_LOCK_DIR", BASE_DIR / ".job-locks"))

# --- Rich text (CKEditor 5) ---------------------------------------------------
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"
CKEDITOR_5_FILE_STORAGE = "news.images.CleanPhotoStorage"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "webp"]
CKEDITOR_5_MAX_FILE_SIZE = 10  # MB
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "vi",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "underline",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "insertTable",
                "|",
                "imageUpload",
                "|",
                "undo",
                "redo",
            ],
            "shouldNotGroupWhenFull": False,
        },
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Đoạn văn", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Tiêu đề 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Tiêu đề 3", "class": "ck-heading_heading3"},
                {"model": "heading4", "view": "h4", "title": "Tiêu đề 4", "class": "ck-heading_heading4"},
            ]
        },
        "image": {"toolbar": ["toggleImageCaption", "imageTextAlternative"]},
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
    }
}

# --- Visitor counter --------------------------------------------------------------
# "Đang online" window, and how long the rendered counter numbers are reused.
VISITORS_ONLINE_SECONDS = 5 * 60
VISITORS_COUNTS_CACHE_SECONDS = env_int("VISITORS_COUNTS_CACHE_SECONDS", 30)
# With Redis, visits wait there until one process of the site moves them into the database, every
# this many seconds (0: only `manage.py flush_visits` does): a Redis restarted empty loses at most these.
VISITORS_FLUSH_SECONDS = env_int("VISITORS_FLUSH_SECONDS", 5)

# --- Page cache -----------------------------------------------------------------------
# Whole anonymous public pages kept in the shared cache (portal/pagecache.py), keyed by the
# content version so that a change shows at once on every process. PAGE_CACHE=0 turns it off.
# A page is kept no longer than the footer's counter numbers, so it never freezes them longer.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
# How long a process trusts that an uploaded file it found (or missed) on the disk is still (or still not)
# there: a list page checks a dozen photos in six sizes each (portal.models.file_present). 0: every view.
MEDIA_PRESENCE_SECONDS = env_int("MEDIA_PRESENCE_SECONDS", 60)
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", VISITORS_COUNTS_CACHE_SECONDS)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# A province-wide search (/tim-kiem/?pham-vi=toan-tinh) on PostgreSQL is stopped after this many milliseconds
# and answers with a message asking to choose a unit: some words cost seconds across hundreds of units.
PROVINCE_SEARCH_MS = env_int("PROVINCE_SEARCH_MS", 1500)
