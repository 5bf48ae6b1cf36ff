"""Citizens pages in a real Chromium: send feedback on a phone and follow it by its code; axe-core on every page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from citizens.models import Feedback, Question
from tests.demo import load_demo

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
PAGES = [
    "/lien-he/",
    "/en/contact/",
    "/tiep-cong-dan/",
    "/tiep-cong-dan/noi-quy/",
    "/phan-anh-kien-nghi/",
    "/phan-anh-kien-nghi/tra-cuu/",
    "/hoi-dap/",
    "/hoi-dap/?q=khai+sinh",
    "question",
]


@pytest.fixture
def demo(django_db_reset_sequences):
    load_demo()


def describe(violations):
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    )


def check(page, live_server, width):
    assert page.locator("h1").count() == 1
    violations = Axe().run(page, options=WCAG).response["violations"]
    assert not violations, describe(violations)
    if width == 390:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.browser
def test_a_citizen_on_a_phone_sends_feedback_and_follows_it_by_its_code(chromium, live_server, demo):
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(live_server.url + "/")
    page.locator(".nav-toggle").click()  # on a phone the menu is folded behind its button
    page.locator("summary, a", has_text="Phản ánh kiến nghị").first.click()
    page.wait_for_url("**/phan-anh-kien-nghi/")
    page.get_by_label("Họ và tên").fill("Lò Thị Mai")
    page.get_by_label("Địa chỉ").fill("Bản Co Hắm, xã Búng Lao")
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill(
        "Đường vào bản bị sạt lở sau mưa, <b>xe máy</b> không đi được."
    )
    page.get_by_label("Tôi đồng ý để câu hỏi").check()
    page.get_by_label("xử lý dữ liệu cá nhân nêu trên").check()
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    page.wait_for_url("**/phan-anh-kien-nghi/da-gui/**")
    assert page.locator("h1").inner_text() == "Đã nhận phản ánh, kiến nghị"
    code = page.locator(".tracking-code").inner_text()
    assert re.fullmatch(r"PAKN-\d{8}-0001", code)
    assert Feedback.objects.get(code=code).name == "Lò Thị Mai"

    page.get_by_role("link", name="Tra cứu phản ánh, kiến nghị").first.click()
    page.get_by_label("Mã theo dõi").fill(code.lower())
    page.get_by_label("Số điện thoại đã khai khi gửi").fill("0912345678")
    page.get_by_role("button", name="Tra cứu").click()
    result = page.locator(".lookup-result")
    assert code in result.inner_text() and "Mới" in result.inner_text()
    assert "Lò Thị Mai" not in page.content()

    # a wrong phone number gets the neutral message
    page.get_by_label("Mã theo dõi").fill(code)
    page.get_by_label("Số điện thoại đã khai khi gửi").fill("0987000000")
    page.get_by_role("button", name="Tra cứu").click()
    assert "Không tìm thấy phản ánh, kiến nghị nào khớp" in page.locator("[role=alert]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert all(url.startswith(live_server.url) for url in requests), requests
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [390, 1280])
def test_citizens_pages_have_no_wcag_violations(chromium, live_server, demo, width):
    page = chromium.new_page(viewport={"width": width, "height": 900})
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    question = Question.objects.published().first()
    for path in PAGES:
        page.goto(live_server.url + (question.get_absolute_url() if path == "question" else path))
        check(page, live_server, width)
    # the form with its errors shown
    page.goto(live_server.url + "/phan-anh-kien-nghi/")
    page.get_by_label("Số điện thoại").fill("123")
    page.get_by_label("Thư điện tử (không bắt buộc)").fill("sai@")
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    assert page.locator(".form-errors").is_visible()
    assert page.locator("#id_phone").get_attribute("aria-invalid") == "true"
    check(page, live_server, width)
    # a lookup with an answer shown
    item = Feedback.objects.filter(status="answered").first()
    page.goto(live_server.url + "/phan-anh-kien-nghi/tra-cuu/")
    page.get_by_label("Mã theo dõi").fill(item.code)
    page.get_by_label("Số điện thoại đã khai khi gửi").fill(item.phone)
    page.get_by_role("button", name="Tra cứu").click()
    assert item.answer[:40] in page.locator(".lookup-result").inner_text()
    check(page, live_server, width)
    assert all(url.startswith(live_server.url) for url in requests), requests
    page.close()


@pytest.mark.browser
def test_feedback_with_a_photo_works_without_javascript(chromium, live_server, demo, tmp_path):
    import io

    from PIL import Image

    photo = tmp_path / "duong-sat-lo.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 40)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/phan-anh-kien-nghi/")
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()  # empty: errors come back
    assert "Vui lòng nhập họ và tên." in page.locator(".form-errors").inner_text()
    page.get_by_label("Họ và tên").fill("Vì Văn Chung")
    page.get_by_label("Địa chỉ").fill("Bản Hón, xã Ẳng Cang")
    page.get_by_label("Số điện thoại").fill("0368 111 603")
    page.get_by_label("Nội dung phản ánh, kiến nghị").fill("Đường vào bản bị sạt lở, ảnh chụp kèm theo.")
    page.get_by_label("Tệp đính kèm (không bắt buộc)").set_input_files(str(photo))
    page.get_by_label("xử lý dữ liệu cá nhân nêu trên").check()
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()
    code = page.locator(".tracking-code").inner_text()
    item = Feedback.objects.get(code=code)
    assert [a.original_name for a in item.attachments.all()] == ["duong-sat-lo.jpg"]
    context.close()


@pytest.mark.browser
def test_the_usefulness_box_works_without_javascript(chromium, live_server, demo):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto(live_server.url + "/gioi-thieu/tong-quan/")
    page.get_by_label("Góp ý thêm").fill("Nên thêm bản đồ hành chính.")
    page.get_by_role("button", name="Có", exact=True).click()
    assert page.url.endswith("/gioi-thieu/tong-quan/#noi-dung")
    assert "Cảm ơn bạn đã cho biết ý kiến về trang này." in page.locator(".messages").inner_text()
    from citizens.models import UsefulnessVote

    vote = UsefulnessVote.objects.get()
    assert (vote.path, vote.useful, vote.comment) == (
        "/gioi-thieu/tong-quan/",
        True,
        "Nên thêm bản đồ hành chính.",
    )
    context.close()
