from django.db import migrations

from portal.roles import sync_roles


class Migration(migrations.Migration):
    # moved from the app "muongang" (see portal/migrations/0011_tables_from_muongang.py)
    replaces = [("muongang", "0005_roles_holidays")]

    dependencies = [("portal", "0004_holidays")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
