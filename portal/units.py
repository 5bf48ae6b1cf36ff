"""The unit (province, commune, ward) a request, a command or a test works in, and the scoping of data to it.

One installation serves a province and its communes (Nghị định 224/2026/NĐ-CP, Điều 11 khoản 1 and
Điều 23 khoản 1). Every record of a unit's site is ``UnitOwned``: its default manager returns only the
rows of the unit in scope, and fails loudly when no unit is in scope, so that a forgotten filter is an
error in development and in the tests, never another unit's content on a page. Code that really works
across units (the province's views, commands, migrations) says so with ``everywhere()``.

- ``UnitMiddleware`` puts the unit of the request's host in scope (``for_host``); in the admin, the unit
  the person chose among their memberships.
- ``activate(unit)`` puts a unit in scope for a block (commands, tests, background work).
- ``current()`` is the unit in scope, ``current_id()`` its id or 0 (for cache keys).

The host map is kept in each process and checked against a version in the shared cache at most once a
second, so a unit added in the admin or by ``create_unit`` answers at once in every process, and a
request costs no query once the map is warm.
"""

import contextvars
import threading
import time
from contextlib import contextmanager

from django.core.cache import cache
from django.db import models

_unit = contextvars.ContextVar("portal_unit", default=None)
_everywhere = contextvars.ContextVar("portal_everywhere", default=False)


class NoUnitInScope(RuntimeError):
    """A query of unit-owned data ran with no unit in scope (and not inside ``everywhere()``)."""


@contextmanager
def activate(unit):
    """Work in ``unit`` for the block (``None``: in no unit)."""
    token = _unit.set(unit)
    try:
        yield unit
    finally:
        _unit.reset(token)


def set_current(unit):
    """Put ``unit`` in scope until ``reset(token)``; for middleware and test fixtures."""
    return _unit.set(unit)


def reset(token):
    _unit.reset(token)


@contextmanager
def everywhere():
    """Read and write the records of every unit in the block: cross-unit code says so here."""
    token = _everywhere.set(True)
    try:
        yield
    finally:
        _everywhere.reset(token)


def is_everywhere():
    return _everywhere.get()


def current(required=True):
    """The unit in scope; without one, ``NoUnitInScope`` (or None when not ``required``)."""
    unit = _unit.get()
    if unit is None and required:
        raise NoUnitInScope("Không có đơn vị nào đang được chọn: dữ liệu của đơn vị không đọc được.")
    return unit


def current_id():
    """The id of the unit in scope, 0 when none: the part of every cache key that says whose it is."""
    unit = _unit.get()
    return unit.pk if unit is not None else 0


class UnitQuerySet(models.QuerySet):
    def of_unit(self, unit):
        return self.filter(unit=unit)


class UnitManager(models.Manager.from_queryset(UnitQuerySet)):
    """The rows of the unit in scope; all rows inside ``everywhere()``; an error with neither."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if _everywhere.get():
            return queryset
        return queryset.filter(unit=current())


class UnitOwned(models.Model):
    """A record that belongs to one unit. Saved without a unit, it takes the unit in scope."""

    unit = models.ForeignKey(
        "portal.Unit", verbose_name="đơn vị", on_delete=models.CASCADE, related_name="+", editable=False
    )

    # following a foreign key (article.category) uses Django's plain base manager, whatever the scope
    objects = UnitManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.unit_id is None:
            self.unit = current()
        super().save(*args, **kwargs)

    # Forms leave out ``unit`` (staff never pick it), and Django then skips every uniqueness check that
    # names it: a slug taken in the unit would reach the database as an error. Check them in the unit.
    def _in_unit(self, exclude):
        if self.unit_id is None:
            unit = current(required=False)
            if unit is not None:
                self.unit = unit
        return None if exclude is None else set(exclude) - {"unit"}

    def validate_unique(self, exclude=None):
        super().validate_unique(self._in_unit(exclude))

    def validate_constraints(self, exclude=None):
        super().validate_constraints(self._in_unit(exclude))


class OnePerUnit(UnitOwned):
    """A unit's one row of settings: saving a new object (a blank one from ``load()``, or the admin's add
    form) updates the unit's row when it has one, instead of adding a second."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is None:
            self.pk = (
                type(self).objects.filter(unit=self.unit_id or current()).values_list("pk", flat=True).first()
            )
        super().save(*args, **kwargs)


# --- the host map ---------------------------------------------------------------------------------------

HOSTS_VERSION_KEY = "portal:unit-hosts-version"
MAX_AGE = 60  # seconds: a map is read again at least this often, whatever the shared version says
_map_lock = threading.Lock()
_map = {
    "version": None,
    "loaded": 0.0,
    "checked": 0.0,
    "hosts": {},
    "units": {},
    "single": None,
    "primary": {},
    "provinces": {},  # province id → its units, by code (province_units)
}


def hosts_changed(**_kwargs):
    """A unit or a host name was added, changed or removed: every process reloads its map."""
    try:
        cache.set(HOSTS_VERSION_KEY, time.time_ns(), None)
    except Exception:  # noqa: BLE001 (the cache being down must not stop a save; maps age out)
        pass
    _map["version"] = None


def unit_saved(**kwargs):
    """After a save of a unit or a host name: the other processes reload their maps (shared version),
    this one at once, so its next request pays nothing."""
    hosts_changed()
    if not kwargs.get("raw"):
        _reload(_shared_version())


