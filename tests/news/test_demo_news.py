import pytest
from django.test import Client

from news.models import Article, Category, Document
from tests.demo import load_demo


@pytest.mark.django_db
def test_the_demo_has_the_2020_reform_article_its_two_plans_and_about_30_articles(settings):
    load_demo()
    assert 6 <= Category.objects.count() <= 8
    assert 28 <= Article.objects.published().count() <= 35
    article = Article.objects.get(slug="muong-ang-day-manh-cai-cach-hanh-chinh-nam-2020")
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Thời gian đăng: <time" in html and "16/11/2020 07:00</time>" in html
    for fact in (
        "3855/KH-UBND",
        "27/12/2019",
        "06/KH-UBND",
        "13/01/2020",
        "10 lĩnh vực",
        "2.578",
        "2.477",
        "101",
        "thứ Hai hằng tuần",
    ):
        assert fact in html, fact
    plans = {d.number: d for d in Document.objects.filter(related_articles=article)}
    assert set(plans) == {"3855/KH-UBND", "06/KH-UBND"}
    assert plans["3855/KH-UBND"].issuer == "Ủy ban nhân dân tỉnh Điện Biên"
    assert f"{plans['06/KH-UBND'].issued_on:%d/%m/%Y}" == "13/01/2020"
    for document in plans.values():
        # document files are kept out of the public media folder, with their size stored
        assert (settings.PRIVATE_MEDIA_ROOT / document.file.name).read_bytes().startswith(b"%PDF-")
        assert not (settings.MEDIA_ROOT / document.file.name).exists()
        assert document.file_size == (settings.PRIVATE_MEDIA_ROOT / document.file.name).stat().st_size
        assert document.get_absolute_url() in html
    # every published demo article has a photo with its renditions and alt text
    for a in Article.objects.published():
        assert a.cover and a.cover_alt and len(a.cover_renditions["webp"]) == 3
    # and its size stored in the database (pages never measure a photo)
    sizes = set(Article.objects.exclude(cover="").values_list("cover_width", "cover_height"))
    assert sizes and all(width and height for width, height in sizes)
    # something for the editor to publish
    assert Article.objects.filter(status="cho-duyet", created_by__username="phongvien").exists()
    home = Client().get("/").content.decode()
    assert "Tin nổi bật" in home and "Văn bản mới" in home and "Thông báo" in home
