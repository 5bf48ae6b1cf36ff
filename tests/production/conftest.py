import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import require
from tests.production.servers import PostgresCluster, collect_static, pg_bin_dir

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items):
    """The servers started here read the machine's clock: these tests keep the real time under --clock."""
    for item in items:
        if item.path.is_relative_to(HERE):
            item.add_marker(pytest.mark.real_clock)


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


@pytest.fixture
def pg_cluster():
    """A PostgreSQL server of the test's own, to stop and start while the site serves."""
    bin_dir = pg_bin_dir()
    require(bin_dir, "PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed")
    cluster = PostgresCluster(bin_dir)
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()
