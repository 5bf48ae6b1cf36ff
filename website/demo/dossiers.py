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
from procedures.models import (
    Channel,
    CommentStatus,
    Dossier,
    DossierRating,
    DossierStep,
    Procedure,
    ServiceCommitment,
    ServiceFault,
    Status,
    UnitProcedure,
    pick,
    timeliness,
)
from procedures.quality import months_to_roll, rollup

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


def generate_dossiers(
    procedures, holidays, seed=2020, months=MONTHS, unit_code=UNIT_CODE, in_progress=IN_PROGRESS, mix=MIX
):
    """The 2020 demo dossiers of the unit in scope as unsaved objects (deterministic), due by the desk's rule
    (``due_at``, at the closing time of the unit's desk): ``months`` the counts received January…October,
    ``in_progress`` of them still open at the end of October."""
    rng = random.Random(seed)
    unit = units.current()
    closing = Unit.load().closing_time
    tz = timezone.get_current_timezone()
    codes = [code for code, _ in mix]
    weights = [w for _, w in mix]
    dossiers = []
    for month, count in enumerate(months, start=1):
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
    assert months is not MONTHS or len(dossiers) == RECEIVED
    end_of_october = datetime(2020, 11, 1, tzinfo=tz)
    # the longer procedures due last are still in progress on 31/10/2020; they are resolved in November
    longer = [d for d in dossiers if d.procedure.processing_days >= 3]
    open_ones = set(map(id, sorted(longer, key=lambda d: (d.due_at, d.received_at))[-in_progress:]))
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
        dossier.code = f"{unit_code}-{key}-{sequence[key]:04d}"
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
    with_results_online(dossiers)
    steps = with_history(dossiers)
    Dossier.objects.bulk_create(dossiers, batch_size=500)
    for step in steps:
        step.dossier_id = step.dossier.pk
    DossierStep.objects.bulk_create(steps, batch_size=2000)


# The small 2020 registers of the province demo's other communes (``load_demo --province``), so that the
# province's pages across its units (/thong-ke-ho-so/toan-tinh/, /tra-cuu-ho-so/ on its host) compare several
# units: unit code → (the desk's code in dossier codes, dossiers received January…October, still open, seed)
COMMUNE_REGISTERS = {
    "03256": ("000.00.25.H19", [18, 15, 21, 17, 19, 22, 20, 24, 23, 25], 4, 3256),
    "03259": ("000.00.26.H19", [9, 8, 12, 10, 11, 9, 13, 12, 14, 12], 2, 3259),
}
# the commune-level procedures among the demo's, with their share of a commune's dossiers
COMMUNE_MIX = [("1.001612", 30), ("1.001776", 25), ("1.012815", 25), ("2.000815", 20)]


def load_commune(ledger):
    """The small 2020 register of the commune in scope, if the demo has one for it: its dossiers with their
    steps, the commune carrying out their procedures, and the roll-up its pages and the province's read."""
    spec = COMMUNE_REGISTERS.get(units.current().code)
    if spec is None or not ledger.first_time("procedures.dossier:2020"):
        return
    desk_code, months, in_progress, seed = spec
    if Dossier.objects.filter(code__startswith=f"{desk_code}-20").exists():
        return
    codes = [code for code, _ in COMMUNE_MIX]
    found = Procedure.objects.filter(code__in=codes).select_related("implementing_agency")
    procedures = {p.code: p for p in found}
    if len(procedures) < len(codes):  # staff removed a demo procedure: no made-up register without it
        return
    pick(procedures.values())
    holidays = set(Holiday.objects.values_list("date", flat=True))
    dossiers = generate_dossiers(
        procedures,
        holidays,
        seed=seed,
        months=months,
        unit_code=desk_code,
        in_progress=in_progress,
        mix=COMMUNE_MIX,
    )
    with_results_online(dossiers, seed=seed)
    steps = with_history(dossiers, seed=seed)
    Dossier.objects.bulk_create(dossiers, batch_size=500)
    for step in steps:
        step.dossier_id = step.dossier.pk
    DossierStep.objects.bulk_create(steps, batch_size=2000)
    rollup(months_to_roll(all_months=True))


