"""Shared by the migrations that give existing rows their unit (its name starts with "_", so Django does
not load it as a migration). A database from before units holds one unit's data: it all goes to that
unit, the settings row that became the first Unit; a database with rows but no settings gets a unit
named from nothing, which staff then fill in (code 00000 marks it)."""

PLACEHOLDER_CODE = "00000"


def default_unit(apps, using):
    Unit = apps.get_model("portal", "Unit")
    unit = Unit.objects.using(using).order_by("pk").first()
    if unit is None:
        unit = Unit.objects.using(using).create(
            code=PLACEHOLDER_CODE, unit_name="Đơn vị", unit_level="xa", portal_title="Cổng thông tin điện tử"
        )
    return unit


def give_rows_their_unit(*labels):
    """A RunPython function: every row of the models ``labels`` ("news.Article") belongs to the default unit."""

    def forward(apps, schema_editor):
        using = schema_editor.connection.alias
        for label in labels:
            model = apps.get_model(label)
            rows = model._base_manager.using(using).filter(unit__isnull=True)
            if rows.exists():
                rows.update(unit=default_unit(apps, using))

    return forward
