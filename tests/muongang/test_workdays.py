from datetime import date, datetime

import pytest

from muongang.models import Holiday
from muongang.workdays import add_working_days, working_days_between

pytestmark = pytest.mark.django_db


def test_working_days_skip_the_weekend():
    friday = date(2020, 11, 13)
    assert add_working_days(friday, 1) == date(2020, 11, 16)
    assert add_working_days(friday, 5) == date(2020, 11, 20)


def test_working_days_skip_holidays_and_keep_the_time():
    Holiday.objects.create(date=date(2020, 9, 2), name="Quốc khánh")
    received = datetime(2020, 9, 1, 9, 30)
    # 02/09 is a holiday, 05–06/09 a weekend.
    assert add_working_days(received, 3) == datetime(2020, 9, 7, 9, 30)
    assert working_days_between(date(2020, 9, 1), date(2020, 9, 7)) == 3


def test_rate_limit_counts_per_client(rf, rate_limit_window):
    from muongang.ratelimit import allow

    one = rf.get("/", REMOTE_ADDR="10.0.0.1")
    other = rf.get("/", REMOTE_ADDR="10.0.0.2")
    assert [allow(one, "thu", 3) for _ in range(4)] == [True, True, True, False]
    assert allow(other, "thu", 3)
