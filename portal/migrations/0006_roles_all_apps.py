from django.db import migrations

from portal.roles import sync_roles


class Migration(migrations.Migration):
    """Runs after every app's models exist, so each role gets all its permissions whatever the order
    in which the apps' own role migrations ran."""
    # moved from the app "muongang" (see portal/migrations/0011_tables_from_muongang.py)
    replaces = [("muongang", "0006_roles_all_apps")]


    dependencies = [
        ("portal", "0005_roles_holidays"),
        ("news", "0003_roles"),
        ("citizens", "0003_roles"),
        ("procedures", "0003_dossier_active_range"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
