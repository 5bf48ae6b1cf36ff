"""Search on a province's platform: the word indexes hold each entry's unit.

With 500 units in one table, the word index returned every unit's matches ("cải cách hành chính":
22,000 entries at 500 units) for the page to keep its unit's 88, and a last word searched as a prefix
("chinh:*") walked every unit's vocabulary. The GIN indexes are now over each vector with its words
prefixed by the entry's unit — ``portal_unit_words(vector, unit_id)``: "cai" of unit 7 is "7_cai"; of a
national procedure's entry, which belongs to no unit, "0_cai" — and the search asks for the unit's words
(website.search._tsquery), so an index scan reads that unit's postings only. PostgreSQL only; SQLite is
unchanged.
"""

from django.db import migrations

PG_FORWARD = [
    # plpgsql, so that the planner matches the call in the index as written instead of inlining it
    """CREATE OR REPLACE FUNCTION portal_unit_words(words tsvector, unit bigint) RETURNS tsvector
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
    BEGIN
        RETURN array_to_tsvector(ARRAY(
            SELECT coalesce(unit, 0) || '_' || word FROM unnest(tsvector_to_array(words)) AS word
        ));
    END $$""",
    "CREATE INDEX search_entry_unit_words ON website_searchentry USING gin (portal_unit_words(vector, unit_id))",
    "CREATE INDEX search_entry_unit_title_words ON website_searchentry "
    "USING gin (portal_unit_words(title_vector, unit_id))",
    "DROP INDEX IF EXISTS search_entry_vector",
    "DROP INDEX IF EXISTS search_entry_title_vector",
]
PG_BACKWARD = [
    "CREATE INDEX search_entry_vector ON website_searchentry USING gin (vector)",
    "CREATE INDEX search_entry_title_vector ON website_searchentry USING gin (title_vector)",
    "DROP INDEX IF EXISTS search_entry_unit_words",
    "DROP INDEX IF EXISTS search_entry_unit_title_words",
    "DROP FUNCTION IF EXISTS portal_unit_words(tsvector, bigint)",
]


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("website", "0005_search_entries_per_unit")]

    operations = [migrations.RunPython(run(PG_FORWARD), run(PG_BACKWARD))]
