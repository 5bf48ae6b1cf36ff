"""Small builders of test data; every argument has a sensible Vietnamese default."""

from itertools import count

from django.contrib.auth import get_user_model

from citizens.models import Official
from news.models import Page
from portal import units
from portal.models import Link, Membership, Unit, UnitHost, UnitLevel

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
    site = units.current()  # the test's unit (tests/conftest.py), now with a name, address and hotline
    for name, value in defaults.items():
        setattr(site, name, value)
    site.save()
    return site


def unit(code, name, level=UnitLevel.XA, hosts=(), parent=None, **values):
    """Another unit, answering on ``hosts`` (the first is its primary host)."""
    with units.everywhere():
        new = Unit.objects.create(
            code=code,
            unit_name=name,
            unit_level=level,
            parent=parent,
            portal_title=f"Cổng thông tin điện tử {name}",
            **values,
        )
        for n, host in enumerate(hosts):
            UnitHost.objects.create(unit=new, host=host, is_primary=n == 0)
    return new


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
        "workplace": "Văn phòng",
        "phone": "0215 3000 200",
        "email": f"canbo{n}@example.vn",
    }
    defaults.update(values)
    return Official.objects.create(**defaults)


def staff_user(role=None, username=None, in_unit=None, **values):
    username = username or f"canbo{next(_seq)}"
    user = get_user_model().objects.create_user(
        username, f"{username}@example.vn", "mat-khau-thu-nghiem", is_staff=True, **values
    )
    if role:  # a role in the unit in scope (tests/conftest.py); ``unit=`` for another
        Membership.objects.create(user=user, unit=in_unit or units.current(), role=role)
    return user


# --- news ---------------------------------------------------------------------------


def photo_bytes(size=(1600, 1000), fmt="JPEG", colour=(40, 120, 80), exif=None):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, colour).save(buffer, fmt, **options)
    return buffer.getvalue()


def category(**values):
    from news.models import Category

    n = next(_seq)
    defaults = {"name": f"Chuyên mục {n}", "order": n}
    defaults.update(values)
    return Category.objects.create(**defaults)


def article(**values):
    from django.utils import timezone

    from news.models import Article, ArticleStatus

    n = next(_seq)
    defaults = {
        "title": f"Bài viết số {n}",
        "summary": "Tóm tắt bài viết.",
        "body": "<p>Nội dung bài viết.</p>",
        "status": ArticleStatus.PUBLISHED,
        "published_at": timezone.now() - timezone.timedelta(hours=n),
    }
    defaults.update(values)
    if "category" not in defaults:
        defaults["category"] = category()
    return Article.objects.create(**defaults)


def document(**values):
    from datetime import date

    from django.core.files.base import ContentFile

    from news.models import Document

    n = next(_seq)
    defaults = {
        "doc_type": "ke-hoach",
        "number": f"{n}/KH-UBND",
        "issuer": "Ủy ban nhân dân xã Nậm Lịch",
        "issued_on": date(2020, 1, 13),
        "summary": f"Kế hoạch số {n} về cải cách hành chính",
        "file": ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"ke-hoach-{n}.pdf"),
    }
    defaults.update(values)
    return Document.objects.create(**defaults)


# --- citizens ---------------------------------------------------------------------------------------------


def feedback(**values):
    from datetime import timedelta

    from django.utils import timezone

    from citizens.models import Feedback

    n = next(_seq)
    defaults = {
        "code": f"PAKN-20201116-{n:04d}",
        "name": "Lò Văn An",
        "address": "Bản Trung Tâm, xã Nậm Lịch",
        "phone": "0912 345 678",
        "email": "",
        "subject": f"Phản ánh {n}",
        "content": "Nội dung phản ánh về thủ tục hành chính.",
        "due_date": timezone.localdate() + timedelta(days=28),
    }
    defaults.update(values)
    return Feedback.objects.create(**defaults)


def question_topic(**values):
    from citizens.models import QuestionTopic

    n = next(_seq)
    defaults = {"name": f"Chủ đề {n}", "slug": f"chu-de-{n}", "order": n}
    defaults.update(values)
    return QuestionTopic.objects.create(**defaults)


def question(**values):
    from datetime import date

    from citizens.models import Question

    n = next(_seq)
    defaults = {
        "title": f"Câu hỏi {n}",
        "question": "Xin hỏi thủ tục đăng ký khai sinh?",
        "answer": "Ông/bà đến UBND xã nơi cư trú.",
        "answering_unit": "Phòng Tư pháp",
        "answered_on": date(2020, 11, 16),
        "is_published": True,
    }
    defaults.update(values)
    if "topic" not in defaults:
        defaults["topic"] = question_topic()
    return Question.objects.create(**defaults)


def reception_session(**values):
    from datetime import time

    from citizens.models import ReceptionSession

    defaults = {
        "presider": "Ông Lò Văn Minh, Chủ tịch UBND",
        "place": "Phòng Tiếp công dân",
        "start_time": time(7, 30),
        "end_time": time(11, 30),
    }
    defaults.update(values)
    return ReceptionSession.objects.create(**defaults)


def reception_schedule(**values):
    from citizens.models import ReceptionSchedule, Weekday

    defaults = {
        "presider": "Ông Lò Văn Minh, Chủ tịch UBND",
        "weekday": Weekday.MON,
        "place": "Phòng Tiếp công dân",
    }
    defaults.update(values)
    return ReceptionSchedule.objects.create(**defaults)


def work_entry(leaders=(), **values):
    """A published entry of the work calendar; ``leaders`` are officials."""
    from datetime import time

    from citizens.models import WorkEntry

    defaults = {
        "start_time": time(8, 0),
        "content": f"Họp giao ban số {next(_seq)}",
        "place": "Phòng họp số 1, trụ sở UBND",
        "is_published": True,
    }
    defaults.update(values)
    entry = WorkEntry.objects.create(**defaults)
    if leaders:
        entry.leaders.set(leaders)
    return entry


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


def procedure(carried_out=True, **values):
    """A national procedure; the unit in scope carries it out unless ``carried_out=False``."""
    from procedures.models import Procedure, UnitProcedure

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
    created = Procedure.objects.create(**defaults)
    if carried_out:
        UnitProcedure.objects.create(procedure=created)
    return created


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
