"""Personal data in feedback (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): the notice and the consent on the
form, the consent time kept, and anonymising closed items after each unit's retention period."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from citizens.models import Feedback, FeedbackAttachment, private_storage
from citizens.privacy import ANONYMOUS_NAME
from portal import units
from portal.contributions import anonymise_all
from portal.models import UnitHost
from tests import factories
from tests.citizens.conftest import VALID, jpeg, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]
URL = "/phan-anh-kien-nghi/"
A_HOST, B_HOST = "xa-a.example.vn", "xa-b.example.vn"


def test_the_form_states_what_is_kept_why_how_long_and_whom_to_ask(client, site):
    site.retention_months = 36
    site.save()
    html = client.get(URL).content.decode()
    notice = re.search(r'<section class="personal-data-notice".*?</section>', html, re.S).group(0)
    for words in [
        "Thông tin được lưu",
        "Mục đích",
        "Thời hạn lưu",
        "36 tháng",
        "Ủy ban nhân dân xã Nậm Lịch",
    ]:
        assert words in notice, words
    assert "mailto:ubnd@namlich.example.vn" in notice and "tel:02153000001" in notice
    assert 'href="/chinh-sach-du-lieu-ca-nhan/"' in notice
    assert 'href="/yeu-cau-xoa-du-lieu-ca-nhan/"' in notice
    # the consent box names the unit, is required and never ticked in advance
    box = re.search(r'<input type="checkbox" name="consent_personal_data"[^>]*>', html).group(0)
    assert "checked" not in box and "required" in box
    assert "Tôi đồng ý để Ủy ban nhân dân xã Nậm Lịch xử lý dữ liệu cá nhân nêu trên" in html


def test_without_the_consent_nothing_is_saved_and_the_error_says_why(client, site):
    data = {k: v for k, v in VALID.items() if k != "consent_personal_data"}
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vui lòng đánh dấu ô đồng ý xử lý dữ liệu cá nhân" in html
    assert 'aria-invalid="true"' in re.search(r'<input[^>]*name="consent_personal_data"[^>]*>', html).group(0)
    assert not Feedback.objects.exists()


def test_the_time_of_the_consent_is_kept_with_the_item(client, site):
    before = timezone.now()
    assert client.post(URL, VALID).status_code == 302
    item = Feedback.objects.get()
    assert item.consented_at is not None and item.consented_at >= before - timedelta(seconds=1)
    assert item.anonymised_at is None and item.removal_requested_at is None


# --- The anonymising job -----------------------------------------------------------------------------------


def sent(client, host, files=(), **changes):
    """Send a feedback through the form on ``host``; the item saved."""
    data = {**VALID, **changes}
    if files:
        data["attachments"] = list(files)
    response = client.post(URL, data, HTTP_HOST=host)
    assert response.status_code == 302, response.content.decode()[:1000]
    with units.everywhere():
        return Feedback.objects.order_by("-pk").first()


def close(item, months_ago=0, status="answered"):
    """Mark ``item`` answered, last changed ``months_ago`` months (of 31 days) ago."""
    with units.everywhere():
        Feedback.objects.filter(pk=item.pk).update(
            status=status,
            answer="Đã sửa xong đoạn đường.",
            updated_at=timezone.now() - timedelta(days=31 * months_ago),
        )


@pytest.fixture
def two_units(unit):
    a = unit
    UnitHost.objects.create(unit=a, host=A_HOST, is_primary=True)
    factories.site_settings(unit_name="Xã A", retention_months=12)
    b = factories.unit("03001", "Xã B", hosts=[B_HOST], retention_months=60)
    units.hosts_changed()
    return a, b


def fresh(item):
    with units.everywhere():
        return Feedback.objects.get(pk=item.pk)


def run_job(*args):
    out = StringIO()
    call_command("anonymise_personal_data", *args, stdout=out)
    return out.getvalue()


def test_each_unit_keeps_personal_data_for_its_own_period(two_units, django_capture_on_commit_callbacks):
    a, b = two_units
    client = Client()
    old_a = sent(client, A_HOST, files=[jpeg(), pdf()], email="an@example.vn")
    old_b = sent(client, B_HOST, files=[jpeg()])
    recent_a = sent(client, A_HOST)
    open_a = sent(client, A_HOST)
    for item in (old_a, old_b):
        close(item, months_ago=13)  # past A's 12 months, within B's 60
    close(recent_a, months_ago=2)
    with units.everywhere():
        Feedback.objects.filter(pk=open_a.pk).update(updated_at=timezone.now() - timedelta(days=31 * 40))
        files = list(FeedbackAttachment.objects.filter(feedback=old_a).values_list("file", flat=True))
    assert len(files) == 2 and all(private_storage.exists(name) for name in files)

    with django_capture_on_commit_callbacks(execute=True):
        output = run_job()

    assert "Xã A (99999): đã ẩn danh 1 bản ghi (thời hạn 12 tháng" in output
    assert "Xã B (03001): đã ẩn danh 0 bản ghi (thời hạn 60 tháng" in output
    done = fresh(old_a)
    assert (done.name, done.address, done.phone, done.phone_digits, done.email) == (
        ANONYMOUS_NAME,
        "",
        "",
        "",
        "",
    )
    assert done.anonymised_at is not None
    # what the item said and the answer stay
    assert done.content == VALID["content"] and done.answer == "Đã sửa xong đoạn đường."
    with units.everywhere():
        assert not FeedbackAttachment.objects.filter(feedback=old_a).exists()
        assert FeedbackAttachment.objects.filter(feedback=old_b).count() == 1
    assert not any(private_storage.exists(name) for name in files)
    # B's item, A's recent item and A's open item (however old) keep their personal data
    for item in (old_b, recent_a, open_a):
        kept = fresh(item)
        assert kept.name == VALID["name"] and kept.phone_digits == "0912345678" and kept.anonymised_at is None

    # a second run finds nothing more and changes nothing
    stamp = done.anonymised_at
    with django_capture_on_commit_callbacks(execute=True):
        again = run_job()
    assert "Đã ẩn danh tổng cộng 0 bản ghi ở 2 đơn vị." in again
    assert fresh(old_a).anonymised_at == stamp


def test_a_dry_run_counts_and_changes_nothing(two_units, django_capture_on_commit_callbacks):
    a, b = two_units
    item = sent(Client(), A_HOST, files=[jpeg()])
    close(item, months_ago=13, status="out_of_scope")
    with units.everywhere():
        name = FeedbackAttachment.objects.get(feedback=item).file.name
    with django_capture_on_commit_callbacks(execute=True):
        output = run_job("--dry-run", "--unit", a.code)
    assert "Xã A (99999): sẽ ẩn danh 1 bản ghi" in output and "Xã B" not in output
    assert fresh(item).name == VALID["name"] and private_storage.exists(name)


def test_an_unknown_unit_is_a_clear_error(two_units):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có đơn vị mã «12345»"):
        run_job("--unit", "12345")


def test_anonymise_all_keeps_to_the_unit_it_is_given(two_units):
    a, b = two_units
    mine = sent(Client(), B_HOST)
    close(mine, months_ago=1)
    assert anonymise_all(a, timezone.now())["citizens"] == 0
    assert fresh(mine).anonymised_at is None
    assert anonymise_all(b, timezone.now())["citizens"] == 1
    assert fresh(mine).name == ANONYMOUS_NAME


def test_a_published_question_keeps_its_text_when_the_feedback_is_anonymised(site):
    item = factories.feedback(status="answered", answer="Đã trả lời.", consent_publish=True)
    question = factories.question(feedback=item, title="Đường vào bản", question="Khi nào sửa đường?")
    Feedback.objects.filter(pk=item.pk).update(updated_at=timezone.now() - timedelta(days=800))
    assert anonymise_all(site, timezone.now() - timedelta(days=731))["citizens"] == 1
    question.refresh_from_db()
    assert (question.title, question.question, question.feedback_id) == (
        "Đường vào bản",
        "Khi nào sửa đường?",
        item.pk,
    )
