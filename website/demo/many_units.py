"""Many units for the scale benchmark (``generate_volume --units 500``, PostgreSQL only).

The unit the volume is made in is the template: each generated commune gets a copy of its generated
content (articles with their sections, documents, the procedures it carries out, the dossiers, the search
entries), so every unit holds the same amount and a page of the template costs what it costs anywhere.
The copies are made by INSERT … SELECT, a few units at a time, with progress printed: 499 copies of
1,000 articles and 4,000 dossiers take a few minutes where the ORM would take hours.

Generated communes have codes from 90001 (real commune codes stay below 33000), names «Xã Khối Lượng
NNN» and host names «klNNN.bench.localhost», so they are easy to tell from real units and to remove
(``generate_volume --clear`` deletes them).
"""

import time

from django.db import connection, transaction

from news.models import Article, Category, Document
from portal import units
from portal.models import Unit, UnitHost
from procedures.models import Dossier, MonthlyFigures, UnitProcedure
from website.models import SearchEntry

FIRST_CODE = 90001
NAME = "Xã Khối Lượng"
HOST = "kl{n:03d}.bench.localhost"
CHUNK = 25  # units copied per statement


def generated_units():
    return Unit.objects.filter(code__gte=str(FIRST_CODE), code__lte="99999", unit_name__startswith=NAME)


def ensure(template, total, slug_prefix, dossier_prefix, write):
    """Make the installation hold ``total`` units, adding generated communes as copies of ``template``."""
    with units.everywhere():
        if not template.hosts.exists():  # with a second unit, the template answers on its own host only
            UnitHost.objects.create(unit=template, host="127.0.0.1", is_primary=True)
        missing = total - Unit.objects.count()
        if missing <= 0:
            return
        last = generated_units().order_by("-code").values_list("code", flat=True).first()
        first = int(last) + 1 if last else FIRST_CODE
    write(
        f"Tạo {missing} xã thử nghiệm ({first}…{first + missing - 1}), mỗi xã một bản nội dung của {template}…"
    )
    began = time.perf_counter()
    codes = range(first, first + missing)
    for start in range(0, missing, CHUNK):
        with transaction.atomic():  # a stopped run leaves whole units only
            made = [
                units.create_unit(
                    str(code),
                    f"{NAME} {code - FIRST_CODE + 1:03d}",
                    "xa",
                    hosts=[HOST.format(n=code - FIRST_CODE + 1)],
                    parent=template.parent,
                ).pk
                for code in codes[start : start + CHUNK]
            ]
            _copy(template.pk, made, slug_prefix, dossier_prefix)
        write(f"  {start + len(made)}/{missing} xã, {time.perf_counter() - began:.0f} giây")


def _columns(model, **replace):
    """(target columns, source expressions) of a model's concrete fields but its key; ``replace`` maps a
    column to the SQL that fills it instead of the source row's value (``s`` is the source row, ``u`` the
    target unit)."""
    quote = connection.ops.quote_name
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    targets = ", ".join(quote(f.column) for f in fields)
    sources = ", ".join(replace.get(f.column, f"s.{quote(f.column)}") for f in fields)
    return targets, sources


def _insert(cursor, model, select_tail, params, **replace):
    targets, sources = _columns(model, unit_id="u.id", **replace)
    cursor.execute(f"INSERT INTO {model._meta.db_table} ({targets}) SELECT {sources} {select_tail}", params)


def _copy(template_id, unit_ids, slug_prefix, dossier_prefix):
    """Copy the template's generated content into the units ``unit_ids`` (already created, with their
    default sections)."""
    p = {"t": template_id, "units": unit_ids, "slug": slug_prefix + "%", "dossier": dossier_prefix + "%"}
    targets = "JOIN portal_unit u ON u.id = ANY(%(units)s)"
    with transaction.atomic(), connection.cursor() as cursor:
        # sections the template has and a new unit lacks (the demo's own, beyond the default ones)
        _insert(
            cursor,
            Category,
            f"FROM {Category._meta.db_table} s {targets} WHERE s.unit_id = %(t)s AND NOT EXISTS ("
            f"SELECT 1 FROM {Category._meta.db_table} x WHERE x.unit_id = u.id AND x.slug = s.slug)",
            p,
        )
        _insert(
            cursor,
            Article,
            f"FROM {Article._meta.db_table} s {targets} "
            f"JOIN {Category._meta.db_table} tc ON tc.id = s.category_id "
            f"JOIN {Category._meta.db_table} c ON c.unit_id = u.id AND c.slug = tc.slug "
            "WHERE s.unit_id = %(t)s AND s.slug LIKE %(slug)s",
            p,
            category_id="c.id",
            created_by_id="NULL",
        )
        _insert(
            cursor,
            Document,
            f"FROM {Document._meta.db_table} s {targets} WHERE s.unit_id = %(t)s AND s.slug LIKE %(slug)s",
            p,
        )
        _insert(
            cursor,
            UnitProcedure,
            f"FROM {UnitProcedure._meta.db_table} s {targets} WHERE s.unit_id = %(t)s AND NOT EXISTS ("
            f"SELECT 1 FROM {UnitProcedure._meta.db_table} x WHERE x.unit_id = u.id "
            "AND x.procedure_id = s.procedure_id)",
            p,
        )
        _insert(
            cursor,
            Dossier,
            f"FROM {Dossier._meta.db_table} s {targets} WHERE s.unit_id = %(t)s AND s.code LIKE %(dossier)s",
            p,
            updated_by_id="NULL",
        )
        # the template's service-quality roll-ups (rollup_service_quality; the province's statistics read
        # them): rolling up 500 units anew would take most of an hour. They include the template's own demo
        # dossiers, which are not copied: a copy's figures are the template's, a few dossiers over its own.
        _insert(
            cursor,
            MonthlyFigures,
            f"FROM {MonthlyFigures._meta.db_table} s {targets} WHERE s.unit_id = %(t)s",
            p,
        )
        # each copied article and document gets the template's search entry, pointing at the copy
        for kind, model in (("tin-tuc", Article), ("van-ban", Document)):
            _insert(
                cursor,
                SearchEntry,
                f"FROM {SearchEntry._meta.db_table} s "
                f"JOIN {model._meta.db_table} o ON o.id = s.object_id AND o.unit_id = %(t)s "
                "JOIN portal_unit u ON u.id = ANY(%(units)s) "
                # the copy by its unit and slug: one lookup in the (unit, slug) index
                f"JOIN {model._meta.db_table} c ON c.unit_id = u.id AND c.slug = o.slug "
                f"WHERE s.kind = '{kind}' AND s.unit_id = %(t)s AND o.slug LIKE %(slug)s",
                p,
                object_id="c.id",
            )


def clear(write):
    """Remove the generated communes and everything of theirs."""
    with units.everywhere():
        ids = list(generated_units().values_list("pk", flat=True))
    if not ids:
        return
    with transaction.atomic(), connection.cursor() as cursor:
        # the big tables first, by statement: the ORM's cascade would load every row
        for model in (SearchEntry, Dossier, UnitProcedure, Document, Article):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE unit_id = ANY(%s)", [ids])
        with units.everywhere():
            generated_units().delete()
    write(f"Đã xóa {len(ids)} xã thử nghiệm.")
