"""Two gunicorn processes sharing one PostgreSQL database and one Redis behave as one site."""

import html
import time
import urllib.parse
from types import SimpleNamespace

import psycopg
import pytest
import redis

from tests.conftest import redis_url_of_this_process, require
from tests.production.servers import (
    BOT_UA,
    BROWSER_UA,
    Gunicorn,
    admin_login,
    app_env,
    create_database,
    csrf_token,
    drop_database,
    footer_counts,
    manage,
)

pytestmark = pytest.mark.postgres

EDITOR = ("bientap", "MuongAng@2020")
# A page with a form's CSRF token: never served from a page cache, so its footer is current.
COUNTER_PAGE = "/phan-anh-kien-nghi/"


@pytest.fixture(scope="module")
def site(postgres_server_url, static_root, tmp_path_factory):
    redis_url = redis_url_of_this_process()
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        require(False, f"Redis not reachable at {redis_url}")
    redis_client = redis.Redis.from_url(redis_url)
    redis_client.flushdb()

    name = f"{urllib.parse.urlsplit(postgres_server_url).path.lstrip('/')}_two_servers"
    database_url = create_database(postgres_server_url, name)
    folder = tmp_path_factory.mktemp("two-servers")
    env = app_env(
        database_url=database_url,
        redis_url=redis_url,
        static_root=static_root,
        media_root=folder,
        VISITORS_COUNTS_CACHE_SECONDS=0,
        VISITORS_FLUSH_SECONDS=0,  # only the command moves counts here: what it moves is checked
        REDIS_TIMEOUT_MS=1000,  # a slow reply on a loaded test machine must not send counts to the database
    )
    servers = []
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo", "-v0")
        servers = [Gunicorn(env, folder, "A"), Gunicorn(env, folder, "B")]
        for server in servers:
            server.wait_ready()
        yield SimpleNamespace(a=servers[0], b=servers[1], env=env, database_url=database_url)
    finally:
        for server in servers:
            server.stop()
        drop_database(postgres_server_url, name)
        redis_client.flushdb()


def visit(server, path, visitor):
    response = server.get(path, headers={"User-Agent": f"{BROWSER_UA} khach-{visitor}"})
    assert response.status == 200, response.text[:300]


def total_on(server):
    response = server.get(COUNTER_PAGE, headers={"User-Agent": BOT_UA})
    assert response.status == 200
    return footer_counts(response.text)["Tổng truy cập"]


def test_visits_through_both_servers_add_up_in_the_footer_of_both(site):
    before = total_on(site.a)
    assert total_on(site.b) == before

    for i in range(3):
        visit(site.a, "/", f"a{i}")
    for i in range(2):
        visit(site.b, "/tin-tuc/", f"b{i}")
    visit(site.b, "/", "a0")  # the same visitor again, through the other server: not a new visit

    assert total_on(site.a) == before + 5
    assert total_on(site.b) == before + 5

    assert "Đã chuyển 5 lượt truy cập" in manage(site.env, "flush_visits")
    assert total_on(site.a) == before + 5
    assert total_on(site.b) == before + 5


def test_the_dossier_lookup_limit_counts_requests_to_both_servers(site):
    # The limit counts in fixed one-minute windows of the servers' clock, the machine's. An attempt that
    # straddles two windows proves nothing: it is made again at once by another client (another loopback
    # address, so a count of its own), which then has most of a fresh window. No waiting for the clock.
    path = "/tra-cuu-ho-so/?ma=000.00.14.H19-990101-0001"
    for attempt in range(2, 5):
        client = f"127.0.0.{attempt}"
        window = int(time.time() // 60)
        answers = [(site.a if i % 2 else site.b).get(path, source=client).status for i in range(20)]
        refused_a = site.a.get(path, source=client)
        refused_b = site.b.get(path, source=client)
        if int(time.time() // 60) == window:
            break
    assert answers == [404] * 20
    assert refused_a.status == 429
    assert refused_b.status == 429
    assert refused_a.header("Retry-After") == "60"


def test_an_article_published_through_one_server_shows_on_the_other_at_once(site):
    with psycopg.connect(site.database_url) as conn:
        article_id, title, slug = conn.execute(
            "SELECT id, title, slug FROM news_article WHERE status = 'cho-duyet' ORDER BY id LIMIT 1"
        ).fetchone()
    escaped = html.escape(title)
    # B has built and cached its pages without the article
    assert escaped not in site.b.get("/").text
    assert escaped not in site.b.get("/tin-tuc/").text
    assert site.b.get(f"/tin-tuc/{slug}/").status == 404

    cookies = admin_login(site.a.port, *EDITOR)
    changelist = site.a.get("/quan-tri/news/article/", cookies=cookies)
    assert changelist.status == 200
    published = site.a.get(
        "/quan-tri/news/article/",
        method="POST",
        data={
            "action": "publish_selected",
            "_selected_action": article_id,
            "index": 0,
            "csrfmiddlewaretoken": csrf_token(changelist.text),
        },
        cookies=cookies,
    )
    assert published.status == 302, published.text[:500]

    assert escaped in site.b.get("/").text
    assert escaped in site.b.get("/tin-tuc/").text
    assert site.b.get(f"/tin-tuc/{slug}/").status == 200


def test_a_session_opened_on_one_server_works_on_the_other(site):
    assert site.b.get("/quan-tri/").status == 302  # not logged in

    cookies = admin_login(site.a.port, *EDITOR)
    admin_on_b = site.b.get("/quan-tri/", cookies=dict(cookies))
    assert admin_on_b.status == 200
    assert 'id="logout-form"' in admin_on_b.text  # the logged-in admin, not the login form

    # logging out on B ends the session on A too
    answer = site.b.get(
        "/quan-tri/logout/",
        method="POST",
        data={"csrfmiddlewaretoken": csrf_token(admin_on_b.text)},
        cookies=dict(cookies),
    )
    assert answer.status in (200, 302)
    assert site.a.get("/quan-tri/", cookies=dict(cookies)).status == 302
