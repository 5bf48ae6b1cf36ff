"""Service quality per unit (Điều 19 khoản 2, Nghị định 224/2026/NĐ-CP; Điều 34 khoản 2, Luật Chuyển đổi số):
the page /chat-luong-dich-vu/ shows the share of procedures and dossiers online, processing time against the
legal time (average and 90th percentile), the on-time rate and citizens' satisfaction, by month and by field,
from roll-ups a scheduled job writes; the unit's commitment, how faults are reported and handled, its faults
of the last 12 months. Citizens rate a finished dossier once, with its code and phone number."""

import re
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import roles, units
from portal.models import UnitHost
from procedures import exchange
from procedures.models import (
    Channel,
    CommentStatus,
    DossierRating,
    OnlineLevel,
    ServiceCommitment,
    ServiceFault,
    Status,
)
from tests import factories

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day, month, hour=9, year=2020):
    return datetime(year, month, day, hour, 0, tzinfo=HCM)


def text_of(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def rollup():
    out = StringIO()
    call_command("rollup_service_quality", "--all", stdout=out)
    return out.getvalue()


def resolved(procedure, received, finished, **values):
    """A dossier resolved at ``finished`` (its timeliness computed on save)."""
    return factories.dossier(
        procedure=procedure, received_at=received, status=Status.DA_TRA, finished_at=finished, **values
    )


@pytest.fixture
def register(frozen_clock):
    """February 2020 in Xã Nậm Lịch: two procedures of «Hộ tịch» (one fully online, one partly) and one of
    «Chứng thực» offered only as information; ten dossiers received, four online; eight resolved, one late."""
    frozen_clock.move_to(at(28, 2, 16))
    factories.site_settings()
    civil = factories.procedure_field(name="Hộ tịch")
    certify = factories.procedure_field(name="Chứng thực")
    birth = factories.procedure(
        code="1.000001",
        name="Đăng ký khai sinh",
        field=civil,
        processing_days=3,
        online_level=OnlineLevel.TOAN_TRINH,
    )
    marriage = factories.procedure(
        code="1.000002",
        name="Đăng ký kết hôn",
        field=civil,
        processing_days=5,
        online_level=OnlineLevel.MOT_PHAN,
    )
    copy = factories.procedure(
        code="1.000003",
        name="Chứng thực bản sao",
        field=certify,
        processing_days=1,
        online_level=OnlineLevel.THONG_TIN,
    )
    # Monday 03/02 to Friday 07/02 are working days: days used are 0, 1, 2, 2, 3, 4, 4, 9 (the late one)
    online = {"channel": Channel.TRUC_TUYEN}
    dossiers = [
        resolved(birth, at(3, 2), at(3, 2, 15), result_online=True, **online),  # 0 days
        resolved(birth, at(3, 2), at(4, 2), result_online=True, **online),  # 1
        resolved(birth, at(3, 2), at(5, 2), **online),  # 2, result at the desk
        resolved(marriage, at(3, 2), at(5, 2)),  # 2
        resolved(marriage, at(3, 2), at(6, 2)),  # 3
        resolved(marriage, at(3, 2), at(7, 2)),  # 4
        resolved(copy, at(4, 2), at(10, 2)),  # 4, late (1 day allowed)
        resolved(copy, at(3, 2), at(14, 2)),  # 9, late
        factories.dossier(procedure=birth, received_at=at(20, 2), status=Status.DANG_XU_LY, **online),
        factories.dossier(procedure=copy, received_at=at(21, 2), status=Status.DANG_XU_LY),
    ]
    for dossier, score in zip(dossiers[:4], (5, 4, 2, 5), strict=False):
        DossierRating.objects.create(dossier=dossier, score=score, comment=f"Ý kiến {score}")
    return {"birth": birth, "marriage": marriage, "copy": copy, "dossiers": dossiers}


def test_the_page_shows_the_year_figures_from_the_roll_up(register):
    assert "đơn vị" in rollup()
    response = Client().get("/chat-luong-dich-vu/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Chất lượng dịch vụ công năm 2020" in page
    # 1 of 3 procedures fully online, 1 partly
    assert "Thủ tục trực tuyến toàn trình 33,3% 1/3 thủ tục; một phần: 1 (33,3%)" in page
    assert "Hồ sơ nộp trực tuyến 40% 4/10 hồ sơ tiếp nhận" in page
    # received and resolved online: only the two whose result was returned online
    assert "Giải quyết trực tuyến 25% 2/8" in page
    assert "Tỷ lệ đúng hạn 75% 2 hồ sơ quá hạn" in page
    # days 0,1,2,2,3,4,4,9: average 25/8 = 3.1; nine in ten within 9 days; legal 3·3+5·3+1·2 = 26/8 = 3.2
    assert "Thời gian giải quyết 3,1 ngày 9/10 hồ sơ xong trong 9 ngày; quy định trung bình 3,2 ngày" in page
    # ratings 5, 4, 2, 5: 4.0 on average, 3 of 4 satisfied
    assert "Mức độ hài lòng 4/5 75% hài lòng trở lên, 4 lượt đánh giá" in page
    # by field: «Hộ tịch» 2 of 2 procedures online (1 fully, 1 partly), 6 resolved all on time
    row = re.search(
        r"<tr>\s*<th scope=\"row\">Hộ tịch</th>(.*?)</tr>", response.content.decode(), re.S
    ).group(1)
    cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert cells[:2] == ["1/2", "1/2"]
    assert cells[4] == "6" and cells[6] == "100%"
    assert "02/2020" in page  # the month's row and bar


def test_the_page_reads_roll_ups_not_the_register(register):
    rollup()
    client = Client()
    before = text_of(client.get("/chat-luong-dich-vu/"))
    with CaptureQueriesContext(connection) as few:
        client.get("/chat-luong-dich-vu/")
    # a dossier more changes nothing until the job runs again
    resolved(register["birth"], at(10, 2), at(11, 2), channel=Channel.TRUC_TUYEN, result_online=True)
    factories.dossier(procedure=register["birth"], received_at=at(24, 2))
    units.current().save()  # a new content version: no page cache, no cached figures
    assert text_of(client.get("/chat-luong-dich-vu/")) == before
    rollup()
    after = text_of(client.get("/chat-luong-dich-vu/"))
    assert "5/12 hồ sơ tiếp nhận" in after and "3/9 hồ sơ nộp và nhận kết quả trực tuyến" in after
    with CaptureQueriesContext(connection) as many:
        client.get("/chat-luong-dich-vu/")
    assert len(many) == len(few)


def test_the_job_is_safe_to_run_twice(register):
    assert "0 dòng thay đổi" not in rollup()
    assert "0 dòng thay đổi" in rollup()


def test_each_unit_sees_only_its_own_figures(register, unit):
    UnitHost.objects.create(unit=unit, host="a.localhost", is_primary=True)
    other = factories.unit("03002", "Xã Khác", hosts=["b.localhost"])
    units.hosts_changed()
    with units.activate(other):
        factories.dossier(procedure=register["copy"], received_at=at(5, 2))
    rollup()
    mine = text_of(Client().get("/chat-luong-dich-vu/", HTTP_HOST="a.localhost"))
    theirs = text_of(Client().get("/chat-luong-dich-vu/", HTTP_HOST="b.localhost"))
    assert "4/10 hồ sơ tiếp nhận" in mine
    assert "0/1 hồ sơ tiếp nhận" in theirs and "Ý kiến" not in theirs


def test_commitment_faults_and_improvements(register):
    page = text_of(Client().get("/chat-luong-dich-vu/"))
    # the default commitment, written with the unit's name and hotline
    assert "Ủy ban nhân dân xã Nậm Lịch cam kết" in page and "0215 3000 111" in page
    assert "Không có sự cố nào được ghi nhận trong 12 tháng qua" in page
    now = timezone.now()
    ServiceFault.objects.create(
        started_at=now - timedelta(days=3, hours=2),
        ended_at=now - timedelta(days=3),
        summary="Không nộp được hồ sơ trực tuyến",
        handling="Khởi động lại máy chủ",
        improvement="Thêm cảnh báo khi máy chủ quá tải",
    )
    ServiceFault.objects.create(started_at=now - timedelta(days=400), summary="Sự cố năm trước")
    ServiceFault.objects.create(
        started_at=now - timedelta(days=1), summary="Sự cố chưa công khai", is_published=False
    )
    ServiceCommitment.objects.create(
        commitment="Trả kết quả sớm hơn hạn.", improvements="Thêm quầy\nMở cửa thứ Bảy"
    )
    page = text_of(Client().get("/chat-luong-dich-vu/"))
    assert "Trả kết quả sớm hơn hạn." in page
    assert "Không nộp được hồ sơ trực tuyến 14:00 25/02/2020 16:00 25/02/2020 Khởi động lại máy chủ" in page
    assert "Sự cố năm trước" not in page and "Sự cố chưa công khai" not in page
    assert "Những điều đã cải thiện Thêm quầy Mở cửa thứ Bảy" in page


def test_statistics_and_desk_link_the_figures(register):
    rollup()
    stats = text_of(Client().get("/thong-ke-ho-so/", {"nam": 2020}))
    assert "Chất lượng dịch vụ Hồ sơ nộp trực tuyến 40% Giải quyết trực tuyến 25%" in stats
    assert "Mức độ hài lòng 4/5" in stats
    assert "/chat-luong-dich-vu/" in Client().get("/mot-cua/").content.decode()


# --- Rating a finished dossier --------------------------------------------------------------------------


def rate(code, phone="0912345678", score="4", consent="on", client=None, **extra):
    data = {"ma": code, "phone": phone, "score": score, "comment": "", **extra}
    if consent:
        data["consent"] = consent
    return (client or Client()).post("/danh-gia-ho-so/", data)


def test_a_citizen_rates_a_finished_dossier_once(register):
    dossier = register["dossiers"][4]
    lookup = Client().get("/tra-cuu-ho-so/", {"ma": dossier.code}).content.decode()
    assert f'href="/danh-gia-ho-so/?ma={dossier.code}"' in lookup
    form = Client().get("/danh-gia-ho-so/", {"ma": dossier.code})
    assert f'value="{dossier.code}"' in form.content.decode()
    page = text_of(form)
    assert "Thông tin về dữ liệu cá nhân" in page and "không được lưu" in page  # kept, why, how long, who
    response = rate(dossier.code, phone="+84 912 345 678", score="3", comment="Cán bộ hướng dẫn tận tình")
    assert response.status_code == 200
    assert f"Cảm ơn bạn đã đánh giá hồ sơ {dossier.code}" in text_of(response)
    rating = DossierRating.objects.get(dossier=dossier)
    assert (rating.score, rating.comment, rating.comment_status) == (
        3,
        "Cán bộ hướng dẫn tận tình",
        "cho_duyet",
    )
    assert rating.consented_at is not None
    again = rate(dossier.code, score="5")
    assert again.status_code == 400
    assert "mỗi hồ sơ chỉ đánh giá một lần" in text_of(again)
    assert DossierRating.objects.get(dossier=dossier).score == 3


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"phone": "0987654321"}, "không khớp với hồ sơ nào"),
        ({"ma": "000.00.14.H19-999999-9999"}, "không khớp với hồ sơ nào"),
        ({"consent": ""}, "Cần đồng ý"),
        ({"score": "7"}, "Mức độ hài lòng là một số từ 1 đến 5"),
        ({"phone": "12ab"}, "Số điện thoại không đúng"),
        ({"ma": "<script>alert(1)</script>"}, "Mã hồ sơ có dạng"),
        ({"comment": "x\x00y"}, "Chưa gửi được"),
        ({"comment": "dài " * 400}, "Ý kiến dài tối đa 1000 ký tự"),
    ],
)
def test_bad_ratings_get_a_clear_message(register, values, message):
    dossier = register["dossiers"][5]
    response = rate(**{"code": values.pop("ma", dossier.code), **values})
    assert response.status_code == 400
    assert message in text_of(response)
    assert "<script>alert" not in response.content.decode()
    assert not DossierRating.objects.filter(dossier=dossier).exists()


