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


def procedure_field(**values):
    from procedures.models import Field

    defaults = {"name": f"Lĩnh vực {next(_seq)}"}
    defaults.update(values)
    return Field.objects.create(**defaults)


def agency(**values):
    from procedures.models import Agency

    defaults = {"name": f"Cơ quan {next(_seq)}"}
    defaults.update(values)
    return Agency.objects.create(**defaults)


def procedure(**values):
    from procedures.models import Procedure

    n = next(_seq)
    defaults = {
        "code": f"9.{n:06d}",
        "name": f"Thủ tục thử nghiệm {n}",
        "level": "xa",
        "processing_days": 3,
    }
    defaults.update(values)
    if "field" not in defaults:
        defaults["field"] = procedure_field()
    if "implementing_agency" not in defaults:
        defaults["implementing_agency"] = agency()
    return Procedure.objects.create(**defaults)


def dossier(**values):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from procedures.models import Dossier

    n = next(_seq)
    defaults = {
        "code": f"000.00.14.H19-200203-{n:04d}",
        "received_at": datetime(2020, 2, 3, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        "applicant_name": "Nguyễn Văn An",
        "applicant_phone": "0912345678",
        "applicant_id_number": "011200001234",
    }
    defaults.update(values)
    if "procedure" not in defaults:
        defaults["procedure"] = procedure()
    return Dossier.objects.create(**defaults)