# --- Service quality: results returned online, citizens' ratings, the commitment, the roll-up ------------

# the share of online dossiers whose result was returned online, and the ratings citizens gave (made up)
RESULT_ONLINE_SHARE = 0.7
RATED_SHARE = 0.25
SCORES = [(5, 44), (4, 38), (3, 12), (2, 4), (1, 2)]
COMMENTS = [
    "Cán bộ hướng dẫn tận tình, hồ sơ trả sớm hơn hẹn.",
    "Thủ tục nhanh gọn, không phải đi lại nhiều lần.",
    "Nộp trực tuyến tiện, nhưng nên nhắn tin báo khi có kết quả.",
    "Phải chờ lâu ở quầy vào buổi sáng thứ Hai.",
]
IMPROVEMENTS = (
    "Tháng 10/2020: thêm máy chủ dự phòng cho dịch vụ nộp hồ sơ trực tuyến sau sự cố ngày 14/10/2020.\n"
    "Tháng 7/2020: thêm một quầy tiếp nhận vào sáng thứ Hai, ngày đông người nộp nhất."
)


def with_results_online(dossiers, seed=2020):
    """Most online dossiers had their result returned online (their own random numbers)."""
    rng = random.Random(seed + 1)
    for dossier in dossiers:
        if dossier.channel == Channel.TRUC_TUYEN and rng.random() < RESULT_ONLINE_SHARE:
            dossier.result_online = True


def load_quality(ledger):
    """Ratings of a quarter of the demo's resolved dossiers (a few comments published), the unit's fault of
    October 2020 and its improvements; then the roll-up the service-quality page reads."""
    if ledger.first_time("procedures.dossierrating:2020"):
        rng = random.Random(2021)
        finished = Dossier.objects.filter(
            code__startswith=f"{UNIT_CODE}-20", status=Status.DA_TRA, rating__isnull=True
        ).order_by("code")
        ratings = []
        for dossier in finished.only("pk", "returned_at", "finished_at"):
            if rng.random() >= RATED_SHARE:
                continue
            comment = rng.choice(COMMENTS) if rng.random() < 0.15 else ""
            rating = DossierRating(
                unit=units.current(),  # bulk_create does not fill it in
                dossier=dossier,
                score=rng.choices([s for s, _ in SCORES], [w for _, w in SCORES])[0],
                comment=comment,
                comment_status=CommentStatus.PUBLISHED if comment else CommentStatus.PENDING,
            )
            rating.given_at = (dossier.returned_at or dossier.finished_at) + timedelta(
                hours=rng.randint(1, 72)
            )
            ratings.append(rating)
        DossierRating.objects.bulk_create(ratings, batch_size=500)
        for rating in ratings:  # given after the result, not today (auto_now_add set the time of loading)
            rating.created_at = rating.consented_at = rating.given_at
        DossierRating.objects.bulk_update(ratings, ["created_at", "consented_at"], batch_size=500)
        rollup(months_to_roll(all_months=True))  # once; afterwards the scheduled job keeps the figures
    tz = timezone.get_current_timezone()
    ledger.create(
        ServiceFault,
        {"summary": "Không nộp được hồ sơ trực tuyến do máy chủ quá tải"},
        started_at=datetime(2020, 10, 14, 8, 10, tzinfo=tz),
        ended_at=datetime(2020, 10, 14, 10, 40, tzinfo=tz),
        handling="Chuyển dịch vụ sang máy chủ dự phòng; hồ sơ gửi lỗi được tiếp nhận bù trong ngày.",
        improvement="Thêm máy chủ dự phòng và cảnh báo khi tải cao.",
    )
    if ledger.first_time("procedures.servicecommitment"):
        commitment = ServiceCommitment.objects.first() or ServiceCommitment()
        if not commitment.improvements:
            commitment.improvements = IMPROVEMENTS
            commitment.save()
