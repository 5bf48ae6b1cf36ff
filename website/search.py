"""Site-wide search (/tim-kiem/): Vietnamese as people type it, the same answers on PostgreSQL and SQLite.

A query is folded into words ("Cải cách", "CAI CACH", NFD text, "đ" typed as "d" all give
["cai", "cach"]; "3855/KH-UBND" gives ["3855", "kh", "ubnd"]). An entry matches when it has every
word; the last word may be the start of a longer one ("khai sin" finds "khai sinh", "00119" finds 1.001193)
when it has three letters or more, or is a number (Query.last_is_prefix).

- PostgreSQL: the generated ``vector`` column (unaccent text-search configuration ``portal_vi``, GIN
  index) is matched with a tsquery; title words carry weight A, so "every word in the title" is the
  same tsquery restricted to A.
  On a province's platform every unit's entries share one table. The GIN indexes are over each
  vector with its words prefixed by the entry's unit (``portal_unit_words``: "cai" of unit 7 is
  "7_cai", of a national procedure, which belongs to no unit, "0_cai"), and the query asks for the
  unit's words, so an index scan reads the unit's postings only and a prefix ("chinh:*") walks the
  unit's vocabulary only: a search costs the same with 500 units as with one
  (website/migrations/0006).
- SQLite: the folded, space-padded ``words`` column, matched word by word with LIKE.

Order on both: an exact number or code first; then entries with every word in a short title (at most
NEAR_EXTRA_WORDS words more than the query), the shortest title first, so that "khai sinh" finds
"Đăng ký khai sinh" before "Đăng ký lại khai sinh"; then the other entries with every word in the title;
then the rest; newest first within each of them.
The province's site also searches every unit of the province at once («Toàn tỉnh», ``Scope``), with the
unit as a facet. On PostgreSQL that query asks plain GIN indexes over the same vectors for the words once and
keeps the province's units by their ids (website/migrations/0008): asking the per-unit index for the words of
each of 500 units made a tsquery of 500 alternatives per word, which PostgreSQL checked row by row (2 to 80
seconds). Narrowed to one unit (``?don-vi=``), the query asks that unit's words in the per-unit index again.
The facet counts come from the same capped sample as the counts by kind, in the same grouped query: the
number of queries does not depend on the number of units. Shared entries (the national procedures) are
counted under the province, which shows the ones it carries out.

When nothing matches, each word is widened to the title words one letter away ("dang ki khai sinh"
finds "Đăng ký khai sinh"), and if that finds nothing too, close titles are suggested (trigram
similarity on PostgreSQL).
"""

import html
import re
import string
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import NamedTuple

from django.db import connection
from django.db.models import BooleanField, Case, Q, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.safestring import mark_safe

from portal import units
from portal.cache import remembered
from portal.contributions import search_sources
from portal.forms import MAX_QUERY_LENGTH
from portal.text import fold, nfc
from website import search_index
from website.models import SearchEntry, SearchWord
from website.search_index import words_of

__all__ = ["MAX_QUERY_LENGTH"]  # the search form and the engine share it
MAX_WORDS = 10
# counts above this show as "hơn 1.000": counting every match of a common word costs too much
COUNT_CAP = 1000
SNIPPET_WORDS = 30
# a title with every word of the query and at most this many others is a near-exact match
NEAR_EXTRA_WORDS = 3
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

    def last_is_prefix(self):
        """Whether the last word may be the start of a longer one (a word still being typed): not in a widened
        query, and not for one or two letters — "so" would also find every "song", "soạn", "sóng"… (tens of
        thousands of entries across a province, for nothing the reader meant); a number may be cut anywhere
        ("00119" finds 1.001193)."""
        if not self.words or self.widened:
            return False
        last = self.words[-1]
        return len(last) >= 3 or last.isdigit()


def parse(text):
    text = nfc(text or "").strip()
    return Query(text=text, words=words_of(text)[:MAX_WORDS])


def _is_postgres():
    return connection.vendor == "postgresql"


