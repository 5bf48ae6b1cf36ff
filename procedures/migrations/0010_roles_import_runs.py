from django.db import migrations

from portal.roles import sync_roles


class Migration(migrations.Migration):
    """Give the desk staff (and a province's administrators, who import the catalogue) their rights on the
    runs of imports from files: follow them, cancel them, remove them."""

    dependencies = [
        ("procedures", "0009_import_runs"),
        ("portal", "0017_unit_boundary"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
