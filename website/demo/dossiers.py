"""The 2020 dossiers of the demo, computed: nothing here is data to edit.

They are generated with a fixed seed so that January–October 2020 shows exactly 2,578 received, 2,477
resolved and 101 in progress, as the district reported for that period; due times follow the desk's
rule (``portal.workdays.due_at``) and the holidays of ``demo/holidays.toml``. Generated once
(``website.demo.ledger``), and only when every procedure they use is there.
"""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from portal import units
from portal.models import Holiday, Unit
from portal.workdays import due_at, is_working_day
from procedures.models import Channel, Dossier, DossierStep, Procedure, Status, UnitProcedure, timeliness

UNIT_CODE = "000.00.14.H19"
RECEIVED = 2578
IN_PROGRESS = 101
# dossiers received per month, January to October 2020 (Tết in January, the April distancing weeks)
MONTHS = [236, 214, 262, 198, 251, 268, 275, 283, 292, 299]
# district-level procedures handled at the district desk, with their share of dossiers
MIX = [
    ("2.000815", 46),
    ("2.000884", 12),
    ("2.000528", 2),
    ("2.000806", 1),
    ("1.001612", 8),
    ("2.000720", 5),
    ("2.000575", 2),
    ("1.001570", 2),
    ("1.001266", 2),
    ("1.001776", 10),
    ("1.012815", 10),
]
CHANNELS = [(Channel.TRUC_TIEP, 80), (Channel.TRUC_TUYEN, 17), (Channel.BUU_CHINH, 3)]
SURNAMES = [
    "Lò",
    "Quàng",
    "Cà",
    "Lường",
    "Tòng",
    "Vì",
    "Nguyễn",
    "Trần",
    "Giàng",
    "Sùng",
    "Mùa",
    "Phạm",
    "Lê",
]
MIDDLE = ["Văn", "Thị", "Văn", "Thị", "A", "Đức", "Minh"]
GIVEN = [
    "An",
    "Bình",
    "Chung",
    "Dung",
    "Hoa",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Pọm",
    "Sáng",
    "Thanh",
    "Tuấn",
    "Xuân",
]


def _working_days(year, month, holidays):
    first = date(year, month, 1)
    days = [first + timedelta(days=n) for n in range(31)]
    return [d for d in days if d.month == month and is_working_day(d, holidays)]


def _in_office_hours(moment, earliest, rng):
    """``moment`` moved into office hours (07:30–17:00, Monday to Friday), never before ``earliest``."""
    local = timezone.localtime(moment)
    if local.weekday() >= 5:  # Saturday, Sunday: the Friday before
        local -= timedelta(days=local.weekday() - 4)
        local = local.replace(hour=rng.randint(14, 16), minute=rng.choice([0, 20, 40]))
    elif local.hour >= 17:
        local = local.replace(hour=rng.randint(14, 16), minute=rng.choice([0, 20, 40]))
    elif local.hour < 7:
        local = local.replace(hour=7, minute=rng.choice([30, 40, 50]))
    return max(local, earliest)


