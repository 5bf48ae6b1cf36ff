"""The site-wide search /tim-kiem/: the same answers on SQLite and PostgreSQL (CI runs this file on both)."""

import unicodedata
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import ArticleStatus
from tests import factories
from tests.demo import load_demo
from website.models import SearchEntry

pytestmark = pytest.mark.django_db


def titles(response):
    return [item["entry"].title for item in response.context["page_obj"].object_list]


def search(client, status=200, **params):
    response = client.get("/tim-kiem/", params)
    assert response.status_code == status, response.content.decode()[:500]
    return response


@pytest.fixture
def content():
    reform = factories.article(
        title="Mường Ảng đẩy mạnh cải cách hành chính năm 2020",
        summary="Huyện triển khai Kế hoạch 3855/KH-UBND.",
        published_at=timezone.now() - timezone.timedelta(days=3),
    )
    plan = factories.document(
        number="3855/KH-UBND",
        summary="Kế hoạch cải cách hành chính nhà nước năm 2021",
        issued_on=date(2020, 12, 30),
    )
    birth = factories.procedure(code="1.001193", name="Đăng ký khai sinh", keywords="giấy khai sinh")
    factories.procedure(code="1.000894", name="Đăng ký kết hôn")
    other = factories.article(title="Hội nghị tổng kết công tác dân số", summary="Tổng kết năm.")
    return {"reform": reform, "plan": plan, "birth": birth, "other": other}


@pytest.mark.parametrize(
    "typed",
    [
        "cai cach hanh chinh",
        "Cải cách hành chính",
        "CẢI CÁCH HÀNH CHÍNH",
        "CẢI CÁCH",
        unicodedata.normalize("NFD", "Cải cách hành chính"),  # pasted from Word or macOS
        "  cải   cách\thành chính ",
    ],
)
def test_vietnamese_with_or_without_diacritics_finds_the_same(client, content, typed):
    found = titles(search(client, q=typed))
    assert content["reform"].title in found
    assert any(t.startswith("3855/KH-UBND") for t in found)
    assert content["other"].title not in found


def test_d_typed_for_đ(client, content):
    assert "Đăng ký khai sinh" in titles(search(client, q="dang ky khai sinh"))
    assert "Đăng ký khai sinh" in titles(search(client, q="Dang Ky"))


def test_one_letter_typo_is_widened_and_the_right_spelling_offered(client, content):
    response = search(client, q="dang ki khai sinh")
    assert "Đăng ký khai sinh" in titles(response)
    assert "Đăng ký kết hôn" not in titles(response)
    html = response.content.decode()
    assert "kết quả gần đúng" in html
    assert "Có phải bạn muốn tìm" in html and "Đăng ký khai sinh</a>" in html


def test_document_number_whole_or_in_part(client, content):
    whole = titles(search(client, q="3855/KH-UBND"))
    assert whole[0].startswith("3855/KH-UBND")  # the exact number first, then what mentions it
    assert content["reform"].title in whole
    assert titles(search(client, q="3855"))[0].startswith("3855/KH-UBND")
    assert titles(search(client, q="3855/kh-ubnd"))[0].startswith("3855/KH-UBND")


def test_the_last_word_is_a_beginning_from_three_letters_on(client, content):
    """A word still being typed finds longer ones ("khai s" is not a word, "khai sin" finds "khai sinh"), but
    not one or two letters: "số" must not also find every "song", "soạn"… of the province."""
    factories.article(title="Xã Ẳng Nưa đón mùa sóng nước", summary="Tin địa phương.")
    factories.article(title="Cập nhật số liệu dân số", summary="Tin địa phương.")
    assert "Đăng ký khai sinh" in titles(search(client, q="dang ky khai sin"))
    found = titles(search(client, q="so"))
    assert "Cập nhật số liệu dân số" in found and "Xã Ẳng Nưa đón mùa sóng nước" not in found
    assert "Xã Ẳng Nưa đón mùa sóng nước" in titles(search(client, q="son"))


def test_procedure_code(client, content):
    assert titles(search(client, q="1.001193")) == ["Đăng ký khai sinh"]
    assert titles(search(client, q="001193")) == ["Đăng ký khai sinh"]


