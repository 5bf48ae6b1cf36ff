"""Units (issue 15): everything of the citizens app belongs to a unit. Existing rows all go to the one
unit a database from before units holds; tracking codes, topic slugs and the daily counter become unique
per unit, and the settings row becomes that unit's row. An official's "đơn vị công tác" is renamed
``workplace``, as ``unit`` is now the unit the record belongs to.

The columns are made required in 0006: PostgreSQL does not alter a table whose rows this transaction has
just updated (their foreign keys are checked at commit)."""

from django.db import migrations

from citizens.migrations._units import MODELS, reset_settings_sequence, unit_field
from portal.migrations._units import give_rows_their_unit

class Migration(migrations.Migration):
    dependencies = [
        ("citizens", "0004_feedback_procedure"),
        ("portal", "0012_units"),
    ]

    operations = [
        migrations.RenameField(model_name="official", old_name="unit", new_name="workplace"),
        *[migrations.AddField(model_name=name, name="unit", field=unit_field(True)) for name in MODELS],
        migrations.RunPython(
            give_rows_their_unit(*[f"citizens.{name}" for name in MODELS]), migrations.RunPython.noop
        ),
        migrations.RunPython(reset_settings_sequence, migrations.RunPython.noop),
    ]
