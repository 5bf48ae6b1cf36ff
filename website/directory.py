"""The province's directory of its communes, wards and special zones (/don-vi-hanh-chinh/ on the province's
host): each unit's name, code, address, phones, head and site, in a constant number of queries whatever
the number of units (the units, their heads; host names come from the unit map every process keeps)."""

from dataclasses import dataclass

from portal import units
from portal.contributions import provided
from portal.models import Unit, UnitLevel
from portal.text import fold

# the kinds a province's units have since 01/07/2025, as the filter offers them; a unit of another kind (a
# district kept as it was, as in the demo) is offered too when there is one
KINDS = [(UnitLevel.XA, "Xã"), (UnitLevel.PHUONG, "Phường"), (UnitLevel.DAC_KHU, "Đặc khu")]
OTHER_KINDS = [(UnitLevel.HUYEN, "Huyện (trước 01/07/2025)")]


@dataclass
class Entry:
    unit: Unit
    head: str  # «Lò Văn Tiến, Chủ tịch UBND xã», else the person responsible for the site, else ""
    url: str  # the unit's site ("" when it has no host name yet)


def entries(province, request, kind="", name=""):
    """The units of ``province`` (of ``kind``, whose name contains ``name`` without regard to diacritics),
    by name; and the count of each kind before the kind filter, for the filter's labels."""
    found = list(
        Unit.objects.filter(parent=province).only(
            "pk",
            "code",
            "unit_name",
            "unit_level",
            "address",
            "phone",
            "hotline",
            "email",
            "responsible_person",
        )
    )
    wanted = fold(name)
    if wanted:
        found = [unit for unit in found if wanted in fold(unit.unit_name)]
    counts = {value: 0 for value, _ in KINDS}
    for unit in found:
        counts[unit.unit_level] = counts.get(unit.unit_level, 0) + 1
    if kind:
        found = [unit for unit in found if unit.unit_level == kind]
    found.sort(key=lambda unit: (fold(unit.unit_name), unit.code))
    heads = provided("unit_heads", [unit.pk for unit in found], default={}) if found else {}
    listed = []
    for unit in found:
        official = heads.get(unit.pk)
        head = f"{official.name}, {official.title}" if official else unit.responsible_person
        listed.append(Entry(unit=unit, head=head, url=units.site_url(unit, request)))
    return listed, counts