def test_an_open_dossier_cannot_be_rated_yet(register):
    response = rate(register["dossiers"][8].code)
    assert response.status_code == 400
    assert "chưa giải quyết xong" in text_of(response)


def test_another_units_dossier_is_not_found_here(register, unit):
    UnitHost.objects.create(unit=unit, host="a.localhost", is_primary=True)
    other = factories.unit("03003", "Xã Bên Cạnh", hosts=["b.localhost"])
    units.hosts_changed()
    with units.activate(other):
        theirs = resolved(register["copy"], at(3, 2), at(4, 2), code="000.00.14.H19-200203-0999")
    response = rate(theirs.code, client=Client(HTTP_HOST="a.localhost"))
    assert response.status_code == 400 and "không khớp với hồ sơ nào" in text_of(response)


def test_a_comment_is_public_only_once_approved(register, unit):
    dossier = register["dossiers"][5]
    rate(dossier.code, comment="Thủ tục nhanh gọn")
    assert "Thủ tục nhanh gọn" not in text_of(Client().get("/chat-luong-dich-vu/"))
    staff = Client()
    staff.force_login(factories.staff_user(roles.DESK))
    rating = DossierRating.objects.get(dossier=dossier)
    response = staff.post(
        "/quan-tri/procedures/dossierrating/",
        {"action": "publish_comments", "_selected_action": [rating.pk]},
        follow=True,
    )
    assert "Đã công khai 1 ý kiến" in text_of(response)
    assert DossierRating.objects.get(pk=rating.pk).comment_status == CommentStatus.PUBLISHED
    page = text_of(Client().get("/chat-luong-dich-vu/"))
    assert "Ý kiến của người dân Thủ tục nhanh gọn 4/5 · Đăng ký kết hôn · 28/02/2020" in page
    assert "0912345678" not in page and "Nguyễn Văn An" not in page


