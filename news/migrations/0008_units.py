"""Units (issue 15): articles, their history, categories, introduction pages and documents belong to a unit.

Every existing row goes to the one unit a database from before units has (portal 0012); slugs become
unique per unit, and the listing indexes lead with the unit, so that one unit's lists read as few index
entries at 500 units as at one.
"""

import django.db.models.deletion
from django.db import migrations, models

from portal.migrations._units import give_rows_their_unit

MODELS = ["article", "articleevent", "category", "document", "page"]


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
    dependencies = [
        ("news", "0007_document_files_private"),
        ("portal", "0012_units"),
    ]

    operations = [
        *[migrations.AddField(model_name=name, name="unit", field=unit_field(null=True)) for name in MODELS],
        migrations.RunPython(
            give_rows_their_unit(*(f"news.{name}" for name in MODELS)), migrations.RunPython.noop
        ),
        *[
            migrations.AlterField(model_name=name, name="unit", field=unit_field(null=False))
            for name in MODELS
        ],
        migrations.RemoveIndex(
            model_name="article",
            name="news_article_listing",
        ),
        migrations.RemoveIndex(
            model_name="document",
            name="news_document_listing",
        ),
        migrations.AlterField(
            model_name="article",
            name="slug",
            field=models.SlugField(
                blank=True,
                db_index=False,
                help_text="Để trống để tạo tự động từ tiêu đề.",
                max_length=250,
                verbose_name="đường dẫn",
            ),
        ),
        migrations.AlterField(
            model_name="category",
            name="slug",
            field=models.SlugField(blank=True, db_index=False, max_length=140, verbose_name="đường dẫn"),
        ),
        migrations.AlterField(
            model_name="document",
            name="slug",
            field=models.SlugField(blank=True, db_index=False, max_length=160, verbose_name="đường dẫn"),
        ),
        migrations.AlterField(
            model_name="page",
            name="slug",
            field=models.SlugField(
                blank=True,
                db_index=False,
                help_text="Để trống để tạo tự động từ tiêu đề.",
                max_length=200,
                verbose_name="đường dẫn",
            ),
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(
                fields=["unit", "status", "-published_at", "-id"], name="news_article_unit_listing"
            ),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(
                fields=["unit", "is_published", "-issued_on", "-id"], name="news_document_unit_listing"
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(fields=("unit", "slug"), name="news_article_slug_per_unit"),
        ),
        migrations.AddConstraint(
            model_name="category",
            constraint=models.UniqueConstraint(fields=("unit", "slug"), name="news_category_slug_per_unit"),
        ),
        migrations.AddConstraint(
            model_name="document",
            constraint=models.UniqueConstraint(fields=("unit", "slug"), name="news_document_slug_per_unit"),
        ),
        migrations.AddConstraint(
            model_name="page",
            constraint=models.UniqueConstraint(fields=("unit", "slug"), name="news_page_slug_per_unit"),
        ),
    ]
