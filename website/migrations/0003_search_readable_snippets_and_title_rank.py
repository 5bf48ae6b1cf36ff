"""Search: readable snippets and the closest title first.

- ``terms``: words that find an entry without being shown (a procedure's keywords, "thủ tục hành chính");
  ``body`` becomes readable sentences that result snippets are cut from.
- ``title_length``: the number of words of the title, so that of the titles holding every word asked for
  the shortest comes first ("Đăng ký khai sinh" before "Đăng ký lại khai sinh"), by an index.
- PostgreSQL: the generated ``vector`` column is made again to include ``terms``.
- The index is rebuilt, so every entry has its readable body, terms and title length.
"""

from django.db import migrations, models

# The same expression as 0007_search, with ``terms`` beside the body.
PG_FORWARD = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE website_searchentry DROP COLUMN IF EXISTS vector",
    """ALTER TABLE website_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('portal_vi'::regconfig,
                  regexp_replace(title || ' ' || label, '[!-/:-@\\[-`{-~]+', ' ', 'g')), 'A')
        || setweight(to_tsvector('portal_vi'::regconfig,
                  regexp_replace(body || ' ' || terms, '[!-/:-@\\[-`{-~]+', ' ', 'g')), 'B')
    ) STORED""",
    "CREATE INDEX search_entry_vector ON website_searchentry USING gin (vector)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_vector",
    "ALTER TABLE website_searchentry DROP COLUMN IF EXISTS vector",
    """ALTER TABLE website_searchentry ADD COLUMN vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('portal_vi'::regconfig,
                  regexp_replace(title || ' ' || label, '[!-/:-@\\[-`{-~]+', ' ', 'g')), 'A')
        || setweight(to_tsvector('portal_vi'::regconfig,
                  regexp_replace(body, '[!-/:-@\\[-`{-~]+', ' ', 'g')), 'B')
    ) STORED""",
    "CREATE INDEX search_entry_vector ON website_searchentry USING gin (vector)",
]


def postgres_forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_FORWARD:
            schema_editor.execute(statement)


def postgres_backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_BACKWARD:
            schema_editor.execute(statement)


def rebuild_index(apps, schema_editor):
    from website import search_index

    search_index.rebuild(
        {label: apps.get_model(label) for label in search_index.search_sources()},
        entry_model=apps.get_model("website", "SearchEntry"),
    )


class Migration(migrations.Migration):
    # moved from the app "muongang" (see website/migrations/0004_tables_from_muongang.py)
    replaces = [("muongang", "0012_search_readable_snippets_and_title_rank")]

    dependencies = [
        ("citizens", "0004_feedback_procedure"),
        ("website", "0002_demo_record_ledger"),
        ("news", "0007_document_files_private"),
        ("procedures", "0004_dossier_due_at_closing_time_help"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="terms",
            field=models.TextField(blank=True, default="", verbose_name="từ tìm thấy mà không hiện"),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="title_length",
            field=models.PositiveSmallIntegerField(default=0, editable=False, verbose_name="số từ của tiêu đề"),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["title_length", "-date"], name="search_entry_title_length"),
        ),
        migrations.RunPython(postgres_forward, postgres_backward),
        migrations.RunPython(rebuild_index, migrations.RunPython.noop),
    ]
