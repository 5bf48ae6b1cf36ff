"""The staff guide (docs/huong-dan/, in Vietnamese, one page per role), read in the admin (issue 17.5).

The guide is written once, as Markdown in the repository, so it reads the same on the code host and at
``/quan-tri/huong-dan/``, where the admin's home links each person to their role's page. markdown-it-py
renders it (CommonMark with tables; raw HTML off, so a page cannot carry a script); links between pages
and to the screenshots in ``anh/`` are turned into the admin's addresses. The pages are read from disk
once per change of the file (its modification time), not on every view.
"""

import re
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from markdown_it import MarkdownIt

from portal import roles

INDEX = "README"
# the page of each role, in the order the guide's contents list them
ROLE_PAGES = {
    roles.REPORTER: "phong-vien",
    roles.EDITOR: "bien-tap-vien",
    roles.DESK: "mot-cua",
    roles.RECEPTION: "tiep-dan",
    roles.ADMINISTRATOR: "quan-tri",
}
PAGE_NAME = re.compile(r"^[a-z0-9-]+$|^README$")
IMAGE_NAME = re.compile(r"^[a-z0-9-]+\.(?:jpg|png)$")
IMAGE_TYPES = {"jpg": "image/jpeg", "png": "image/png"}

_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")


def folder():
    return Path(settings.BASE_DIR) / "docs" / "huong-dan"


def _address(target):
    """The admin's address for a link or an image of the guide; other addresses are kept."""
    if "://" in target or target.startswith(("/", "#", "mailto:")):
        return target
    path, _, anchor = target.partition("#")
    if path.endswith(".md") and PAGE_NAME.match(path[:-3]):
        url = url_of(path[:-3])
    elif path.startswith("anh/") and IMAGE_NAME.match(path[4:]):
        url = reverse("admin:guide-image", args=[path[4:]])
    else:
        return target
    return f"{url}#{anchor}" if anchor else url


def url_of(name):
    return reverse("admin:guide") if name == INDEX else reverse("admin:guide-page", args=[name])


@lru_cache(maxsize=32)
def _render(path, modified):
    tokens = _markdown.parse(path.read_text(encoding="utf-8"))
    title = ""
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag == "h1" and not title:
            title = tokens[i + 1].content
        for child in token.children or ():
            if child.type == "link_open":
                child.attrSet("href", _address(child.attrGet("href") or ""))
            elif child.type == "image":
                child.attrSet("src", _address(child.attrGet("src") or ""))
                child.attrSet("loading", "lazy")
    return title, _markdown.renderer.render(tokens, _markdown.options, {})


def page(name):
    """(title, html) of the guide's page ``name`` (``README``: its contents), or None when there is none."""
    if not PAGE_NAME.match(name or ""):
        return None
    path = folder() / f"{name}.md"
    if not path.is_file():
        return None
    return _render(path, path.stat().st_mtime_ns)


def image(name):
    """The path of a screenshot of the guide, or None."""
    if not IMAGE_NAME.match(name or ""):
        return None
    path = folder() / "anh" / name
    return path if path.is_file() else None


def pages_for(user, unit):
    """(role, url) of the guide's pages for the roles ``user`` has in ``unit``, in the guide's order."""
    held = roles.roles_in(user, unit) if unit is not None else set()
    if user.is_superuser:
        held = set(ROLE_PAGES)
    return [(role, url_of(name)) for role, name in ROLE_PAGES.items() if role in held]
