"""Settings for the test suite: the production settings with test-only changes."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production-0123456789abcdefghijklmnop")
os.environ.setdefault("DJANGO_HTTPS", "0")

from muongang.settings import *  # noqa: E402,F403

# pytest-django's live_server answers 404 for manifest-hashed static URLs.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
ALLOWED_HOSTS = ["*"]
# Static files straight from the source folders (no collectstatic before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The page cache is tested on its own (tests/portal/test_page_cache.py turns it on); the other
# tests measure rendering itself (query counts, view counts shown at once).
PAGE_CACHE = False
# Redis calls in the test process wait up to 1 s, not production's 50 ms: on a loaded 2-core machine a
# stall of 50 ms would open the circuit breaker and make an unrelated test fall back to the database.
# The breaker's own tests set production's timeouts (tests/portal/test_redis_breaker.py), and the
# servers of tests/production run with the production settings.
REDIS_TIMEOUT = REDIS_CONNECT_TIMEOUT = 1.0
# Tasks run at once, in the test, unless a test needs the real queue and worker (it sets TASKS itself).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# (pruning the queue needs the database backend)
SCHEDULED_JOBS = {  # noqa: F405
    name: when
    for name, when in SCHEDULED_JOBS.items()  # noqa: F405
    if name != "prune_db_task_results"
}
