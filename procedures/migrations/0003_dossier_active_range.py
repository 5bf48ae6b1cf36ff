"""On PostgreSQL, a GiST index of each dossier's active time range (received → finished, open-ended while open).

The statistics of a period read the dossiers whose range overlaps the period:
carried over, received, resolved, withdrawn or still open in it. The index
finds them without scanning the whole register. SQLite has no such index and
does not need it at its sizes.
"""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS dossier_active_range ON procedures_dossier "
    "USING gist (tstzrange(received_at, finished_at, '[]'))"
)
DROP = "DROP INDEX IF EXISTS dossier_active_range"


def run(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_roles")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
