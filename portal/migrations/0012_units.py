"""Units (issue 15): the settings row becomes the first Unit, with a code, a province, host names and
staff memberships; links belong to a unit.

A new database starts with one blank unit (code 00000), the single-unit site it always was. A database
from before holds one unit: its settings row is that unit (code 00000 until staff set the
real mã đơn vị hành chính), its links are the unit's, and each person's role groups become their
memberships in it (the groups keep only the definition of each role).
"""

import django.db.models.deletion
from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations, models

import portal.models
from portal.migrations._units import PLACEHOLDER_CODE, give_rows_their_unit
from portal.roles import ROLE_PERMISSIONS, sync_roles


def existing_units(apps, schema_editor):
    using = schema_editor.connection.alias
    Unit = apps.get_model("portal", "Unit")
    if not Unit.objects.using(using).exists():
        # a new installation starts as a single-unit site, blank as it always was: staff fill in its name
        # and its code in the admin (or load_demo makes it Mường Ảng); a province adds the others
        Unit.objects.using(using).create(code=PLACEHOLDER_CODE, unit_name="", unit_level="xa")
    # the settings row was always saved with id 1, so PostgreSQL's id sequence never moved: the next unit
    # would take id 1 again
    connection = schema_editor.connection
    for statement in connection.ops.sequence_reset_sql(no_style(), [Unit]):
        schema_editor.execute(statement)
    for unit in Unit.objects.using(using).filter(code__isnull=True):
        unit.code = PLACEHOLDER_CODE if unit.pk == 1 else f"{unit.pk:05d}"[-5:]
        unit.save(update_fields=["code"])
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.using(using).filter(codename__endswith="_sitesettings"):
        permission.codename = permission.codename.replace("_sitesettings", "_unit")
        permission.name = permission.name.replace("cấu hình cổng thông tin", "đơn vị")
        if not Permission.objects.using(using).filter(
            content_type=permission.content_type, codename=permission.codename
        ).exists():
            permission.save()


def memberships_from_groups(apps, schema_editor):
    using = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Membership = apps.get_model("portal", "Membership")
    Unit = apps.get_model("portal", "Unit")
    unit = Unit.objects.using(using).order_by("pk").first()
    for group in Group.objects.using(using).filter(name__in=list(ROLE_PERMISSIONS)):
        users = list(group.user_set.all())
        if unit is not None:
            Membership.objects.using(using).bulk_create(
                [Membership(user=user, unit=unit, role=group.name) for user in users], ignore_conflicts=True
            )
        group.user_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("portal", "0011_tables_from_muongang"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("SiteSettings", "Unit"),
        migrations.AddField(
            model_name="unit",
            name="code",
            field=models.CharField(max_length=5, null=True, verbose_name="mã đơn vị hành chính"),
        ),
        migrations.AddField(
            model_name="unit",
            name="parent",
            field=models.ForeignKey(
                blank=True,
                help_text="Để trống với tỉnh, thành phố.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="children",
                to="portal.unit",
                verbose_name="tỉnh, thành phố",
            ),
        ),
        migrations.RunPython(existing_units, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="unit",
            name="code",
            field=models.CharField(
                help_text="Mã theo danh mục đơn vị hành chính Việt Nam: 2 chữ số cho tỉnh, 5 chữ số cho xã, phường.",
                max_length=5,
                unique=True,
                validators=[portal.models.unit_code_validator],
                verbose_name="mã đơn vị hành chính",
            ),
        ),
        migrations.CreateModel(
            name="UnitHost",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "host",
                    models.CharField(
                        max_length=253, unique=True, validators=[portal.models.host_validator], verbose_name="tên miền"
                    ),
                ),
                ("is_primary", models.BooleanField(default=False, verbose_name="tên miền chính")),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="hosts",
                        to="portal.unit",
                        verbose_name="đơn vị",
                    ),
                ),
            ],
            options={
                "verbose_name": "tên miền",
                "verbose_name_plural": "tên miền",
                "ordering": ["-is_primary", "host"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(is_primary=True), fields=("unit",), name="unit_host_one_primary"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Membership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("role", models.CharField(max_length=40, verbose_name="vai trò")),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to="portal.unit",
                        verbose_name="đơn vị",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="memberships",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="người dùng",
                    ),
                ),
            ],
            options={
                "verbose_name": "vai trò tại đơn vị",
                "verbose_name_plural": "vai trò tại đơn vị",
                "ordering": ["unit__code", "role"],
                "constraints": [models.UniqueConstraint(fields=("user", "unit", "role"), name="membership_once")],
            },
        ),
        migrations.RunPython(memberships_from_groups, migrations.RunPython.noop),
        migrations.AddField(
            model_name="link",
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
        migrations.RunPython(give_rows_their_unit("portal.Link"), migrations.RunPython.noop),
        migrations.AlterField(
            model_name="link",
            name="unit",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="portal.unit",
                verbose_name="đơn vị",
            ),
        ),
        migrations.AlterModelOptions(
            name="unit",
            options={
                "ordering": ["code"],
                "verbose_name": "đơn vị",
                "verbose_name_plural": "đơn vị và cấu hình cổng thông tin",
            },
        ),
        migrations.AlterField(
            model_name="membership",
            name="role",
            field=models.CharField(
                choices=[(name, name) for name in ROLE_PERMISSIONS], max_length=40, verbose_name="vai trò"
            ),
        ),
        migrations.AlterField(
            model_name="unit",
            name="unit_level",
            field=models.CharField(
                choices=[
                    ("tinh", "Tỉnh"),
                    ("thanh-pho", "Thành phố trực thuộc trung ương"),
                    ("xa", "Xã"),
                    ("phuong", "Phường"),
                    ("dac-khu", "Đặc khu"),
                    ("huyen", "Huyện (trước 01/07/2025)"),
                ],
                max_length=10,
                verbose_name="loại đơn vị",
            ),
        ),
        # the administrators' rights now name the unit, its host names and its staff
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
