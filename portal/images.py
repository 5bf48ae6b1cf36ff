"""Photos uploaded anywhere in the portal (an article's cover and body, a leader's portrait): checked by
content and re-encoded without metadata at upload.

- A photo is accepted only if Pillow reads it as JPEG, PNG or WebP, it weighs at most 10 MB and has at
  most 40 megapixels (a "decompression bomb" is refused before it is decoded).
- At upload the original is re-encoded from its pixels alone, turned upright: no EXIF (camera, GPS), XMP,
  IPTC, comment, PNG text chunk or colour profile survives (a profile is applied first: the colours are
  converted to sRGB, which every browser assumes).

The apps' own image work (an article's renditions, news.images) builds on these.
"""

import io
import logging
import os
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageCms, ImageOps

logger = logging.getLogger(__name__)

MAX_PHOTO_MB = 10
MAX_PIXELS = 40_000_000
# MPO is what phones write: a JPEG followed by more frames (a depth map, a preview); its first frame is kept.
PHOTO_FORMATS = {"JPEG", "MPO", "PNG", "WEBP"}
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def unguessable(filename):
    """``filename`` with a random part added: a photo's address cannot be guessed from its name.

    Photos are public files, but an article's photos are uploaded before it is published (a draft, a
    scheduled article): nobody should find them before the article shows them.
    """
    stem, ext = os.path.splitext(os.path.basename(filename))
    return f"{stem[:80] or 'anh'}-{secrets.token_urlsafe(9)}{ext.lower()}"


def already_stored(file):
    """A file saved earlier was checked at its upload; the form re-validates it unchanged on every edit."""
    return getattr(file, "_committed", False)


def validate_photo(file):
    if not file or already_stored(file):
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


def open_upright(source):
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


def flat(image):
    """JPEG has no transparency: put the image on white."""
    if image.mode == "RGBA":
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image


def clean_original(upload, max_size=None):
    """The upload re-encoded from its pixels alone (see ``open_upright``), upright, same format;
    ``max_size`` (width, height): made no larger than that, its proportions kept (a leader's portrait)."""
    upload.seek(0)
    image = open_upright(upload)
    if max_size:
        image.thumbnail(max_size, Image.Resampling.LANCZOS)
    upload.seek(0)
    with Image.open(upload) as probe:
        kind = probe.format
    out = io.BytesIO()
    if kind == "PNG":
        image.save(out, "PNG", optimize=True)
    elif kind == "WEBP":
        image.save(out, "WEBP", quality=90)
    else:
        flat(image).save(out, "JPEG", quality=90, optimize=True, progressive=True)
    return ContentFile(out.getvalue())
