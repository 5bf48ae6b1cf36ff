"""Units (issue 15): dossiers belong to the unit whose desk received them, their codes unique per unit; a
unit carries out the national procedures it picks (UnitProcedure), with its own desk details.

A database from before holds one unit: its dossiers are that unit's, and it carries out every active
procedure of the catalogue, so its site shows what it showed. The catalogue itself stays national.
"""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

from portal.migrations._units import default_unit, give_rows_their_unit
from portal.roles import sync_roles

# on PostgreSQL, the statistics' range index also holds the unit, so that a unit's statistics read only
# its own dossiers whatever the number of units (btree_gist lets a GiST index hold the unit's id)
RANGE_OLD = (
    "CREATE INDEX IF NOT EXISTS dossier_active_range ON procedures_dossier "
    "USING gist (tstzrange(received_at, finished_at, '[]'))"
)
RANGE_NEW = (
    "CREATE INDEX IF NOT EXISTS dossier_active_range ON procedures_dossier "
    "USING gist (unit_id, tstzrange(received_at, finished_at, '[]'))"
)


def range_index(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("DROP INDEX IF EXISTS dossier_active_range")
        if sql == RANGE_NEW:
            try:
                with schema_editor.connection.cursor() as cursor:
                    cursor.execute("SAVEPOINT btree_gist")
                    cursor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
                    cursor.execute("RELEASE SAVEPOINT btree_gist")
            except Exception:  # noqa: BLE001 (no right to add the extension: the index without the unit)
                with schema_editor.connection.cursor() as cursor:
                    cursor.execute("ROLLBACK TO SAVEPOINT btree_gist")
                sql_to_run = RANGE_OLD
            else:
                sql_to_run = RANGE_NEW
        else:
            sql_to_run = sql
        schema_editor.execute(sql_to_run)

    return operation


def existing_unit_carries_out_the_catalogue(apps, schema_editor):
    using = schema_editor.connection.alias
    Procedure = apps.get_model("procedures", "Procedure")
    UnitProcedure = apps.get_model("procedures", "UnitProcedure")
    procedures = list(Procedure.objects.using(using).filter(is_active=True).values_list("pk", flat=True))
    if not procedures:
        return
    unit = default_unit(apps, using)
    UnitProcedure.objects.using(using).bulk_create(
        [UnitProcedure(unit=unit, procedure_id=pk) for pk in procedures], ignore_conflicts=True
    )


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0004_dossier_due_at_closing_time_help"),
        ("portal", "0012_units"),
    ]

    operations = [
        migrations.CreateModel(
            name="UnitProcedure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="tạo lúc")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="cập nhật lúc")),
                ("is_active", models.BooleanField(default=True, verbose_name="đang thực hiện")),
                (
                    "reception_address",
                    models.TextField(
                        blank=True,
                        help_text=(
                            "Như «Bộ phận một cửa, tầng 1 trụ sở UBND xã». Để trống thì trang thủ tục hiện "
                            "địa chỉ chung."
                        ),
                        verbose_name="nơi tiếp nhận hồ sơ tại đơn vị",
                    ),
                ),
                (
                    "note",
                    models.TextField(
                        blank=True,
                        help_text="Hiện trên trang thủ tục của đơn vị, như giờ nhận hồ sơ.",
                        verbose_name="ghi chú của đơn vị",
                    ),
                ),
                (
                    "procedure",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="unit_procedures",
                        to="procedures.procedure",
                        verbose_name="thủ tục",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="portal.unit",
                        verbose_name="đơn vị",
                    ),
                ),
            ],
            options={
                "verbose_name": "thủ tục đơn vị thực hiện",
                "verbose_name_plural": "thủ tục đơn vị thực hiện",
                "ordering": ["procedure__code"],
                "abstract": False,
                "constraints": [
                    models.UniqueConstraint(fields=("unit", "procedure"), name="unit_procedure_once")
                ],
            },
        ),
        migrations.RunPython(existing_unit_carries_out_the_catalogue, migrations.RunPython.noop),
        migrations.AddField(
            model_name="dossier",
            name="unit",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="portal.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.RunPython(give_rows_their_unit("procedures.Dossier"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="dossier",
            name="unit",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="portal.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.AlterField(
            model_name="dossier",
            name="code",
            field=models.CharField(
                max_length=40,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[0-9A-Z]{3}\\.[0-9A-Z]{2}\\.[0-9A-Z]{2}\\.H\\d{2}-\\d{6}-\\d{4}$",
                        "Mã hồ sơ có dạng mã đơn vị-năm tháng ngày-số thứ tự, như 000.00.14.H19-200203-0118.",
                    )
                ],
                verbose_name="mã hồ sơ",
            ),
        ),
        migrations.AddConstraint(
            model_name="dossier",
            constraint=models.UniqueConstraint(fields=("unit", "code"), name="dossier_code_per_unit"),
        ),
        migrations.RemoveIndex(model_name="dossier", name="dossier_received"),
        migrations.AddIndex(
            model_name="dossier",
            index=models.Index(fields=["unit", "received_at"], name="dossier_unit_received"),
        ),
        migrations.RunPython(range_index(RANGE_NEW), range_index(RANGE_OLD)),
        # the desk and the administrators keep their unit's list of procedures
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
