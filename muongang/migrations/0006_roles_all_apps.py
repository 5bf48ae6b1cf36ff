from django.db import migrations

from muongang.roles import sync_roles


class Migration(migrations.Migration):
    """Runs after every app's models exist, so each role gets all its permissions whatever the order
    in which the apps' own role migrations ran."""

    dependencies = [
        ("muongang", "0005_roles_holidays"),
        ("news", "0003_roles"),
        ("citizens", "0003_roles"),
        ("procedures", "0003_dossier_active_range"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
