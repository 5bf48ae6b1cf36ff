"""Staff are told of what is overdue and the platform's administrators of a periodic job that fails
(issue 20.2): one short mail a person a day with the overdue lines of their admin home (counts and links,
nothing of the cases), and one mail at the first failure of a job, not one a minute."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from portal import roles, units
from portal.models import JobRun, UnitHost
from procedures.models import Dossier, Status
from tests import factories

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 12, 2, 7, 30, tzinfo=HANOI)


@pytest.fixture
def overdue(unit, time_machine):
    time_machine.move_to(NOW, tick=False)
    UnitHost.objects.create(unit=unit, host="muongang.dienbien.localhost", is_primary=True)
    factories.site_settings(unit_name="Huyện Mường Ảng")
    units.hosts_changed()
    today = NOW.date()
    factories.feedback(
        subject="Đường vào bản bị sạt lở", name="Vì Văn Chung", due_date=today - timedelta(days=2)
    )
    factories.feedback(subject="Còn hạn", due_date=today + timedelta(days=10))
    late = factories.dossier(status=Status.DANG_XU_LY)
    Dossier.objects.filter(pk=late.pk).update(due_at=NOW - timedelta(hours=3))
    other = factories.unit("88888", "Xã Búng Lao", hosts=["bunglao.dienbien.localhost"])
    with units.activate(other):
        factories.feedback(subject="Quá hạn ở xã khác", due_date=today - timedelta(days=5))
        factories.feedback(subject="Quá hạn nữa ở xã khác", due_date=today - timedelta(days=5))
    people = {
        "tiepdan": factories.staff_user(
            roles.RECEPTION, username="tiepdan", last_name="Cà Văn", first_name="Thắng"
        ),
        "motcua": factories.staff_user(roles.DESK, username="motcua"),
        "bientap": factories.staff_user(roles.EDITOR, username="bientap"),
        "khong-thu": factories.staff_user(roles.RECEPTION, username="khongthu"),
    }
    get_user_model().objects.filter(pk=people["khong-thu"].pk).update(email="")  # no address: no mail
    return people


@pytest.mark.django_db
def test_each_person_gets_the_overdue_lines_of_their_home_and_nothing_of_the_cases(overdue):
    mail.outbox.clear()
    call_command("remind_overdue")
    sent = {message.to[0]: message for message in mail.outbox}
    assert set(sent) == {"tiepdan@example.vn", "motcua@example.vn"}  # the editor has nothing overdue
    reception = sent["tiepdan@example.vn"]
    assert reception.subject == "Việc quá hạn đang chờ bạn — Huyện Mường Ảng"
    assert "Chào Cà Văn Thắng," in reception.body
    assert "- Phản ánh, kiến nghị quá hạn: 1\n" in reception.body  # this unit's only, not Búng Lao's two
    assert "http://muongang.dienbien.localhost/quan-tri/citizens/feedback/?han=qua-han" in reception.body
    for private in ("Đường vào bản bị sạt lở", "Vì Văn Chung", "Quá hạn ở xã khác"):
        assert private not in reception.body
    desk = sent["motcua@example.vn"]
    assert "- Hồ sơ quá hạn, chưa xong: 1\n" in desk.body
    assert "/quan-tri/procedures/dossier/?han=qua-han" in desk.body


@pytest.mark.django_db
def test_nobody_is_mailed_when_nothing_is_overdue(overdue):
    from citizens.models import Feedback

    Feedback.objects.update(status="answered")
    Dossier.objects.update(status=Status.DA_TRA)
    mail.outbox.clear()
    call_command("remind_overdue")
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_failing_job_mails_the_administrators_once_until_it_works_again(settings, time_machine):
    factories.site_settings()
    get_user_model().objects.create_superuser("quantri", "quantri@example.vn", "mat-khau-thu-nghiem")
    settings.SCHEDULED_JOBS = {"create_unit": 60}  # without its arguments it fails, as a broken job would
    start = timezone.now().replace(microsecond=0)
    time_machine.move_to(start, tick=False)
    mail.outbox.clear()
    call_command("run_scheduler", "--once")
    assert [m.to for m in mail.outbox] == [["quantri@example.vn"]]
    assert mail.outbox[0].subject == "Việc định kỳ «create_unit» bị lỗi"
    assert "arguments are required" in mail.outbox[0].body
    time_machine.move_to(start + timedelta(seconds=61), tick=False)
    call_command("run_scheduler", "--once")
    assert len(mail.outbox) == 1  # still failing: no second mail
    JobRun.objects.filter(name="create_unit").update(ok=True)  # it worked once in between
    time_machine.move_to(start + timedelta(seconds=122), tick=False)
    call_command("run_scheduler", "--once")
    assert len(mail.outbox) == 2
