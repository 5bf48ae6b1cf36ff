"""The settings module read afresh under different environments."""

import importlib.util
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from whitenoise.storage import CompressedManifestStaticFilesStorage

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "muongang" / "settings.py"
VARIABLES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "DJANGO_ALLOWED_HOSTS",
    "DJANGO_CSRF_TRUSTED_ORIGINS",
    "MEDIA_ROOT",
    "DJANGO_HTTPS",
    "DATABASE_POOL_MAX",
    "DJANGO_SECURE_PROXY_SSL_HEADER",
    "REDIS_TIMEOUT_MS",
    "REDIS_CONNECT_TIMEOUT_MS",
    "REDIS_BREAKER_SECONDS",
    "TASKS_BACKEND",
    "EMAIL_BACKEND",
    "EMAIL_FILE_PATH",
]


def load(monkeypatch, **env):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("settings_under_test", SETTINGS_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_secret_key_required_without_debug(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        load(monkeypatch)


def test_debug_runs_without_secret_key(monkeypatch):
    settings = load(monkeypatch, DJANGO_DEBUG="1")
    assert settings.DEBUG is True
    assert settings.SECRET_KEY
    assert settings.SECURE_SSL_REDIRECT is False


def test_production_defaults_are_safe(monkeypatch):
    settings = load(monkeypatch, DJANGO_SECRET_KEY="x" * 60)
    assert settings.DEBUG is False
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert settings.SECURE_SSL_REDIRECT and settings.SESSION_COOKIE_SECURE and settings.CSRF_COOKIE_SECURE
    assert settings.SECURE_HSTS_SECONDS >= 31536000
    assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
    assert settings.LANGUAGE_CODE == "vi" and settings.TIME_ZONE == "Asia/Ho_Chi_Minh" and settings.USE_TZ
    # whitenoise's storage (hashed names, gzip and brotli), less the source maps' comments
    static_storage = import_string(settings.STORAGES["staticfiles"]["BACKEND"])
    assert issubclass(static_storage, CompressedManifestStaticFilesStorage)


def test_postgresql_url_with_persistent_connections(monkeypatch):
    settings = load(
        monkeypatch, DJANGO_SECRET_KEY="x" * 60, DATABASE_URL="postgres://portal:pw@db.internal:5432/portal"
    )
    db = settings.DATABASES["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == ("db.internal", 5432, "portal", "portal")
    assert db["CONN_MAX_AGE"] == 60 and db["CONN_HEALTH_CHECKS"] is True
    assert db["OPTIONS"]["connect_timeout"] == 2


def test_postgresql_pool(monkeypatch):
    settings = load(
        monkeypatch,
        DJANGO_SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://p@localhost/portal",
        DATABASE_POOL_MAX="8",
    )
    db = settings.DATABASES["default"]
    assert db["OPTIONS"]["pool"]["max_size"] == 8
    assert db["CONN_MAX_AGE"] == 0


def test_redis_url_gives_a_shared_cache(monkeypatch):
    settings = load(monkeypatch, DJANGO_SECRET_KEY="x" * 60, REDIS_URL="redis://127.0.0.1:6379/2")
    assert settings.CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert settings.CACHES["default"]["LOCATION"] == "redis://127.0.0.1:6379/2"
    # every Redis client of the site gets short timeouts and the circuit breaker
    assert settings.DJANGO_REDIS_CONNECTION_FACTORY == "portal.redis_breaker.ConnectionFactory"
    assert (settings.REDIS_CONNECT_TIMEOUT, settings.REDIS_TIMEOUT, settings.REDIS_BREAKER_SECONDS) == (
        0.05,
        0.05,
        5,
    )


def test_redis_timeouts_from_the_environment(monkeypatch):
    settings = load(
        monkeypatch, DJANGO_SECRET_KEY="x" * 60, REDIS_TIMEOUT_MS="80", REDIS_BREAKER_SECONDS="10"
    )
    assert (settings.REDIS_TIMEOUT, settings.REDIS_BREAKER_SECONDS) == (0.08, 10)
    with pytest.raises(ImproperlyConfigured, match="REDIS_TIMEOUT_MS"):
        load(monkeypatch, DJANGO_SECRET_KEY="x" * 60, REDIS_TIMEOUT_MS="0")  # 0 would mean "wait forever"


def test_hosts_origins_and_media_from_environment(monkeypatch, tmp_path):
    settings = load(
        monkeypatch,
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="muongang.dienbien.gov.vn, www.muongang.dienbien.gov.vn",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://muongang.dienbien.gov.vn",
        MEDIA_ROOT=str(tmp_path),
        DJANGO_SECURE_PROXY_SSL_HEADER="1",
    )
    assert settings.ALLOWED_HOSTS == ["muongang.dienbien.gov.vn", "www.muongang.dienbien.gov.vn"]
    assert settings.CSRF_TRUSTED_ORIGINS == ["https://muongang.dienbien.gov.vn"]
    assert settings.MEDIA_ROOT == tmp_path
    assert settings.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")


def test_misspelt_boolean_is_refused(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG"):
        load(monkeypatch, DJANGO_DEBUG="maybe")


def test_the_demo_runs_tasks_at_once_and_writes_mails_to_files(monkeypatch, tmp_path):
    production = load(monkeypatch, DJANGO_SECRET_KEY="x" * 50)
    assert production.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert production.MAILERS["default"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    demo = load(
        monkeypatch,
        DJANGO_SECRET_KEY="x" * 50,
        TASKS_BACKEND="django.tasks.backends.immediate.ImmediateBackend",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mails"),
    )
    assert demo.TASKS["default"]["BACKEND"] == "django.tasks.backends.immediate.ImmediateBackend"
    assert demo.MAILERS["default"]["OPTIONS"] == {"file_path": str(tmp_path / "mails")}
