"""Vietnamese text helpers: the one place the portal normalises, slugs and folds text.

- ``nfc``: text pasted from Word or macOS often arrives decomposed (NFD): "Hường"
  as 8 code points instead of 5. Everything is stored composed (NFC), so that
  comparisons, search and sorting see one spelling.
- ``slugify_vi``: Django's slugify drops "đ" ("Đăng ký" → "ang-ky") because the
  letter has no Unicode decomposition, and glues "3855/KH-UBND" into "3855kh-ubnd".
- ``fold``: lower-case ASCII without diacritics, for search that ignores accents
  ("Cải cách hành chính" → "cai cach hanh chinh", NFD input too).
"""

import html
import re
import unicodedata

from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")


def thousands(number):
    """A whole number as Vietnamese write it: 1234567 → "1.234.567" (what humanize's intcomma gives under the
    Vietnamese locale, without its localisation machinery: about 40 µs a call, felt in tables of 500 rows)."""
    return f"{number:,}".replace(",", ".")


def nfc(value):
    """Return ``value`` in Unicode NFC form; anything that is not a string is returned unchanged."""
    if not isinstance(value, str):
        return value
    return unicodedata.normalize("NFC", value)


_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # category Cc: a NUL breaks PostgreSQL
_BELOW = "\u3000"  # Latin with every Vietnamese letter, combining marks, Greek, Cyrillic, punctuation…


def _marks_below():
    """A pattern of the combining marks (category Mn) below _BELOW, found once at import (about 2 ms)."""
    found = [chr(code) for code in range(ord(_BELOW)) if unicodedata.category(chr(code)) == "Mn"]
    return re.compile("[" + "".join(re.escape(ch) for ch in found) + "]")


_MARKS = _marks_below()


def fold(value):
    """Fold text for accent-insensitive comparison: lower case, no diacritics, đ→d, single spaces."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", str(value).replace("đ", "d").replace("Đ", "D"))
    if decomposed.isascii():
        stripped = _CONTROLS.sub(" ", decomposed)
    elif max(decomposed) < _BELOW:  # Vietnamese: the marks dropped by one pattern, in C
        stripped = _CONTROLS.sub(" ", _MARKS.sub("", decomposed))
    else:  # CJK, emoji…: the marks looked up character by character
        stripped = "".join(
            " " if unicodedata.category(ch) == "Cc" else ch
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


# --- readable text for search results (the apps' search offers build it from their fields) ---

# the end of a block of rich text: its text must not run into the next block's ("…2020.Thực hiện")
_BLOCK_END = re.compile(r"<(?:br|/(?:p|div|li|h[1-6]|td|th|tr|blockquote|figcaption|pre))\b[^>]*>", re.I)
_CLOSERS = "\"'”’)»]"
_LIST_MARK = re.compile(r"^\s*(?:[-–•+*]|\d+[.)])\s*")


def plain(html_text):
    """Rich text as plain, single-spaced text."""
    text = html.unescape(strip_tags(_BLOCK_END.sub(" ", html_text or "")))
    return _SPACES.sub(" ", text).strip()


def sentences(*parts):
    """The non-empty ``parts`` as sentences of one text: each ends with a full stop unless it ends already."""
    out = []
    for part in parts:
        part = _SPACES.sub(" ", part or "").strip()
        if not part:
            continue
        if part.rstrip(_CLOSERS)[-1:] not in ".!?…":
            part = part.rstrip(",;:") + "."
        out.append(part)
    return " ".join(out)


def listed(text):
    """A field of one item a line ("Công dân Việt Nam\nNgười nước ngoài") as one phrase ("…; người nước…")."""
    items = [_LIST_MARK.sub("", line).strip().rstrip(".;,") for line in (text or "").splitlines()]
    items = [item for item in items if item]
    return "; ".join(items[:1] + [lower_first(item) for item in items[1:]])


def lower_first(text):
    """The first letter in lower case to follow a comma ("công dân Việt Nam"); an acronym ("UBND") stays."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


def start_of_day(value):
    """A date as an aware datetime at the start of the day (documents and answers carry dates only)."""
    if value is None:
        return None
    return timezone.make_aware(timezone.datetime(value.year, value.month, value.day))


def normalise_phone(value):
    """Digits of a Vietnamese phone number with +84 written as 0; None when it is not one."""
    compact = re.sub(r"[\s.()\-]", "", value or "")
    if compact.startswith("+84"):
        compact = "0" + compact[3:]
    elif compact.startswith("84") and len(compact) in (11, 12):
        compact = "0" + compact[2:]
    return compact if re.fullmatch(r"0\d{9,10}", compact) else None
