"""Public Q&A: published items only, by topic, searchable without diacritics."""

import pytest

from portal import units
from tests import factories


@pytest.fixture
def topics(db):
    factories.site_settings()
    return factories.question_topic(name="Hộ tịch", slug="ho-tich"), factories.question_topic(
        name="Đất đai", slug="dat-dai"
    )


@pytest.mark.django_db
def test_list_and_detail_show_question_answer_unit_and_date(client, topics):
    question = factories.question(
        topic=topics[0], title="Đăng ký khai sinh quá hạn", answering_unit="Phòng Tư pháp"
    )
    factories.question(topic=topics[0], title="Bản nháp chưa đăng", is_published=False)
    html = client.get("/hoi-dap/").content.decode()
    assert "Đăng ký khai sinh quá hạn" in html and "Bản nháp chưa đăng" not in html
    detail = client.get(f"/hoi-dap/{question.pk}/")
    html = detail.content.decode()
    assert detail.status_code == 200
    for text in [question.question, question.answer, "Phòng Tư pháp", "16/11/2020", "Hộ tịch"]:
        assert text in html


@pytest.mark.django_db
def test_unpublished_and_missing_items_are_not_found(client, topics):
    draft = factories.question(topic=topics[0], is_published=False)
    assert client.get(f"/hoi-dap/{draft.pk}/").status_code == 404
    assert client.get("/hoi-dap/999999/").status_code == 404
    assert client.get("/hoi-dap/abc/").status_code == 404


@pytest.mark.django_db
def test_search_without_diacritics_and_by_topic(client, topics):
    factories.question(topic=topics[0], title="Đăng ký khai sinh cho con", question="Xin hỏi về khai sinh.")
    factories.question(
        topic=topics[1], title="Tách thửa đất ở", question="Tôi muốn tách thửa.", answer="Nộp hồ sơ."
    )
    for query in ["dang ky khai sinh", "ĐĂNG KÝ", "khai sinh"]:
        html = client.get("/hoi-dap/", {"q": query}).content.decode()
        assert "Đăng ký khai sinh cho con" in html and "Tách thửa đất ở" not in html, query
    html = client.get("/hoi-dap/", {"chu-de": "dat-dai"}).content.decode()
    assert "Tách thửa đất ở" in html and "Đăng ký khai sinh cho con" not in html
    html = client.get("/hoi-dap/", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


@pytest.mark.django_db
def test_question_pages_cost_the_same_with_1_or_50_items(client, topics):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    factories.question(topic=topics[0])
    units.for_host("testserver")  # the map of hosts is loaded once per change of a unit, not per page
    small = count("/hoi-dap/"), count("/hoi-dap/?chu-de=ho-tich&q=khai")
    for n in range(49):
        factories.question(topic=topics[n % 2])
    large = count("/hoi-dap/"), count("/hoi-dap/?chu-de=ho-tich&q=khai")
    assert small == large
