from django.db import migrations

from portal.roles import sync_roles


class Migration(migrations.Migration):
    """Give the staff roles their rights on the contacts, reception, feedback and Q&A models."""

    dependencies = [
        ("citizens", "0002_contacts_reception_feedback_qa"),
        ("portal", "0005_roles_holidays"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
