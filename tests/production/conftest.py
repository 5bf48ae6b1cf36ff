import os
import shutil

import pytest

from tests.conftest import require
from tests.production.servers import collect_static


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected once for every gunicorn the production tests start."""
    root = tmp_path_factory.mktemp("production-static") / "static"
    collect_static(root)
    return root


@pytest.fixture(scope="session")
def postgres_server_url():
    """The PostgreSQL server of DATABASE_URL, where these tests create their own throwaway databases."""
    url = os.environ.get("DATABASE_URL", "")
    require(url.startswith("postgres"), "DATABASE_URL=postgres://… is needed")
    return url


@pytest.fixture(scope="session")
def redis_server_binary():
    require(shutil.which("redis-server"), "redis-server is not installed")
