"""Sanitising rich text (bodies written in CKEditor) with an allow-list, on save.

Whatever arrives — from the editor, a crafted POST or an import — only these
tags and attributes survive; links get rel="noopener noreferrer"; images are
kept only when they come from our own media: an image from another host would
tell that host who reads the page (and the CSP would block it anyway). Body images
are loaded lazily: a body image is rarely in the first screen, least of all on a
phone, and a reader who never scrolls to it should not download it.
"""

import nh3
from django.conf import settings

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
    "caption",
    "colgroup",
    "col",
    "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading"},  # loading is forced, below
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Set on every image whatever the input says (an editor's loading="eager" is replaced); nh3
# accepts it also being in ALLOWED_ATTRIBUTES, and the forced value wins. One attribute only:
# nh3 adds several in no fixed order, so a body would change on every save.
SET_ATTRIBUTES = {"img": {"loading": "lazy"}}


def _image_source_allowed(src):
    src = (src or "").strip()
    media = settings.MEDIA_URL
    return src.startswith(media) and "//" not in src[len(media) :] and ".." not in src


def _attribute_filter(tag, attribute, value):
    if tag == "img" and attribute == "src":
        return value if _image_source_allowed(value) else None
    if attribute in {"width", "height", "colspan", "rowspan", "span"}:
        return value if value.isdigit() and len(value) <= 4 else None
    return value


def sanitize_html(html):
    """Return ``html`` reduced to the allow-list; safe to render with ``|safe``."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        attribute_filter=_attribute_filter,
        set_tag_attribute_values=SET_ATTRIBUTES,
        strip_comments=True,
    )
