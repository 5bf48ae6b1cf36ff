from django.db import migrations

from portal.roles import sync_roles


class Migration(migrations.Migration):
    """Give the citizen-service staff and the administrators their rights on the weekly work calendar."""

    dependencies = [
        ("citizens", "0007_work_calendar"),
        ("portal", "0013_visits_per_unit"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
