"""The province-wide search (``?pham-vi=toan-tinh``) reads the plain word indexes again.

Asking the per-unit index of 0006 for every unit of a province rewrote each word into one alternative per
unit (about 500), and PostgreSQL then checked the rows one by one: 2 to 80 seconds at 500 units. The
province-wide query now asks plain GIN indexes over ``vector`` and ``title_vector`` for the words once and
keeps the province's units by their ids; a unit's own search still reads its own postings through 0006.
The cost is a second copy of the word indexes on disk. PostgreSQL only; on a large site building them takes
minutes.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE INDEX IF NOT EXISTS search_entry_vector ON website_searchentry USING gin (vector)",
    "CREATE INDEX IF NOT EXISTS search_entry_title_vector ON website_searchentry USING gin (title_vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "DROP INDEX IF EXISTS search_entry_title_vector",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("website", "0007_measurement")]

    operations = [migrations.RunPython(run(PG_FORWARD), run(PG_BACKWARD))]
