import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests import factories

# Caches warmed in a test are those of its day: each test sees one instant, so midnight cannot fall inside it.
pytestmark = pytest.mark.usefixtures("frozen_clock")
PHONE = "Mozilla/5.0 (Linux; Android 11; Redmi 9A) AppleWebKit/537.36 Chrome/118 Mobile Safari/537.36"


def queries_for(url):
    """Queries of one page view by a new visitor, with every cache cold."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = Client(HTTP_USER_AGENT=PHONE).get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_home_and_intro_pages_cost_the_same_with_1_or_50_links_and_pages():
    factories.site_settings()
    factories.official()
    first = factories.page(title="Tổng quan", order=0, show_officials=True)
    factories.link()
    small = {"/": queries_for("/"), "page": queries_for(first.get_absolute_url())}
    for _ in range(49):
        factories.link()
        factories.page()
        factories.official()
    large = {"/": queries_for("/"), "page": queries_for(first.get_absolute_url())}
    assert small == large
    # settings, links, menu, counter (2), the visit, and the news blocks (featured, categories,
    # latest per category, next scheduled, documents), the next reception session (schedules,
    # sessions, holidays), the desk's year summary (3 aggregates): nothing per item
    assert small["/"] <= 17


@pytest.mark.django_db
def test_home_page_with_warm_caches_costs_at_most_the_visit(django_assert_max_num_queries):
    factories.site_settings()
    factories.link()
    factories.page()
    Client(HTTP_USER_AGENT=PHONE).get("/")
    with django_assert_max_num_queries(1):
        Client(HTTP_USER_AGENT=PHONE + " khác").get("/")
