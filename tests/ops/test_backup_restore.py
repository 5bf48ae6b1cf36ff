"""scripts/backup.sh and scripts/restore.sh on real PostgreSQL: what was backed up comes back.

The demo plus an article with a photo and a feedback with an attachment are loaded into a fresh
database and media folders, backed up, restored into another fresh database and folders, and the
two are compared: rows of every table (count and a checksum of their content), sequences, and the
hash of every uploaded file.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import require

REPO = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres

ADD_CONTENT = """
from django.core.files.base import ContentFile
from citizens.models import FeedbackAttachment
from news.models import Article, ArticleStatus, Category
from django.utils import timezone
from portal import units
from portal.models import Unit
from tests import factories

units.set_current(Unit.objects.get())  # the demo's one unit

article = Article(
    title="Sao lưu và phục hồi dữ liệu cổng thông tin",
    summary="Bài thử sao lưu.",
    body="<p>Nội dung có ảnh.</p>",
    status=ArticleStatus.PUBLISHED,
    published_at=timezone.now(),
    category=Category.objects.first(),
    cover_alt="Ảnh thử",
)
article.cover.save("sao-luu.jpg", ContentFile(factories.photo_bytes()), save=False)
article.save()
assert article.cover_renditions, "renditions were written"
feedback = factories.feedback(code="PAKN-20261125-9999", subject="Phản ánh có tệp đính kèm")
pdf = b"%PDF-1.4\\n% thu nghiem sao luu\\n%%EOF\\n"
FeedbackAttachment.objects.create(
    feedback=feedback, position=1, file=ContentFile(pdf, name="giay-to.pdf"),
    original_name="giấy tờ.pdf", content_type="application/pdf", size=len(pdf),
)
"""


def database_url(server, name):
    return urlsplit(server)._replace(path=f"/{name}").geturl()


@pytest.fixture
def databases():
    """Two throwaway databases on the test server, dropped afterwards."""
    server = os.environ.get("DATABASE_URL", "")
    require(server.startswith("postgres"), "needs DATABASE_URL=postgres://…")
    require(shutil.which("pg_dump") and shutil.which("pg_restore"), "needs pg_dump and pg_restore")
    import psycopg

    names = [f"portal_restore_{uuid.uuid4().hex[:10]}_{side}" for side in ("a", "b")]
    with psycopg.connect(server, autocommit=True) as connection:
        for name in names:
            connection.execute(f"CREATE DATABASE {name}")
    try:
        yield [database_url(server, name) for name in names]
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            for name in names:
                connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def site_env(url, folder):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DJANGO_DEBUG"}}
    env.update(
        DATABASE_URL=url,
        MEDIA_ROOT=str(folder / "media"),
        PRIVATE_MEDIA_ROOT=str(folder / "private"),
        DJANGO_SETTINGS_MODULE="muongang.settings",
        DJANGO_SECRET_KEY="restore-test-not-a-secret-0123456789",
    )
    return env


def run(command, env, **kwargs):
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


def snapshot(url):
    """{table: (rows, md5 of the rows' text)} for every table, and {sequence: last value}."""
    import psycopg

    with psycopg.connect(url) as connection:
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        content = {}
        for table in tables:
            content[table] = connection.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()
        sequences = dict(
            connection.execute(
                "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
            )
        )
    return content, sequences


def file_hashes(folder):
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_a_backup_restores_the_same_content_and_files(databases, tmp_path):
    source_url, target_url = databases
    source_env = site_env(source_url, tmp_path / "source")
    python = sys.executable
    run([python, "manage.py", "migrate", "--noinput", "-v0"], source_env)
    run([python, "manage.py", "load_demo", "-v0"], source_env)
    run([python, "manage.py", "shell", "-c", ADD_CONTENT], source_env)

    backups = tmp_path / "backups"
    output = run(["bash", "scripts/backup.sh", str(backups)], source_env).stdout
    (folder,) = backups.iterdir()
    assert folder.name[:4].isdigit() and not folder.name.endswith(".partial"), output
    assert sorted(p.name for p in folder.iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar.gz",
        "private.tar.gz",
    ]

    target_env = site_env(target_url, tmp_path / "target")
    # Without --yes and without a terminal, nothing is touched.
    refused = subprocess.run(
        ["bash", "scripts/restore.sh", str(folder)], cwd=REPO, env=target_env, capture_output=True, text=True
    )
    assert refused.returncode != 0 and "--yes" in refused.stderr
    run(["bash", "scripts/restore.sh", "--yes", str(folder)], target_env)

    before, after = snapshot(source_url), snapshot(target_url)
    tables, sequences = before
    assert tables["news_article"][0] > 1 and tables["procedures_dossier"][0] > 1000
    assert tables["citizens_feedbackattachment"][0] >= 1
    assert after[0] == tables, "every table has the same rows"
    assert after[1] == sequences, "new rows get new ids after a restore"

    for part in ("media", "private"):
        original = file_hashes(tmp_path / "source" / part)
        assert file_hashes(tmp_path / "target" / part) == original
    assert any(
        name.startswith("tin-tuc/") and "sao-luu" in name
        for name in file_hashes(tmp_path / "target" / "media")
    )
    assert any(
        name.endswith("PAKN-20261125-9999-1.pdf") for name in file_hashes(tmp_path / "target" / "private")
    )

    # The restored site shows the article, with its photo file in place.
    shown = run(
        [
            python,
            "manage.py",
            "shell",
            "-c",
            "from portal import units; from portal.models import Unit; units.set_current(Unit.objects.get()); "
            "from news.models import Article; a = Article.objects.get(title__startswith='Sao lưu'); "
            "print(a.cover.storage.exists(a.cover.name), a.get_absolute_url())",
        ],
        target_env,
    ).stdout
    assert "True /tin-tuc/sao-luu-va-phuc-hoi-du-lieu-cong-thong-tin/" in shown

    # Restoring again over a database in use (--clean) gives the same content, not duplicates.
    run(["bash", "scripts/restore.sh", "--yes", str(folder)], target_env)
    assert snapshot(target_url) == before


def test_a_damaged_backup_is_refused(databases, tmp_path):
    source_url, target_url = databases
    source_env = site_env(source_url, tmp_path / "source")
    run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], source_env)
    backups = tmp_path / "backups"
    run(["bash", "scripts/backup.sh", str(backups)], source_env)
    (folder,) = backups.iterdir()
    with open(folder / "media.tar.gz", "ab") as archive:
        archive.write(b"x")
    result = subprocess.run(
        ["bash", "scripts/restore.sh", "--yes", str(folder)],
        cwd=REPO,
        env=site_env(target_url, tmp_path / "target"),
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0 and "damaged" in result.stderr
    import psycopg

    with psycopg.connect(target_url) as connection:
        assert (
            connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0]
            == 0
        )
