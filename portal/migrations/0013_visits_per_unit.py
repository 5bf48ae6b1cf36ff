"""The visitor counter counts per unit (issue 15): a day's visits and a day's visitor hashes belong to a
unit. Every existing row goes to the one unit the database held."""

import django.db.models.deletion
from django.db import migrations, models

from portal.migrations._units import give_rows_their_unit


def unit_field(null):
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="portal.unit",
        verbose_name="đơn vị",
    )


class Migration(migrations.Migration):
    dependencies = [("portal", "0012_units")]

    operations = [
        migrations.AddField(model_name="dailyvisits", name="unit", field=unit_field(null=True)),
        migrations.AddField(model_name="visitorseen", name="unit", field=unit_field(null=True)),
        migrations.RunPython(
            give_rows_their_unit("portal.DailyVisits", "portal.VisitorSeen"), migrations.RunPython.noop
        ),
        migrations.AlterField(model_name="dailyvisits", name="unit", field=unit_field(null=False)),
        migrations.AlterField(model_name="visitorseen", name="unit", field=unit_field(null=False)),
        migrations.AlterField(model_name="dailyvisits", name="day", field=models.DateField(verbose_name="ngày")),
        migrations.AddConstraint(
            model_name="dailyvisits",
            constraint=models.UniqueConstraint(fields=("unit", "day"), name="daily_visits_unit_day"),
        ),
        migrations.RemoveConstraint(model_name="visitorseen", name="visitor_seen_day_key"),
        migrations.AddConstraint(
            model_name="visitorseen",
            constraint=models.UniqueConstraint(fields=("unit", "day", "key"), name="visitor_seen_unit_day_key"),
        ),
    ]
