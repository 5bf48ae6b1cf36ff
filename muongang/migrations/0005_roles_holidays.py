from django.db import migrations

from muongang.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("muongang", "0004_holidays")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