def _load():
    from portal.models import Unit, UnitHost

    units = {unit.pk: unit for unit in Unit.objects.select_related("parent")}
    hosts = {host.host: (host.unit_id, host.is_primary) for host in UnitHost.objects.all()}
    primary = {}  # a unit's primary host: the one marked so, else its first by name
    for name, (unit_id, _is_primary) in sorted(hosts.items(), key=lambda item: (not item[1][1], item[0])):
        primary.setdefault(unit_id, name)
    # one unit and no host names: the unit answers on every allowed host (make run, a commune's own server)
    single = next(iter(units.values())) if len(units) == 1 and not hosts else None
    return {"hosts": hosts, "units": units, "single": single, "primary": primary, "provinces": {}}


def _shared_version():
    try:
        return cache.get(HOSTS_VERSION_KEY)
    except Exception:  # noqa: BLE001
        return None


def _reload(version):
    _map.update(_load(), version=version, loaded=time.monotonic(), checked=time.monotonic())


def _fresh_map():
    now = time.monotonic()
    if _map["version"] is not None and now - _map["checked"] < 1.0:
        return _map
    with _map_lock:
        version = _shared_version()
        age = now - _map["loaded"]
        if version is None and _map["version"] is not None and age < 5:
            # the shared version is gone (Redis emptied or restarted): keep a fresh map, publish its version
            try:
                cache.add(HOSTS_VERSION_KEY, _map["version"], None)
            except Exception:  # noqa: BLE001
                pass
            version = _map["version"]
        if version is None or version != _map["version"] or age > MAX_AGE:
            _reload(version if version is not None else time.time_ns())
        _map["checked"] = now
    return _map


def for_host(host):
    """(unit, primary host) for a request's host name (lower case, no port); (None, None) if no unit has it.

    The primary host is None when ``host`` is the unit's primary or the unit has no host names.
    """
    data = _fresh_map()
    if data["single"] is not None:
        return data["single"], None
    found = data["hosts"].get(host)
    if found is None:
        return None, None
    unit_id, is_primary = found
    unit = data["units"].get(unit_id)
    primary = data["primary"].get(unit_id)
    return unit, (None if is_primary or primary == host else primary)


def unit_by_id(unit_id):
    return _fresh_map()["units"].get(unit_id)


def unit_count():
    """How many units the installation holds (from the map every process keeps: no query)."""
    return len(_fresh_map()["units"])


def province_units(province):
    """``province`` and its communes, wards and special zones, by code, from the map every process keeps
    (no query): what the province-wide views read across. Kept with the map (a province's search asked it
    twice a request: 500 units sorted each time)."""
    data = _fresh_map()
    # the kept lists before the units: a reload replaces the units first, so these lists are never older
    provinces = data["provinces"]
    kept = provinces.get(province.pk)
    if kept is None:
        found = [u for u in data["units"].values() if u.pk == province.pk or u.parent_id == province.pk]
        kept = provinces[province.pk] = tuple(
            sorted(found, key=lambda u: (u.pk != province.pk, u.code or "", u.pk))
        )
    return list(kept)


def primary_host(unit):
    """The unit's primary host name, or None (a single-unit site)."""
    return _fresh_map().get("primary", {}).get(unit.pk)


def site_url(unit, request, path="/"):
    """The address of ``path`` on ``unit``'s own site (its primary host), with the scheme and port the request
    came with (a demo on :8000 links to the other units on :8000); "" when the unit has no host name."""
    host = primary_host(unit)
    if not host:
        return ""
    _, colon, port = request.get_host().rpartition(":")
    if colon and port.isdigit():
        host = f"{host}:{port}"
    return f"{request.scheme}://{host}{path}"


# --- adding a unit ----------------------------------------------------------------------------------------


def create_unit(code, name, level, hosts=(), parent=None, administrator=None, **settings_values):
    """Add a unit in one step (``manage.py create_unit`` and the admin's "Thêm đơn vị"): the unit with its
    settings, its host names (the first is the primary), its first administrator, and what each app gives
    a new site (default categories, introduction pages as drafts, …). Every process serves it within a
    second, without a restart."""
    from django.db import transaction

    from portal import contributions, roles
    from portal.models import Membership, Unit, UnitHost

    with transaction.atomic(), everywhere():
        unit = Unit(
            code=code,
            unit_name=name,
            unit_level=level,
            parent=parent,
            portal_title=settings_values.pop("portal_title", f"Cổng thông tin điện tử {name}"),
            **settings_values,
        )
        unit.full_clean()
        unit.save()
        for n, host in enumerate(hosts):
            UnitHost(unit=unit, host=host, is_primary=n == 0).save()
        if administrator is not None:
            Membership.objects.create(user=administrator, unit=unit, role=roles.ADMINISTRATOR)
    with activate(unit), transaction.atomic():
        contributions.new_unit(unit)
    return unit


def add_unit_argument(parser):
    """``--unit MÃ`` for a management command that works in one unit."""
    parser.add_argument(
        "--unit",
        metavar="MÃ",
        help="mã đơn vị hành chính của đơn vị (không cần khi cài đặt chỉ có một đơn vị)",
    )


def for_command(code=None, required=True):
    """The unit a management command works in: the one with ``code``; without a code, the unit in scope
    (a calling command's) or the installation's only unit; else an error that says to choose (``--unit``),
    or None when not ``required``."""
    from django.core.management import CommandError

    from portal.models import Unit

    with everywhere():
        if code:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã {code}.")
            return unit
        if current(required=False) is not None:
            return current()
        found = list(Unit.objects.order_by("pk")[:2])
    if len(found) == 1:
        return found[0]
    if required:
        raise CommandError("Hãy chọn đơn vị bằng --unit MÃ (mã đơn vị hành chính).")
    return None


@contextmanager
def unit_in_scope(code=None, required=True):
    """Work in the unit ``for_command(code)`` finds (or in none, when not ``required`` and none is found)."""
    with activate(for_command(code, required)) as unit:
        yield unit
