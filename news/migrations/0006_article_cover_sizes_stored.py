"""Article photos: sizes stored once, never measured by a page view.

Django's width_field/height_field measured the photo whenever an article without stored sizes was
loaded (every page view of the demo's articles), and failed when the file was missing. The cover
is no longer tied to them (Article.save measures a new upload), photo names get a random part, and
the sizes of existing photos are read here, once. A missing photo is logged and left without sizes
(its pages then show no photo).
"""

import logging

from django.core.files.storage import default_storage
from django.db import migrations, models
from django.db.models import Q
from PIL import Image

import news.images

logger = logging.getLogger("news.migrations")


def store_cover_sizes(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    missing = Q(cover_width__isnull=True) | Q(cover_height__isnull=True)
    for pk, name in Article.objects.exclude(cover="").filter(missing).values_list("pk", "cover").iterator():
        try:
            with default_storage.open(name) as source, Image.open(source) as image:
                width, height = image.size
        except (OSError, ValueError, Image.DecompressionBombError):
            logger.warning("Thiếu hoặc hỏng ảnh đại diện %s (bài %s): để trống kích thước.", name, pk)
            continue
        Article.objects.filter(pk=pk).update(cover_width=width, cover_height=height)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0005_document_listing_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="cover",
            field=models.ImageField(
                blank=True,
                help_text="Ảnh JPEG, PNG hoặc WebP, tối đa 10 MB và 40 megapixel.",
                upload_to=news.images.cover_path,
                validators=[news.images.validate_photo],
                verbose_name="ảnh đại diện",
            ),
        ),
        migrations.RunPython(store_cover_sizes, migrations.RunPython.noop, elidable=True),
    ]
