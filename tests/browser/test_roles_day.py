"""Each role's working day in Chromium, from its home page (issue 17): what a person does, in the order they
do it, and what readers then see.

- the editor: puts a photo in the library with its focal point, gives it to a live article, changes the
  article (kept as a pending change while readers still see the old text), publishes the change, then
  reverts it from the article's versions;
- the one-stop desk: imports a dossier file with a dry run first, then for real, and the citizen finds it;
- reception: answers a citizen's feedback, the citizen reads the answer by its code, then publishes a
  reception session that the public page announces.
"""

from pathlib import Path

import pytest
from django.utils import timezone

from citizens.models import Feedback, ReceptionSession
from news.models import Article, ArticleStatus, Photo
from portal.workdays import add_working_days
from procedures.models import Dossier
from tests import factories
from tests.demo import load_demo

pytestmark = pytest.mark.browser
PASSWORD = "MuongAng@2020"
EXAMPLES = Path(__file__).resolve().parents[2] / "procedures" / "examples"


def staff_page(chromium, live_server, username, width=1280):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(live_server.url + "/quan-tri/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/quan-tri/")
    return context, page, problems


def public_text(chromium, url, selector="main"):
    page = chromium.new_page()
    try:
        page.goto(url)
        return page.locator(selector).inner_text()
    finally:
        page.close()


def test_the_editors_day_photo_library_pending_change_publish_and_revert(
    chromium, live_server, django_db_reset_sequences, tmp_path
):
    load_demo()
    article = Article.objects.filter(status=ArticleStatus.PUBLISHED, featured=False).order_by(
        "-published_at"
    )[0]
    old_title = article.title
    public_url = live_server.url + article.get_absolute_url()
    photo_file = tmp_path / "le-hoi.jpg"
    photo_file.write_bytes(factories.photo_bytes((1600, 1000), colour=(160, 60, 40)))
    context, page, problems = staff_page(chromium, live_server, "bientap")

    # the photo library: upload with its description, then a click on the photo sets its focal point
    page.goto(live_server.url + "/quan-tri/news/photo/add/")
    page.set_input_files("#id_image", str(photo_file))
    page.fill("#id_alt", "Đội văn nghệ bản Co Mạ biểu diễn múa xòe")
    page.fill("#id_caption", "Ngày hội văn hóa các dân tộc")
    page.click("input[name=_continue]")
    page.wait_for_selector("img[data-focal-x].focal-ready")
    box = page.locator("img[data-focal-x]").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.2, box["y"] + box["height"] * 0.3)
    assert page.input_value("#id_focus_x") == "20" and page.input_value("#id_focus_y") == "30"
    page.click("input[name=_save]")
    page.wait_for_url("**/quan-tri/news/photo/")
    photo = Photo.objects.get(alt="Đội văn nghệ bản Co Mạ biểu diễn múa xòe")
    assert (photo.focus_x, photo.focus_y) == (20, 30)
    assert page.locator(f"img.library-thumb[src='{photo.thumbnail_url()}']").count() == 1

    # the live article: the photo chosen from the library's list (a popup with thumbnails), the title changed
    page.goto(f"{live_server.url}/quan-tri/news/article/{article.pk}/change/")
    page.wait_for_selector(".ck-editor__editable", timeout=15000)
    with page.expect_popup() as popup_info:
        page.click("#lookup_id_cover_source")
    popup = popup_info.value
    popup.wait_for_load_state()
    with popup.expect_event("close"):
        popup.click(f"#result_list a:has(img[src='{photo.thumbnail_url()}'])")
    assert page.input_value("#id_cover_source") == str(photo.pk)
    page.fill("#id_title", "Ngày hội văn hóa các dân tộc huyện Mường Ảng")
    page.click("input[name=_save]")
    page.wait_for_url("**/quan-tri/news/article/")
    assert "bản chờ xuất bản" in page.locator(".messagelist").inner_text()
    # readers still see the live title; the photo (not part of the text) is on at once, cropped on its point
    assert public_text(chromium, public_url, "h1") == old_title
    article.refresh_from_db()
    assert article.cover_source == photo and article.cover_alt == photo.alt
    listing = chromium.new_page()
    listing.goto(live_server.url + article.category.get_absolute_url())
    assert listing.locator("img.fx-20.fy-30").count() == 1
    listing.close()

    # publish the pending change
    page.goto(f"{live_server.url}/quan-tri/news/article/{article.pk}/change/")
    assert "Bài có thay đổi chờ xuất bản" in page.locator("#content-main").inner_text()
    assert page.input_value("#id_title") == "Ngày hội văn hóa các dân tộc huyện Mường Ảng"
    page.click("input[name=_xuat_ban]")
    page.wait_for_url("**/quan-tri/news/article/")
    assert public_text(chromium, public_url, "h1") == "Ngày hội văn hóa các dân tộc huyện Mường Ảng"

    # revert: the versions page compares, restores the earlier text as a pending change, and it is published
    page.goto(f"{live_server.url}/quan-tri/news/article/{article.pk}/change/")
    page.click("text=/^Phiên bản \\(\\d+\\)$/")
    page.wait_for_url(f"**/news/article/{article.pk}/phien-ban/")
    first = page.locator("table tbody tr").last
    first.locator("text=So sánh").click()
    assert page.locator(".khac-biet", has_text=old_title).count() == 1
    page.locator("table tbody tr").last.locator("input[value='Khôi phục']").click()
    page.wait_for_url(f"**/news/article/{article.pk}/change/")
    assert page.input_value("#id_title") == old_title
    page.click("input[name=_xuat_ban]")
    page.wait_for_url("**/quan-tri/news/article/")
    assert public_text(chromium, public_url, "h1") == old_title
    # the photo stayed, described by its own text (a photo and its description are not versioned apart)
    reader = chromium.new_page()
    reader.goto(public_url)
    assert reader.locator("figure.cover img").get_attribute("alt") == photo.alt
    reader.close()
    assert not problems, problems
    context.close()


