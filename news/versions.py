"""An article's versions and the pending change of a published one (issue 17.3).

- Every state of an article's text that goes live is kept as a numbered ``ArticleVersion`` (saved by an
  editor, published, restored): its title, summary, body, category, author, source and the cover's alt text
  and caption. The cover image itself is not versioned (a new photo goes live with the next publication).
- Editing a **published** article keeps the change as the article's pending version: readers still see the
  live text; the editor (or another) previews it, compares it, and publishes it with «Lưu và xuất bản», or
  discards it. A draft or an article in review is edited in place, as before.
- Any version can be compared with the live text (a readable comparison, paragraph by paragraph) and
  restored: on a published article it becomes the pending change (an editor publishes it); on a draft it is
  applied at once.
"""

import difflib
import html
import logging
import re
import secrets

from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.utils.html import strip_tags

from news.models import ArticleVersion

logger = logging.getLogger(__name__)
PREVIEW_SECONDS = 30 * 60  # how long an unsaved preview can be opened (and reloaded)

VERSIONED = {
    "title": "tiêu đề",
    "summary": "tóm tắt",
    "body": "nội dung",
    "category_id": "chuyên mục",
    "author_name": "tác giả",
    "source": "nguồn",
}
# The cover photo is not versioned, and its description and caption go with it: a photo and its texts go
# live together at once (a pending text would describe the photo readers no longer see, or a revert bring
# back the description of a photo that is gone). Versions stored earlier with them keep them, unused.
_BLOCKS = re.compile(r"<(?:br|/(?:p|div|li|h[1-6]|td|th|tr|blockquote|figcaption|pre))\b[^>]*>", re.I)


def snapshot(article):
    return {name: getattr(article, name) for name in VERSIONED}


def apply(article, data, fields=VERSIONED):
    """Put a version's text on ``article`` (in memory); fields a version lacks are left as they are."""
    for name in fields:
        if name in data:
            setattr(article, name, data[name])
    return article


def pending_of(article):
    if article is None or article.pk is None:
        return None
    return (
        ArticleVersion.objects.filter(article=article, is_pending=True).select_related("created_by").first()
    )


def record(article, user):
    """Keep the article's live text as a new numbered version when it differs from the last one."""
    data = snapshot(article)
    last = ArticleVersion.objects.filter(article=article, number__isnull=False).order_by("-number").first()
    if last is not None and last.data == data:
        return last
    number = (ArticleVersion.objects.filter(article=article).aggregate(n=Max("number"))["n"] or 0) + 1
    return ArticleVersion.objects.create(article=article, number=number, data=data, created_by=user)


def ensure_baseline(article_pk):
    """An article written before versions were kept (or by a loader) gets its stored text as version 1, with
    the time it was last changed, before anything replaces it."""
    from news.models import Article

    if ArticleVersion.objects.filter(article_id=article_pk, number__isnull=False).exists():
        return
    live = Article.objects.filter(pk=article_pk).first()
    if live is not None:
        ArticleVersion.objects.create(article=live, number=1, data=snapshot(live), created_at=live.updated_at)


def keep_pending(article, data, user):
    """Keep ``data`` as the published article's pending change (replacing an earlier one)."""
    with transaction.atomic():
        ArticleVersion.objects.filter(article=article, is_pending=True).delete()
        return ArticleVersion.objects.create(article=article, data=data, created_by=user, is_pending=True)


def discard_pending(article):
    return ArticleVersion.objects.filter(article=article, is_pending=True).delete()[0]


def paragraphs(rich_text):
    """The readable paragraphs of a body, one a line, to compare."""
    text = html.unescape(strip_tags(_BLOCKS.sub("\n", rich_text or "")))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def compare(old, new, category_names=None):
    """What changed from version data ``old`` to ``new``: [(label, [(kind, text)])], kind "same", "del" or
    "ins"; unchanged fields are left out, and unchanged paragraphs of the body are kept for context."""
    category_names = category_names or {}
    changes = []
    for name, label in VERSIONED.items():
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if name == "body":
            lines = []
            for line in difflib.ndiff(paragraphs(before), paragraphs(after)):
                mark, text = line[:2], line[2:]
                if mark in {"- ", "+ ", "  "}:
                    lines.append(({"- ": "del", "+ ": "ins", "  ": "same"}[mark], text))
        else:
            if name == "category_id":
                before, after = category_names.get(before, before), category_names.get(after, after)
            lines = [("del", str(before or "—")), ("ins", str(after or "—"))]
        changes.append((label, lines))
    return changes


# --- autosave: what a person is typing, kept every few seconds, offered back when they come again -----------

# an autosave keeps all the form's text, the cover's texts too
AUTOSAVED = [*VERSIONED, "cover_alt", "cover_caption"]
AUTOSAVE_LIMITS = {
    "title": 200,
    "summary": 2000,
    "author_name": 120,
    "source": 200,
    "cover_alt": 250,
    "cover_caption": 300,
}


def autosave_data(post, current):
    """The text of a form as posted (not validated: the point is to keep what was typed), cut to the fields'
    sizes; the category as chosen when it is one of the unit's, else as it is."""
    from news.models import Category
    from portal.richtext import sanitize_html

    data = {name: str(post.get(name, ""))[:limit] for name, limit in AUTOSAVE_LIMITS.items()}
    data["body"] = sanitize_html(str(post.get("body", ""))[:500_000])
    chosen = str(post.get("category", ""))
    data["category_id"] = (
        int(chosen)
        if chosen.isdigit() and Category.objects.filter(pk=chosen).exists()
        else (current.category_id)
    )
    return data


def autosave(article, user, data):
    """Keep ``data`` as the person's autosave of ``article``; of the new article they are writing (not saved
    yet) when ``article`` is None: one per person in the unit."""
    with transaction.atomic():
        ArticleVersion.objects.filter(article=article, created_by=user, is_autosave=True).delete()
        return ArticleVersion.objects.create(article=article, data=data, created_by=user, is_autosave=True)


def new_autosave_of(user):
    """The person's autosave of a new article they had not saved yet, or None."""
    return ArticleVersion.objects.filter(article=None, created_by=user, is_autosave=True).first()


def autosave_of(article, user):
    """The person's autosave of the article when it is newer than what was saved since (else None)."""
    if article is None or article.pk is None:
        return None
    kept = ArticleVersion.objects.filter(article=article, created_by=user, is_autosave=True).first()
    if kept is None or kept.created_at <= article.updated_at or kept.data == snapshot(article):
        return None
    return kept


def discard_autosave(article, user):
    """Drop the person's autosave of ``article`` (of their unsaved new article when None)."""
    return ArticleVersion.objects.filter(article=article, created_by=user, is_autosave=True).delete()[0]


# --- the preview of an unsaved form («Xem trước»): the text kept for a while under a random token ---------


def keep_preview(*, unit_id, user_id, article_id, data):
    """Keep an unsaved article's text for its preview; its token, or None when the cache cannot keep it."""
    token = secrets.token_urlsafe(16)
    try:
        cache.set(
            f"article-preview:{token}",
            {"unit": unit_id, "user": user_id, "article": article_id, "data": data},
            PREVIEW_SECONDS,
        )
    except Exception:  # the cache down: no preview, the form and its text are untouched
        logger.warning("article preview: the cache could not keep it", exc_info=True)
        return None
    return token


def preview_of(token, *, unit_id, user_id):
    """The kept preview of ``token`` for this person in this unit, or None."""
    try:
        kept = cache.get(f"article-preview:{token}")
    except Exception:
        return None
    if not kept or kept["unit"] != unit_id or kept["user"] != user_id:
        return None
    return kept
