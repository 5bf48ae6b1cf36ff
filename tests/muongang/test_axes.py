"""The admin login against brute force (django-axes): five wrong passwords lock one username from one
address, with a Vietnamese page, until an administrator unlocks it in the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from muongang import roles
from muongang.models import LoginAttempt
from tests import factories

LOGIN = "/quan-tri/login/?next=/quan-tri/"
PASSWORD = "mat-khau-thu-nghiem"


def log_in(client, username, password=PASSWORD):
    return client.post(LOGIN, {"username": username, "password": password})


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/quan-tri/"


def fail_five_times(client, username):
    for attempt in range(5):
        response = log_in(client, username, "sai-mat-khau")
        assert not logged_in(response), attempt
    return response


@pytest.fixture
def staff(db):
    factories.site_settings()
    return factories.staff_user(roles.EDITOR, username="bientap1")


@pytest.mark.django_db
def test_four_failures_do_not_lock(staff):
    client = Client(REMOTE_ADDR="198.51.100.7")
    for _ in range(4):
        assert log_in(client, "bientap1", "sai").status_code == 200
    assert logged_in(log_in(client, "bientap1"))


@pytest.mark.django_db
def test_five_failures_lock_the_username_from_that_address_with_a_vietnamese_page(staff):
    client = Client(REMOTE_ADDR="198.51.100.7")
    fifth = fail_five_times(client, "bientap1")
    assert fifth.status_code == 429
    response = log_in(client, "bientap1")  # even the right password
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html and "liên hệ quản trị viên" in html
    assert "no-store" in response["Cache-Control"]
    assert "_auth_user_id" not in client.session
    # the lock is recorded where administrators see it
    attempt = LoginAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.is_locked) == ("bientap1", "198.51.100.7", True)


@pytest.mark.django_db
def test_other_usernames_and_other_addresses_are_not_locked(staff):
    factories.staff_user(roles.EDITOR, username="bientap2")
    fail_five_times(Client(REMOTE_ADDR="198.51.100.7"), "bientap1")
    # another user from the same address
    assert logged_in(log_in(Client(REMOTE_ADDR="198.51.100.7"), "bientap2"))
    # the same user from another address
    assert logged_in(log_in(Client(REMOTE_ADDR="203.0.113.9"), "bientap1"))


@pytest.mark.django_db
def test_behind_a_proxy_the_client_address_is_the_forwarded_one(staff, settings):
    settings.NUM_PROXIES = 1
    proxy = "10.0.0.1"
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    fail_five_times(attacker, "bientap1")
    assert log_in(attacker, "bientap1").status_code == 429
    # the same proxy forwarding the real user from their own address
    assert logged_in(log_in(Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9"), "bientap1"))
    assert LoginAttempt.objects.get().ip_address == "198.51.100.7"


@pytest.mark.django_db
def test_an_administrator_sees_the_lock_in_vietnamese_and_unlocks_it(staff):
    locked = Client(REMOTE_ADDR="198.51.100.7")
    fail_five_times(locked, "bientap1")
    administrator = Client()
    administrator.force_login(factories.staff_user(roles.ADMINISTRATOR))
    changelist = reverse("admin:muongang_loginattempt_changelist")
    page = administrator.get(changelist, {"khoa": "co"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "bientap1" in html and "198.51.100.7" in html
    assert "Đăng nhập sai, khóa đăng nhập" in html and "Mở khóa đăng nhập" in html
    attempt = LoginAttempt.objects.get()
    response = administrator.post(changelist, {"action": "unlock", "_selected_action": [attempt.pk]})
    assert response.status_code == 302
    assert not LoginAttempt.objects.exists()
    assert logged_in(log_in(locked, "bientap1"))


@pytest.mark.django_db
def test_editors_cannot_see_or_unlock_logins(staff, client):
    fail_five_times(Client(REMOTE_ADDR="198.51.100.7"), "bientap1")
    client.force_login(factories.staff_user(roles.EDITOR))
    assert client.get(reverse("admin:muongang_loginattempt_changelist")).status_code == 403
    attempt = LoginAttempt.objects.get()
    assert (
        client.post(
            reverse("admin:muongang_loginattempt_delete", args=[attempt.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert LoginAttempt.objects.filter(pk=attempt.pk).exists()
