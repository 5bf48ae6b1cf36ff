"""compose.yaml, .env.example and the Dockerfile agree: a misspelt variable would silently do nothing."""

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def portal_environment():
    """Names under the portal's `environment:` block of compose.yaml (the x-portal anchor)."""
    text = (REPO / "compose.yaml").read_text()
    block = text.split("environment: &portal-env", 1)[1].split("\n  volumes:", 1)[0]
    return re.findall(r"^    ([A-Z][A-Z0-9_]+):", block, re.MULTILINE)


def test_every_variable_compose_passes_is_read_by_the_portal():
    code = (REPO / "muongang" / "settings.py").read_text() + (REPO / "gunicorn.conf.py").read_text()
    names = portal_environment()
    assert "DJANGO_SECRET_KEY" in names and "DATABASE_URL" in names and "REDIS_URL" in names
    unread = [name for name in names if f'"{name}"' not in code]
    assert unread == []


def test_every_setting_of_env_example_is_used_by_compose():
    compose = (REPO / "compose.yaml").read_text()
    keys = re.findall(r"^([A-Z][A-Z0-9_]+)=", (REPO / ".env.example").read_text(), re.MULTILINE)
    assert "DJANGO_SECRET_KEY" in keys and "POSTGRES_PASSWORD" in keys
    assert [key for key in keys if "${" + key not in compose] == []


def test_compose_mounts_the_image_volumes_and_runs_postgresql_15():
    compose = (REPO / "compose.yaml").read_text()
    volumes = re.search(r"^VOLUME (\[.*\])$", (REPO / "Dockerfile").read_text(), re.MULTILINE)
    for path in json.loads(volumes.group(1)):
        assert re.search(rf"^ +- \w+:{re.escape(path)}$", compose, re.MULTILINE), path
    assert "image: postgres:15\n" in compose


def test_compose_runs_several_portals_behind_a_load_balancer_with_a_worker_a_scheduler_and_a_store():
    compose = (REPO / "compose.yaml").read_text()
    services = re.findall(
        r"^  ([a-z]+):$", compose.split("\nservices:\n", 1)[1].split("\nvolumes:\n", 1)[0], re.M
    )
    assert {"db", "redis", "store", "migrate", "portal", "lb", "worker", "scheduler"} <= set(services)
    portal = compose.split("\n  portal:\n", 1)[1].split("\n\n", 1)[0]
    assert re.search(r"replicas: [2-9]", portal) and "ports:" not in portal  # reached through the lb only
    assert (
        '["python", "manage.py", "db_worker"]' in compose
        and '["python", "manage.py", "run_scheduler"]' in compose
    )
    assert "prepare_store" in compose and "MEDIA_STORAGE_URL: s3+http://" in compose
    lb = compose.split("\n  lb:\n", 1)[1].split("\n\n", 1)[0]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in lb
    nginx = (REPO / "deploy" / "nginx.conf").read_text()
    assert "server portal:8000" in nginx and "proxy_pass http://portal;" in nginx
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in nginx
