"""Photos and document files: checked by content, cleaned, and resized once at upload.

- A photo is checked and re-encoded without metadata by the kernel (portal.images: JPEG, PNG or WebP,
  at most 10 MB and 40 megapixels; no EXIF, GPS, XMP, comment or colour profile survives, colours in
  sRGB). Renditions are written here at a few widths in WebP and JPEG. Pages then serve them with
  srcset/sizes; nothing is resized per request.
- A document must really be a PDF, DOC or DOCX, whatever its name says.
"""

import functools
import io
import logging
import os
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from PIL import Image

from portal.cache import remembered
from portal.images import (  # noqa: F401  (news.images.validate_photo: named by migrations)
    MAX_PHOTO_MB,
    MAX_PIXELS,
    PHOTO_FORMATS,
    already_stored,
    clean_original,
    flat,
    open_upright,
    unguessable,
    validate_photo,
)
from portal.models import file_present
from portal.private_files import PrivateStorage
from portal.storage import PublicStorageBase

logger = logging.getLogger(__name__)

WIDTHS = (400, 800, 1200)


def cover_path(instance, filename):
    return timezone.localtime().strftime("tin-tuc/%Y/%m/") + unguessable(filename)


def library_path(instance, filename):
    return timezone.localtime().strftime("thu-vien/%Y/%m/") + unguessable(filename)


@functools.lru_cache(maxsize=32)
def _encode_renditions(source):
    """(width, height, webp bytes, jpeg bytes) per width, for the image bytes ``source``.

    Memoised: the same photo saved again in this process (the demo loaded twice, an article
    duplicated) is not encoded again.
    """
    image = open_upright(io.BytesIO(source))
    widths = sorted({w for w in WIDTHS if w < image.width} | {min(image.width, WIDTHS[-1])})
    encoded = []
    for width in widths:
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        webp, jpeg = io.BytesIO(), io.BytesIO()
        resized.save(webp, "WEBP", quality=80)
        flat(resized).save(jpeg, "JPEG", quality=82, optimize=True)
        encoded.append((width, height, webp.getvalue(), jpeg.getvalue()))
    return tuple(encoded)


def measure(name, storage=default_storage):
    """(width, height) of the stored image ``name``, read from its header at upload; (None, None), and a
    warning, when the file is missing or not an image. Pages never call this: they show what was stored."""
    try:
        with storage.open(name) as source, Image.open(source) as image:
            return image.size
    except (OSError, ValueError, Image.DecompressionBombError, SuspiciousFileOperation):
        logger.warning("Không đọc được kích thước ảnh %s (tệp thiếu hoặc hỏng).", name)
        return None, None


def make_renditions(name, storage=default_storage):
    """Write WebP and JPEG renditions of the stored image ``name``; return {"webp": [[w, h, name]…], "jpeg": …}."""
    with storage.open(name) as source:
        encoded = _encode_renditions(source.read())
    stem = os.path.splitext(name)[0]
    result = {"webp": [], "jpeg": []}
    for width, height, webp, jpeg in encoded:
        for key, ext, data in (("webp", "webp", webp), ("jpeg", "jpg", jpeg)):
            target = f"{stem}-{width}.{ext}"
            if storage.exists(target):
                storage.delete(target)
            result[key].append([width, height, storage.save(target, ContentFile(data))])
    return result


def delete_renditions(renditions, storage=default_storage):
    for entries in (renditions or {}).values():
        for _w, _h, name in entries:
            storage.delete(name)


@dataclass(frozen=True)
class PhotoFields:
    """Where a model keeps a photo: the file field, and its renditions, width and height."""

    file: str
    renditions: str
    width: str
    height: str


ARTICLE_COVER = PhotoFields("cover", "cover_renditions", "cover_width", "cover_height")
LIBRARY_PHOTO = PhotoFields("image", "renditions", "width", "height")


def before_save(obj, fields):
    """Called by a model's save() before it writes: a new upload is kept without its metadata (camera,
    GPS), upright; a file that changed loses the earlier file's renditions and is measured (once: every
    later page view uses the stored sizes). Returns None when the file did not change, else the name of
    the file it replaced ("" when none) and that file's renditions, for after_save()."""
    field = getattr(obj, fields.file)
    stored = type(obj).objects.filter(pk=obj.pk).values_list(fields.file, flat=True).first() if obj.pk else ""
    if field and not field._committed:
        field.save(os.path.basename(field.name), clean_original(field.file), save=False)
    if (field.name or "") == (stored or ""):
        return None
    replaced = (stored or "", getattr(obj, fields.renditions))
    setattr(obj, fields.renditions, {})
    size = measure(field.name) if field else (None, None)
    setattr(obj, fields.width, size[0])
    setattr(obj, fields.height, size[1])
    return replaced


