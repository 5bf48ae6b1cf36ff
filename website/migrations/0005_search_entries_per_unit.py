"""Search entries belong to the unit whose site shows them (issue 15); a national procedure's entry
belongs to none, and each unit shows those of the procedures it carries out. A database from before
units has one unit: every entry but the procedures' is its."""

import django.db.models.deletion
from django.db import migrations, models


def entries_of_the_unit(apps, schema_editor):
    using = schema_editor.connection.alias
    unit = apps.get_model("portal", "Unit").objects.using(using).order_by("pk").first()
    if unit is not None:
        entries = apps.get_model("website", "SearchEntry").objects.using(using)
        entries.exclude(kind="thu-tuc").update(unit=unit)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0012_units"),
        ("website", "0004_tables_from_muongang"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="portal.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.RunPython(entries_of_the_unit, migrations.RunPython.noop),
    ]
