from django.db import migrations

from portal.roles import sync_roles


class Migration(migrations.Migration):
    # moved from the app "muongang" (see portal/migrations/0011_tables_from_muongang.py)
    replaces = [("muongang", "0002_roles")]

    dependencies = [
        ("portal", "0001_initial"),
        ("news", "0001_initial"),
        ("citizens", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