def after_save(obj, fields, replaced):
    """Called by a model's save() after it wrote, with what before_save() returned: the replaced file is
    deleted once the change is committed, and the new one's renditions made, here or, when uploads are on
    the object store (settings.RENDITIONS_IN_BACKGROUND), by the worker (news.tasks); pages show the
    original meanwhile."""
    if replaced is None:
        return
    if replaced[0]:
        _delete_when_unused(type(obj), fields, *replaced)
    if not getattr(obj, fields.width):
        return
    name = getattr(obj, fields.file).name
    if settings.RENDITIONS_IN_BACKGROUND:
        from news.tasks import make_photo_renditions

        label, pk = obj._meta.label_lower, obj.pk
        transaction.on_commit(lambda: make_photo_renditions.enqueue(label, pk, name))
    else:
        renditions = make_renditions(name)
        setattr(obj, fields.renditions, renditions)
        type(obj).objects.filter(pk=obj.pk).update(**{fields.renditions: renditions})


def after_delete(obj, fields):
    """A deleted photo's file and renditions go too, once the deletion is committed (a post_delete
    receiver, so that a bulk deletion in the admin or a unit's removal leaves no file behind)."""
    name = getattr(obj, fields.file).name
    if name:
        _delete_when_unused(type(obj), fields, name, getattr(obj, fields.renditions))


def _delete_when_unused(model, fields, name, renditions, storage=default_storage):
    """Delete ``name`` and its renditions once the transaction commits, unless another row of ``model``
    still holds the same file (copies made in bulk, such as generated volumes, may share one)."""

    def remove():
        if model._base_manager.filter(**{fields.file: name}).exists():
            return
        delete_renditions(renditions, storage)
        storage.delete(name)

    transaction.on_commit(remove, robust=True)


_pictures = {}


def picture(field, renditions, width, height, storage=default_storage):
    """Template data for <picture>: {"webp": srcset, "jpeg": srcset, "src": url, "width", "height"}, or None.

    Made from what was stored at upload (names and sizes): no image file is opened. Each file named is
    checked to be there (a stat); a missing one is left out with a warning in the log, and a photo with
    nothing left to show is no photo, so that one lost file never breaks a page. Kept by the process as
    long as the stats are (MEDIA_PRESENCE_SECONDS): a list of twelve cards builds twelve of these.
    """
    if not field:
        return None
    key = (getattr(storage, "location", ""), field.name, repr(renditions), width, height)
    return remembered(
        _pictures,
        key,
        lambda: _picture(field, renditions, width, height, storage),
        settings.MEDIA_PRESENCE_SECONDS,
    )


def _picture(field, renditions, width, height, storage):

    def present(entries):
        return [entry for entry in entries if file_present(storage, entry[2])]

    renditions = renditions or {}
    jpegs = present(renditions.get("jpeg", []))
    if jpegs:
        middle = next((e for e in jpegs if e[0] >= 800), jpegs[-1])
        src, width, height = storage.url(middle[2]), middle[0], middle[1]
    elif width and height and file_present(storage, field.name):
        src = field.url
    else:
        if not (width and height):
            logger.warning("Ảnh %s chưa có kích thước lưu sẵn: trang hiện không kèm ảnh.", field.name)
        return None

    def srcset(entries):
        return ", ".join(f"{storage.url(name)} {w}w" for w, _h, name in entries)

    return {
        "webp": srcset(present(renditions.get("webp", []))),
        "jpeg": srcset(jpegs),
        "src": src,
        "width": width,
        "height": height,
    }


# --- documents ---------------------------------------------------------------------------

DOCUMENT_SIGNATURES = {
    ".pdf": "PDF",
    ".doc": "DOC",
    ".docx": "DOCX",
}


def _document_kind(file):
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "PDF"
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE2 compound file: Word 97–2003
        return "DOC"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                if "word/document.xml" in archive.namelist():
                    return "DOCX"
        except zipfile.BadZipFile:
            return None
        finally:
            file.seek(0)
    return None


def validate_document_file(file):
    if not file or already_stored(file):
        return
    extension = os.path.splitext(file.name)[1].lower()
    expected = DOCUMENT_SIGNATURES.get(extension)
    if not expected:
        raise ValidationError("Chỉ nhận tệp PDF, DOC hoặc DOCX.", code="document_extension")
    if _document_kind(file) != expected:
        raise ValidationError(
            f"Nội dung tệp không phải là {expected} như phần đuôi “{extension}” cho biết. "
            "Hãy kiểm tra lại tệp rồi tải lên.",
            code="document_content",
        )


class CleanPhotoStorage(PublicStorageBase):
    """Where photos pasted into article bodies (CKEditor uploads) go (MEDIA_ROOT, or the object store):
    re-encoded without metadata."""

    def _save(self, name, content):
        folder = timezone.localtime().strftime("anh-bai-viet/%Y/%m/")
        return super()._save(folder + unguessable(name), clean_original(content))


@deconstructible
class DocumentStorage(PrivateStorage):
    """Files of documents (văn bản): the kernel's private storage (under PRIVATE_MEDIA_ROOT, so that no web
    server in front of the site can serve them); they are sent by ``news.views.document_file`` and
    ``document_download``, which check that the document is public, or that the reader is staff who may see it."""

    def url(self, name):
        return reverse("news:document-file", kwargs={"name": name})


document_storage = DocumentStorage()
