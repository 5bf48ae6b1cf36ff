"""The kernel's tables and content types carry the app's new name.

Until this change the kernel was the app "muongang" (which is now only configuration). Migrations
0001-0010 of this app replace those of "muongang" one for one, so a database made before the change
counts them as applied; its tables are still called muongang_*, and they are renamed here. A new
database has portal_* tables from the start and nothing to rename. The content types move too, so the
permissions granted to groups and users and the admin's history keep pointing at the same models.
"""

from django.db import migrations

from portal.migrations._moved import moved_from_muongang


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0010_working_hours_give_the_closing_time"),
    ]

    operations = [migrations.RunPython(moved_from_muongang("portal"), migrations.RunPython.noop)]
