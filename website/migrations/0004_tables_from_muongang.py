"""The front's tables (the search index, the demo's ledger) and content types leave the old app
"muongang", as the kernel's do in portal/migrations/0011_tables_from_muongang.py; the demo's ledger
names the kernel's models by their new label; a search entry's kind is one the apps offer
(portal.contributions), no longer a fixed list."""

from django.db import migrations, models
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from portal.migrations._moved import moved_from_muongang


def demo_keys(apps, schema_editor):
    records = apps.get_model("website", "DemoRecord").objects.using(schema_editor.connection.alias)
    records.filter(key__startswith="muongang.").update(key=Concat(Value("portal."), Substr("key", 10)))


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0011_tables_from_muongang"),
        ("website", "0003_search_readable_snippets_and_title_rank"),
    ]

    operations = [
        migrations.RunPython(moved_from_muongang("website"), migrations.RunPython.noop),
        migrations.RunPython(demo_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="searchentry",
            name="kind",
            field=models.CharField(max_length=12, verbose_name="loại"),
        ),
    ]
