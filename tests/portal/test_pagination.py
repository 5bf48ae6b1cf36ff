import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory


def test_pagination_keeps_filters_and_marks_the_current_page():
    request = RequestFactory().get("/tin-tuc/", {"q": "cải cách", "page": "5"})
    page_obj = Paginator(range(500), 10).page(5)
    html = render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)
    assert 'aria-label="Phân trang"' in html
    assert '<span aria-current="page"><span class="sr-only">Trang </span>5</span>' in html
    assert 'href="?q=c%E1%BA%A3i+c%C3%A1ch&amp;page=4" rel="prev"' in html
    assert 'page=50"' in html and "…" in html


def test_no_pagination_for_a_single_page():
    page_obj = Paginator(range(5), 10).page(1)
    html = render_to_string(
        "includes/pagination.html", {"page_obj": page_obj, "request": RequestFactory().get("/")}
    )
    assert "Phân trang" not in html


@pytest.mark.django_db
def test_long_list_count_is_cached_until_a_scheduled_article_appears(client, clock):
    from django.utils import timezone

    from tests import factories

    category = factories.category()
    for n in range(13):
        factories.article(title=f"Tin {n}", category=category)
    soon = factories.article(
        title="Tin hẹn giờ", category=category, published_at=timezone.now() + timezone.timedelta(minutes=10)
    )
    first = client.get("/tin-tuc/")
    assert first.context["page_obj"].paginator.count == 13
    # the scheduled article's time comes; nothing is saved, no cache is emptied
    clock.shift(timezone.timedelta(minutes=10))
    second = client.get("/tin-tuc/")
    assert second.context["page_obj"].paginator.count == 14
    assert soon.title in second.content.decode()
    assert [a.title for a in client.get("/tin-tuc/?page=2").context["page_obj"]] == ["Tin 11", "Tin 12"]
