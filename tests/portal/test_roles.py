import pytest
from django.urls import reverse

from portal import roles
from tests import factories


@pytest.mark.django_db
def test_groups_exist_with_their_permissions():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {roles.REPORTER, roles.EDITOR, roles.DESK, roles.RECEPTION, roles.ADMINISTRATOR} <= names
    editor = set(Group.objects.get(name=roles.EDITOR).permissions.values_list("codename", flat=True))
    assert {"change_page", "add_link", "view_dailyvisits"} <= editor
    assert "change_unit" not in editor
    admin = set(Group.objects.get(name=roles.ADMINISTRATOR).permissions.values_list("codename", flat=True))
    assert {"change_unit", "add_user", "view_group"} <= admin
    # roles are defined in code: administrators assign them but cannot widen one
    assert "change_group" not in admin and "view_applicant" not in admin


@pytest.mark.django_db
def test_each_role_sees_only_its_part_of_the_admin(client):
    factories.site_settings()
    editor = factories.staff_user(roles.EDITOR)
    client.force_login(editor)
    assert client.get(reverse("admin:news_page_add")).status_code == 200
    assert client.get(reverse("admin:portal_dailyvisits_changelist")).status_code == 200
    assert client.get(reverse("admin:portal_unit_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403

    reporter = factories.staff_user(roles.REPORTER)
    client.force_login(reporter)
    assert client.get(reverse("admin:news_page_add")).status_code == 403
    assert client.get(reverse("admin:portal_link_changelist")).status_code == 403

    administrator = factories.staff_user(roles.ADMINISTRATOR)
    client.force_login(administrator)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:portal_unit_change", args=[factories.site_settings().pk])).status_code
        == 200
    )


@pytest.mark.django_db
def test_administrators_cannot_raise_themselves_to_superuser(client, admin_user):
    factories.site_settings()
    administrator = factories.staff_user(roles.ADMINISTRATOR)
    client.force_login(administrator)
    url = reverse("admin:auth_user_change", args=[administrator.pk])
    form = client.get(url).content.decode()
    assert 'name="is_superuser"' not in form and 'name="user_permissions"' not in form
    client.post(
        url,
        {
            "username": administrator.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "25/11/2026",
            "date_joined_1": "08:00",
        },
    )
    administrator.refresh_from_db()
    assert not administrator.is_superuser
    # nor give themselves another role's rights (the desk's applicants, say)
    own = administrator.memberships.get()
    client.post(
        url,
        {
            "username": administrator.username,
            "is_active": "on",
            "is_staff": "on",
            "date_joined_0": "25/11/2026",
            "date_joined_1": "08:00",
            "memberships-TOTAL_FORMS": "2",
            "memberships-INITIAL_FORMS": "1",
            "memberships-0-id": own.pk,
            "memberships-0-user": administrator.pk,
            "memberships-0-unit": own.unit_id,
            "memberships-0-role": roles.DESK,
            "memberships-1-user": administrator.pk,
            "memberships-1-unit": own.unit_id,
            "memberships-1-role": roles.DESK,
        },
    )
    assert list(administrator.memberships.values_list("role", flat=True)) == [roles.ADMINISTRATOR]
    # a superuser's account is shown read-only and cannot be changed or deleted
    page = client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).content.decode()
    assert 'name="username"' not in page
    changed = client.post(reverse("admin:auth_user_change", args=[admin_user.pk]), {"username": "hijacked"})
    assert changed.status_code == 403
    assert (
        client.post(reverse("admin:auth_user_delete", args=[admin_user.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert type(admin_user).objects.filter(pk=admin_user.pk, is_superuser=True).exists()
