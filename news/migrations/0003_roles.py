from django.db import migrations

from portal.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [("news", "0002_articles_documents"), ("portal", "0005_roles_holidays")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
