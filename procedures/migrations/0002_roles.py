from django.db import migrations

from muongang.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial"), ("muongang", "0005_roles_holidays")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
