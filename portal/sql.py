"""Lookups of the busiest public pages, turned into SQL once per process instead of on every request.

Django builds and compiles a queryset each time it runs: for an article found by its address, that is more
Python (about 1.4 ms on the benchmark machine) than PostgreSQL takes to answer. A ``Shape`` builds its
queryset once per database and unit with stand-in values, keeps the SQL and where each stand-in sits among
the parameters, and runs that SQL again with the request's values through ``Model.objects.raw()``: the
same rows, model instances and annotations, without the building.

Two rules, which ``Shape`` checks where it can:
- every value that changes between calls is an argument of ``build``, with a stand-in that appears among the
  query's parameters as given (a lookup that rewrites it, such as ``__contains``, is refused); anything else
  ``build`` reads (the clock) would stay what it was the first time. The unit in scope is part of the key;
- no ``select_related``: ``raw()`` maps columns to fields by name, and a joined table's would collide.
"""

from django.db import connections, router

from portal import units


class Shape:
    """``build(**values)`` → a queryset of ``model``; ``stand_ins``: a value for each argument that no real
    input equals (it never reaches the database)."""

    def __init__(self, model, build, **stand_ins):
        self.model = model
        self.build = build
        self.stand_ins = stand_ins
        self._compiled = {}

    def _compile(self, db):
        queryset = self.build(**self.stand_ins)
        if queryset.query.select_related:
            raise ValueError("Shape: raw() cannot read a select_related queryset's joined rows")
        sql, params = queryset.query.get_compiler(using=db).as_sql()
        slots = {}
        for name, stand_in in self.stand_ins.items():
            found = [
                i for i, param in enumerate(params) if type(param) is type(stand_in) and param == stand_in
            ]
            if not found:
                raise ValueError(
                    f"Shape: the stand-in of {name!r} is not among the query's parameters as given"
                )
            slots[name] = found
        return sql, tuple(params), slots

    def sql(self, db=None):
        """(SQL, parameters with the stand-ins, {argument: positions}) for the unit in scope."""
        db = db or router.db_for_read(self.model)
        key = (db, connections[db].vendor, units.current_id(), units.is_everywhere())
        compiled = self._compiled.get(key)
        if compiled is None:
            if len(self._compiled) >= 10_000:  # units × databases: bounded whatever the installation
                self._compiled.clear()
            compiled = self._compiled[key] = self._compile(db)
        return compiled

    def all(self, **values):
        """The rows ``build(**values)`` would give, as instances of ``model``."""
        db = router.db_for_read(self.model)
        sql, params, slots = self.sql(db)
        params = list(params)
        for name, positions in slots.items():
            for position in positions:
                params[position] = values[name]
        return list(self.model._base_manager.db_manager(db).raw(sql, params))

    def first(self, **values):
        rows = self.all(**values)
        return rows[0] if rows else None
