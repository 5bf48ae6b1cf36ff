"""The citizens part of a site belongs to its unit (issue 15): unit B's site and admin show nothing of unit A's
contacts, reception, Q&A, votes and, above all, feedback (the senders' personal data, Luật Bảo vệ dữ liệu
cá nhân); tracking codes and topic slugs are unique per unit.

Unit A is the test's unit (tests/conftest.py), given a host name here; unit B is another commune on its own.
"""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from citizens import services
from citizens.contributions import DEFAULT_RECEPTION_HOURS
from citizens.models import (
    CitizenSettings,
    ContactOffice,
    DailyCounter,
    Feedback,
    FeedbackAttachment,
    Hotline,
    Official,
    Question,
    QuestionTopic,
    ReceptionSchedule,
    ReceptionSession,
    UsefulnessReport,
    UsefulnessVote,
)
from portal import contributions, roles, units
from portal.models import UnitHost
from portal.units import NoUnitInScope
from portal.workdays import add_working_days
from tests import factories
from tests.citizens.conftest import RECORD, VALID, jpeg

A_HOST = "xa-a.dienbien.localhost"
B_HOST = "xa-b.dienbien.localhost"
MODELS = [
    Official,
    ContactOffice,
    Hotline,
    CitizenSettings,
    ReceptionSchedule,
    ReceptionSession,
    Feedback,
    DailyCounter,
    FeedbackAttachment,
    QuestionTopic,
    Question,
    UsefulnessVote,
    UsefulnessReport,
]

# Upcoming sessions follow the day: each test sees one instant, so midnight cannot fall inside it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


def records(tag, officer):
    """One of each citizens record, its texts marked with the unit's letter."""
    big = tag.upper()
    today = timezone.localdate()
    topic = factories.question_topic(name=f"Chủ đề riêng {big}", slug=f"chu-de-{tag}")
    feedback = factories.feedback(
        code=f"PAKN-20201116-000{1 if tag == 'a' else 2}",
        name=f"Người gửi riêng {big}",
        address=f"Bản riêng {big}",
        phone="0912 345 678",
        subject=f"Phản ánh riêng của xã {big}",
        assigned_to=officer,
    )
    made = {
        "official": factories.official(name=f"Lãnh đạo riêng {big}", is_leader=True),
        "contactoffice": ContactOffice.objects.create(name=f"Bộ phận riêng {big}"),
        "hotline": Hotline.objects.create(name=f"Đường dây riêng {big}", number="0215 3000 111"),
        "citizensettings": CitizenSettings.objects.create(
            name_en=f"Peoples Committee of Commune {big}", reception_place=f"Phòng tiếp dân riêng {big}"
        ),
        "receptionschedule": factories.reception_schedule(presider=f"Chủ tịch định kỳ riêng {big}"),
        "receptionsession": factories.reception_session(
            date=today + timedelta(days=1), presider=f"Chủ tịch riêng {big}"
        ),
        "questiontopic": topic,
        "question": factories.question(topic=topic, title=f"Câu hỏi riêng của xã {big}"),
        "feedback": feedback,
        "feedbackattachment": FeedbackAttachment.objects.create(
            feedback=feedback,
            file=jpeg(),
            original_name=f"anh-{tag}.jpg",
            content_type="image/jpeg",
            size=100,
        ),
        "usefulnessvote": UsefulnessVote.objects.create(
            path=f"/gioi-thieu/trang-rieng-{tag}/", title=f"Trang riêng {big}", useful=False
        ),
    }
    made["words"] = [
        made["official"].name,
        made["contactoffice"].name,
        made["hotline"].name,
        made["citizensettings"].name_en,
        made["receptionschedule"].presider,
        made["receptionsession"].presider,
        topic.name,
        made["question"].title,
        feedback.name,
        feedback.subject,
        made["usefulnessvote"].path,
    ]
    return made


