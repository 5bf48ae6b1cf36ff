"""Static files: collect only what a browser is ever sent, and serve it hashed and compressed.

django-ckeditor-5 ships 12.8 MB of static files of which a browser gets about 1.8 MB: its source maps
(`bundle.js.map` alone is 8.6 MB), the sources the bundle was built from (`app.js`, `src/`) and the
translations of about 60 languages, of which the admin loads the one CKEDITOR_5_CONFIGS names (vi).
Compressing all of it with brotli took most of the time of a first `make run`. ``ServedFilesFinder`` leaves
these out of `collectstatic` (and out of the files served in tests, so a page that asked for one would show
it); ``ManifestStaticFilesStorage`` and ``CompressedManifestStaticFilesStorage`` no longer look for the
source maps the bundles' last comment names. tests/muongang/test_static_files.py checks that every file the
admin's editor and the public pages ask for is still collected.
"""

from fnmatch import fnmatch

from django.conf import settings
from django.contrib.staticfiles import storage
from django.contrib.staticfiles.finders import AppDirectoriesFinder
from whitenoise import storage as whitenoise_storage

CKEDITOR_TRANSLATIONS = "django_ckeditor_5/dist/translations/*.js"
# Never requested by a page: source maps (a browser fetches one only while its developer tools are open),
# and the editor's sources, of which the bundle in dist/ is built.
NEVER_SERVED = ["*.map", "django_ckeditor_5/app.js", "django_ckeditor_5/src/*"]


def ckeditor_languages():
    """The languages the editor's widget loads a translation for (as django_ckeditor_5.widgets does)."""
    languages = set()
    for config in getattr(settings, "CKEDITOR_5_CONFIGS", {}).values():
        language = config.get("language")
        if isinstance(language, dict):
            language = language.get("ui")
        languages.update([language] if isinstance(language, str) else language or [])
    if getattr(settings, "CKEDITOR_5_USER_LANGUAGE", False):  # the user's own language, among LANGUAGES
        languages.update(code for code, _name in settings.LANGUAGES)
    return languages


def is_served(path):
    """False for a static file no page ever requests."""
    if any(fnmatch(path, pattern) for pattern in NEVER_SERVED):
        return False
    if fnmatch(path, CKEDITOR_TRANSLATIONS):
        return path.rsplit("/", 1)[1].removesuffix(".js") in ckeditor_languages()
    return True


class ServedFilesFinder(AppDirectoriesFinder):
    """The apps' static files, less those no page requests."""

    def list(self, ignore_patterns):
        for path, source in super().list(ignore_patterns):
            if is_served(path):
                yield path, source

    def find(self, path, find_all=False):
        if not is_served(path):
            return []  # as AppDirectoriesFinder answers when it finds nothing
        return super().find(path, find_all=find_all)


def _without_source_maps(patterns):
    """Django's patterns less the `sourceMappingURL` comments: the maps are not collected."""

    def names_a_source_map(pattern):
        return "sourceMappingURL" in (pattern if isinstance(pattern, str) else pattern[0])

    return tuple((glob, tuple(p for p in found if not names_a_source_map(p))) for glob, found in patterns)


class ManifestStaticFilesStorage(storage.ManifestStaticFilesStorage):
    patterns = _without_source_maps(storage.ManifestStaticFilesStorage.patterns)


class CompressedManifestStaticFilesStorage(whitenoise_storage.CompressedManifestStaticFilesStorage):
    patterns = _without_source_maps(whitenoise_storage.CompressedManifestStaticFilesStorage.patterns)