def test_results_by_kind_with_counts_and_filter(client, content):
    factories.question(title="Hỏi về cải cách hành chính", question="Cải cách hành chính là gì?")
    factories.page(title="Cải cách hành chính của huyện", slug="cchc")
    response = search(client, q="cải cách hành chính")
    counts = response.context["results"].counts
    assert counts == {"tin-tuc": 1, "van-ban": 1, "thu-tuc": 0, "hoi-dap": 1, "gioi-thieu": 1}
    html = response.content.decode()
    assert "Tất cả (4)" in html and "Tin tức (1)" in html and "Văn bản (1)" in html
    only_docs = search(client, q="cải cách hành chính", loai="van-ban")
    assert [i["entry"].kind for i in only_docs.context["page_obj"].object_list] == ["van-ban"]
    assert "Tất cả (4)" in only_docs.content.decode()  # the other kinds stay one click away


def test_date_filter_reads_dd_mm_yyyy(client, content):
    old = factories.article(
        title="Cải cách hành chính năm 2019", published_at=timezone.make_aware(timezone.datetime(2019, 5, 5))
    )
    found = titles(search(client, q="cai cach", tu="01/01/2019", den="31/12/2019"))
    assert found == [old.title]
    found = titles(search(client, q="cai cach", tu="01/12/2020"))
    assert old.title not in found and content["reform"].title in found