def _like_filter(column, query):
    """SQLite: every word (or one of its spellings) as a whole word of ``column``; the last as a prefix."""
    condition = Q()
    last = len(query.alternatives) - 1
    for i, spellings in enumerate(query.alternatives):
        group = Q()
        for word in spellings:
            pattern = f" {word}" if i == last and query.last_is_prefix() else f" {word} "
            group |= Q(**{f"{column}__contains": pattern})
        condition &= group
    return condition


@dataclass(frozen=True)
class Scope:
    """A province-wide search: the ids of the province's units (the province first), and the one unit it is
    narrowed to (``?don-vi=``), or None. Without a Scope a search reads the unit in scope only."""

    province_id: int
    unit_ids: tuple
    chosen: int | None = None
    every_unit: bool = False  # the province's units are all the installation's: no need to filter by unit

    def narrowed(self):
        """The same scope limited to the chosen unit (its entries, and for the province what it shares)."""
        return Scope(self.province_id, (self.chosen,), self.chosen) if self.chosen else self

    def shares(self):
        """Whether the shared entries (national procedures the province carries out) are in the scope."""
        return self.province_id in self.unit_ids


def province_scope(province, chosen=None):
    unit_ids = tuple(unit.pk for unit in units.province_units(province))
    every_unit = len(unit_ids) == units.unit_count()
    return Scope(province.pk, unit_ids, chosen if chosen in unit_ids else None, every_unit)


def _province_wide(scope):
    """Whether ``scope`` spans several units: then the plain word indexes serve it (website/migrations/0008)."""
    return scope is not None and len(scope.unit_ids) > 1


def _tsquery(query, scope=None):
    """ "(7_dang | 0_dang) & (7_ky | 0_ky | 7_ki | 0_ki) & … & (7_sinh:* | 0_sinh:*)": every word (or one of its
    spellings) in the words of the unit in scope (7) or of what units share (0); narrowed to one unit of a
    province-wide ``scope``, in that unit's words. Across the province's units, the plain words: "(dang) &
    (ky | ki) & … & (sinh:*)". A word is [a-z0-9]+, so nothing needs quoting. visible() then keeps the
    shared entries the unit shows, and the province's units."""
    if scope is _PLAIN or _province_wide(scope):
        scopes = None
    elif scope is None:
        scopes = (units.current_id(), 0)
    else:
        scopes = (*scope.unit_ids, 0) if scope.shares() else scope.unit_ids
    groups = []
    last = len(query.alternatives) - 1
    for i, spellings in enumerate(query.alternatives):
        suffix = ":*" if i == last and query.last_is_prefix() else ""
        if scopes is None:
            groups.append("(" + " | ".join(f"{w}{suffix}" for w in spellings) + ")")
        else:
            groups.append("(" + " | ".join(f"{u}_{w}{suffix}" for w in spellings for u in scopes) + ")")
    return " & ".join(groups)


# _tsquery's scope for the plain words of any unit: for what is asked of rows that already matched in scope
_PLAIN = object()


