"""The benchmark's bare view exists only when scripts/bench.sh asks for it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PROBE = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import Resolver404, resolve
setup_test_environment()
try:
    resolve("/bench-bare/")
except Resolver404:
    print("404")
else:
    response = Client().get("/bench-bare/")
    print(response.status_code, response["Content-Type"], response.content.decode())
"""


def probe(**env):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "muongang.settings_test", **env}
    if "BENCH_BARE_VIEW" not in env:
        environment.pop("BENCH_BARE_VIEW", None)
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=REPO, env=environment, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.strip()


@pytest.mark.django_db
def test_no_bench_view_in_production(client):
    assert client.get("/bench-bare/").status_code == 404


def test_bench_view_answers_ok_when_the_benchmark_enables_it():
    # plain text, so the visitor counter leaves it alone
    assert probe(BENCH_BARE_VIEW="1") == "200 text/plain ok"
    assert probe() == "404"
