"""collectstatic keeps every file a page asks for, and only those: no source maps, one CKEditor translation."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles.finders import find
from django.core.management import call_command
from django.test import Client, override_settings

from portal import roles
from portal.staticfiles import is_served
from tests import factories

PRODUCTION_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "portal.staticfiles.CompressedManifestStaticFilesStorage"},
}
STATIC_URL = re.compile(r'(?:src|href)="/static/([^"?#]+)"')


def test_source_maps_sources_and_other_translations_are_left_out_the_rest_is_kept():
    assert not is_served("django_ckeditor_5/dist/bundle.js.map")
    assert not is_served("django_ckeditor_5/dist/styles.css.map")
    assert not is_served("django_ckeditor_5/src/ckeditor.js")
    assert not is_served("django_ckeditor_5/app.js")
    assert not is_served("django_ckeditor_5/dist/translations/fr.js")
    for needed in (
        "django_ckeditor_5/dist/bundle.js",
        "django_ckeditor_5/dist/styles.css",
        "django_ckeditor_5/dist/translations/vi.js",  # CKEDITOR_5_CONFIGS["default"]["language"]
        "admin/js/vendor/select2/i18n/vi.js",  # the admin's own files are all kept
        "admin/js/vendor/select2/i18n/en.js",
        "css/main.css",
    ):
        assert is_served(needed), needed
    # what is left out cannot be found either, so a page that asked for it would show it in the tests
    assert find("django_ckeditor_5/dist/bundle.js.map") is None
    assert find("django_ckeditor_5/dist/translations/fr.js") is None
    assert find("django_ckeditor_5/dist/translations/vi.js")


def test_the_translations_follow_the_editor_settings(settings):
    settings.CKEDITOR_5_CONFIGS = {"default": {"language": {"ui": "fr"}}, "other": {"language": ["de", "en"]}}
    assert [is_served(f"django_ckeditor_5/dist/translations/{code}.js") for code in ("fr", "de", "vi")] == [
        True,
        True,
        False,
    ]
    settings.CKEDITOR_5_USER_LANGUAGE = True  # the user's language: any of LANGUAGES
    assert is_served("django_ckeditor_5/dist/translations/vi.js")


@pytest.mark.django_db
def test_collectstatic_keeps_every_file_the_editor_and_the_public_pages_ask_for(tmp_path):
    static_root = tmp_path / "static"
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=static_root):
        call_command("collectstatic", "--noinput", verbosity=0)
    collected = {str(p.relative_to(static_root)) for p in static_root.rglob("*") if p.is_file()}
    assert not [name for name in collected if ".map" in name]
    translations = [n for n in collected if "/translations/" in n and n.endswith(".js")]
    assert len(translations) == 1
    assert re.fullmatch(r"django_ckeditor_5/dist/translations/vi\.[0-9a-f]{12}\.js", translations[0])
    assert sum((static_root / name).stat().st_size for name in collected) < 8 * 1024 * 1024

    factories.site_settings()
    factories.article(title="Khai mạc hội xuân")
    editor = Client()
    editor.force_login(factories.staff_user(roles.EDITOR))
    with override_settings(STORAGES=PRODUCTION_STORAGES, STATIC_ROOT=static_root):
        # the pages name the hashed files of the manifest (a file missing from it would be a 500 here)
        pages = {
            "/": Client().get("/"),
            "/tin-tuc/": Client().get("/tin-tuc/"),
            "admin editor": editor.get("/quan-tri/news/article/add/"),
        }
    requested = set()
    for label, response in pages.items():
        assert response.status_code == 200, label
        requested |= set(STATIC_URL.findall(response.content.decode()))
    editor_files = set(STATIC_URL.findall(pages["admin editor"].content.decode()))
    for needed in ("django_ckeditor_5/dist/bundle.", "django_ckeditor_5/dist/translations/vi.", "css/main."):
        assert any(name.startswith(needed) for name in requested), needed
    assert any(name.startswith("django_ckeditor_5/dist/styles.") for name in editor_files)
    for name in requested:
        assert name in collected, f"{name} is asked for but was not collected"
        if name.endswith((".js", ".css")):  # served compressed
            assert {f"{name}.gz", f"{name}.br"} <= collected, name
    assert settings.STATIC_URL == "/static/"