@pytest.mark.parametrize(
    "params, message",
    [
        ({"q": "cai cach", "tu": "31/02/2020"}, "dd/mm/yyyy"),
        ({"q": "cai cach", "tu": "2020-13-45"}, "dd/mm/yyyy"),
        ({"q": "cai cach", "tu": "01/12/2020", "den": "01/01/2020"}, "phải sau"),
        ({"q": "cai cach", "loai": "bi-mat"}, "không có trong danh sách"),
        ({"q": "a" * 201}, "dài quá 200 ký tự"),
        ({"q": "!!! ??? ..."}, "chỉ có dấu và ký hiệu"),
        ({"q": "«»—…"}, "chỉ có dấu và ký hiệu"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_400(client, content, params, message):
    response = search(client, status=400, **params)
    assert message in response.content.decode()
    assert "<h1>Tìm kiếm</h1>" in response.content.decode()


def test_empty_query_shows_how_to_search(client, content):
    for params in ({}, {"q": ""}, {"q": "   "}):
        html = search(client, **params).content.decode()
        assert "Có dấu hay không dấu đều được" in html
        assert "Tìm thấy" not in html


def test_nothing_found_suggests_close_titles(client, content):
    html = search(client, q="dang ky khai sinh qwxz").content.decode()
    assert "Không tìm thấy kết quả nào" in html
    assert "Có phải bạn muốn tìm" in html
    assert 'href="/thu-tuc-hanh-chinh/1.001193/">Đăng ký khai sinh</a>' in html


def test_matched_words_are_highlighted_and_input_escaped(client, content):
    html = search(client, q="cai cach <script>alert(1)</script>").content.decode()
    assert "<script>alert(1)</script>" not in html
    html = search(client, q="cai cach").content.decode()
    assert "<mark>cải</mark> <mark>cách</mark>" in html


def test_only_public_content_is_found(client, content):
    category = factories.category()
    factories.article(title="Cải cách nháp", status=ArticleStatus.DRAFT, category=category)
    factories.article(title="Cải cách chờ duyệt", status=ArticleStatus.REVIEW, category=category)
    scheduled = factories.article(
        title="Cải cách hẹn giờ", published_at=timezone.now() + timezone.timedelta(hours=2), category=category
    )
    factories.document(number="77/QĐ-UBND", summary="Cải cách ẩn", is_published=False)
    factories.procedure(name="Cải cách ngừng áp dụng", is_active=False)
    factories.question(title="Cải cách chưa đăng", is_published=False)
    factories.page(title="Cải cách trang ẩn", slug="an", is_published=False)
    found = titles(search(client, q="cai cach"))
    assert not [t for t in found if t.startswith("Cải cách")]
    # the scheduled article appears by itself when its time comes
    scheduled.published_at = timezone.now() - timezone.timedelta(minutes=1)
    scheduled.save()
    assert "Cải cách hẹn giờ" in titles(search(client, q="cai cach"))


def test_index_follows_edits_withdrawals_and_deletions(client, content):
    reform = content["reform"]
    reform.title = "Mường Ảng tinh gọn bộ máy"
    reform.save()
    assert reform.title in titles(search(client, q="tinh gon"))
    reform.status = ArticleStatus.WITHDRAWN
    reform.save()
    assert reform.title not in titles(search(client, q="tinh gon"))
    content["plan"].delete()
    assert not titles(search(client, q="3855"))


def test_title_matches_first_then_newest(client, content):
    category = factories.category()
    now = timezone.now()
    body_only = factories.article(
        title="Tin mới nhất", body="<p>Nói về nông thôn mới.</p>", published_at=now, category=category
    )
    older = factories.article(
        title="Nông thôn mới ở Ẳng Nưa", published_at=now - timezone.timedelta(days=9), category=category
    )
    newer = factories.article(
        title="Nông thôn mới ở Ẳng Cang", published_at=now - timezone.timedelta(days=1), category=category
    )
    assert titles(search(client, q="nong thon moi")) == [newer.title, older.title, body_only.title]


def test_pagination_and_a_page_past_the_end(client):
    category = factories.category()
    for n in range(25):
        factories.article(title=f"Tin cải cách số {n}", category=category)
    first = search(client, q="cai cach")
    assert len(titles(first)) == 10 and first.context["results"].total == 25
    assert 'href="?q=cai+cach&amp;page=2"' in first.content.decode()
    assert len(titles(search(client, q="cai cach", page=3))) == 5
    assert len(titles(search(client, q="cai cach", page=999))) == 5
    assert len(titles(search(client, q="cai cach", page="x"))) == 10


def test_query_count_does_not_grow_with_content(client, django_assert_max_num_queries):
    category = factories.category()

    def queries():
        client.get("/tim-kiem/", {"q": "cai cach"})  # warm the layout's caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/tim-kiem/", {"q": "cai cach"}).status_code == 200
        return len(captured)

    factories.article(title="Cải cách 1", category=category)
    few = queries()
    for n in range(30):
        factories.article(title=f"Cải cách {n + 2}", category=category)
    assert queries() <= few <= 9  # a full first tier spares the next one


def test_header_search_box_leads_here(client, content):
    html = client.get("/").content.decode()
    assert 'action="/tim-kiem/"' in html and 'name="q"' in html


def test_rebuild_command_restores_the_index(client, content):
    SearchEntry.objects.all().delete()
    assert not titles(search(client, q="cai cach"))
    call_command("rebuild_search_index", verbosity=0)
    assert content["reform"].title in titles(search(client, q="cai cach"))


def test_demo_search_cases(client):
    load_demo()
    assert titles(search(client, q="1.001193"))[0] == "Đăng ký khai sinh"
    assert titles(search(client, q="3855/KH-UBND"))[0].startswith("3855/KH-UBND")
    assert "Đăng ký khai sinh" in titles(search(client, q="dang ki khai sinh"))
    # the procedure of that exact name first, before "Đăng ký lại khai sinh" and the others (it came third)
    for typed in ("dang ky khai sinh", "Đăng ký khai sinh", "khai sinh", "dang ki khai sinh"):
        assert titles(search(client, q=typed))[0] == "Đăng ký khai sinh", typed


def test_title_tier_then_body_tier_across_pages(client):
    category = factories.category()
    now = timezone.now()
    in_title = [
        factories.article(
            title=f"Chuyển đổi số ở bản {n}", published_at=now - timezone.timedelta(days=n), category=category
        )
        for n in range(12)
    ]
    in_body = [
        factories.article(
            title=f"Tin ngắn {n}",
            body="<p>Bàn về chuyển đổi số.</p>",
            published_at=now - timezone.timedelta(hours=n),  # newer than every title match
            category=category,
        )
        for n in range(5)
    ]
    first = titles(search(client, q="chuyen doi so"))
    second = titles(search(client, q="chuyen doi so", page=2))
    assert first == [a.title for a in in_title[:10]]
    assert second == [a.title for a in in_title[10:]] + [a.title for a in in_body]


def test_counts_past_the_cap_read_more_than(client, settings, monkeypatch):
    from website import search as engine

    monkeypatch.setattr(engine, "COUNT_CAP", 3)
    category = factories.category()
    for n in range(5):
        factories.article(title=f"Cải cách {n}", category=category)
    html = search(client, q="cai cach").content.decode()
    assert "Tất cả (hơn 3)" in html and "Tìm thấy hơn 3 kết quả" in html
    # the counts by kind come from a sample then: the kinds are offered without numbers
    assert 'loai=van-ban">Văn bản</a>' in html and "Tin tức (" not in html
    only_articles = search(client, q="cai cach", loai="tin-tuc")
    assert "Tìm thấy hơn 3 kết quả" in only_articles.content.decode()
    assert len(titles(only_articles)) == 5


def test_counts_by_kind_are_exact_below_the_cap(client, content):
    html = search(client, q="cai cach").content.decode()
    assert '<span class="muted">Thủ tục hành chính (0)</span>' in html  # nothing to click on
    assert 'loai=tin-tuc">Tin tức (1)</a>' in html


def test_kind_and_date_fields_fold_away_unless_used(client, content):
    folded = search(client, q="cai cach").content.decode()
    assert '<details class="search-more">' in folded
    for params in ({"loai": "van-ban"}, {"tu": "01/01/2020"}, {"tu": "31/02/2020"}):
        status = 400 if params.get("tu") == "31/02/2020" else 200
        html = search(client, status=status, q="cai cach", **params).content.decode()
        assert '<details class="search-more" open>' in html, params


# --- the closest title first, and readable snippets (issue 13, item 14) -----------------------------------


@pytest.fixture
def birth():
    """The procedure of that exact name is the oldest of the titles holding "đăng ký khai sinh"."""
    civil = factories.procedure_field(name="Hộ tịch")
    exact = factories.procedure(
        code="1.001193",
        name="Đăng ký khai sinh",
        field=civil,
        subjects="Công dân Việt Nam\nNgười nước ngoài thường trú tại Việt Nam",
        result="Giấy khai sinh (bản chính)",
        keywords="làm giấy cho trẻ sơ sinh",
    )
    for name in ("Đăng ký khai sinh có yếu tố nước ngoài", "Đăng ký lại khai sinh"):
        factories.procedure(name=name, field=civil)
    factories.question(
        title="Đăng ký khai sinh quá hạn có bị phạt không",
        question="Con tôi sinh được 4 tháng nhưng chưa làm khai sinh. Bây giờ làm có bị phạt không?",
        answer="Không bị phạt. Ông/bà đến UBND xã nơi cư trú để đăng ký.",
    )
    factories.procedure(name="Đăng ký khai sinh kết hợp nhận cha, mẹ, con", field=civil)
    factories.article(title="Hướng dẫn đăng ký khai sinh trực tuyến", published_at=timezone.now())
    return exact


@pytest.mark.parametrize(
    "typed", ["dang ky khai sinh", "Đăng ký khai sinh", "khai sinh", "ĐĂNG KÝ KHAI SINH"]
)
def test_the_procedure_of_that_exact_name_comes_first(client, birth, typed):
    found = titles(search(client, q=typed))
    assert found[0] == "Đăng ký khai sinh", found
    # then the other short titles holding every word, the closest first; then the longer ones, newest first
    assert found[1] == "Đăng ký lại khai sinh", found
    assert len(found) == 6


def test_a_close_title_comes_before_newer_longer_ones(client, birth):
    found = titles(search(client, q="dang ky khai sinh"))
    assert found[:3] == [
        "Đăng ký khai sinh",
        "Đăng ký lại khai sinh",
        "Hướng dẫn đăng ký khai sinh trực tuyến",
    ]
    assert found[3:] == [  # nine words and more: newest first, as before
        "Đăng ký khai sinh kết hợp nhận cha, mẹ, con",
        "Đăng ký khai sinh có yếu tố nước ngoài",
        "Đăng ký khai sinh quá hạn có bị phạt không",
    ]


def snippets(response):
    return {item["entry"].title: str(item["snippet"]) for item in response.context["page_obj"].object_list}


def test_a_procedures_snippet_is_readable_sentences(client, birth):
    found = snippets(search(client, q="khai sinh"))
    assert found["Đăng ký khai sinh"] == (
        "Thủ tục lĩnh vực Hộ tịch, do cấp xã giải quyết, dành cho công dân Việt Nam; người nước ngoài "
        "thường trú tại Việt Nam. Kết quả là giấy <mark>khai</mark> <mark>sinh</mark> (bản chính)."
    )
    for text in found.values():  # no run of field values or labels, no hidden keywords
        assert "Thủ tục hành chính Hộ tịch" not in text and "Hỏi đáp" not in text
        assert "trẻ sơ sinh" not in text
    # the question, then who answered
    assert found["Đăng ký khai sinh quá hạn có bị phạt không"] == (
        "Con tôi <mark>sinh</mark> được 4 tháng nhưng chưa làm <mark>khai</mark> <mark>sinh</mark>. Bây giờ làm có bị "
        "phạt không? Phòng Tư pháp trả lời: Không bị phạt. Ông/bà đến UBND xã nơi cư trú để đăng ký."
    )


def test_words_that_are_not_shown_still_find(client, birth):
    assert titles(search(client, q="tre so sinh")) == ["Đăng ký khai sinh"]  # a keyword
    assert "Đăng ký khai sinh" in titles(search(client, q="thủ tục khai sinh"))


def test_a_documents_snippet_is_a_sentence(client, content):
    found = snippets(search(client, q="3855"))
    assert found["3855/KH-UBND – Kế hoạch cải cách hành chính nhà nước năm 2021"] == (
        "Kế hoạch số <mark>3855</mark>/KH-UBND của Ủy ban nhân dân xã Nậm Lịch, ban hành ngày 30/12/2020."
    )


LONG = (
    "Sáng 16/11, huyện tổ chức hội nghị sơ kết công tác năm 2020 với sự tham dự của lãnh đạo các xã. "
    "Các đại biểu đã nghe báo cáo tình hình kinh tế, văn hóa và xã hội trong mười tháng đầu năm. "
    "Về cải cách hành chính, Bộ phận một cửa của huyện đã tiếp nhận 2.578 hồ sơ và giải quyết đúng hạn "
    "phần lớn số hồ sơ đó. Hội nghị cũng bàn các nhiệm vụ trọng tâm của những tháng cuối năm, trong đó có "
    "việc đẩy mạnh dịch vụ công trực tuyến, nâng cao chất lượng phục vụ người dân và doanh nghiệp ở các "
    "xã vùng cao của huyện."
)


RUN_ON = (  # one sentence of 45 words, the match in the middle
    "Trong năm 2020 các cơ quan chuyên môn của huyện cùng với Ủy ban nhân dân các xã và thị trấn đã "
    "triển khai đồng bộ nhiều giải pháp về cải cách hành chính gắn với chuyển đổi số, đưa dịch vụ công "
    "trực tuyến đến từng bản vùng cao và hướng dẫn người dân nộp hồ sơ qua mạng"
)


def shown_in(text, source):
    """What a snippet shows of ``source``: checked to be a whole-word piece of it, with its match marked."""
    assert "<mark>cải</mark> <mark>cách</mark>" in text
    shown = text.replace("<mark>", "").replace("</mark>", "").removeprefix("… ").removesuffix(" …")
    at = source.index(shown)
    assert at == 0 or source[at - 1] == " ", "starts on a word"
    assert at + len(shown) == len(source) or source[at + len(shown)] in " ,", "ends on a word"
    return shown


def test_a_snippet_starts_at_a_sentence_and_ends_at_one_or_on_a_word(client):
    factories.article(title="Hội nghị sơ kết năm 2020", summary="", body=f"<p>{LONG}</p>")
    factories.article(title="Chuyển đổi số ở vùng cao", summary="", body=f"<p>{RUN_ON}.</p>")
    found = snippets(search(client, q="cai cach"))

    # the sentence holding the match, from its start to its end
    text = found["Hội nghị sơ kết năm 2020"]
    shown = shown_in(text, LONG)
    assert text.startswith("… Về <mark>cải</mark> <mark>cách</mark> hành chính, Bộ phận một cửa")
    assert shown.endswith("giải quyết đúng hạn phần lớn số hồ sơ đó.")

    # within a long sentence: a few words before the match, about 30 words, cut after a whole word
    text = found["Chuyển đổi số ở vùng cao"]
    shown = shown_in(text, RUN_ON)
    assert text.startswith("… ") and text.endswith(" …") and len(shown.split()) == 30
    assert shown.split()[10:12] == ["cải", "cách"]


def test_a_short_text_is_shown_whole_and_escaped(client):
    factories.article(
        title="Lệ phí", summary="Miễn lệ phí <khai sinh> đúng hạn.", body="<p>Áp dụng từ 2026 &amp; sau.</p>"
    )
    text = snippets(search(client, q="le phi"))["Lệ phí"]
    assert (
        text == "Miễn <mark>lệ</mark> <mark>phí</mark> &lt;khai sinh&gt; đúng hạn. Áp dụng từ 2026 &amp; sau."
    )


def test_paragraphs_do_not_run_together(client):
    factories.article(
        title="Tin ngắn", summary="", body="<p>Một câu.</p><p>Câu thứ hai</p><ul><li>Mục</li></ul>"
    )
    entry = SearchEntry.objects.get(title="Tin ngắn")
    assert entry.body == "Một câu. Câu thứ hai Mục."
