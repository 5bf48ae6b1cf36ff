"""Small builders of test data; every argument has a sensible Vietnamese default."""

from itertools import count

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from citizens.models import Official
from muongang.models import Link, SiteSettings, UnitLevel
from news.models import Page

_seq = count(1)


def site_settings(**values):
    defaults = {
        "unit_name": "Xã Nậm Lịch",
        "unit_level": UnitLevel.XA,
        "parent_unit": "Tỉnh Điện Biên",
        "authority_name": "Ủy ban nhân dân xã Nậm Lịch",
        "portal_title": "Cổng thông tin điện tử Xã Nậm Lịch",
        "address": "Bản Trung Tâm, xã Nậm Lịch",
        "phone": "0215 3000 001",
        "email": "ubnd@namlich.example.vn",
        "hotline": "0215 3000 111",
        "responsible_person": "Chủ tịch UBND xã",
    }
    defaults.update(values)
    site = SiteSettings(**defaults)
    site.save()
    return site


def link(**values):
    n = next(_seq)
    defaults = {"name": f"Liên kết {n}", "url": f"https://lien-ket-{n}.example.vn/", "order": n}
    defaults.update(values)
    return Link.objects.create(**defaults)


def page(**values):
    n = next(_seq)
    defaults = {"title": f"Trang giới thiệu {n}", "body": "<p>Nội dung giới thiệu.</p>", "order": n}
    defaults.update(values)
    return Page.objects.create(**defaults)


def official(**values):
    n = next(_seq)
    defaults = {
        "name": f"Cán bộ {n}",
        "title": "Chuyên viên",
        "unit": "Văn phòng",
        "phone": "0215 3000 200",
        "email": f"canbo{n}@example.vn",
    }
    defaults.update(values)
    return Official.objects.create(**defaults)


def staff_user(role=None, username=None, **values):
    username = username or f"canbo{next(_seq)}"
    user = get_user_model().objects.create_user(
        username, f"{username}@example.vn", "mat-khau-thu-nghiem", is_staff=True, **values
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user
