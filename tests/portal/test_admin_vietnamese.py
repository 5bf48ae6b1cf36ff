"""The admin speaks Vietnamese: Django's English left-overs translated, names family name first, times in
the unit's time zone as dd/mm/yyyy HH:MM."""

from datetime import UTC, datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from news.models import ArticleEvent
from portal import roles
from tests import factories

pytestmark = pytest.mark.django_db


def signed_in(role, **names):
    person = factories.staff_user(role, **names)
    client = Client()
    client.force_login(person)
    return client, person


def test_list_filters_actions_and_history_read_in_vietnamese():
    factories.site_settings()
    item = factories.feedback(subject="Đường vào bản bị sạt lở")
    client, _ = signed_in(roles.RECEPTION)
    listing = client.get("/quan-tri/citizens/feedback/").content.decode()
    for english in ("Show counts", "Filter by", ">Run<", "- Select an option -"):
        assert english not in listing
    assert "Hiện số lượng" in listing and "Lọc theo" in listing and "Thực hiện" in listing
    change = client.get(f"/quan-tri/citizens/feedback/{item.pk}/change/").content.decode()
    assert "Bản ghi nhớ" not in change and ">Lịch sử<" in change
    home = client.get("/quan-tri/").content.decode()
    assert "Không có sẵn" not in home and "Thêm vào" not in home
    scripts = client.get("/quan-tri/jsi18n/").content.decode()
    assert "Th\\u1ee9 Hai" in scripts or "Thứ Hai" in scripts  # the calendar's Monday


def test_staff_are_named_family_name_first_in_menus_filters_and_lists():
    factories.site_settings()
    client, me = signed_in(roles.RECEPTION, first_name="Trang", last_name="Nguyễn Thu")
    admin_user = factories.staff_user(roles.ADMINISTRATOR, first_name="thống", last_name="Quản trị hệ")
    factories.staff_user(roles.RECEPTION, username="canbo_khongten")
    item = factories.feedback(subject="Đèn đường hỏng", assigned_to=admin_user)
    form = client.get(f"/quan-tri/citizens/feedback/{item.pk}/change/").content.decode()
    assert "Quản trị hệ thống" in form and "Nguyễn Thu Trang" in form and "canbo_khongten" in form
    assert "thống Quản trị hệ" not in form and "Trang Nguyễn Thu" not in form
    listing = client.get("/quan-tri/citizens/feedback/").content.decode()
    assert listing.count("Quản trị hệ thống") == 2  # the row's «cán bộ xử lý», and the filter's choice
    assert me.get_full_name() == "Nguyễn Thu Trang"


def test_article_history_and_change_history_are_in_local_time():
    factories.site_settings()
    client, editor = signed_in(roles.EDITOR, first_name="Dũng", last_name="Quàng Văn")
    article = factories.article(title="Hội thi văn nghệ")
    # 23:30 UTC on 31/12 is 06:30 on 01/01 in Hà Nội: both the day and the hour move
    at = datetime(2020, 12, 31, 23, 30, tzinfo=UTC)
    ArticleEvent.objects.create(article=article, action="published", actor=editor, at=at)
    LogEntry.objects.create(
        user=editor,
        content_type=ContentType.objects.get_for_model(article),
        object_id=str(article.pk),
        object_repr=article.title,
        action_flag=CHANGE,
        change_message="Sửa tiêu đề",
        action_time=at,
    )
    change = client.get(f"/quan-tri/news/article/{article.pk}/change/").content.decode()
    assert "01/01/2021 06:30" in change and "31/12/2020" not in change
    assert "Quàng Văn Dũng" in change
    history = client.get(f"/quan-tri/news/article/{article.pk}/history/").content.decode()
    assert "01/01/2021 06:30" in history and "31/12/2020" not in history
    assert "Quàng Văn Dũng" in history
