import datetime
import zoneinfo

from django import forms
from django.template import Context, Template
from django.utils import formats


def render(template, **context):
    return Template(template).render(Context(context))


def test_datetime_shown_as_day_month_year_24_hours():
    published = datetime.datetime(2020, 11, 16, 0, 0, tzinfo=datetime.UTC)  # 07:00 in Hà Nội
    assert render('{{ d|date:"SHORT_DATETIME_FORMAT" }}', d=published) == "16/11/2020 07:00"
    assert render("{{ d }}", d=published) == "16/11/2020 07:00"
    afternoon = datetime.datetime(2020, 11, 16, 15, 5, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
    assert render('{{ d|date:"SHORT_DATETIME_FORMAT" }}', d=afternoon) == "16/11/2020 15:05"
    assert render("{{ d }}", d=datetime.date(2019, 12, 27)) == "27/12/2019"


def test_dates_typed_day_first_are_read_day_first():
    field = forms.DateField()
    assert field.clean("05/07/2024") == datetime.date(2024, 7, 5)
    assert field.clean("25/07/2024") == datetime.date(2024, 7, 25)
    assert field.clean("2024-07-25") == datetime.date(2024, 7, 25)


def test_impossible_date_gets_a_vietnamese_message():
    field = forms.DateField()
    try:
        field.clean("31/02/2024")
    except forms.ValidationError as error:
        assert "ngày hợp lệ" in error.messages[0]
    else:
        raise AssertionError("31/02/2024 was accepted")


def test_datetime_input_day_first():
    field = forms.DateTimeField()
    value = field.clean("16/11/2020 07:00")
    assert value.astimezone(zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")).replace(tzinfo=None) == datetime.datetime(
        2020, 11, 16, 7, 0
    )


def test_week_starts_on_monday_and_thousands_use_dots():
    assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
    assert render("{% load humanize %}{{ n|intcomma }}", n=7448251) == "7.448.251"