def test_the_desks_day_import_with_a_dry_run_then_for_real(
    chromium, live_server, django_db_reset_sequences, tmp_path
):
    load_demo()
    procedure_code = factories.procedure(code="1.009994", name="Thủ tục thử của ngày làm việc").code
    code = "000.00.14.H19-261203-0001"
    csv_file = tmp_path / "ho-so.csv"
    csv_file.write_text(
        "Mã hồ sơ,Mã thủ tục,Ngày tiếp nhận,Trạng thái,Người nộp\n"
        f"{code},{procedure_code},03/12/2026 08:15,Đang xử lý,Lò Văn Pọm\n",
        encoding="utf-8",
    )
    context, page, problems = staff_page(chromium, live_server, "motcua", width=1024)
    page.goto(live_server.url + "/quan-tri/procedures/dossier/")
    page.click("text=Nhập từ tệp")
    page.wait_for_url("**/procedures/dossier/nhap/")
    assert page.locator("a[download]").count() >= 2  # the templates, XLSX and CSV
    page.set_input_files("#id_file", str(csv_file))
    page.check("#id_dry_run")
    page.click("input[value='Nhập']")
    page.wait_for_selector("text=chưa ghi gì")
    report = page.locator("#content-main").inner_text()
    assert "sẽ thêm mới 1" in report and code in report
    assert not Dossier.objects.filter(code=code).exists()
    page.click("input[value='Nhập thật tệp này']")
    page.wait_for_selector("text=/Đã nhập xong|Hoàn tất|thêm mới 1/")
    assert Dossier.objects.filter(code=code).exists()
    # the citizen finds it at the lookup
    citizen = chromium.new_page()
    citizen.goto(live_server.url + "/tra-cuu-ho-so/")
    citizen.fill("input[name=ma]", code)
    citizen.locator("main form").locator("button[type=submit], input[type=submit]").first.click()
    citizen.wait_for_load_state()
    assert "Đang xử lý" in citizen.locator("main").inner_text()
    citizen.close()
    assert not problems, problems
    context.close()


def test_receptions_day_answer_feedback_and_publish_a_session(
    chromium, live_server, django_db_reset_sequences
):
    load_demo()
    item = factories.feedback(subject="Đèn đường bản Xuân Tre không sáng", phone="0912 000 111")
    context, page, problems = staff_page(chromium, live_server, "tiepdan")
    # from the home page's waiting list to the feedback
    page.goto(live_server.url + "/quan-tri/citizens/feedback/?status__exact=new")
    page.click(f"text={item.code}")
    page.select_option("#id_status", "answered")
    page.fill("#id_answer", "Điện lực Mường Ảng đã thay bóng đèn ngày 02/12/2026.")
    page.fill("#id_answering_unit", "UBND huyện Mường Ảng")
    page.click("input[name=_save]")
    page.wait_for_url("**/quan-tri/citizens/feedback/**")
    item.refresh_from_db()
    assert item.status == "answered" and item.answered_at is not None
    citizen = chromium.new_page()
    citizen.goto(live_server.url + "/phan-anh-kien-nghi/tra-cuu/")
    citizen.fill("#id_code", item.code.lower())
    citizen.fill("#id_phone", "0912000111")
    citizen.locator("main form button[type=submit], main form input[type=submit]").first.click()
    citizen.wait_for_load_state()
    assert "đã thay bóng đèn" in citizen.locator("main").inner_text()

    # a session seven working days ahead, published on the reception page
    day = add_working_days(timezone.localdate(), 7)
    page.goto(live_server.url + "/quan-tri/citizens/receptionsession/add/")
    page.fill("#id_date", f"{day:%d/%m/%Y}")
    page.fill("#id_presider", "Lò Văn Hùng, Chủ tịch UBND huyện")
    page.fill("#id_place", "Trụ sở tiếp công dân huyện")
    page.fill("#id_topics", "Đất đai, giải phóng mặt bằng")
    page.click("input[name=_save]")
    page.wait_for_url("**/quan-tri/citizens/receptionsession/")
    assert "05 ngày làm việc" not in page.locator(".messagelist").inner_text()  # published in time
    session = ReceptionSession.objects.get(presider="Lò Văn Hùng, Chủ tịch UBND huyện")
    assert session.date == day
    citizen.goto(live_server.url + "/tiep-cong-dan/")
    text = citizen.locator("main").inner_text()
    assert f"{day:%d/%m/%Y}" in text and "Lò Văn Hùng" in text
    citizen.close()
    assert not problems, problems
    assert Feedback.objects.filter(code=item.code, status="answered").exists()
    context.close()
