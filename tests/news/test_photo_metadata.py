"""Uploaded photos keep their pixels and nothing else: no EXIF, GPS, XMP, IPTC, comment, text chunk or profile.

Each file is built by Pillow carrying one kind of metadata with a secret in it, uploaded the way staff
upload (an article's cover in the admin, a photo pasted into the editor), and the saved bytes are read
segment by segment (JPEG), chunk by chunk (PNG, WebP): not only through Pillow's view of them.
"""

import io
import struct

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image, ImageCms, PngImagePlugin

from news.models import Article
from portal import roles
from tests import factories
from tests.news.test_images import post_article

pytestmark = pytest.mark.django_db

SECRET = "Bí mật Nậm Lịch 21°30'N"
XMP = (
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    f'<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" dc:creator="{SECRET}"/>'
    "</rdf:RDF></x:xmpmeta>"
).encode()


def exif_with_gps():
    exif = Image.Exif()
    exif[0x010F] = SECRET  # camera make
    exif[0x9286] = SECRET  # user comment (in the Exif IFD for readers that look there)
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (21.0, 30.0, 0.0)
    gps[3], gps[4] = "E", (103.0, 15.0, 0.0)
    return exif.tobytes()


def srgb_profile():
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def iptc_segment():
    """An APP13 "Photoshop 3.0" segment with an IPTC byline (2:80) holding the secret."""
    value = SECRET.encode()
    iptc = b"\x1c\x02\x50" + struct.pack(">H", len(value)) + value
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    body = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(body) + 2) + body


def picture(mode="RGB"):
    colour = (30, 110, 170, 255) if mode == "RGBA" else (30, 110, 170)
    return Image.new(mode, (520, 320), colour)


def jpeg(**options):
    out = io.BytesIO()
    picture().save(out, "JPEG", quality=85, **options)
    return out.getvalue()


def jpeg_with_iptc():
    data = jpeg()
    return data[:2] + iptc_segment() + data[2:]


def png(**options):
    out = io.BytesIO()
    picture("RGBA").save(out, "PNG", **options)
    return out.getvalue()


def png_with_text():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Lo Van An")  # tEXt (Latin-1)
    info.add_text("Comment", "x" * 300 + " secret-ztxt", zip=True)  # zTXt
    info.add_itxt("Description", SECRET)  # iTXt
    return png(pnginfo=info)


def webp(**options):
    out = io.BytesIO()
    picture().save(out, "WEBP", quality=80, **options)
    return out.getvalue()


# --- reading the saved bytes --------------------------------------------------------------------------------


def jpeg_markers(data):
    """The marker bytes of every segment before the end of the image (entropy-coded data skipped)."""
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    markers, i = [], 2
    while i < len(data):
        assert data[i] == 0xFF, f"lost in the JPEG at byte {i}"
        marker = data[i + 1]
        if marker == 0xD9:
            break
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        length = struct.unpack(">H", data[i + 2 : i + 4])[0]
        markers.append((marker, data[i + 4 : i + 2 + length]))
        i += 2 + length
        if marker == 0xDA:  # start of scan: skip to the next marker that is not a restart or stuffed byte
            while True:
                i = data.index(b"\xff", i)
                following = data[i + 1]
                if following == 0 or 0xD0 <= following <= 0xD7:
                    i += 2
                    continue
                break
    return markers


def png_chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    chunks, i = [], 8
    while i < len(data):
        length = struct.unpack(">I", data[i : i + 4])[0]
        chunks.append(data[i + 4 : i + 8].decode("latin-1"))
        i += 12 + length
    return chunks


def webp_chunks(data):
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP", "not a WebP"
    chunks, i = [], 12
    while i < len(data):
        kind, length = data[i : i + 4].decode("latin-1"), struct.unpack("<I", data[i + 4 : i + 8])[0]
        chunks.append((kind, data[i + 8 : i + 8 + length]))
        i += 8 + length + (length & 1)
    return chunks


IMAGE_DATA_JPEG = {0xC4, 0xDB, 0xDD, 0xDA} | {m for m in range(0xC0, 0xD0) if m not in (0xC4, 0xC8, 0xCC)}


