from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from portal.models import Holiday
from portal.workdays import add_working_days, due_at, working_days_between
from tests import factories

pytestmark = pytest.mark.django_db


def test_working_days_skip_the_weekend():
    friday = date(2020, 11, 13)
    assert add_working_days(friday, 1) == date(2020, 11, 16)
    assert add_working_days(friday, 5) == date(2020, 11, 20)


def test_working_days_skip_holidays():
    Holiday.objects.create(date=date(2020, 9, 2), name="Quốc khánh")
    # 02/09 is a holiday, 05–06/09 a weekend.
    assert add_working_days(date(2020, 9, 1), 3) == date(2020, 9, 7)
    assert working_days_between(date(2020, 9, 1), date(2020, 9, 7)) == 3
    with pytest.raises(TypeError):  # a time of day is the business of due_at, the one rule for due times
        add_working_days(datetime(2020, 9, 1, 9, 30), 3)


# --- due_at: the one rule for when a dossier is due -----------------------------------------------------

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, month, hour, minute=0):
    return datetime(2020, month, day, hour, minute, tzinfo=HCM)


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        # same-day procedure (khai sinh, chứng thực): due at the desk's closing time, not at the reception minute
        (at(3, 2, 9), 0, at(3, 2, 17)),  # Monday 09:00
        (at(3, 2, 15), 0, at(3, 2, 17)),  # at 15:00 exactly: still the same day
        (at(3, 2, 15, 30), 0, at(4, 2, 17)),  # after 15:00: the next working day
        (at(7, 2, 15, 30), 0, at(10, 2, 17)),  # Friday after 15:00: Monday
        (at(8, 2, 10), 0, at(10, 2, 17)),  # received on Saturday (online): Monday
        # N working days: the closing time of the N-th working day after the reception
        (at(7, 2, 9), 1, at(10, 2, 17)),  # Friday + 1 → Monday
        (at(6, 2, 9, 30), 3, at(11, 2, 17)),  # Thursday + 3 → Tuesday
        (at(7, 2, 15, 30), 1, at(10, 2, 17)),  # the 15:00 cut-off is for same-day procedures only
        (at(7, 2, 17, 30), 1, at(11, 2, 17)),  # after closing: counted from Monday
        (at(8, 2, 10), 1, at(11, 2, 17)),  # Saturday counts from Monday
    ],
)
def test_due_at_is_the_closing_time_after_the_working_days(received, days, due):
    assert due_at(received, days) == due


def test_due_at_skips_the_holidays_of_the_table():
    Holiday.objects.create(date=date(2020, 4, 30), name="Ngày Chiến thắng")
    Holiday.objects.create(date=date(2020, 5, 1), name="Ngày Quốc tế Lao động")
    # Wednesday 29/04 + 2: Thu 30/04 and Fri 01/05 are holidays, then the weekend → Mon 04/05, Tue 05/05
    assert due_at(at(29, 4, 14), 2) == at(5, 5, 17)
    # same-day procedure received after 15:00 on the eve of the holidays: the next working day is Monday
    assert due_at(at(29, 4, 16), 0) == at(4, 5, 17)
    # received on the holiday itself
    assert due_at(at(30, 4, 9), 0) == at(4, 5, 17)


def test_due_at_follows_the_desk_hours_staff_edit():
    site = factories.site_settings(
        working_hours="Thứ Hai đến thứ Sáu\nSáng: 7h30 – 11h30\nChiều: 13h30 – 16h30"
    )
    assert due_at(at(3, 2, 9), 0) == at(3, 2, 16, 30)
    assert due_at(at(3, 2, 16, 40), 2) == at(6, 2, 16, 30)  # after closing: counted from Tuesday
    site.working_hours = "Thứ Hai đến thứ Sáu, trừ ngày nghỉ lễ"  # no time written: 17:00
    site.save()
    assert due_at(at(3, 2, 9), 0) == at(3, 2, 17)


def test_rate_limit_counts_per_client(rf, rate_limit_window):
    from portal.ratelimit import allow

    one = rf.get("/", REMOTE_ADDR="10.0.0.1")
    other = rf.get("/", REMOTE_ADDR="10.0.0.2")
    assert [allow(one, "thu", 3) for _ in range(4)] == [True, True, True, False]
    assert allow(other, "thu", 3)
