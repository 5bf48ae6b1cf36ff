"""Document files leave MEDIA_ROOT: a document's file is public only while the document is.

The files move to PRIVATE_MEDIA_ROOT under the same names (no row changes), where no web server
in front of the site serves them; news.views sends them after checking. Their sizes are stored so
that a page never reads the file to show it. Reversible: the files move back.
"""

import logging
import shutil
from pathlib import Path

from django.conf import settings
from django.db import migrations, models

import portal.models
import news.images

logger = logging.getLogger("news.migrations")


def _move(apps, source, target):
    Document = apps.get_model("news", "Document")
    for pk, name, size in Document.objects.exclude(file="").values_list("pk", "file", "file_size").iterator():
        old, new = Path(source) / name, Path(target) / name
        if old.is_file() and not new.exists():
            new.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(old, new)
        if not new.is_file():
            logger.warning("Thiếu tệp của văn bản %s: %s", pk, name)
        elif size is None:
            Document.objects.filter(pk=pk).update(file_size=new.stat().st_size)


def to_private(apps, schema_editor):
    _move(apps, settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT)


def to_public(apps, schema_editor):
    _move(apps, settings.PRIVATE_MEDIA_ROOT, settings.MEDIA_ROOT)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0006_article_cover_sizes_stored"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="file_size",
            field=models.PositiveBigIntegerField(
                blank=True, editable=False, null=True, verbose_name="dung lượng tệp (byte)"
            ),
        ),
        migrations.AlterField(
            model_name="document",
            name="file",
            field=models.FileField(
                help_text="PDF, DOC hoặc DOCX, tối đa 20 MB.",
                storage=news.images.DocumentStorage(),
                upload_to="van-ban/%Y/",
                validators=[news.images.validate_document_file, portal.models.MaxFileSize(20)],
                verbose_name="tệp văn bản",
            ),
        ),
        migrations.RunPython(to_private, to_public),
    ]
