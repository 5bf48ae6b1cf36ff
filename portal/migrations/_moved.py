"""Shared by the migrations that take tables over from the old app "muongang" (its name starts with
"_", so Django does not load it as a migration)."""


def moved_from_muongang(app_label):
    def forward(apps, schema_editor):
        existing = set(schema_editor.connection.introspection.table_names())
        models = list(apps.get_app_config(app_label).get_models())
        for model in models:
            if model._meta.proxy or not model._meta.managed:
                continue
            old, new = f"muongang_{model._meta.model_name}", model._meta.db_table
            if old in existing and new not in existing:
                schema_editor.alter_db_table(model, old, new)
        content_types = apps.get_model("contenttypes", "ContentType").objects.using(schema_editor.connection.alias)
        names = {model._meta.model_name for model in models}
        taken = set(content_types.filter(app_label=app_label).values_list("model", flat=True))
        content_types.filter(app_label="muongang", model__in=names - taken).update(app_label=app_label)

    return forward