def _conditions(query, scope=None):
    """(matches anywhere, matches in the title, is the number or code asked for) as filter conditions."""
    if _is_postgres():
        tsquery = _tsquery(query, scope)
        if _province_wide(scope):  # the plain indexes of website/migrations/0008
            anywhere = RawSQL("vector @@ %s::tsquery", [tsquery], output_field=BooleanField())
            in_title = RawSQL("title_vector @@ %s::tsquery", [tsquery], output_field=BooleanField())
        else:
            # the per-unit indexed expressions of website/migrations/0006, after a check of the plain words
            # that no index serves (a function, not the @@ operator): where the unit's index is not used (a
            # small unit, whose rows PostgreSQL reads), the unit's words are made only for the rows that
            # have the words, not for every row (45 µs each)
            plain = _tsquery(query, _PLAIN)
            anywhere = RawSQL(
                "ts_match_vq(vector, %s::tsquery) AND portal_unit_words(vector, unit_id) @@ %s::tsquery",
                [plain, tsquery],
                output_field=BooleanField(),
            )
            in_title = RawSQL(
                "ts_match_vq(title_vector, %s::tsquery) "
                "AND portal_unit_words(title_vector, unit_id) @@ %s::tsquery",
                [plain, tsquery],
                output_field=BooleanField(),
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
    # a province-wide search: unit id → number of matches (of the sample), over every kind and every unit
    unit_counts: dict = field(default_factory=dict)


def search(query, kind=None, date_from=None, date_to=None, offset=0, limit=10, scope=None):
    """Run ``query``; return the counts by kind (all kinds) and one page of entries of ``kind``; with a
    province-wide ``scope``, across its units, with the counts by unit."""
    results = _run(query, kind, date_from, date_to, offset, limit, scope)
    if any(results.counts.values()) or not query.words:
        return results
    wide = widen(query)
    if any(len(spellings) > 1 for spellings in wide.alternatives):
        results = _run(wide, kind, date_from, date_to, offset, limit, scope)
        results.widened = any(results.counts.values())
    if not any(results.counts.values()):
        results.suggestions = suggest(query, scope=scope.narrowed() if scope else None)
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


def visible(scope=None):
    """Entries a visitor of the unit in scope may see now: the unit's own, and of what units share, what
    the unit shows (the procedures it carries out); a scheduled article's entry waits for its time. In a
    province-wide ``scope`` (the province in scope), the entries of each of its units, and what the province
    shows of what units share."""
    if scope is not None:
        # a province on an installation of its own units only: every unit's entry (a list of 500 ids would
        # cost PostgreSQL a bitmap of the whole table)
        shown = Q(unit_id__isnull=False) if scope.every_unit else Q(unit_id__in=scope.unit_ids)
        if not scope.shares():
            return SearchEntry.objects.filter(shown, date__lte=timezone.now())
    else:
        shown = Q(unit=units.current())
    for source in search_sources().values():
        if source.shown_in_unit:
            shown |= Q(unit__isnull=True, kind=source.kind, object_id__in=source.shown_in_unit())
    return SearchEntry.objects.filter(shown, date__lte=timezone.now())


def _run(query, kind, date_from, date_to, offset, limit, scope=None):
    """Counts by kind and the entries ``offset``…``offset + limit`` (of ``kind`` when given).

    Counting stops at COUNT_CAP matches (one query that reads no more rows than that), so a word
    found in 100,000 entries costs no more than a rare one; past it the page says "hơn 1.000".
    The order is made of four tiers, each an indexed query that stops when the page is full: the number
    or code asked for; every word in a short title, shortest first; every word in a longer title; the
    rest. Each is newest first after that.
    In a province-wide ``scope`` the sample is the province's and is grouped by kind and unit in the same
    query (the facet); narrowed to a unit, the counts by kind and the entries are that unit's.
    """

    def within(scope):
        entries = visible(scope)
        if date_from:
            entries = entries.filter(date__gte=_start_of(date_from))
        if date_to:
            entries = entries.filter(date__lt=_start_of(date_to + timedelta(days=1)))
        return entries

    anywhere, in_title, exact = _conditions(query, scope)
    entries = within(scope)
    matches = entries.filter(anywhere)
    # the sample: at most COUNT_CAP + 1 matches, with what orders them; counted here, by kind and by unit
    sample = _sample(matches, query, exact)
    capped = len(sample) > COUNT_CAP
    counts = dict.fromkeys((value for value, _label in search_index.kinds()), 0)
    unit_counts = {}
    found = []  # the sample's rows in scope (of the chosen unit, if any)
    for row in sample:
        unit_id = row.unit_id
        if scope is not None:
            unit_id = unit_id or scope.province_id  # shared entries count under the province
            unit_counts[unit_id] = unit_counts.get(unit_id, 0) + 1
        if scope is None or not scope.chosen or unit_id == scope.chosen:
            counts[row.kind] += 1
            found.append(row)
    if scope is not None and scope.chosen:
        # from here on, the chosen unit's entries only, through that unit's words in the index
        scope = scope.narrowed()
        anywhere, in_title, exact = _conditions(query, scope)
        entries = within(scope)
        matches = entries.filter(anywhere)
        if capped:  # the province's sample may hold few of the unit's: count the unit's own, up to the cap
            found = _sample(matches, query, exact)
            counts = dict.fromkeys(counts, 0)
            for row in found:
                counts[row.kind] += 1
            capped = len(found) > COUNT_CAP
    if kind:
        total = counts[kind]
        if capped:  # the sample may hold few of this kind: count them, up to the cap
            total = matches.filter(kind=kind).order_by("-date")[: COUNT_CAP + 1].count()
    else:
        total = sum(counts.values())
    short = len(query.words) + NEAR_EXTRA_WORDS
    if not capped:
        # Every match is in the sample, with what orders it: the page is sorted here and read by key, one
        # query instead of one per tier. PostgreSQL, which cannot tell how few rows match a rare word or a
        # number, would otherwise walk the date index through every entry looking for them (3 seconds for
        # "3855" across 500 units).
        rows = sorted((row for row in found if not kind or row.kind == kind), key=_tier_order(short))
        return Results(
            query=query,
            counts=counts,
            total=total,
            entries=_read(row.pk for row in rows[offset : offset + limit]),
            capped=capped,
            unit_counts=unit_counts,
        )
    shown = entries.filter(kind=kind) if kind else entries
    newest = ("-date", "-pk")
    short_titles = shown.filter(title_length__lte=short)
    long_titles = shown.filter(title_length__gt=short)
    body_only = shown
    if _province_wide(scope) and _is_postgres():
        # Dense words across the province (thousands of matches): PostgreSQL takes them for rare (it
        # multiplies the words' frequencies), reads every match of a tier and sorts them all: 30-50 ms a tier
        # at 500 units. The sample bounds each tier instead (see _bounds and _bounded).
        walk_anywhere, walk_in_title = _unindexed(query)
        if _few(SearchEntry.objects.filter(title_length__lte=short)):
            # few short titles in all: checked one by one along the title length index, in the tier's order
            short_titles = short_titles.filter(walk_in_title)
        else:
            short_titles = short_titles.filter(in_title)
        since = _bounds([row for row in found if not kind or row.kind == kind], short, offset + limit)
        long_titles = _bounded(long_titles, since.get(2), in_title, walk_in_title, query, "title_vector")
        body_only = _bounded(body_only, since.get(3), anywhere, walk_anywhere, query, "vector").exclude(
            walk_in_title
        )
    else:
        short_titles = short_titles.filter(in_title)
        long_titles = long_titles.filter(in_title)
        body_only = body_only.filter(anywhere).exclude(in_title)
    tiers = [
        (shown.filter(exact), newest),
        (short_titles.exclude(exact), ("title_length", *newest)),
        (long_titles.exclude(exact), newest),
        (body_only.exclude(exact), newest),
    ]
    page, skip = [], offset
    for tier, order in tiers:
        if len(page) == limit or not total:
            break
        part = list(tier.order_by(*order).only(*_SHOWN)[skip : skip + limit - len(page)])
        if part:
            page += part
            skip = 0
        elif skip:  # the whole tier lies before the page asked for
            skip -= tier[:skip].count()
    return Results(
        query=query, counts=counts, total=total, entries=page, capped=capped, unit_counts=unit_counts
    )


# what a result shows
_SHOWN = ("kind", "title", "body", "url", "label", "date", "unit_id")


class _Row(NamedTuple):  # a tuple: a frozen dataclass's __init__ cost 8 ms for a sample of 1,001
    pk: int
    kind: str
    unit_id: int | None
    exact: bool  # the number or code asked for
    titled: bool  # every word in the title
    title_length: int
    date: datetime


def _sample(matches, query, exact):
    """At most COUNT_CAP + 1 of ``matches``, each with what places it in the order (see _run): whether it
    is the code asked for, whether its title has every word. The title is asked in the plain words: the
    row matched in its unit's words already."""
    if _is_postgres():
        titled = RawSQL("title_vector @@ %s::tsquery", [_tsquery(query, _PLAIN)], output_field=BooleanField())
    else:
        titled = _like_filter("title_words", query)
    flag = lambda condition: Case(When(condition, then=Value(True)), default=Value(False))  # noqa: E731
    rows = matches.annotate(is_exact=flag(exact), titled=flag(titled)).values_list(
        "pk", "kind", "unit_id", "is_exact", "titled", "title_length", "date"
    )
    return [_Row(*row) for row in rows[: COUNT_CAP + 1]]


def _tier(row, short):
    """The tier of _run a sample row is in: 0 the code, 1 every word in a short title, 2 in a longer title,
    3 the rest."""
    if row.exact:
        return 0
    if row.titled:
        return 1 if row.title_length <= short else 2
    return 3


def _tier_order(short):
    """The sort key of the tiers of _run: the code; every word in a short title, shortest first; every
    word in a longer title; the rest; newest first within each."""

    def key(row):
        tier = _tier(row, short)
        return (tier, row.title_length if tier == 1 else 0, -row.date.timestamp(), -row.pk)

    return key


# How many entries a tier may check one by one along an index (about 2 µs each) instead of reading its
# every match through the word index.
WALK = 3000


def _few(entries):
    """Whether ``entries`` are at most WALK (counted along an index, stopping there)."""
    return entries[: WALK + 1].count() <= WALK


def _bounds(rows, short, needed):
    """For the tiers ordered newest first, the date their first ``needed`` entries cannot be older than:
    the sample is a part of the matches, so if it holds ``needed`` entries of a tier, the tier's first
    ``needed`` are at least as new as the last of those. {tier: date}, for the tiers it can bound."""
    dates = {}
    for row in rows:
        dates.setdefault(_tier(row, short), []).append(row.date)
    return {
        tier: sorted(found, reverse=True)[needed - 1] for tier, found in dates.items() if len(found) >= needed
    }


def _bounded(entries, since, indexed, unindexed, query, column):
    """A tier newest first, from ``since`` on when the sample gives that bound. The words are then asked of
    the word index through the one the statistics say is rarest (PostgreSQL estimates one word well, not
    several: it multiplies their frequencies), so that it combines that index with the date index and reads
    only the entries in both; the whole query is checked on those (``unindexed``)."""
    if since is None:
        return entries.filter(indexed)
    rarest = _rarest_group(query, column)
    estimable = RawSQL(f"{column} @@ %s::tsquery", [rarest], output_field=BooleanField())
    return entries.filter(estimable, unindexed, date__gte=since)


_frequencies = {}


def _word_frequencies(column):
    """{word: share of the entries holding it} for the most common words of ``column``, and the smallest
    share listed (a word not listed is rarer): PostgreSQL's statistics, kept ten minutes by the process."""

    def read():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                " WHERE tablename = 'website_searchentry' AND attname = %s",
                [column],
            )
            row = cursor.fetchone()
        if not row or not row[0]:
            return {}, 0.0
        words, freqs = row
        return dict(zip(words, freqs, strict=False)), min(freqs[: len(words)], default=0.0)

    return remembered(_frequencies, column, read, 600)


