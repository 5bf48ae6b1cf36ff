"""Site-wide search (/tim-kiem/): Vietnamese as people type it, the same answers on PostgreSQL and SQLite.

A query is folded into words ("Cải cách", "CAI CACH", NFD text, "đ" typed as "d" all give
["cai", "cach"]; "3855/KH-UBND" gives ["3855", "kh", "ubnd"]). An entry matches when it has every
word; the last word may be the start of a longer one ("3855" finds "3855/KH-UBND" by its first word,
"00119" finds 1.001193).

- PostgreSQL: the generated ``vector`` column (unaccent text-search configuration ``portal_vi``, GIN
  index) is matched with a tsquery; title words carry weight A, so "every word in the title" is the
  same tsquery restricted to A.
- SQLite: the folded, space-padded ``words`` column, matched word by word with LIKE.

Order on both: an exact number or code first, then entries with every word in the title, then the newest.
When nothing matches, each word is widened to the title words one letter away ("dang ki khai sinh"
finds "Đăng ký khai sinh"), and if that finds nothing too, close titles are suggested (trigram
similarity on PostgreSQL).
"""

import html
import re
import string
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.db import connection
from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.safestring import mark_safe

from muongang.models import SearchEntry, SearchKind, SearchWord
from muongang.search_index import words_of
from muongang.text import fold, nfc

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
# counts above this show as "hơn 1.000": counting every match of a common word costs too much
COUNT_CAP = 1000
SNIPPET_WORDS = 30
_LETTERS = string.ascii_lowercase


@dataclass
class Query:
    """A parsed query: its folded words, and for each word the spellings accepted for it."""

    text: str
    words: list
    alternatives: list = field(default_factory=list)  # one list of spellings per word
    widened: bool = False

    def __post_init__(self):
        if not self.alternatives:
            self.alternatives = [[w] for w in self.words]


def parse(text):
    text = nfc(text or "").strip()
    return Query(text=text, words=words_of(text)[:MAX_WORDS])


def _is_postgres():
    return connection.vendor == "postgresql"


def _tsquery(query):
    """ "(dang) & (ky | ki) & (khai) & (sinh:*)" — words are [a-z0-9]+, so nothing needs quoting."""
    groups = []
    last = len(query.alternatives) - 1
    for i, spellings in enumerate(query.alternatives):
        suffix = ":*" if i == last and not query.widened else ""
        groups.append("(" + " | ".join(f"{w}{suffix}" for w in spellings) + ")")
    return " & ".join(groups)


def _like_filter(column, query):
    """SQLite: every word (or one of its spellings) as a whole word of ``column``; the last as a prefix."""
    condition = Q()
    last = len(query.alternatives) - 1
    for i, spellings in enumerate(query.alternatives):
        group = Q()
        for word in spellings:
            pattern = f" {word}" if i == last and not query.widened else f" {word} "
            group |= Q(**{f"{column}__contains": pattern})
        condition &= group
    return condition


def _conditions(query):
    """(matches anywhere, matches in the title, is the number or code asked for) as filter conditions."""
    if _is_postgres():
        tsquery = _tsquery(query)
        anywhere = RawSQL("vector @@ to_tsquery('portal_vi', %s)", [tsquery], output_field=BooleanField())
        in_title = RawSQL(
            "title_vector @@ to_tsquery('portal_vi', %s)", [tsquery], output_field=BooleanField()
        )
    else:
        anywhere = _like_filter("words", query)
        in_title = _like_filter("title_words", query)
    label = " ".join(query.words)
    exact = Q(label_words=f" {label} ") | Q(label_words__startswith=f" {label} ")
    return anywhere, in_title, exact


def widen(query):
    """Each misspelt word with the title words one letter away from it (deleted, swapped, changed or added).

    A word that no title has is the likely typo, and only such words are widened ("dang ki khai sinh":
    only "ki"); when every word is some title's word, all of them are.
    """
    candidates = {w: _edits(w) for w in query.words if len(w) >= 2 and w.isalpha()}
    if not candidates:
        return query
    looked_up = set(candidates).union(*candidates.values())
    found = set(SearchWord.objects.filter(word__in=looked_up).values_list("word", flat=True))
    unknown = {w for w in candidates if w not in found}
    to_widen = unknown or set(candidates)
    alternatives = []
    for word in query.words:
        near = sorted(candidates[word] & found) if word in to_widen else []
        alternatives.append([word, *[w for w in near if w != word]])
    return Query(text=query.text, words=query.words, alternatives=alternatives, widened=True)


def _edits(word):
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return (deletes | swaps | changes | inserts) - {""}


@dataclass
class Results:
    query: Query
    counts: dict  # kind → number of matches (of the first COUNT_CAP + 1 when capped)
    total: int  # matches of the kind asked for, or of all kinds; at most COUNT_CAP + 1
    entries: list
    capped: bool = False
    widened: bool = False
    suggestions: list = field(default_factory=list)
    correction: str = ""


def search(query, kind=None, date_from=None, date_to=None, offset=0, limit=10):
    """Run ``query``; return the counts by kind (all kinds) and one page of entries of ``kind``."""
    results = _run(query, kind, date_from, date_to, offset, limit)
    if any(results.counts.values()) or not query.words:
        return results
    wide = widen(query)
    if any(len(spellings) > 1 for spellings in wide.alternatives):
        results = _run(wide, kind, date_from, date_to, offset, limit)
        results.widened = any(results.counts.values())
    if not any(results.counts.values()):
        results.suggestions = suggest(query)
    elif results.widened and results.entries:
        results.correction = correction(results.query, results.entries[0].title)
    return results


