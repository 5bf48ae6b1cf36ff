"""Vietnamese text helpers: the one place the portal normalises, slugs and folds text.

- ``nfc``: text pasted from Word or macOS often arrives decomposed (NFD): "Hường"
  as 8 code points instead of 5. Everything is stored composed (NFC), so that
  comparisons, search and sorting see one spelling.
- ``slugify_vi``: Django's slugify drops "đ" ("Đăng ký" → "ang-ky") because the
  letter has no Unicode decomposition, and glues "3855/KH-UBND" into "3855kh-ubnd".
- ``fold``: lower-case ASCII without diacritics, for search that ignores accents
  ("Cải cách hành chính" → "cai cach hanh chinh", NFD input too).
"""

import re
import unicodedata

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")


def nfc(value):
    """Return ``value`` in Unicode NFC form; anything that is not a string is returned unchanged."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value)


def fold(value):
    """Fold text for accent-insensitive comparison: lower case, no diacritics, đ→d, single spaces."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", str(value).translate(_D_MAP))
    # drop combining marks (the diacritics) and control characters (a NUL breaks PostgreSQL)
    stripped = "".join(
        ch if unicodedata.category(ch) != "Cc" else " "
        for ch in decomposed
        if unicodedata.category(ch) != "Mn"
    )
    return _SPACES.sub(" ", stripped.lower()).strip()


def slugify_vi(value, max_length=None):
    """Slug from a Vietnamese title: "Đăng ký khai sinh" → "dang-ky-khai-sinh", "3855/KH-UBND" → "3855-kh-ubnd"."""
    text = nfc(str(value)).translate(_D_MAP)
    text = re.sub(r"[/\\_.]+", "-", text)
    slug = slugify(text)
    if max_length and len(slug) > max_length:
        cut = slug[:max_length]
        if slug[max_length] != "-" and "-" in cut:  # the cut fell inside a word: drop that word
            cut = cut.rsplit("-", 1)[0]
        slug = cut.rstrip("-")
    return slug


def normalise_instance_text(instance):
    """NFC every text field of a model instance in place (called before saving)."""
    for field in instance._meta.concrete_fields:
        if field.get_internal_type() in {"CharField", "TextField", "SlugField", "EmailField", "URLField"}:
            value = getattr(instance, field.attname)
            if isinstance(value, str):
                setattr(instance, field.attname, nfc(value))