def test_desk_staff_keep_the_commitment_and_faults(register):
    staff = Client()
    staff.force_login(factories.staff_user(roles.DESK))
    response = staff.get("/quan-tri/procedures/servicecommitment/")
    assert response.status_code == 302 and response["Location"].endswith("/add/")
    response = staff.post(
        "/quan-tri/procedures/servicecommitment/add/",
        {"commitment": "Cam kết riêng", "how_to_report": "", "handling": "", "improvements": ""},
    )
    assert response.status_code == 302
    assert staff.get("/quan-tri/procedures/servicecommitment/")["Location"].endswith(
        f"/{ServiceCommitment.objects.get().pk}/change/"
    )
    response = staff.post(
        "/quan-tri/procedures/servicefault/add/",
        {
            "started_at_0": "25/02/2020",
            "started_at_1": "14:00",
            "ended_at_0": "25/02/2020",
            "ended_at_1": "13:00",
            "summary": "Lỗi đăng nhập",
            "is_published": "on",
        },
    )
    assert response.status_code == 200
    assert "Thời điểm khắc phục xong không được trước lúc bắt đầu" in text_of(response)


def test_an_import_updates_the_figures_of_its_months_at_once(register):
    rollup()
    header = ["Mã hồ sơ", "Mã thủ tục", "Kênh nộp", "Ngày tiếp nhận", "Ngày có kết quả", "Trạng thái"]
    header += ["Trả kết quả trực tuyến", "Người nộp"]
    rows = [
        ["000.00.14.H19-200120-0001", "1.000001", "Trực tuyến", "20/01/2020 09:00", "21/01/2020 10:00"],
        ["000.00.14.H19-200120-0002", "1.000001", "Trực tuyến", "20/01/2020 09:30", "21/01/2020 11:00"],
    ]
    lines = [
        header,
        *[[*r, "Đã trả kết quả", yes, "Lò Văn An"] for r, yes in zip(rows, ["Có", "không"], strict=True)],
    ]
    report = exchange.import_dossiers("\n".join(",".join(cells) for cells in lines).encode())
    assert not report.errors and len(report.created) == 2
    page = text_of(Client().get("/chat-luong-dich-vu/"))
    assert "6/12 hồ sơ tiếp nhận" in page and "3/10 hồ sơ nộp và nhận kết quả trực tuyến" in page
    assert "01/2020" in page
    bad = lines[:2]
    bad[1] = [*rows[0], "Đã trả kết quả", "có lẽ", "Lò Văn An"]
    report = exchange.import_dossiers("\n".join(",".join(cells) for cells in bad).encode())
    assert report.errors == [
        "Dòng 2, cột «Trả kết quả trực tuyến»: ghi «Có» hoặc «Không» (để trống là không)."
    ]


def test_the_desk_marks_a_result_returned_online(register):
    from tests.procedures.test_dossier_steps import change_form

    staff = Client()
    staff.force_login(factories.staff_user(roles.DESK))
    dossier = register["dossiers"][2]  # online, result at the desk
    page = staff.get(f"/quan-tri/procedures/dossier/{dossier.pk}/change/").content.decode()
    assert "Trả kết quả trực tuyến" in page
    response = staff.post(
        f"/quan-tri/procedures/dossier/{dossier.pk}/change/", change_form(dossier, result_online="on")
    )
    assert response.status_code == 302
    rollup()
    assert "3/8 hồ sơ nộp và nhận kết quả trực tuyến" in text_of(Client().get("/chat-luong-dich-vu/"))
