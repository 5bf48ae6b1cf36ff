"""The admin's home starts with what waits for each person in the unit they work in: a count and a link to
the list filtered to exactly those items, never counting another unit's items, in a constant number of queries."""

import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from citizens.models import FeedbackStatus
from news.models import ArticleEvent, ArticleStatus, Page
from news.profile import ensure_profile_pages
from portal import roles, units
from portal.models import Maintenance, UnitHost
from procedures.models import Status
from tests import factories

pytestmark = pytest.mark.django_db
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 2, 10, 0, tzinfo=HANOI)  # a Wednesday morning
TODAY = NOW.date()
HOST = "muongang.dienbien.localhost"


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


def fill(reporter, author):
    """In the unit in scope: what each role waits for, once more for each line than in the other unit."""
    factories.article(title="Chờ duyệt 1", status=ArticleStatus.REVIEW, created_by=author)
    factories.article(title="Chờ duyệt 2", status=ArticleStatus.REVIEW, created_by=reporter)
    factories.article(title="Nháp của tôi", status=ArticleStatus.DRAFT, created_by=reporter)
    returned = factories.article(title="Bị trả lại", status=ArticleStatus.DRAFT, created_by=reporter)
    ArticleEvent.objects.create(
        article=returned, action=ArticleEvent.Action.SUBMITTED, at=NOW - timedelta(days=2)
    )
    ArticleEvent.objects.create(
        article=returned, action=ArticleEvent.Action.RETURNED, at=NOW - timedelta(days=1)
    )
    factories.article(title="Nháp người khác", status=ArticleStatus.DRAFT, created_by=author)
    factories.feedback(subject="Quá hạn", due_date=TODAY - timedelta(days=1))
    factories.feedback(subject="Sắp đến hạn", due_date=TODAY + timedelta(days=2))
    factories.feedback(
        subject="Đã xong, quá hạn", due_date=TODAY - timedelta(days=5), status=FeedbackStatus.ANSWERED
    )
    factories.feedback(subject="Còn lâu", due_date=TODAY + timedelta(days=20))
    factories.reception_session(date=TODAY + timedelta(days=2))  # Friday of this week
    factories.reception_session(date=TODAY + timedelta(days=7))  # next week
    late = factories.dossier(status=Status.DANG_XU_LY)
    late.due_at = NOW - timedelta(hours=1)
    today = factories.dossier(status=Status.DANG_XU_LY)
    today.due_at = datetime.combine(TODAY, time(16, 30), tzinfo=HANOI)
    tomorrow = factories.dossier(status=Status.DANG_XU_LY)
    tomorrow.due_at = datetime.combine(TODAY + timedelta(days=1), time(8), tzinfo=HANOI)
    for dossier in (late, today, tomorrow):
        type(dossier).objects.filter(pk=dossier.pk).update(due_at=dossier.due_at)
    Maintenance.objects.create(
        starts_at=NOW + timedelta(days=10),
        expected_end=NOW + timedelta(days=10, hours=4),
        description="Nâng cấp",
    )


def home_lines(client):
    html = client.get("/quan-tri/").content.decode()
    return {
        label.strip(): (int(count), href.replace("&amp;", "&"))
        for href, count, label in re.findall(
            r'<a href="([^"]+)"><strong class="so">(\d+)</strong>([^<]+)</a>', html
        )
    }


@pytest.fixture
def people(unit, now):
    UnitHost.objects.create(unit=unit, host=HOST, is_primary=True)
    factories.site_settings()
    other = factories.unit("88888", "Xã Búng Lao", hosts=["bunglao.dienbien.localhost"])
    units.hosts_changed()
    with units.activate(other):
        stranger = factories.staff_user(roles.REPORTER)
        fill(stranger, stranger)
        factories.feedback(subject="Quá hạn ở xã khác", due_date=TODAY - timedelta(days=3))
        factories.dossier(status=Status.DANG_XU_LY)  # due in 2020: late
    reporter = factories.staff_user(roles.REPORTER)
    fill(reporter, factories.staff_user(roles.EDITOR))
    # the profile's five items are drafts in both units (as the migration leaves them); one published here
    for each in (unit, other):
        ensure_profile_pages(Page, each.pk)
    Page.objects.filter(profile_item="lich-su").update(is_published=True)
    return {role: factories.staff_user(role) for role in roles.ROLE_PERMISSIONS} | {roles.REPORTER: reporter}


EXPECTED = {
    roles.REPORTER: {
        "Bài bị trả lại để sửa": (1, "/quan-tri/news/article/?viec=tra-lai"),
        "Bài nháp của tôi": (2, "/quan-tri/news/article/?status__exact=nhap"),
        "Bài của tôi đang chờ duyệt": (1, "/quan-tri/news/article/?status__exact=cho-duyet"),
    },
    roles.EDITOR: {
        "Bài chờ duyệt": (2, "/quan-tri/news/article/?status__exact=cho-duyet"),
        "Mục giới thiệu bắt buộc chưa công khai": (4, "/quan-tri/news/page/?muc=chua-cong-khai"),
    },
    roles.DESK: {
        "Hồ sơ quá hạn, chưa xong": (1, "/quan-tri/procedures/dossier/?han=qua-han"),
        "Hồ sơ đến hạn hôm nay": (1, "/quan-tri/procedures/dossier/?han=hom-nay"),
    },
    roles.RECEPTION: {
        "Phản ánh, kiến nghị quá hạn": (1, "/quan-tri/citizens/feedback/?han=qua-han"),
        "Phản ánh, kiến nghị đến hạn trong 3 ngày": (1, "/quan-tri/citizens/feedback/?han=sap-den-han"),
        "Buổi tiếp công dân tuần này": (1, "/quan-tri/citizens/receptionsession/?khi=tuan-nay"),
    },
}
EXPECTED[roles.ADMINISTRATOR] = {
    **EXPECTED[roles.EDITOR],
    "Phản ánh, kiến nghị quá hạn": EXPECTED[roles.RECEPTION]["Phản ánh, kiến nghị quá hạn"],
    "Phản ánh, kiến nghị đến hạn trong 3 ngày": EXPECTED[roles.RECEPTION][
        "Phản ánh, kiến nghị đến hạn trong 3 ngày"
    ],
    "Buổi tiếp công dân tuần này": EXPECTED[roles.RECEPTION]["Buổi tiếp công dân tuần này"],
    "Lịch tạm dừng hệ thống sắp tới": (1, "/quan-tri/portal/maintenance/?khi=sap-toi"),
}


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_sees_what_waits_for_them_in_their_unit_with_links_to_those_items(people, role):
    client = Client(HTTP_HOST=HOST)
    client.force_login(people[role])
    lines = home_lines(client)
    assert lines == EXPECTED[role]
    for count, href in lines.values():
        listing = client.get(href)
        assert listing.status_code == 200, href
        shown = listing.context["cl"].result_count
        assert shown == count, href  # the link lists exactly what was counted


def test_the_home_costs_the_same_queries_however_much_waits(people, django_assert_max_num_queries):
    client = Client(HTTP_HOST=HOST)
    client.force_login(people[roles.ADMINISTRATOR])
    client.get("/quan-tri/")  # warm the caches of the unit and the roles
    with django_assert_max_num_queries(30) as few:
        client.get("/quan-tri/")
    for _ in range(3):
        fill(people[roles.REPORTER], people[roles.EDITOR])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/quan-tri/")
