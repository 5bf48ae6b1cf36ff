"""MEDIA_STORAGE_URL: read once, a wrong value stops the process with a message saying what is wrong."""

import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.storage import parse_storage_url
from tests.production.servers import ROOT


def test_a_store_url_gives_the_endpoint_bucket_keys_and_region():
    options = parse_storage_url(
        "s3+http://khoa%2Fmot:b%C3%AD-m%E1%BA%ADt@store:8333/portal?region=vn-hanoi-1"
    )
    assert options["endpoint_url"] == "http://store:8333"
    assert options["bucket_name"] == "portal"
    assert (options["access_key"], options["secret_key"]) == ("khoa/mot", "bí-mật")
    assert options["region_name"] == "vn-hanoi-1"
    assert options["file_overwrite"] is False and options["default_acl"] is None
    assert parse_storage_url("s3://k:s@s3.example.vn/portal")["endpoint_url"] == "https://s3.example.vn"
    assert parse_storage_url("") is None


@pytest.mark.parametrize(
    "url, message",
    [
        ("http://k:s@host/portal", "must start with s3://"),
        ("s3://k:s@host/", "one bucket name"),
        ("s3://k:s@host/a/b", "one bucket name"),
        ("s3://host/portal", "access key and secret key"),
        ("s3://k:s@host/portal?regoin=x", "unknown option regoin"),
    ],
)
def test_a_wrong_store_url_is_refused_with_a_clear_message(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_storage_url(url)


def test_a_process_with_a_wrong_store_url_does_not_start():
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SECRET_KEY": "x-0123456789abcdefghijklmnopqrstuvwxyz0123",
        "DJANGO_HTTPS": "0",
        "MEDIA_STORAGE_URL": "minio://k:s@host/portal",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "MEDIA_STORAGE_URL must start with s3://" in result.stderr