def generate_dossiers(procedures, holidays, seed=2020):
    """The 2020 demo dossiers of the unit in scope as unsaved objects (deterministic), due by the desk's rule
    (``due_at``, at the closing time of the unit's desk)."""
    rng = random.Random(seed)
    unit = units.current()
    closing = Unit.load().closing_time
    tz = timezone.get_current_timezone()
    codes = [code for code, _ in MIX]
    weights = [w for _, w in MIX]
    dossiers = []
    for month, count in enumerate(MONTHS, start=1):
        days = _working_days(2020, month, holidays)
        received = sorted(
            datetime.combine(
                rng.choice(days), time(rng.randint(7, 16), rng.choice([0, 15, 30, 45])), tzinfo=tz
            )
            for _ in range(count)
        )
        for moment in received:
            procedure = procedures[rng.choices(codes, weights)[0]]
            due = due_at(moment, procedure.processing_days, holidays=holidays, closing=closing)
            name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
            dossiers.append(
                Dossier(
                    unit=unit,  # saved by bulk_create, which does not fill it in
                    procedure=procedure,
                    channel=rng.choices([c for c, _ in CHANNELS], [w for _, w in CHANNELS])[0],
                    received_at=moment,
                    due_at=due,
                    applicant_name=name,
                    applicant_phone=f"09{rng.randint(10000000, 99999999)}",
                    applicant_id_number=f"0111{rng.randint(10000000, 99999999)}",
                )
            )
    assert len(dossiers) == RECEIVED
    end_of_october = datetime(2020, 11, 1, tzinfo=tz)
    # the longer procedures due last are still in progress on 31/10/2020; they are resolved in November
    longer = [d for d in dossiers if d.procedure.processing_days >= 3]
    open_ones = set(map(id, sorted(longer, key=lambda d: (d.due_at, d.received_at))[-IN_PROGRESS:]))
    sequence = {}
    for dossier in dossiers:
        allowed = (dossier.due_at - dossier.received_at).total_seconds()
        roll = rng.random()
        if roll < 0.03:  # late
            finished = dossier.due_at + timedelta(hours=rng.randint(2, 72))
        elif roll < 0.55 and allowed > 86400:  # early
            finished = dossier.received_at + timedelta(seconds=allowed * rng.uniform(0.2, 0.7))
        else:  # on the due day
            finished = dossier.due_at - timedelta(minutes=rng.randint(10, 240))
        finished = _in_office_hours(finished, dossier.received_at + timedelta(minutes=20), rng)
        if id(dossier) in open_ones:
            first_day = end_of_october + timedelta(days=1, hours=8)  # Monday 02/11/2020
            finished = max(finished, first_day + timedelta(hours=rng.randint(0, 8)))
            if finished > dossier.due_at:  # the desk apologised and set a new date (Mẫu 04)
                dossier.apology_issued_at = dossier.due_at - timedelta(days=1)
                dossier.apology_reason = "Cần xác minh thêm thông tin với cơ quan liên quan."
                dossier.apology_new_due_at = finished + timedelta(hours=2)
        elif finished >= end_of_october:  # received on the last working day, after 16:45 at the latest
            finished = datetime(2020, 10, 30, 17, 0, tzinfo=tz)
        dossier.finished_at = finished
        dossier.returned_at = _in_office_hours(
            finished + timedelta(hours=rng.choice([1, 2, 20, 24, 48])), finished, rng
        )
        dossier.status = Status.DA_TRA
        dossier.timeliness = timeliness(dossier)
        key = timezone.localtime(dossier.received_at).strftime("%y%m%d")
        sequence[key] = sequence.get(key, 0) + 1
        dossier.code = f"{UNIT_CODE}-{key}-{sequence[key]:04d}"
    return dossiers


# the desk's and the offices' staff named on the lookup page (made-up names)
DESK_STAFF = ["Lò Thị Hương", "Quàng Văn Dũng", "Cà Thị Ngọc"]
OFFICE_STAFF = ["Lường Văn Thắng", "Nguyễn Thị Thu Trang", "Tòng Văn Khải", "Vì Thị Mai"]


def with_history(dossiers, seed=2020):
    """Who received and who handled each dossier, and the steps of its handling (DossierStep), made with
    their own random numbers so the register itself stays as it was."""
    rng = random.Random(seed + 1)
    desk = f"Bộ phận Một cửa {Unit.load().unit_name}"
    steps = []
    for dossier in dossiers:
        agency = dossier.procedure.implementing_agency.name
        dossier.received_by, dossier.handled_by = rng.choice(DESK_STAFF), rng.choice(OFFICE_STAFF)
        # sent on to the office a while after reception: a third of the time it took, 4 hours at most
        spent = dossier.finished_at - dossier.received_at
        handling = dossier.received_at + min(spent / 3, timedelta(hours=rng.randint(1, 4)))
        for status, at, where, who in [
            (Status.DUOC_TIEP_NHAN, dossier.received_at, desk, dossier.received_by),
            (Status.DANG_XU_LY, handling, agency, dossier.handled_by),
            (Status.DA_XU_LY, dossier.finished_at, agency, dossier.handled_by),
            (Status.DA_TRA, dossier.returned_at, desk, dossier.received_by),
        ]:
            steps.append(
                DossierStep(
                    unit=dossier.unit, dossier=dossier, status=status, at=at, agency=where, officer=who
                )
            )
    return steps


def load(ledger):
    if not ledger.first_time("procedures.dossier:2020"):
        return  # generated once; staff may have edited or deleted them since
    if Dossier.objects.filter(code__startswith=f"{UNIT_CODE}-20").exists():
        return
    carried_out = UnitProcedure.objects.values("procedure_id")  # by the unit in scope
    procedures = {
        p.code: p
        for p in Procedure.objects.filter(code__in=[c for c, _ in MIX], pk__in=carried_out).select_related(
            "implementing_agency"
        )
    }
    if len(procedures) < len(MIX):  # staff removed a demo procedure: no made-up register without it
        return
    holidays = set(Holiday.objects.values_list("date", flat=True))
    dossiers = generate_dossiers(procedures, holidays)
    steps = with_history(dossiers)
    Dossier.objects.bulk_create(dossiers, batch_size=500)
    for step in steps:
        step.dossier_id = step.dossier.pk
    DossierStep.objects.bulk_create(steps, batch_size=2000)
