"""The unit a command of the procedures app works in (its name starts with "_": not a command itself)."""

from contextlib import contextmanager

from django.core.management.base import CommandError

from portal import units
from portal.models import Unit


def add_unit_argument(parser):
    parser.add_argument(
        "--unit",
        metavar="MÃ",
        help="Mã đơn vị hành chính của đơn vị (không cần khi cài đặt chỉ có một đơn vị)",
    )


def the_unit(code, required=True):
    """The unit whose code is ``code``; without a code, the unit in scope (a caller's) or the installation's
    only unit; else an error, or None when not ``required``."""
    with units.everywhere():
        if code:
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                raise CommandError(f"Không có đơn vị mã {code}.")
            return unit
        if units.current(required=False) is not None:
            return units.current()
        found = list(Unit.objects.order_by("pk")[:2])
        if len(found) == 1:
            return found[0]
    if required:
        raise CommandError("Hãy chọn đơn vị bằng --unit MÃ (mã đơn vị hành chính).")
    return None


@contextmanager
def unit_in_scope(code, required=True):
    """Work in the unit ``the_unit(code)`` finds (or in none, when not ``required`` and none is found)."""
    with units.activate(the_unit(code, required)) as unit:
        yield unit