def _rarest_group(query, column):
    """Of the query's words (each with its spellings), the one the fewest entries hold by the statistics of
    ``column``, as a tsquery: "(ky | ki)". A word cut short (the last, as a prefix) only if it is alone."""
    frequencies, least = _word_frequencies(column)
    last = len(query.alternatives) - 1
    best, best_share = None, None
    for i, spellings in enumerate(query.alternatives):
        prefix = i == last and query.last_is_prefix()
        share = sum(frequencies.get(w, least / 2) for w in spellings) + (1.0 if prefix else 0.0)
        if best is None or share < best_share:
            suffix = ":*" if prefix else ""
            best, best_share = "(" + " | ".join(f"{w}{suffix}" for w in spellings) + ")", share
    return best


def _unindexed(query):
    """(matches anywhere, matches in the title) across a province as conditions no index serves: the
    planner then walks the index of the tier's order and checks each entry (see _run)."""
    plain = _tsquery(query, _PLAIN)
    return (
        RawSQL("ts_match_vq(vector, %s::tsquery)", [plain], output_field=BooleanField()),
        RawSQL("ts_match_vq(title_vector, %s::tsquery)", [plain], output_field=BooleanField()),
    )


def _read(pks):
    """The entries of ``pks``, in that order."""
    pks = list(pks)
    if not pks:
        return []
    by_pk = SearchEntry.objects.only(*_SHOWN).in_bulk(pks)
    return [by_pk[pk] for pk in pks if pk in by_pk]


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def suggest(query, limit=3, scope=None):
    """Titles close to the query, for "Có phải bạn muốn tìm: …"."""
    folded = " ".join(words_of(query.text))
    if len(folded) < 3:
        return []
    entries = visible(scope)
    if _is_postgres():
        return list(
            entries.extra(
                select={"closeness": "word_similarity(%s, title_words)"},
                select_params=[folded],
                where=["%s <%% title_words"],
                params=[folded],
            )
            .order_by("-closeness", "-date")
            .only("kind", "title", "url", "unit_id")[:limit]
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
        .only("kind", "title", "url", "unit_id")[:limit]
    )


