"""Photos and document files: checked by content, cleaned, and resized once at upload.

- A photo is accepted only if Pillow reads it as JPEG, PNG or WebP, it weighs at
  most 10 MB and has at most 40 megapixels (a "decompression bomb" is refused
  before it is decoded).
- At upload the original is re-encoded from its pixels alone, turned upright: no
  EXIF (camera, GPS), XMP, IPTC, comment, PNG text chunk or colour profile survives
  (a profile is applied first: the colours are converted to sRGB, which every
  browser assumes, so a phone's Display P3 photo keeps its colours without its
  profile). Renditions are written at a few widths in WebP and JPEG. Pages then
  serve them with srcset/sizes; nothing is resized per request.
- A document must really be a PDF, DOC or DOCX, whatever its name says.
"""

import functools
import io
import logging
import os
import zipfile

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import timezone
from PIL import Image, ImageCms, ImageOps

logger = logging.getLogger(__name__)

MAX_PHOTO_MB = 10
MAX_PIXELS = 40_000_000
# MPO is what phones write: a JPEG followed by more frames (a depth map, a preview); its first frame is kept.
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
WIDTHS = (400, 800, 1200)


def _already_stored(file):
    """A file saved earlier was checked at its upload; the form re-validates it unchanged on every edit."""
    return getattr(file, "_committed", False)


def validate_photo(file):
    if not file or _already_stored(file):
        return
    if file.size > MAX_PHOTO_MB * 1024 * 1024:
        raise ValidationError(
            f"Ảnh quá lớn ({file.size / 1024 / 1024:.1f} MB). Dung lượng tối đa là {MAX_PHOTO_MB} MB.",
            code="photo_too_large",
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        with Image.open(file) as image:  # reads the header only
            width, height, kind = image.width, image.height, image.format
    except Image.DecompressionBombError:
        raise ValidationError(
            "Ảnh có số điểm ảnh quá lớn (vượt quá 40 megapixel). Hãy thu nhỏ ảnh rồi tải lên lại.",
            code="photo_too_many_pixels",
        ) from None
    except Exception:
        raise ValidationError(
            "Tệp này không phải là ảnh. Hãy chọn ảnh JPEG, PNG hoặc WebP.", code="not_a_photo"
        ) from None
    finally:
        file.seek(position)
    if kind not in PHOTO_FORMATS:
        raise ValidationError(
            f"Định dạng ảnh {kind} chưa được hỗ trợ. Hãy chọn ảnh JPEG, PNG hoặc WebP.", code="photo_format"
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            f"Ảnh có kích thước {width}×{height} điểm ảnh, vượt quá giới hạn 40 megapixel. "
            "Hãy thu nhỏ ảnh rồi tải lên lại.",
            code="photo_too_many_pixels",
        )


def _open_upright(source):
    """The first frame's pixels, upright, in sRGB, RGB or RGBA, with no metadata attached at all.

    Pillow writes back some of what it read (a JPEG's comment, a PNG's colour profile) when an image
    is saved, so nothing read is kept: ``info`` is emptied and the EXIF is dropped.
    """
    image = Image.open(source)
    image.load()
    image = ImageOps.exif_transpose(image)
    transparent = "transparency" in image.info or image.mode in ("RGBA", "LA", "P", "PA")
    mode = "RGBA" if transparent else "RGB"
    if profile := image.info.get("icc_profile"):
        try:
            image = ImageCms.profileToProfile(
                image, ImageCms.ImageCmsProfile(io.BytesIO(profile)), SRGB, outputMode=mode
            )
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            logger.warning("Bỏ qua hồ sơ màu không đọc được của một ảnh tải lên.")
    if image.mode != mode:
        image = image.convert(mode)
    clean = Image.new(mode, image.size)
    clean.paste(image)
    return clean


def _flat(image):
    """JPEG has no transparency: put the image on white."""
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image


def clean_original(upload):
    """The upload re-encoded from its pixels alone (see ``_open_upright``), upright, same format."""
    upload.seek(0)
    image = _open_upright(upload)
    upload.seek(0)
    with Image.open(upload) as probe:
        kind = probe.format
    out = io.BytesIO()
    if kind == "PNG":
        image.save(out, "PNG", optimize=True)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=90)
    else:
        _flat(image).save(out, "JPEG", quality=90, optimize=True, progressive=True)
    return ContentFile(out.getvalue())


@functools.lru_cache(maxsize=32)
def _encode_renditions(source):
    """(width, height, webp bytes, jpeg bytes) per width, for the image bytes ``source``.

    Memoised: the same photo saved again in this process (the demo loaded twice, an article
    duplicated) is not encoded again.
    """
    image = _open_upright(io.BytesIO(source))
    widths = sorted({w for w in WIDTHS if w < image.width} | {min(image.width, WIDTHS[-1])})
    encoded = []
    for width in widths:
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        webp, jpeg = io.BytesIO(), io.BytesIO()
        resized.save(webp, "WEBP", quality=80)
        _flat(resized).save(jpeg, "JPEG", quality=82, optimize=True)
        encoded.append((width, height, webp.getvalue(), jpeg.getvalue()))
    return tuple(encoded)


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


def picture(field, renditions, width, height, storage=default_storage):
    """Template data for <picture>: {"webp": srcset, "jpeg": srcset, "src": url, "width", "height"}."""
    if not field:
        return None
    if not renditions:
        return {"src": field.url, "width": width, "height": height, "webp": "", "jpeg": ""}

    def srcset(entries):
        return ", ".join(f"{storage.url(name)} {w}w" for w, _h, name in entries)

    jpegs = renditions["jpeg"]
    middle = next((e for e in jpegs if e[0] >= 800), jpegs[-1])
    return {
        "webp": srcset(renditions["webp"]),
        "jpeg": srcset(jpegs),
        "src": storage.url(middle[2]),
        "width": middle[0],
        "height": middle[1],
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
    if not file or _already_stored(file):
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


class CleanPhotoStorage(FileSystemStorage):
    """Where photos pasted into article bodies (CKEditor uploads) go: re-encoded without metadata."""

    def _save(self, name, content):
        folder = timezone.localtime().strftime("anh-bai-viet/%Y/%m/")
        return super()._save(folder + os.path.basename(name), clean_original(content))
