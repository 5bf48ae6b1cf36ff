"""The admin login against brute force (django-axes): five wrong passwords lock one username from one
address, with a Vietnamese page, until an administrator unlocks it in the admin."""

import pytest
from django.test import Client
from django.urls import reverse

from portal import roles
from portal.models import LoginAttempt
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
    changelist = reverse("admin:portal_loginattempt_changelist")
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
    assert client.get(reverse("admin:portal_loginattempt_changelist")).status_code == 403
    attempt = LoginAttempt.objects.get()
    assert (
        client.post(
            reverse("admin:portal_loginattempt_delete", args=[attempt.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    assert LoginAttempt.objects.filter(pk=attempt.pk).exists()


# --- clients by IPv6 /64, and the per-account lock -------------------------------------------------

NETWORK = "2001:db8:ab:cd"  # one subscriber's /64


def address_in(network, n):
    """A different interface id of the same /64 each time."""
    return f"{network}:{n * 7919 % 65536:x}:{n:x}:a{n % 16:x}:{n * 31 % 65536:x}"


@pytest.mark.django_db
def test_twenty_failures_from_twenty_addresses_of_one_ipv6_64_lock_the_account(staff):
    for n in range(5):
        assert log_in(Client(REMOTE_ADDR=address_in(NETWORK, n)), "bientap1", "sai").status_code in (200, 429)
    # five tries from one /64 lock it for that whole /64, whatever address comes next
    locked = log_in(Client(REMOTE_ADDR=address_in(NETWORK, 99)), "bientap1")
    assert locked.status_code == 429 and "Tạm khóa đăng nhập" in locked.content.decode()
    assert set(LoginAttempt.objects.values_list("ip_address", flat=True)) == {f"{NETWORK}::"}
    administrator = Client()
    administrator.force_login(factories.staff_user(roles.ADMINISTRATOR))
    page = administrator.get(reverse("admin:portal_loginattempt_changelist"), {"khoa": "co"})
    assert f"{NETWORK}::/64" in page.content.decode()  # the administrator sees the whole network is locked
    # the owner on another connection is not locked out by five tries
    assert logged_in(log_in(Client(REMOTE_ADDR="2001:db8:ab:ce::1"), "bientap1"))
    for n in range(5, 20):
        assert log_in(Client(REMOTE_ADDR=address_in(NETWORK, n)), "bientap1", "sai").status_code == 429
    # twenty failures lock the account everywhere, for a while
    elsewhere = log_in(Client(REMOTE_ADDR="198.51.100.20"), "bientap1")
    assert elsewhere.status_code == 429
    assert "Khóa tự mở sau 15 phút" in elsewhere.content.decode()


@pytest.mark.django_db
def test_an_ipv4_mapped_address_is_the_ipv4_address(staff):
    for n in range(5):
        address = "203.0.113.9" if n % 2 else "::ffff:203.0.113.9"
        log_in(Client(REMOTE_ADDR=address), "bientap1", "sai")
    assert log_in(Client(REMOTE_ADDR="203.0.113.9"), "bientap1").status_code == 429
    assert set(LoginAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}


def random_ipv4(n):
    return f"{(n * 37) % 200 + 11}.{(n * 101) % 250}.{(n * 53) % 250}.{n % 250 + 1}"


@pytest.fixture
def account_locked_from_twenty_addresses(staff):
    for n in range(19):
        assert log_in(Client(REMOTE_ADDR=random_ipv4(n)), "bientap1", "sai").status_code == 200
    # nineteen failures from everywhere: the owner still gets in (and that forgets only the owner's own)
    assert logged_in(log_in(Client(REMOTE_ADDR="192.0.2.50"), "bientap1"))
    assert log_in(Client(REMOTE_ADDR=random_ipv4(19)), "bientap1", "sai").status_code == 429
    return staff


@pytest.mark.django_db
def test_twenty_failures_from_twenty_ipv4_addresses_lock_the_account(account_locked_from_twenty_addresses):
    response = log_in(Client(REMOTE_ADDR="192.0.2.50"), "bientap1")  # the owner, the right password
    assert response.status_code == 429
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html and "Khóa tự mở sau 15 phút" in html
    assert "liên hệ quản trị viên" in html
    # other accounts are not locked
    factories.staff_user(roles.EDITOR, username="bientap2")
    assert logged_in(log_in(Client(REMOTE_ADDR="192.0.2.50"), "bientap2"))


@pytest.mark.django_db
def test_the_account_lock_lapses_fifteen_minutes_after_the_last_failure(account_locked_from_twenty_addresses):
    from datetime import timedelta

    from django.db.models import F

    LoginAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
    assert log_in(Client(REMOTE_ADDR="192.0.2.50"), "bientap1").status_code == 429
    LoginAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=1, seconds=1))
    assert logged_in(log_in(Client(REMOTE_ADDR="192.0.2.50"), "bientap1"))


@pytest.mark.django_db
def test_an_administrator_unlocks_an_account_locked_from_everywhere(account_locked_from_twenty_addresses):
    administrator = Client()
    administrator.force_login(factories.staff_user(roles.ADMINISTRATOR))
    changelist = reverse("admin:portal_loginattempt_changelist")
    html = administrator.get(changelist, {"khoa": "co"}).content.decode()
    assert html.count("bientap1") >= 20  # every failure of the account shows as locked
    assert "Mở khóa tài khoản" in html
    one = LoginAttempt.objects.filter(username="bientap1").first()
    response = administrator.post(changelist, {"action": "unlock_accounts", "_selected_action": [one.pk]})
    assert response.status_code == 302
    assert not LoginAttempt.objects.filter(username="bientap1").exists()
    assert logged_in(log_in(Client(REMOTE_ADDR="192.0.2.50"), "bientap1"))