@pytest.fixture
def two_units(unit):
    """(A, B, made): each unit with one of every citizens record, and a reception officer."""
    a = unit
    UnitHost.objects.create(unit=a, host=A_HOST, is_primary=True)
    factories.site_settings(unit_name="Xã A", portal_title="Cổng thông tin điện tử Xã A")
    b = factories.unit("03001", "Xã B", hosts=[B_HOST], authority_name="Ủy ban nhân dân xã B")
    units.hosts_changed()
    made = {}
    for each, tag in ((a, "a"), (b, "b")):
        with units.activate(each):
            officer = factories.staff_user(
                roles.RECEPTION, username=f"tiepdan_{tag}", first_name=f"Cán bộ {tag}"
            )
            made[tag] = records(tag, officer)
            made[tag]["officer"] = officer
    return a, b, made


def on(host, path, client=None, **kwargs):
    return (client or Client()).get(path, HTTP_HOST=host, **kwargs)


def test_a_s_citizens_pages_are_not_on_b_s_host(two_units):
    a, b, made = two_units
    mine, theirs = made["b"], made["a"]
    for url in (
        "/",
        "/lien-he/",
        "/en/contact/",
        "/tiep-cong-dan/",
        "/tiep-cong-dan/lich.ics",
        "/hoi-dap/",
        f"/hoi-dap/?chu-de={mine['questiontopic'].slug}",
        "/sitemap.xml",
    ):
        response = on(B_HOST, url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for word in theirs["words"]:
            assert word not in html, (url, word)
    # B's own records are there, and A's on A's host
    for host, own in ((B_HOST, mine), (A_HOST, theirs)):
        contact = on(host, "/lien-he/").content.decode()
        assert own["official"].name in contact and own["hotline"].name in contact
        assert own["contactoffice"].name in contact
        assert own["citizensettings"].name_en in on(host, "/en/contact/").content.decode()
        reception = on(host, "/tiep-cong-dan/").content.decode()
        assert own["receptionsession"].presider in reception
        assert own["citizensettings"].reception_place in reception
        assert own["receptionsession"].presider in on(host, "/tiep-cong-dan/lich.ics").content.decode()
        assert own["question"].title in on(host, "/hoi-dap/").content.decode()
        assert own["question"].get_absolute_url() in on(host, "/sitemap.xml").content.decode()
        # the home page's next reception day is the unit's
        assert own["receptionsession"].presider in on(host, "/").content.decode()
    # A's question by its id, A's topic by its slug
    assert on(A_HOST, theirs["question"].get_absolute_url()).status_code == 200
    assert on(B_HOST, theirs["question"].get_absolute_url()).status_code == 404
    response = on(B_HOST, f"/hoi-dap/?chu-de={theirs['questiontopic'].slug}")
    assert response.status_code == 400 and theirs["question"].title not in response.content.decode()


def test_the_reception_calendar_answers_per_host(two_units):
    a, b, made = two_units
    for host, own, other in ((A_HOST, made["a"], made["b"]), (B_HOST, made["b"], made["a"])):
        body = on(host, "/tiep-cong-dan/lich.ics").content.decode()
        assert f"@{host}" in body and own["receptionsession"].presider in body
        assert other["receptionsession"].presider not in body
        assert other["receptionschedule"].presider not in body
        uids = re.findall(r"UID:tiep-dan-(\d+)@", body)
        assert uids == [str(own["receptionsession"].pk)]


def test_a_s_feedback_cannot_be_looked_up_on_b_s_host(two_units):
    a, b, made = two_units
    theirs = made["a"]["feedback"]
    pair = {"code": theirs.code, "phone": "0912 345 678"}
    found = Client().post("/phan-anh-kien-nghi/tra-cuu/", pair, HTTP_HOST=A_HOST).content.decode()
    assert theirs.subject in found
    html = Client().post("/phan-anh-kien-nghi/tra-cuu/", pair, HTTP_HOST=B_HOST).content.decode()
    assert theirs.subject not in html and "Không tìm thấy phản ánh" in html
    # the "sent" page, with A's signed code, on B's host
    token = signing.TimestampSigner(salt="pakn-sent").sign(theirs.code)
    assert on(A_HOST, f"/phan-anh-kien-nghi/da-gui/?ma={token}").status_code == 200
    assert on(B_HOST, f"/phan-anh-kien-nghi/da-gui/?ma={token}").status_code == 404


def test_the_same_tracking_code_and_topic_slug_live_in_two_units(two_units, rate_limit_window):
    a, b, made = two_units
    with units.activate(a):
        CitizenSettings.objects.update(feedback_due_days=5)
    with units.activate(b):
        CitizenSettings.objects.update(feedback_due_days=30)
    today = timezone.localdate()
    codes = {}
    for host, tag in ((A_HOST, "a"), (B_HOST, "b")):
        response = Client().post(
            "/phan-anh-kien-nghi/", {**VALID, "subject": f"Gửi xã {tag}"}, HTTP_HOST=host
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        token = response["Location"].split("ma=")[1]
        codes[tag] = signing.TimestampSigner(salt="pakn-sent").unsign(token)
    # each unit's own counter: both start at 0001 today
    assert codes["a"] == codes["b"] == f"PAKN-{today:%Y%m%d}-0001"
    for unit, tag, days in ((a, "a", 5), (b, "b", 30)):
        with units.activate(unit):
            item = Feedback.objects.get(code=codes[tag])
            assert item.subject == f"Gửi xã {tag}"
            # the due date follows the unit's own setting
            assert item.due_date == add_working_days(today, days)
            assert DailyCounter.objects.get(day=today).last == 1
    for host, tag in ((A_HOST, "a"), (B_HOST, "b")):
        html = (
            Client()
            .post(
                "/phan-anh-kien-nghi/tra-cuu/", {"code": codes[tag], "phone": VALID["phone"]}, HTTP_HOST=host
            )
            .content.decode()
        )
        assert f"Gửi xã {tag}" in html and f"Gửi xã {'b' if tag == 'a' else 'a'}" not in html
    # a topic slug too
    for unit in (a, b):
        with units.activate(unit):
            topic = factories.question_topic(name="Hộ tịch", slug="ho-tich")
            factories.question(topic=topic, title=f"Hộ tịch ở {unit.unit_name}")
    for host, name, other in ((A_HOST, "Xã A", "Xã B"), (B_HOST, "Xã B", "Xã A")):
        html = on(host, "/hoi-dap/?chu-de=ho-tich").content.decode()
        assert f"Hộ tịch ở {name}" in html and f"Hộ tịch ở {other}" not in html


def test_the_admin_refuses_a_second_topic_with_the_same_slug_in_a_unit_only(two_units, client):
    a, b, made = two_units
    client.force_login(factories.staff_user(roles.RECEPTION, in_unit=b))
    url = reverse("admin:citizens_questiontopic_add")
    taken = client.post(
        url, {"name": "Trùng", "slug": made["b"]["questiontopic"].slug, "order": 0}, HTTP_HOST=B_HOST
    )
    assert taken.status_code == 200 and taken.context["adminform"].form.errors
    free = client.post(
        url, {"name": "Như của A", "slug": made["a"]["questiontopic"].slug, "order": 0}, HTTP_HOST=B_HOST
    )
    assert free.status_code == 302
    with units.activate(b):
        assert QuestionTopic.objects.filter(slug=made["a"]["questiontopic"].slug).exists()


def test_b_s_reception_staff_get_none_of_a_s_feedback_nor_files(two_units, client):
    """Personal data: B's reception staff, who may see the personal data of B's feedback, find A's by no URL."""
    a, b, made = two_units
    theirs = made["a"]
    client.force_login(factories.staff_user(roles.RECEPTION, in_unit=b))
    item, file = theirs["feedback"], theirs["feedbackattachment"]
    for host in (A_HOST, B_HOST):
        for url in (
            reverse("admin:citizens_feedback_change", args=[item.pk]),
            reverse("admin:citizens_feedback_history", args=[item.pk]),
            reverse("admin:citizens_feedback_delete", args=[item.pk]),
            file.get_absolute_url(),
            reverse("admin:citizens_feedback_attachment", args=[made["b"]["feedback"].pk, file.pk]),
        ):
            response = client.get(url, HTTP_HOST=host)
            assert response.status_code in (302, 403, 404), (host, url)
            if response.status_code == 302:  # the admin's answer to an object it cannot find
                assert response["Location"] == reverse("admin:index")
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert body[:2] != b"\xff\xd8"
            for personal in (item.name, item.address, item.subject, "0912 345 678"):
                assert personal.encode() not in body
        # the list and a search by A's code or phone find nothing of A
        for query in ("", f"?q={item.code}", "?q=0912", "?status=new"):
            html = client.get(f"/quan-tri/citizens/feedback/{query}", HTTP_HOST=host).content.decode()
            assert item.name not in html and item.subject not in html, query
        # changing A's item by posting its form does nothing
        client.post(
            reverse("admin:citizens_feedback_change", args=[item.pk]),
            {"status": "answered", "answer": "Đã sửa", "due_date": "01/01/2030"},
            HTTP_HOST=host,
        )
    with units.activate(a):
        assert Feedback.objects.get(pk=item.pk).status == "new"
    # the old public address of a file is gone (it served the host's unit, not the one staff work in)
    assert client.get(f"/phan-anh-kien-nghi/tep/{file.pk}/", HTTP_HOST=A_HOST).status_code == 404
    # A's own reception officer has A's item and file, whatever host the admin is opened on
    client.force_login(theirs["officer"])
    for host in (A_HOST, B_HOST):
        assert (
            item.name
            in client.get(
                reverse("admin:citizens_feedback_change", args=[item.pk]), HTTP_HOST=host
            ).content.decode()
        )
        response = client.get(file.get_absolute_url(), HTTP_HOST=host)
        assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"\xff\xd8"
        # but not B's
        response = client.get(made["b"]["feedbackattachment"].get_absolute_url(), HTTP_HOST=host)
        assert response.status_code == 404


def admin_urls(made):
    urls = []
    for model in (
        "official",
        "contactoffice",
        "hotline",
        "citizensettings",
        "receptionschedule",
        "receptionsession",
        "feedback",
        "questiontopic",
        "question",
        "usefulnessvote",
    ):
        pk = made[model].pk
        for view in ("change", "delete", "history"):
            urls.append(reverse(f"admin:citizens_{model}_{view}", args=[pk]))
    return urls


@pytest.mark.parametrize("role", [roles.RECEPTION, roles.ADMINISTRATOR, roles.EDITOR, roles.DESK])
def test_b_s_staff_find_nothing_of_a_in_the_admin(two_units, client, role):
    a, b, made = two_units
    theirs = made["a"]
    client.force_login(factories.staff_user(role, in_unit=b))
    for url in admin_urls(theirs):
        response = on(B_HOST, url, client)
        assert response.status_code in (302, 403, 404), url
        if response.status_code == 302:
            assert response["Location"] == reverse("admin:index"), url
        html = response.content.decode()
        for word in theirs["words"]:
            assert word not in html, (url, word)
        if url.endswith("/delete/"):  # nor by posting the confirmation
            assert client.post(url, {"post": "yes"}, HTTP_HOST=B_HOST).status_code in (302, 403, 404)
    with units.activate(a):
        for model in ("official", "hotline", "feedback", "question", "questiontopic", "usefulnessvote"):
            record = theirs[model]
            assert type(record).objects.filter(pk=record.pk).exists(), model
    # the lists (and the settings' page, and the votes' report) show B's records only
    for model in (
        "official",
        "contactoffice",
        "hotline",
        "citizensettings",
        "receptionschedule",
        "receptionsession",
        "feedback",
        "questiontopic",
        "question",
        "usefulnessvote",
        "usefulnessreport",
    ):
        response = client.get(reverse(f"admin:citizens_{model}_changelist"), HTTP_HOST=B_HOST, follow=True)
        if response.status_code == 200:
            html = response.content.decode()
            for word in theirs["words"]:
                assert word not in html, (model, word)


def test_the_settings_page_and_the_votes_report_are_the_unit_s(two_units, client):
    a, b, made = two_units
    client.force_login(factories.staff_user(roles.ADMINISTRATOR, in_unit=b))
    response = on(B_HOST, reverse("admin:citizens_citizensettings_changelist"), client)
    assert response["Location"] == reverse(
        "admin:citizens_citizensettings_change", args=[made["b"]["citizensettings"].pk]
    )
    with units.activate(a):  # more votes in A: the report of B counts B's only
        for _ in range(3):
            UsefulnessVote.objects.create(path=made["b"]["usefulnessvote"].path, title="Trang", useful=True)
    response = on(B_HOST, reverse("admin:citizens_usefulnessreport_changelist"), client)
    rows = list(response.context["rows"])
    assert [(row["path"], row["yes"], row["no"]) for row in rows] == [
        (made["b"]["usefulnessvote"].path, 0, 1)
    ]


def test_b_s_admin_forms_offer_only_b_s_records(two_units, client):
    a, b, made = two_units
    client.force_login(factories.staff_user(roles.RECEPTION, in_unit=b))

    def autocomplete(model, field, term=""):
        response = client.get(
            reverse("admin:autocomplete"),
            {"app_label": "citizens", "model_name": model, "field_name": field, "term": term},
            HTTP_HOST=B_HOST,
        )
        return [item["text"] for item in response.json()["results"]]

    assert autocomplete("question", "topic") == [made["b"]["questiontopic"].name]
    assert autocomplete("receptionsession", "schedule") == [str(made["b"]["receptionschedule"])]
    # the person an item is assigned to: B's staff only, in the form and in the list's filter
    html = on(B_HOST, reverse("admin:citizens_feedback_change", args=[made["b"]["feedback"].pk]), client)
    html = html.content.decode()
    assert "Cán bộ b" in html and "Cán bộ a" not in html
    choices = html.split('name="assigned_to"')[1].split("</select>")[0]
    assert f'value="{made["a"]["officer"].pk}"' not in choices
    listing = on(B_HOST, reverse("admin:citizens_feedback_changelist"), client).content.decode()
    assert "tiepdan_a" not in listing and "Cán bộ a" not in listing
    # choosing A's topic by its id is refused
    response = client.post(
        reverse("admin:citizens_question_add"),
        {
            "topic": made["a"]["questiontopic"].pk,
            "title": "Câu hỏi mới",
            "question": "Hỏi?",
            "answer": "Đáp.",
            "answering_unit": "UBND xã",
            "answered_on": "16/11/2020",
        },
        HTTP_HOST=B_HOST,
    )
    assert response.status_code == 200 and "topic" in response.context["adminform"].form.errors
    # and assigning B's item to A's officer too
    response = client.post(
        reverse("admin:citizens_feedback_change", args=[made["b"]["feedback"].pk]),
        {
            "status": "processing",
            "assigned_to": made["a"]["officer"].pk,
            "due_date": "01/01/2030",
            "answer": "",
            "answering_unit": "",
            "transferred_to": "",
            "answered_at_0": "",
            "answered_at_1": "",
            "attachments-TOTAL_FORMS": "0",
            "attachments-INITIAL_FORMS": "0",
        },
        HTTP_HOST=B_HOST,
    )
    assert response.status_code == 200 and "assigned_to" in response.context["adminform"].form.errors
    with units.everywhere():
        assert not Question.objects.filter(title="Câu hỏi mới").exists()


def test_the_officials_offered_to_other_apps_are_the_unit_s(two_units):
    a, b, made = two_units
    for unit, own in ((a, made["a"]), (b, made["b"])):
        with units.activate(unit):
            assert contributions.provided("officials") == [own["official"]]
    with units.activate(None), pytest.raises(NoUnitInScope):
        contributions.provided("officials")


def test_citizens_data_read_outside_any_unit_fails_loudly(two_units):
    with units.activate(None):
        for model in MODELS:
            with pytest.raises(NoUnitInScope):
                model.objects.count()
        with pytest.raises(NoUnitInScope):
            CitizenSettings.load()
        with pytest.raises(NoUnitInScope):
            services.next_code(timezone.localdate())
        with pytest.raises(NoUnitInScope):
            Feedback.objects.create(
                code="PAKN-X", name="X", address="X", phone="0912345678", due_date="2030-01-01"
            )
        with units.everywhere():
            assert Feedback.objects.count() == 2 and CitizenSettings.objects.count() == 2


def test_a_file_belongs_to_its_feedback_s_unit(two_units):
    a, b, made = two_units
    with units.activate(a):  # code working in A saves a file of B's item: the file is B's
        extra = FeedbackAttachment.objects.create(
            feedback=made["b"]["feedback"],
            file=jpeg(),
            original_name="x.jpg",
            content_type="image/jpeg",
            size=1,
        )
    assert extra.unit == b


def test_the_mail_after_the_commit_is_sent_in_the_unit_of_the_item(
    two_units, django_capture_on_commit_callbacks
):
    a, b, made = two_units
    with units.activate(b), django_capture_on_commit_callbacks() as callbacks:
        item = services.submit_feedback(
            lookup_url="http://xa-b/tra-cuu/", **{**RECORD, "email": "dan@example.vn"}
        )
    with units.activate(None):  # as a worker would run it, with no unit of its own
        for callback in callbacks:
            callback()
    # the sender's receipt, and the notice to B's reception officer (never A's)
    by_recipient = {tuple(message.to): message for message in mail.outbox}
    assert set(by_recipient) == {("dan@example.vn",), ("tiepdan_b@example.vn",)}
    assert item.code in by_recipient[("dan@example.vn",)].body
    assert "Ủy ban nhân dân xã B" in by_recipient[("dan@example.vn",)].body
    assert "Xã B" in by_recipient[("tiepdan_b@example.vn",)].body
    with units.activate(b):
        assert Feedback.objects.get(pk=item.pk).receipt_sent_at is not None


def test_a_new_unit_starts_with_its_contact_and_reception_settings(two_units):
    a, b, made = two_units
    new = factories.unit(
        "03004",
        "Xã Mới",
        hosts=["xa-moi.dienbien.localhost"],
        working_hours="Sáng 7:00 – 11:30, chiều 13:30 – 17:00",
    )
    contributions.new_unit(new)
    contributions.new_unit(new)  # twice: still one row
    with units.activate(new):
        settings = CitizenSettings.objects.get()
        assert settings.reception_place == "Trụ sở Ủy ban nhân dân Xã Mới"
        assert settings.reception_hours == "Sáng 7:00 – 11:30, chiều 13:30 – 17:00"
        assert settings.feedback_due_days == 20
        assert CitizenSettings.load() == settings
    units.hosts_changed()
    html = on("xa-moi.dienbien.localhost", "/tiep-cong-dan/").content.decode()
    assert "Trụ sở Ủy ban nhân dân Xã Mới" in html
    # nothing of the other units changed
    with units.everywhere():
        assert CitizenSettings.objects.count() == 3
    with units.activate(b):
        assert CitizenSettings.load().reception_place == "Phòng tiếp dân riêng B"
    other = factories.unit("03005", "Xã Khác")
    contributions.new_unit(other)
    with units.activate(other):
        assert CitizenSettings.objects.get().reception_hours == DEFAULT_RECEPTION_HOURS
