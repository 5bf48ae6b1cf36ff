"""Keeps the site-wide search index (SearchEntry) in step with the public content.

Each kind of content has a builder that says whether an object is public and what of it is searched:
its title, a ``body`` of readable sentences (what a result's snippet is cut from: an article's summary and
text, a procedure's description and a sentence on its field, subjects and result, a question and its
answer) and ``terms``, words that find it without being shown ("thủ tục hành chính", a procedure's
keywords). Saving or deleting an object updates its one entry (signals wired in muongang.apps);
``rebuild`` makes the whole index again (the ``rebuild_search_index`` command, the migrations, generated
volume). The builders read fields only, so a migration can run them on its historical models.
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
        "body": sentences(obj.summary, plain(obj.body)),
        "url": reverse("news:article", kwargs={"slug": obj.slug}),
        "date": obj.published_at,
    }


def _document(obj):
    if not obj.is_published:
        return None
    # "Kế hoạch số 3855/KH-UBND của UBND tỉnh Điện Biên, ban hành ngày 27/12/2019, do Lê Thành Đô ký."
    facts = f"{obj.get_doc_type_display()} số {obj.number} của {obj.issuer}, ban hành ngày {obj.issued_on:%d/%m/%Y}"
    if obj.effective_on:
        facts += f", có hiệu lực từ ngày {obj.effective_on:%d/%m/%Y}"
    if obj.signer:
        facts += f", do {obj.signer} ký"
    return {
        "title": f"{obj.number} – {obj.summary}" if obj.summary else obj.number,
        "body": sentences(facts),
        "terms": "văn bản",
        "url": reverse("news:document", kwargs={"slug": obj.slug}),
        "label": obj.number,
        "date": _day(obj.issued_on),
    }


def _procedure(obj):
    if not obj.is_active:
        return None
    # "Thủ tục lĩnh vực Hộ tịch, do cấp xã giải quyết, dành cho công dân Việt Nam."
    about = f"Thủ tục lĩnh vực {obj.field.name}, do {lower_first(obj.get_level_display())} giải quyết"
    if obj.subjects:
        about += f", dành cho {lower_first(listed(obj.subjects))}"
    result = listed(obj.result)
    return {
        "title": obj.name,
        "body": sentences(
            obj.description,
            about,
            f"Kết quả là {lower_first(result)}" if result else "",
            obj.conditions,
        ),
        # "thủ tục khai sinh" is how people ask for a procedure: the kind's own name finds it, as do its
        # keywords, without being shown in the snippet
        "terms": f"Thủ tục hành chính {obj.keywords}",
        "url": reverse("procedures:detail", args=[obj.code]),
        "label": obj.code,
        "date": obj.updated_at,
    }


def _question(obj):
    if not obj.is_published:
        return None
    answer = f"{obj.answering_unit} trả lời: {obj.answer}" if obj.answering_unit else obj.answer
    return {
        "title": obj.title,
        "body": sentences(obj.question, answer),
        "terms": "hỏi đáp",
        "url": reverse("citizens:question", args=[obj.pk]),
        "date": _day(obj.answered_on),
    }


def _page(obj):
    if not obj.is_published:
        return None
    return {
        "title": obj.title,
        "body": sentences(obj.summary, plain(obj.body)),
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


def entry_for(obj, model=SearchEntry):
    """The unsaved entry (a ``model``) for ``obj``, or None when the object is not public.

    ``model`` is the SearchEntry of a migration's historical state when a migration rebuilds the index:
    fields that state does not have yet are left out.
    """
    kind, build, _related = SOURCES[obj._meta.label_lower]
    data = build(obj)
    if data is None:
        return None
    title = nfc(data["title"])[:500]
    body = _SPACES.sub(" ", nfc(data["body"])[:BODY_LIMIT]).strip()
    terms = _SPACES.sub(" ", nfc(data.get("terms", ""))).strip()
    label = nfc(data.get("label", ""))[:100]
    # a number or code counts as part of the title ("1.001193" finds its procedure first)
    title_words = words_of(f"{title} {label}")
    values = {
        "kind": kind,
        "object_id": obj.pk,
        "title": title,
        "body": body,
        "terms": terms,
        "url": data["url"],
        "label": label,
        "label_words": padded(words_of(label))[:120],
        "date": data["date"],
        "title_words": padded(title_words),
        # how many words the title has: of the titles holding every word asked for, the shortest is the
        # closest ("Đăng ký khai sinh" before "Đăng ký khai sinh có yếu tố nước ngoài")
        "title_length": min(len(words_of(title)), 32767),
        "words": padded(title_words + words_of(body) + words_of(terms)),
    }
    known = {f.attname for f in model._meta.concrete_fields}
    return model(**{name: value for name, value in values.items() if name in known})


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


def rebuild(models=None, batch_size=2000, stdout=None, entry_model=SearchEntry):
    """Make the whole index again from ``models`` (label → model class; the installed models by default).

    A migration passes its historical models, and its historical SearchEntry as ``entry_model``.
    """
    if models is None:
        from django.apps import apps

        models = {label: apps.get_model(label) for label in SOURCES}
    total = 0
    with transaction.atomic():
        entry_model.objects.all().delete()
        for label, model in models.items():
            related = SOURCES[label][2]
            queryset = model.objects.all().order_by("pk")
            if related:
                queryset = queryset.select_related(*related)
            batch, words = [], set()
            for obj in queryset.iterator(chunk_size=batch_size):
                entry = entry_for(obj, entry_model)
                if entry is None:
                    continue
                batch.append(entry)
                if len(batch) >= batch_size:
                    words |= vocabulary(batch)
                    entry_model.objects.bulk_create(batch)
                    total += len(batch)
                    batch = []
            words |= vocabulary(batch)
            entry_model.objects.bulk_create(batch)
            total += len(batch)
            save_words(words)
            if stdout:
                stdout.write(f"{label}: {model.objects.count()} mục nguồn")
    return total
