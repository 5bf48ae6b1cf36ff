"""Where staff land after logging in: the page they asked for if it is ours, else the admin home.

Django falls back to settings.LOGIN_REDIRECT_URL when ?next= is unsafe; its default,
/accounts/profile/, is no page of the portal (a 404 right after a successful login).
"""

from urllib.parse import quote

import pytest
from django.test import Client

from portal import roles
from tests import factories

PASSWORD = "mat-khau-thu-nghiem"


@pytest.fixture
def editor(db):
    factories.site_settings()
    return factories.staff_user(roles.EDITOR, username="bientap1")


def log_in(next_url):
    """As a browser does it: open the login page with ?next=, send its form back to the same address."""
    client = Client(REMOTE_ADDR="198.51.100.9")
    address = f"/quan-tri/login/?next={quote(next_url, safe='')}"
    assert client.get(address).status_code == 200
    response = client.post(address, {"username": "bientap1", "password": PASSWORD, "next": next_url})
    return client, response


@pytest.mark.parametrize(
    "unsafe",
    [
        "https://evil.example/quan-tri/",
        "//evil.example/",
        "///evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
    ],
)
def test_an_unsafe_next_lands_on_the_admin_home(editor, unsafe):
    client, response = log_in(unsafe)
    assert response.status_code == 302
    assert response["Location"] == "/quan-tri/"
    home = client.get(response["Location"])
    assert home.status_code == 200
    assert "Quản trị nội dung" in home.content.decode()


def test_a_next_on_the_portal_is_followed(editor):
    _, response = log_in("/quan-tri/news/article/?status__exact=review")
    assert response.status_code == 302
    assert response["Location"] == "/quan-tri/news/article/?status__exact=review"
