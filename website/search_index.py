"""Keeps the site-wide search index (SearchEntry) in step with the public content.

Each app offers its searchable models (``SearchSource`` in its contributions): a builder that says whether an object is public and what of it is searched:
its title, a ``body`` of readable sentences (what a result's snippet is cut from: an article's summary and
text, a procedure's description and a sentence on its field, subjects and result, a question and its
answer) and ``terms``, words that find it without being shown ("thủ tục hành chính", a procedure's
keywords). Saving or deleting an object updates its one entry (signals wired in website.apps);
``rebuild`` makes the whole index again (the ``rebuild_search_index`` command, the migrations, generated
volume). The builders read fields only, so a migration can run them on its historical models.
"""

import re

from django.db import transaction

from portal import units
from portal.contributions import search_sources
from portal.text import fold, nfc
from website.models import SearchEntry, SearchWord

BODY_LIMIT = 20_000
_WORD = re.compile(r"[a-z0-9]+")
_SPACES = re.compile(r"\s+")


def words_of(text):
    """The folded words of ``text``: "Đăng ký 3855/KH-UBND" → ["dang", "ky", "3855", "kh", "ubnd"]."""
    return _WORD.findall(fold(text))


def padded(words):
    return f" {' '.join(words)} " if words else " "


def kinds():
    """(value, label) of every kind of content searched, in the order the filters show them."""
    ordered = sorted(search_sources().values(), key=lambda source: source.order)
    return [(source.kind, source.label) for source in ordered]


def undated_kinds():
    """Kinds whose date is only their last edit: results do not show it."""
    return {source.kind for source in search_sources().values() if not source.show_date}


def entry_for(obj, model=SearchEntry):
    """The unsaved entry (a ``model``) for ``obj``, or None when the object is not public.

    ``model`` is the SearchEntry of a migration's historical state when a migration rebuilds the index:
    fields that state does not have yet are left out.
    """
    source = search_sources()[obj._meta.label_lower]
    kind = source.kind
    data = source.build(obj)
    if data is None:
        return None
    title = nfc(data["title"])[:500]
    body = _SPACES.sub(" ", nfc(data["body"])[:BODY_LIMIT]).strip()
    terms = _SPACES.sub(" ", nfc(data.get("terms", ""))).strip()
    label = nfc(data.get("label", ""))[:100]
    # a number or code counts as part of the title ("1.001193" finds its procedure first)
    title_words = words_of(f"{title} {label}")
    values = {
        "unit_id": getattr(obj, "unit_id", None),
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
    kind = search_sources()[obj._meta.label_lower].kind
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
    kind = search_sources()[obj._meta.label_lower].kind
    SearchEntry.objects.filter(kind=kind, object_id=obj.pk).delete()


def on_save(sender, instance, raw=False, **kwargs):
    if raw or sender._meta.label_lower not in search_sources():
        return
    update_for(instance)


def on_delete(sender, instance, **kwargs):
    if sender._meta.label_lower in search_sources():
        remove_for(instance)


def rebuild(models=None, batch_size=2000, stdout=None, entry_model=SearchEntry):
    """Make the whole index again from ``models`` (label → model class; the installed models by default).

    A migration passes its historical models, and its historical SearchEntry as ``entry_model``.
    """
    if models is None:
        from django.apps import apps

        models = {label: apps.get_model(label) for label in search_sources()}
    total = 0
    with transaction.atomic(), units.everywhere():  # every unit's content
        entry_model.objects.all().delete()
        for label, model in models.items():
            related = search_sources()[label].related
            queryset = model._base_manager.all().order_by("pk")
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
