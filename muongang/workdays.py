"""Working days: Monday to Friday, minus the public holidays of the holiday table (edited in the admin).

Due dates of dossiers (the procedure's time in working days) and of citizen
feedback are computed here.
"""

from datetime import datetime, timedelta


def holidays_between(start, end):
    from muongang.models import Holiday

    return set(Holiday.objects.filter(date__gte=start, date__lte=end).values_list("date", flat=True))


def is_working_day(day, holidays=frozenset()):
    return day.weekday() < 5 and day not in holidays


def add_working_days(start, days):
    """The date ``days`` working days after ``start`` (a date or datetime; a datetime keeps its time of day).

    The day of ``start`` itself is not counted: a dossier received on Friday with
    a time of 1 working day is due on Monday (or later, past holidays).
    """
    if days <= 0:
        return start
    first = start.date() if isinstance(start, datetime) else start
    # Generous window: weekends and a few holiday weeks (Tết) cannot take more than this.
    holidays = holidays_between(first, first + timedelta(days=days * 2 + 30))
    day = first
    left = days
    while left:
        day += timedelta(days=1)
        if is_working_day(day, holidays):
            left -= 1
    if isinstance(start, datetime):
        return start + (datetime.combine(day, start.time()) - datetime.combine(first, start.time()))
    return day


def working_days_between(start, end):
    """Number of working days after ``start`` up to and including ``end`` (dates)."""
    if end <= start:
        return 0
    holidays = holidays_between(start, end)
    return sum(
        1 for n in range(1, (end - start).days + 1) if is_working_day(start + timedelta(days=n), holidays)
    )