# --- showing results ------------------------------------------------------------------------------------

_RUN = re.compile(r"(\w+)", re.UNICODE)


def _matcher(query):
    exact = {w for spellings in query.alternatives for w in spellings}
    prefix = query.words[-1] if query.last_is_prefix() else None

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


_CLOSERS = "\"'”’)»]"


def _ends_sentence(token):
    return token.rstrip(_CLOSERS)[-1:] in (".", "!", "?", "…")


def snippet(text, query, size=SNIPPET_WORDS, look=600):
    """About ``size`` words of ``text`` around its first match (within the first ``look`` words), highlighted.

    It starts at a sentence's start: the earliest that keeps the match in the first two thirds, or from
    which the rest of the text fits (in a long sentence, a few words before the match, after "…"). It
    ends at a sentence's end near ``size`` words (up to a quarter more), otherwise after a whole word and
    "…". Without a match in ``text`` it is its beginning.
    """
    words = (text or "").split()
    if not words:
        return ""
    matches = _matcher(query)
    hit = next(
        (i for i, word in enumerate(words[:look]) if any(matches(w) for w in words_of(word))),
        None,
    )
    room = size + size // 4  # a sentence may run a little past ``size`` to end whole
    start = 0
    if hit is not None:
        # the first sentence start close enough before the match, or from which the rest fits
        starts = [0] + [i + 1 for i in range(hit) if _ends_sentence(words[i])]
        start = next(
            (i for i in starts if hit - i <= size * 2 // 3 or len(words) - i <= room), hit - size // 3
        )
    stop = len(words)
    if stop - start > room:
        # a sentence end after the match, from half the size on: the last within the size, else the first
        # within the room; without one, cut after a whole word
        ends = [
            i + 1 for i in range(max(start + size // 2, hit or 0), start + room) if _ends_sentence(words[i])
        ]
        within = [e for e in ends if e <= start + size]
        stop = within[-1] if within else ends[0] if ends else start + size
    chosen = words[start:stop]
    suffix = ""
    if stop < len(words) and not _ends_sentence(chosen[-1]):
        chosen[-1] = chosen[-1].rstrip(",;:–-") or chosen[-1]
        suffix = " …"
    prefix = "… " if start else ""
    return mark_safe(prefix + highlight(" ".join(chosen), query) + suffix)


def is_symbols_only(text):
    return bool(text.strip()) and not words_of(text)
