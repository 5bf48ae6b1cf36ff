"""Pagination that stays as fast at 100,000 articles as at 1,000.

Django's Paginator counts the whole list on every request and fetches a page with OFFSET over full
rows. ``LongListPaginator`` keeps the count in the shared cache for the current content version
(plus a moment after which it is stale, such as a scheduled article's time), and fetches a page in
two steps: the primary keys by an index-only scan, then only those rows.
"""

from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.functional import cached_property

from portal.cache import cached


class LongListPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count_name, counter=None, **kwargs):
        """``count_name`` names the list in the cache; ``counter()``, when given, returns the count and
        the moment it next changes by itself (or None), in one query."""
        super().__init__(object_list, per_page, **kwargs)
        self.count_name = count_name
        self.counter = counter or (lambda: (self.object_list.count(), None))

    @cached_property
    def count(self):
        def build():
            count, until = self.counter()
            return {"count": count, "until": until}

        data = cached(
            f"count:{self.count_name}",
            build,
            fresh=lambda data: data["until"] is None or data["until"] > timezone.now(),
        )
        return data["count"]

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page])
        rows = self.object_list.in_bulk(keys) if keys else {}
        return self._get_page([rows[k] for k in keys if k in rows], number, self)