def assert_clean(data):
    """Only image data: whatever the metadata was, no segment or chunk that can carry it is left."""
    assert SECRET.encode() not in data and b"secret" not in data.lower()
    if data[:2] == b"\xff\xd8":
        kinds = [marker for marker, _body in jpeg_markers(data)]
        extra = [
            hex(marker)
            for marker, body in jpeg_markers(data)
            if marker not in IMAGE_DATA_JPEG and not (marker == 0xE0 and body.startswith(b"JFIF\x00"))
        ]
        assert not extra, f"metadata segments left: {extra} (all: {[hex(k) for k in kinds]})"
    elif data[:4] == b"\x89PNG":
        extra = set(png_chunks(data)) - {"IHDR", "PLTE", "tRNS", "IDAT", "IEND"}
        assert not extra, f"metadata chunks left: {extra}"
    else:
        chunks = webp_chunks(data)
        extra = {kind for kind, _body in chunks} - {"VP8 ", "VP8L", "VP8X", "ALPH"}
        assert not extra, f"metadata chunks left: {extra}"
        for kind, body in chunks:
            if kind == "VP8X":  # the flags that announce an ICC profile, EXIF or XMP
                assert body[0] & 0b0010_1100 == 0


# The uploads: each carries one kind of metadata, and the check of each proves it really carries it.
UPLOADS = {
    "jpeg-exif-gps": ("anh.jpg", lambda: jpeg(exif=exif_with_gps()), b"Exif\x00\x00"),
    "jpeg-xmp": ("anh.jpg", lambda: jpeg(xmp=XMP), b"adobe:ns:meta"),
    "jpeg-iptc-app13": ("anh.jpg", jpeg_with_iptc, b"Photoshop 3.0"),
    "jpeg-comment": ("anh.jpg", lambda: jpeg(comment=SECRET.encode()), SECRET.encode()),
    "jpeg-icc": ("anh.jpg", lambda: jpeg(icc_profile=srgb_profile()), b"ICC_PROFILE"),
    "png-text-ztxt-itxt": ("anh.png", png_with_text, b"iTXt"),
    "png-exif": ("anh.png", lambda: png(exif=exif_with_gps()), b"eXIf"),
    "png-icc": ("anh.png", lambda: png(icc_profile=srgb_profile()), b"iCCP"),
    "webp-exif": ("anh.webp", lambda: webp(exif=exif_with_gps()), b"EXIF"),
    "webp-xmp": ("anh.webp", lambda: webp(xmp=XMP), b"XMP "),
    "webp-icc": ("anh.webp", lambda: webp(icc_profile=srgb_profile()), b"ICCP"),
}


@pytest.fixture
def reporter_client():
    client = Client()
    client.force_login(factories.staff_user(roles.REPORTER))
    return client


@pytest.mark.parametrize("kind", UPLOADS)
def test_an_article_cover_and_its_renditions_keep_no_metadata(reporter_client, settings, kind):
    name, build, proof = UPLOADS[kind]
    original = build()
    assert proof in original, "the test file does carry the metadata"
    response = post_article(reporter_client, factories.category(), SimpleUploadedFile(name, original))
    assert response.status_code == 302
    article = Article.objects.get()
    stored = [article.cover.name] + [
        n for entries in article.cover_renditions.values() for _w, _h, n in entries
    ]
    assert len(stored) == 5  # the cleaned original, WebP and JPEG at 400 and 520 px
    for path in stored:
        data = (settings.MEDIA_ROOT / path).read_bytes()
        assert_clean(data)
        with Image.open(io.BytesIO(data)) as image:  # still the same picture
            assert image.size in {(520, 320), (400, 246)}
            assert abs(image.convert("RGB").getpixel((10, 10))[2] - 170) <= 8


def test_a_photo_pasted_into_the_editor_keeps_no_metadata(settings):
    client = Client()
    client.force_login(factories.staff_user(roles.REPORTER))
    original = jpeg(exif=exif_with_gps(), xmp=XMP, comment=SECRET.encode(), icc_profile=srgb_profile())
    original = original[:2] + iptc_segment() + original[2:]
    response = client.post("/ckeditor5/image_upload/", {"upload": SimpleUploadedFile("dan.jpg", original)})
    assert response.status_code == 200
    stored = (settings.MEDIA_ROOT / response.json()["url"].removeprefix("/media/")).read_bytes()
    assert_clean(stored)


def test_a_phone_photo_with_extra_frames_is_accepted_as_its_first_frame(reporter_client, settings):
    """Phones write MPO files (a JPEG followed by a depth map or a preview): taken as a JPEG, extra frames dropped."""
    out = io.BytesIO()
    picture().save(
        out, "MPO", save_all=True, append_images=[Image.new("RGB", (520, 320), "white")], exif=exif_with_gps()
    )
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    response = post_article(
        reporter_client, factories.category(), SimpleUploadedFile("mpo.jpg", out.getvalue())
    )
    assert response.status_code == 302
    data = (settings.MEDIA_ROOT / Article.objects.get().cover.name).read_bytes()
    assert_clean(data)
    assert data.count(b"\xff\xd8") == 1  # one image, not two
