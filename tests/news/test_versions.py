"""An edit to a published article waits as a pending change until an editor publishes it; every state that
went live is a stored version, compared in readable form and restored (issue 17.3)."""

import pytest
from django.test import Client

from news.models import Article, ArticleStatus, ArticleVersion
from portal import roles, units
from portal.models import UnitHost
from tests import factories
from tests.news.test_workflow import change_url
from tests.news.test_workflow import form_data as workflow_form


def form_data(category, **values):
    """The editor's form of a published article (its status and time as they are)."""
    values = {"status": ArticleStatus.PUBLISHED, "slug": "khanh-thanh-truong-mam-non", **values}
    return workflow_form(category, **values)


pytestmark = pytest.mark.django_db
HOST = "muongang.dienbien.localhost"
LIVE_BODY = "<p>Trẻ em bản Co Hắm đã có trường mới.</p><p>Trường có bốn phòng học.</p>"


@pytest.fixture
def live(unit):
    UnitHost.objects.create(unit=unit, host=HOST, is_primary=True)
    factories.site_settings()
    units.hosts_changed()
    category = factories.category(name="Văn hóa - Xã hội")
    editor = factories.staff_user(roles.EDITOR, first_name="Hoa", last_name="Lò Thị")
    client = Client(HTTP_HOST=HOST)
    client.force_login(editor)
    response = client.post(
        "/quan-tri/news/article/add/",
        form_data(
            category,
            title="Khánh thành trường mầm non",
            body=LIVE_BODY,
            status=ArticleStatus.DRAFT,
            _xuat_ban="1",
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == ArticleStatus.PUBLISHED
    return {"article": article, "editor": client, "category": category}


def public(article):
    return Client(HTTP_HOST=HOST).get(article.get_absolute_url()).content.decode()


def test_saving_a_published_article_keeps_the_change_pending_until_an_editor_publishes_it(live):
    article, editor, category = live["article"], live["editor"], live["category"]
    changed = LIVE_BODY.replace("bốn phòng học", "sáu phòng học")
    response = editor.post(
        change_url(article), form_data(category, title="Khánh thành trường mới", body=changed)
    )
    assert response.status_code == 302
    # readers still see the live text
    page = public(article)
    assert "Khánh thành trường mầm non" in page and "bốn phòng học" in page and "sáu phòng học" not in page
    article.refresh_from_db()
    assert article.title == "Khánh thành trường mầm non"
    pending = ArticleVersion.objects.get(article=article, is_pending=True)
    assert pending.data["title"] == "Khánh thành trường mới"
    # the form opens with the pending change, says so, and offers its preview and comparison
    form = editor.get(change_url(article)).content.decode()
    assert "Bài có thay đổi chờ xuất bản" in form and 'value="Khánh thành trường mới"' in form
    preview = editor.get(article.get_absolute_url() + "?ban-cho=1")
    assert "sáu phòng học" in preview.content.decode() and "Bản xem trước thay đổi chờ xuất bản" in (
        preview.content.decode()
    )
    assert preview["X-Robots-Tag"] == "noindex, nofollow" and "private" in preview["Cache-Control"]
    # a visitor asking for the pending change gets the live article
    assert (
        "sáu phòng học"
        not in Client(HTTP_HOST=HOST).get(article.get_absolute_url() + "?ban-cho=1").content.decode()
    )
    # the comparison reads paragraph by paragraph
    compared = editor.get(f"/quan-tri/news/article/{article.pk}/phien-ban/?so-sanh=cho").content.decode()
    assert (
        "<del>Trường có bốn phòng học.</del>" in compared
        and "<ins>Trường có sáu phòng học.</ins>" in compared
    )
    assert "<del>Khánh thành trường mầm non</del>" in compared
    # «Lưu và xuất bản» puts it live, and the pending change is gone
    editor.post(
        change_url(article), form_data(category, title="Khánh thành trường mới", body=changed, _xuat_ban="1")
    )
    assert "sáu phòng học" in public(article)
    assert not ArticleVersion.objects.filter(article=article, is_pending=True).exists()
    assert list(article.versions.values_list("number", flat=True)) == [2, 1]


def test_a_version_is_restored_through_the_pending_change_and_a_draft_at_once(live):
    article, editor, category = live["article"], live["editor"], live["category"]
    editor.post(
        change_url(article), form_data(category, title="Tiêu đề thứ hai", body=LIVE_BODY, _xuat_ban="1")
    )
    assert "Tiêu đề thứ hai" in public(article)
    listing = editor.get(f"/quan-tri/news/article/{article.pk}/phien-ban/").content.decode()
    assert "Khôi phục" in listing and "(mới nhất)" in listing
    response = editor.post(f"/quan-tri/news/article/{article.pk}/phien-ban/1/khoi-phuc/")
    assert response.status_code == 302
    assert "Tiêu đề thứ hai" in public(article)  # not live yet: pending
    assert (
        ArticleVersion.objects.get(article=article, is_pending=True).data["title"]
        == "Khánh thành trường mầm non"
    )
    # discarded, the live article stays as it is
    editor.post(f"/quan-tri/news/article/{article.pk}/phien-ban/bo-ban-cho/")
    assert not ArticleVersion.objects.filter(is_pending=True).exists() and "Tiêu đề thứ hai" in public(
        article
    )
    # a draft is restored at once
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.DRAFT)
    editor.post(f"/quan-tri/news/article/{article.pk}/phien-ban/1/khoi-phuc/")
    article.refresh_from_db()
    assert article.title == "Khánh thành trường mầm non"


def test_versions_are_for_who_may_see_the_article_and_bad_numbers_are_404(live):
    article = live["article"]
    reporter = Client(HTTP_HOST=HOST)
    reporter.force_login(factories.staff_user(roles.REPORTER))
    assert reporter.get(f"/quan-tri/news/article/{article.pk}/phien-ban/").status_code in {403, 404}
    assert reporter.post(f"/quan-tri/news/article/{article.pk}/phien-ban/1/khoi-phuc/").status_code in {
        403,
        404,
    }
    editor = live["editor"]
    assert editor.post(f"/quan-tri/news/article/{article.pk}/phien-ban/99/khoi-phuc/").status_code == 404
    assert editor.get("/quan-tri/news/article/999999/phien-ban/").status_code == 404
    assert editor.get(f"/quan-tri/news/article/{article.pk}/phien-ban/?so-sanh=abc").status_code == 200
    other = factories.unit("88888", "Xã Búng Lao", hosts=["bunglao.dienbien.localhost"])
    with units.activate(other):
        stranger = Client(HTTP_HOST="bunglao.dienbien.localhost")
        stranger.force_login(factories.staff_user(roles.EDITOR))
    assert stranger.get(f"/quan-tri/news/article/{article.pk}/phien-ban/").status_code == 404


def test_an_article_written_before_versions_keeps_its_text_as_version_one(live):
    article, editor, category = live["article"], live["editor"], live["category"]
    ArticleVersion.objects.all().delete()  # as an article loaded or written before this feature
    editor.post(change_url(article), form_data(category, title="Tiêu đề mới", body=LIVE_BODY, _xuat_ban="1"))
    first, second = ArticleVersion.objects.order_by("number")
    assert (first.number, first.data["title"]) == (1, "Khánh thành trường mầm non")
    assert (second.number, second.data["title"]) == (2, "Tiêu đề mới")


def test_the_form_autosaves_what_is_typed_and_offers_it_back(live):
    article, editor, category = live["article"], live["editor"], live["category"]
    url = f"/quan-tri/news/article/{article.pk}/tu-luu/"
    form = editor.get(change_url(article)).content.decode()
    assert f'<meta name="tu-luu" content="{url}"' in form and "article_autosave" in form
    typed = form_data(category, title="Đang gõ dở", body="<p>Câu đang viết<script>x()</script></p>")
    response = editor.post(url, typed)
    assert response.status_code == 200 and "luc" in response.json()
    kept = ArticleVersion.objects.get(article=article, is_autosave=True)
    assert kept.data["title"] == "Đang gõ dở" and "<script>" not in kept.data["body"]
    article.refresh_from_db()
    assert article.title == "Khánh thành trường mầm non"  # nothing saved for real
    assert "Đang gõ dở" not in public(article)
    # coming back: offered, then put in the form on request
    form = editor.get(change_url(article)).content.decode()
    assert "Có bản tự lưu chưa được lưu" in form and 'value="Đang gõ dở"' not in form
    restored = editor.get(change_url(article) + "?tu-luu=1").content.decode()
    assert 'value="Đang gõ dở"' in restored and "Đã đưa bản tự lưu vào ô soạn thảo" in restored
    # another editor does not see it; a real save removes it
    other = Client(HTTP_HOST=HOST)
    other.force_login(factories.staff_user(roles.EDITOR))
    assert "Có bản tự lưu" not in other.get(change_url(article)).content.decode()
    editor.post(change_url(article), form_data(category, title="Đang gõ dở", body=LIVE_BODY, _xuat_ban="1"))
    assert not ArticleVersion.objects.filter(is_autosave=True).exists()
    assert [v.number for v in article.versions.all()] == [2, 1]
    # only who may edit the article autosaves it
    reporter = Client(HTTP_HOST=HOST)
    reporter.force_login(factories.staff_user(roles.REPORTER))
    assert reporter.post(url, typed).status_code in {403, 404}
    assert editor.get(url).status_code == 404


def test_a_new_article_is_autosaved_before_its_first_save_and_offered_back_on_add(live):
    editor, category = live["editor"], live["category"]
    add = "/quan-tri/news/article/add/"
    url = "/quan-tri/news/article/tu-luu/"
    form = editor.get(add).content.decode()
    assert f'<meta name="tu-luu" content="{url}"' in form and "Có bản tự lưu" not in form
    typed = form_data(category, title="Bài mới đang gõ", body="<p>Đoạn đầu<script>x()</script></p>")
    typed["cover_alt"] = "Ảnh hội nghị"
    assert editor.post(url, typed).status_code == 200
    kept = ArticleVersion.objects.get(article=None, is_autosave=True)
    assert kept.data["title"] == "Bài mới đang gõ" and "<script>" not in kept.data["body"]
    # again: still one per person
    editor.post(url, {**typed, "title": "Bài mới đang gõ tiếp"})
    assert ArticleVersion.objects.filter(article=None, is_autosave=True).count() == 1
    # the add page offers it; on request the form shows it (text, category, the cover's description)
    form = editor.get(add).content.decode()
    assert "Có bản tự lưu chưa được lưu" in form and 'value="Bài mới đang gõ tiếp"' not in form
    assert f'formaction="{url}bo/"' in form  # «Bỏ bản tự lưu» is a button of the form, not a nested form
    restored = editor.get(add + "?tu-luu=1").content.decode()
    assert 'value="Bài mới đang gõ tiếp"' in restored and "Đoạn đầu" in restored
    assert 'value="Ảnh hội nghị"' in restored
    assert f'<option value="{category.pk}" selected>' in restored
    # another person does not see it; saving the article for real removes it
    other = Client(HTTP_HOST=HOST)
    other.force_login(factories.staff_user(roles.EDITOR))
    assert "Có bản tự lưu" not in other.get(add).content.decode()
    response = editor.post(
        add, form_data(category, title="Bài mới đang gõ tiếp", body="<p>Xong.</p>", slug="")
    )
    assert response.status_code == 302
    assert not ArticleVersion.objects.filter(is_autosave=True).exists()
    # «Bỏ bản tự lưu» drops it
    editor.post(url, typed)
    assert editor.post(url + "bo/").status_code == 302
    assert not ArticleVersion.objects.filter(is_autosave=True).exists()
    # only who may write articles
    desk = Client(HTTP_HOST=HOST)
    desk.force_login(factories.staff_user(roles.DESK))
    assert desk.post(url, typed).status_code == 403
