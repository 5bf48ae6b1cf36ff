"""Working days and due times: Monday to Friday, minus the public holidays of the holiday table (edited in
the admin).

``due_at`` is the one rule for when a dossier is due; feedback due dates count working days with
``add_working_days``. Nothing else in the code counts working days.
"""

from datetime import datetime, time, timedelta

from django.utils import timezone

# Same-day procedures: "trường hợp nhận hồ sơ sau 15 giờ mà không giải quyết được ngay thì trả kết quả
# trong ngày làm việc tiếp theo" (khai sinh, Luật Hộ tịch and Nghị định 123/2015/NĐ-CP; chứng thực,
# Nghị định 23/2015/NĐ-CP).
SAME_DAY_CUTOFF = time(15, 0)


def holidays_between(start, end):
    from portal.models import Holiday

    return set(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def _window(first, days):
    """Holidays from ``first`` far enough ahead for ``days`` working days (weekends and Tết included)."""
    return holidays_between(first, first + timedelta(days=days * 2 + 40))


def is_working_day(day, holidays=frozenset()):
    return day.weekday() < 5 and day not in holidays


def previous_working_day(day, holidays):
    """The last working day before ``day``."""
    day -= timedelta(days=1)
    while not is_working_day(day, holidays):
        day -= timedelta(days=1)
    return day


def subtract_working_days(end, days, holidays=None):
    """The date ``days`` working days before the date ``end`` (the inverse of ``add_working_days``)."""
    if holidays is None:
        holidays = holidays_between(end - timedelta(days=days * 2 + 40), end)
    day = end
    for _ in range(days):
        day = previous_working_day(day, holidays)
    return day


def next_working_day(day, holidays, *, after=True):
    """The first working day after ``day`` (or from ``day`` itself when ``after`` is false)."""
    if after:
        day += timedelta(days=1)
    while not is_working_day(day, holidays):
        day += timedelta(days=1)
    return day


def add_working_days(start, days, holidays=None):
    """The date ``days`` working days after the date ``start``.

    The day of ``start`` itself is not counted: Friday plus 1 working day is Monday (or later, past
    holidays). ``holidays`` is a set of dates covering the way, read from the holiday table when not given.
    """
    if isinstance(start, datetime):
        raise TypeError("add_working_days counts dates; use due_at for a dossier's due time")
    if holidays is None:
        holidays = _window(start, days)
    day = start
    for _ in range(days):
        day = next_working_day(day, holidays)
    return day


def due_at(received, days, *, holidays=None, closing=None):
    """When a dossier received at ``received`` (an aware datetime) with a legal time of ``days`` working
    days is due: the desk's closing time on the last of those days.

    A reception on a weekend or holiday, or after the desk has closed, counts from the next working day.
    A same-day procedure (0 days) is due at closing the day it is received, or the next working day
    when it is received after 15:00. ``closing`` is the desk's closing time (``Unit.closing_time``,
    read from the working hours staff edit); ``holidays`` a set of dates covering the way.
    """
    local = timezone.localtime(received)
    if closing is None:
        from portal.models import Unit

        closing = Unit.load().closing_time
    if holidays is None:
        holidays = _window(local.date(), days)
    start = local.date()
    after_hours = local.time() >= closing or (days == 0 and local.time() > SAME_DAY_CUTOFF)
    if after_hours or not is_working_day(start, holidays):
        start = next_working_day(start, holidays)
    return timezone.make_aware(datetime.combine(add_working_days(start, days, holidays), closing))


def working_days_between(start, end, holidays=None):
    """Number of working days after ``start`` up to and including ``end`` (dates)."""
    if end <= start:
        return 0
    if holidays is None:
        holidays = holidays_between(start, end)
    return sum(
        1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n), holidays)
    )
