from django.db import migrations

from muongang.roles import sync_roles


class Migration(migrations.Migration):
    dependencies = [
        ("muongang", "0001_initial"),
        ("news", "0001_initial"),
        ("citizens", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
