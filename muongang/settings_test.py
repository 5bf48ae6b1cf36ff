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
# The page cache is tested on its own (tests/muongang/test_page_cache.py turns it on); the other
# tests measure rendering itself (query counts, view counts shown at once).
PAGE_CACHE = False
