"""Keeps the site-wide search index (SearchEntry) in step with the public content.

Each kind of content has a builder that says whether an object is public and what of it is searched.
Saving or deleting an object updates its one entry (signals wired in muongang.apps); ``rebuild`` makes
the whole index again (the ``rebuild_search_index`` command, the migration, generated volume).
The builders read fields only, so the migration can run them on its historical models.
"""

import html
import re

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from muongang.models import SearchEntry, SearchKind, SearchWord
from muongang.text import fold, nfc

BODY_LIMIT = 20_000
_WORD = re.compile(r"[a-z0-9]+")
_SPACES = re.compile(r"\s+")


def words_of(text):
    """The folded words of ``text``: "Đăng ký 3855/KH-UBND" → ["dang", "ky", "3855", "kh", "ubnd"]."""
    return _WORD.findall(fold(text))


def padded(words):
    return f" {' '.join(words)} " if words else " "


def plain(html_text):
    """Rich text as plain, single-spaced text."""
    text = html.unescape(strip_tags(html_text or ""))
    return _SPACES.sub(" ", text).strip()


def _day(value):
    """A date as an aware datetime at the start of the day (documents and answers carry dates only)."""
    if value is None:
        return None
    return timezone.make_aware(timezone.datetime(value.year, value.month, value.day))


def _article(obj):
    if obj.status != "da-xuat-ban" or not obj.published_at:
        return None
    return {
        "title": obj.title,
        "body": f"{obj.summary} {plain(obj.body)}",
        "url": reverse("news:article", kwargs={"slug": obj.slug}),
        "date": obj.published_at,
    }


def _document(obj):
    if not obj.is_published:
        return None
    return {
        "title": f"{obj.number} – {obj.summary}" if obj.summary else obj.number,
        "body": f"Văn bản {obj.get_doc_type_display()} {obj.issuer} {obj.signer}",
        "url": reverse("news:document", kwargs={"slug": obj.slug}),
        "label": obj.number,
        "date": _day(obj.issued_on),
    }


def _procedure(obj):
    if not obj.is_active:
        return None
    return {
        "title": obj.name,
        # "thủ tục khai sinh" is how people ask for a procedure: the kind's own name is searchable
        "body": " ".join(
            [
                "Thủ tục hành chính",
                obj.field.name,
                obj.keywords,
                obj.subjects,
                obj.description,
                obj.result,
                obj.conditions,
            ]
        ),
        "url": reverse("procedures:detail", args=[obj.code]),
        "label": obj.code,
        "date": obj.updated_at,
    }


def _question(obj):
    if not obj.is_published:
        return None
    return {
        "title": obj.title,
        "body": f"Hỏi đáp {obj.question} {obj.answer} {obj.answering_unit}",
        "url": reverse("citizens:question", args=[obj.pk]),
        "date": _day(obj.answered_on),
    }


def _page(obj):
    if not obj.is_published:
        return None
    return {
        "title": obj.title,
        "body": f"{obj.summary} {plain(obj.body)}",
        "url": reverse("news:page", kwargs={"slug": obj.slug}),
        "date": obj.updated_at,
    }


# model label → (kind, builder, related fields a builder reads)
SOURCES = {
    "news.article": (SearchKind.ARTICLE, _article, ()),
    "news.document": (SearchKind.DOCUMENT, _document, ()),
    "procedures.procedure": (SearchKind.PROCEDURE, _procedure, ("field",)),
    "citizens.question": (SearchKind.QUESTION, _question, ()),
    "news.page": (SearchKind.PAGE, _page, ()),
}


def entry_for(obj):
    """The unsaved SearchEntry for ``obj``, or None when the object is not public."""
    kind, build, _related = SOURCES[obj._meta.label_lower]
    data = build(obj)
    if data is None:
        return None
    title = nfc(data["title"])[:500]
    body = nfc(data["body"])[:BODY_LIMIT]
    label = nfc(data.get("label", ""))[:100]
    # a number or code counts as part of the title ("1.001193" finds its procedure first)
    title_words = words_of(f"{title} {label}")
    return SearchEntry(
        kind=kind,
        object_id=obj.pk,
        title=title,
        body=_SPACES.sub(" ", body).strip(),
        url=data["url"],
        label=label,
        label_words=padded(words_of(label))[:120],
        date=data["date"],
        title_words=padded(title_words),
        words=padded(title_words + words_of(body)),
    )


def vocabulary(entries):
    """The title words worth correcting a typo against: letters only, 2 to 40 of them."""
    return {w for e in entries for w in e.title_words.split() if w.isalpha() and 2 <= len(w) <= 40}


def save_words(words):
    if words:
        SearchWord.objects.bulk_create([SearchWord(word=w) for w in words], ignore_conflicts=True)


def update_for(obj):
    """Bring the one entry of ``obj`` up to date (called after every save of an indexed model)."""
    entry = entry_for(obj)
    kind = SOURCES[obj._meta.label_lower][0]
    if entry is None:
        SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()
        return
    fields = [
        f.attname for f in SearchEntry._meta.concrete_fields if f.attname not in ("id", "kind", "object_id")
    ]
    SearchEntry.objects.update_or_create(
        kind=kind, object_id=obj.pk, defaults={name: getattr(entry, name) for name in fields}
    )
    save_words(vocabulary([entry]))


def remove_for(obj):
    kind = SOURCES[obj._meta.label_lower][0]
    SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()


def on_save(sender, instance, raw=False, **kwargs):
    if raw or sender._meta.label_lower not in SOURCES:
        return
    update_for(instance)


def on_delete(sender, instance, **kwargs):
    if sender._meta.label_lower in SOURCES:
        remove_for(instance)


def rebuild(models=None, batch_size=2000, stdout=None):
    """Make the whole index again from ``models`` (label → model class; the installed models by default)."""
    if models is None:
        from django.apps import apps

        models = {label: apps.get_model(label) for label in SOURCES}
    total = 0
    with transaction.atomic():
        SearchEntry.objects.all().delete()
        for label, model in models.items():
            related = SOURCES[label][2]
            queryset = model.objects.all().order_by("pk")
            if related:
                queryset = queryset.select_related(*related)
            batch, words = [], set()
            for obj in queryset.iterator(chunk_size=batch_size):
                entry = entry_for(obj)
                if entry is None:
                    continue
                batch.append(entry)
                if len(batch) >= batch_size:
                    words |= vocabulary(batch)
                    SearchEntry.objects.bulk_create(batch)
                    total += len(batch)
                    batch = []
            words |= vocabulary(batch)
            SearchEntry.objects.bulk_create(batch)
            total += len(batch)
            save_words(words)
            if stdout:
                stdout.write(f"{label}: {model.objects.count()} mục nguồn")
    return total
