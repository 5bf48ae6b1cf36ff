"""Shared by 0005_units and 0006_units_required (its name starts with "_": not a migration)."""

import django.db.models.deletion
from django.db import models

MODELS = [
    "official",
    "contactoffice",
    "hotline",
    "citizensettings",
    "receptionschedule",
    "receptionsession",
    "feedback",
    "dailycounter",
    "feedbackattachment",
    "questiontopic",
    "question",
    "usefulnessvote",
]


def unit_field(null):
    return models.ForeignKey(
        editable=False,
        null=null,
        on_delete=django.db.models.deletion.CASCADE,
        related_name="+",
        to="portal.unit",
        verbose_name="đơn vị",
    )


def reset_settings_sequence(apps, schema_editor):
    """The settings row was saved with pk=1 forced, so PostgreSQL's id sequence never moved: the next unit's
    row would take id 1 again. Move it past the rows there are (nothing to do on SQLite)."""
    from django.core.management.color import no_style

    connection = schema_editor.connection
    model = apps.get_model("citizens", "CitizenSettings")
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)
