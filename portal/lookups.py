"""Search that ignores diacritics and case, for the admin's search boxes (issue 17.2).

Staff type «ve sinh», «nguyen thu trang» or «DANG KY» as often as «vệ sinh»: Django's admin search
(``icontains``) finds only the exact accents. ``field__folded`` compares both sides folded
(``portal.text.fold``: lower case, no diacritics, đ→d):

- PostgreSQL: ``lower(unaccent(column))`` — the unaccent extension the site search already installs
  (website migration 0001), which maps every Vietnamese letter, đ included.
- SQLite: a ``portal_fold`` SQL function registered on each new connection, which is ``fold`` itself.

The admin's search uses it through ``FoldedSearchMixin`` (portal.admin_site), so every search box of
every list and autocomplete ignores accents; a code or a number («3855/KH», «000.00.12.H13») is matched as
typed, only case-insensitively. No index serves a ``LIKE '%…%'`` either way: admin lists are one unit's
rows, and the search reads them as the plain ``icontains`` did.
"""

from django.db import models
from django.db.backends.signals import connection_created
from django.dispatch import receiver

from portal.text import fold

FUNCTION = "portal_fold"


def _fold_or_null(value):
    return None if value is None else fold(value)


@receiver(connection_created, dispatch_uid="portal-fold-function")
def add_fold_function(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 1, _fold_or_null, deterministic=True)


class Folded(models.Lookup):
    """``title__folded="ve sinh"``: the column, folded, contains the folded value."""

    lookup_name = "folded"
    prepare_rhs = False

    def get_db_prep_lookup(self, value, connection):
        return "%s", [f"%{connection.ops.prep_for_like_query(fold(value))}%"]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{FUNCTION}({lhs}) LIKE {rhs} ESCAPE '\\'", [*lhs_params, *rhs_params]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"lower(unaccent({lhs}::text)) LIKE {rhs}", [*lhs_params, *rhs_params]


models.CharField.register_lookup(Folded)
models.TextField.register_lookup(Folded)
