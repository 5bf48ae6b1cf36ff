"""The demo's content for tests, loaded for real once per test process and then put back from a copy.

``load_demo`` takes 10 to 20 seconds (a year of dossiers, their roll-ups, photos, the search index), and
some sixty tests start from it: most of the suite's time went there. The first call in this process runs
the command and keeps what it left, every table's rows and the media files; a later call whose database
is exactly as the first one's was before it (every table's row count and highest id, the same command
arguments and photo setting, the same day) writes those rows and files back instead (well under a second). Anything else
(the demo already loaded, a test's own records made first, another unit) runs the command.

Transactional tests (a browser, a live server) ask for ``django_db_reset_sequences`` so that their unit
is the same row each time; ContentType and Permission rows, recreated by every flush with new ids, are
not copied: the rows pointing at them are given the ids they have now, found by natural key.
"""

import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from portal import units
from portal.cache import bump_content_version
from portal.models import Unit

_kept = {}  # (arguments, day, database before) → what load_demo left
_FOLDER = Path(tempfile.mkdtemp(prefix="portal-demo-"))


def load_demo(*args):
    before = _fingerprint()
    # the settings the command reads besides the database (photo sizes made at once or by the worker)
    key = (args, timezone.localdate(), settings.RENDITIONS_IN_BACKGROUND, before)
    kept = _kept.get(key)
    if kept is None:
        call_command("load_demo", *args, verbosity=0)
        _kept[key] = _take(len(_kept))
        return
    _restore(kept)
    if _fingerprint() != kept["after"]:
        raise AssertionError("the demo put back differs from the demo loaded: load it for real")


def _models():
    """Every table of a model, ContentType and Permission aside (they are the same in every test, with
    ids that are not)."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and model not in (ContentType, Permission)
    ]


def _fingerprint():
    """(table, rows, highest id) of every table: the state a load starts from."""
    found = []
    with connection.cursor() as cursor:
        for model in _models():
            table, pk = model._meta.db_table, model._meta.pk
            numbered = pk.get_internal_type().endswith("AutoField")
            top = f"MAX({connection.ops.quote_name(pk.column)})" if numbered else "0"
            cursor.execute(f"SELECT COUNT(*), {top} FROM {connection.ops.quote_name(table)}")
            found.append((table, *cursor.fetchone()))
    return tuple(found)


def _references():
    """(table, column, model) of every column pointing at a ContentType or a Permission."""
    found = []
    for model in _models():
        for field in model._meta.concrete_fields:
            target = field.remote_field.model if field.remote_field else None
            if target in (ContentType, Permission):
                found.append((model._meta.db_table, field.column, target))
    return found


def _natural_keys(target):
    if target is ContentType:
        return {ct.pk: (ct.app_label, ct.model) for ct in ContentType.objects.all()}
    return {
        p.pk: (p.content_type.app_label, p.content_type.model, p.codename)
        for p in Permission.objects.select_related("content_type")
    }


def _take(number):
    tables = {}
    with connection.cursor() as cursor:
        for model in _models():
            table = connection.ops.quote_name(model._meta.db_table)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} TO STDOUT") as copy:
                    tables[table] = b"".join(bytes(block) for block in copy)
            else:
                cursor.execute(f"SELECT {_sqlite_columns(cursor, table)} FROM {table}")
                tables[table] = cursor.fetchall()
    media = {}
    for name in ("MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"):
        source = Path(getattr(settings, name))
        if source.exists():
            media[name] = _FOLDER / f"{number}-{name}"
            shutil.copytree(source, media[name])
    return {
        "tables": tables,
        "media": media,
        "keys": {ContentType: _natural_keys(ContentType), Permission: _natural_keys(Permission)},
        "after": _fingerprint(),
    }


# the declared types Django's SQLite backend turns into Python objects on reading, which it would not take
# back as they are: read as the text stored
_CONVERTED = {"bool", "date", "time", "datetime", "timestamp", "decimal"}


def _sqlite_columns(cursor, table):
    cursor.execute(f"PRAGMA table_info({table})")
    return ", ".join(
        f'CAST("{name}" AS TEXT)' if declared.lower() in _CONVERTED else f'"{name}"'
        for _cid, name, declared, *_rest in cursor.fetchall()
    )


def _restore(kept):
    with transaction.atomic(), connection.cursor() as cursor:
        for table in kept["tables"]:
            cursor.execute(f"DELETE FROM {table}")
        for table, rows in kept["tables"].items():
            if connection.vendor == "postgresql":
                if rows:
                    with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                        copy.write(rows)
            elif rows:
                marks = ", ".join(["%s"] * len(rows[0]))
                cursor.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
        ids_now = {target: {key: pk for pk, key in _natural_keys(target).items()} for target in kept["keys"]}
        for table, column, target in _references():
            now = ids_now[target]
            moved = [(old, now[key]) for old, key in kept["keys"][target].items() if now.get(key, old) != old]
            if moved:
                cases = " ".join("WHEN %s THEN %s" for _ in moved)
                cursor.execute(
                    f"UPDATE {connection.ops.quote_name(table)} SET {column} = CASE {column} {cases} "
                    f"ELSE {column} END",
                    [value for pair in moved for value in pair],
                )
        if connection.vendor == "postgresql":  # the next ids follow the rows put back
            for statement in connection.ops.sequence_reset_sql(no_style(), _models()):
                cursor.execute(statement)
    for name, source in kept["media"].items():
        shutil.copytree(source, getattr(settings, name), dirs_exist_ok=True)
    units.hosts_changed()
    # a new content version for every unit, as the saves of a real load give them
    with units.everywhere():
        unit_ids = list(Unit.objects.values_list("pk", flat=True))
    bump_content_version()
    for unit_id in unit_ids:
        bump_content_version(unit_id)
