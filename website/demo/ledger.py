"""Shared by the apps' demo loaders (``load_demo``).

The demo creates what it has never created and never changes a record that exists: staff edit the demo
content into their own, and ``make run`` (which loads the demo every time) must not put it back. A ledger
(``DemoRecord``) remembers what the demo created, so a record staff deleted or renamed is not created again.
"""

from website.models import DemoRecord


class Ledger:
    """What the demo has created, read once per run; new keys are written by ``save()``."""

    def __init__(self):
        self.done = set(DemoRecord.objects.values_list("key", flat=True))
        self.new = []
        self.noted = []  # records the demo would have created but found already there (not counted as new)
        # the keys of the units added by ``load_demo --province`` start with their code ("03256:news.article:…");
        # Mường Ảng's keep the form they had before units
        self.prefix = ""

    def first_time(self, key):
        """True the first time the demo meets ``key``, and records it; False on every later run."""
        key = (self.prefix + key)[:300]
        if key in self.done:
            return False
        self.done.add(key)
        self.new.append(key)
        return True

    def note(self, key):
        """Remember ``key`` as met without counting it as created: its record is there already (a database
        migrated from before the demo had it), so a later run must not create it again if staff delete it."""
        key = (self.prefix + key)[:300]
        if key not in self.done:
            self.done.add(key)
            self.noted.append(key)

    def create(self, model, lookup, **values):
        """Create ``model(**lookup, **values)`` unless the demo met it before or a record matches ``lookup``.

        Returns the new record, or None when nothing was created.
        """
        key = ":".join([model._meta.label_lower, *map(str, lookup.values())])
        if not self.first_time(key) or model.objects.filter(**lookup).exists():
            return None
        instance = model(**lookup, **values)
        instance.save()
        return instance

    def save(self):
        keys = self.new + self.noted
        DemoRecord.objects.bulk_create([DemoRecord(key=key) for key in keys], ignore_conflicts=True)
        self.new, self.noted = [], []
