import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory

from procedures import home


@pytest.mark.django_db
def test_home_box_shows_search_lookup_and_the_year_summary():
    call_command("load_demo", verbosity=0)
    html = render_to_string("procedures/includes/home_box.html", home.context(), RequestFactory().get("/"))
    assert 'action="/thu-tuc-hanh-chinh/"' in html and 'action="/tra-cuu-ho-so/"' in html
    assert "năm 2020" in html and "2.578" in html