def correction(query, title):
    """The query as the best title spells it: "dang ki khai sinh" → "Đăng ký khai sinh"."""
    spelled = {}
    for original in _RUN.findall(nfc(title)):
        spelled.setdefault(fold(original), original)
    words = []
    for spellings in query.alternatives:
        chosen = next((w for w in spellings if w in spelled), spellings[0])
        words.append(spelled.get(chosen, chosen))
    return " ".join(words)


def visible():
    """Entries a visitor may see now (a scheduled article's entry waits for its time)."""
    return SearchEntry.objects.filter(date__lte=timezone.now())


def _run(query, kind, date_from, date_to, offset, limit):
    """Counts by kind and the entries ``offset``…``offset + limit`` (of ``kind`` when given).

    Counting stops at COUNT_CAP matches (one query that reads no more rows than that), so a word
    found in 100,000 entries costs no more than a rare one; past it the page says "hơn 1.000".
    The order is made of three tiers, each newest first and each an indexed query that stops when the
    page is full: the number or code asked for, then entries with every word in the title, then the rest.
    """
    anywhere, in_title, exact = _conditions(query)
    entries = visible()
    if date_from:
        entries = entries.filter(date__gte=_start_of(date_from))
    if date_to:
        entries = entries.filter(date__lt=_start_of(date_to + timedelta(days=1)))
    matches = entries.filter(anywhere)
    sample = matches.values("pk")[: COUNT_CAP + 1]
    counts = dict.fromkeys(SearchKind.values, 0)
    for row in SearchEntry.objects.filter(pk__in=sample).values("kind").annotate(n=Count("pk")).order_by():
        counts[row["kind"]] = row["n"]
    capped = sum(counts.values()) > COUNT_CAP
    if kind:
        total = counts[kind]
        if capped:  # the sample may hold few of this kind: count them, up to the cap
            total = matches.filter(kind=kind).order_by("-date")[: COUNT_CAP + 1].count()
    else:
        total = sum(counts.values())
    shown = entries.filter(kind=kind) if kind else entries
    tiers = [
        shown.filter(exact),
        shown.filter(in_title).exclude(exact),
        shown.filter(anywhere).exclude(in_title).exclude(exact),
    ]
    found, skip = [], offset
    for tier in tiers:
        if len(found) == limit or not total:
            break
        page = list(
            tier.order_by("-date", "-pk").only("kind", "title", "body", "url", "label", "date")[
                skip : skip + limit - len(found)
            ]
        )
        if page:
            found += page
            skip = 0
        elif skip:  # the whole tier lies before the page asked for
            skip -= tier[:skip].count()
    return Results(query=query, counts=counts, total=total, entries=found, capped=capped)


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def suggest(query, limit=3):
    """Titles close to the query, for "Có phải bạn muốn tìm: …"."""
    folded = " ".join(words_of(query.text))
    if len(folded) < 3:
        return []
    entries = visible()
    if _is_postgres():
        return list(
            entries.extra(
                select={"closeness": "word_similarity(%s, title_words)"},
                select_params=[folded],
                where=["%s <%% title_words"],
                params=[folded],
            )
            .order_by("-closeness", "-date")
            .only("kind", "title", "url")[:limit]
        )
    # SQLite: titles sharing the most words with the query
    words = [w for w in query.words if len(w) >= 2][:MAX_WORDS]
    if not words:
        return []
    score = sum(
        (Case(When(title_words__contains=f" {w} ", then=Value(1)), default=Value(0)) for w in words),
        Value(0),
    )
    return list(
        entries.annotate(score=score)
        .filter(score__gte=max(1, (len(words) + 1) // 2))
        .order_by("-score", "-date")
        .only("kind", "title", "url")[:limit]
    )


# --- showing results ------------------------------------------------------------------------------------

_RUN = re.compile(r"(\w+)", re.UNICODE)


def _matcher(query):
    exact = {w for spellings in query.alternatives for w in spellings}
    prefix = query.words[-1] if query.words and not query.widened else None

    def matches(folded_word):
        return folded_word in exact or (prefix is not None and folded_word.startswith(prefix))

    return matches


def highlight(text, query):
    """``text`` escaped, with the words the query matched in <mark>."""
    matches = _matcher(query)
    pieces = _RUN.split(nfc(text or ""))  # separators at even indexes, words at odd ones
    out = []
    for i, piece in enumerate(pieces):
        if i % 2 and matches(fold(piece)):
            out.append(f"<mark>{html.escape(piece)}</mark>")
        elif piece:
            out.append(html.escape(piece))
    return mark_safe("".join(out))


def snippet(text, query, size=SNIPPET_WORDS, look=600):
    """About ``size`` words of ``text`` around the first match (within the first ``look`` words), highlighted."""
    words = (text or "").split(maxsplit=look)[:look]
    if not words:
        return ""
    matches = _matcher(query)
    start = 0
    for i, word in enumerate(words):
        if any(matches(w) for w in words_of(word)):
            start = max(0, i - size // 3)
            break
    chosen = " ".join(words[start : start + size])
    prefix = "… " if start else ""
    suffix = " …" if start + size < len(words) else ""
    return mark_safe(prefix + highlight(chosen, query) + suffix)


def is_symbols_only(text):
    return bool(text.strip()) and not words_of(text)
