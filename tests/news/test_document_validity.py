"""Documents' validity (issue 18 item 6): in force, not yet, partly or wholly no longer in force, replaced by
which document and amended by which, shown on the document both ways, filterable in /van-ban/ and the admin,
and checked when staff record it."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from news.models import Document, Validity, ValidityState
from portal import roles, units
from portal.models import UnitHost
from tests import factories
from tests.demo import load_demo

# Validity follows the day (effective and expiry dates): each test sees one instant.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_clock")]


@pytest.fixture
def docs(db):
    """An old plan replaced by a new one, a decision amended by another, and one not yet in force."""
    factories.site_settings()
    today = timezone.localdate()
    new_plan = factories.document(
        number="120/KH-UBND", issued_on=date(2021, 1, 5), summary="Kế hoạch cải cách hành chính năm 2021"
    )
    old_plan = factories.document(
        number="3855/KH-UBND",
        issued_on=date(2020, 1, 13),
        effective_on=date(2020, 1, 13),
        summary="Kế hoạch cải cách hành chính năm 2020",
        validity=Validity.EXPIRED,
        replaced_by=new_plan,
    )
    decision = factories.document(
        doc_type="quyet-dinh",
        number="15/QĐ-UBND",
        issued_on=date(2020, 3, 2),
        summary="Quy chế tiếp công dân",
        validity=Validity.PARTLY_EXPIRED,
        validity_note="Điều 5 hết hiệu lực từ ngày 01/01/2021.",
    )
    amendment = factories.document(
        doc_type="quyet-dinh",
        number="200/QĐ-UBND",
        issued_on=date(2020, 12, 20),
        summary="Sửa đổi Điều 5 Quy chế tiếp công dân",
    )
    decision.amended_by.add(amendment)
    upcoming = factories.document(
        number="9/TB-UBND",
        doc_type="thong-bao",
        issued_on=today - timedelta(days=3),
        effective_on=today + timedelta(days=10),
        summary="Thông báo chưa có hiệu lực",
    )
    lapsed = factories.document(
        number="7/KH-UBND",
        issued_on=date(2020, 2, 1),
        effective_on=date(2020, 2, 1),
        expires_on=today,  # from today on it is no longer in force, though staff left it "còn hiệu lực"
        summary="Kế hoạch có thời hạn",
    )
    return {
        "new_plan": new_plan,
        "old_plan": old_plan,
        "decision": decision,
        "amendment": amendment,
        "upcoming": upcoming,
        "lapsed": lapsed,
    }


def badge(html):
    return re.search(r'<span class="validity validity-[^"]+">([^<]+)</span>', html)[1]


def test_the_document_shows_its_validity_and_its_replacement_both_ways(client, docs):
    old = client.get(docs["old_plan"].get_absolute_url()).content.decode()
    assert badge(old) == "Hết hiệu lực toàn bộ"
    assert (
        f'Được thay thế bởi <a href="{docs["new_plan"].get_absolute_url()}">Kế hoạch số 120/KH-UBND</a>'
        in old
    )
    new = client.get(docs["new_plan"].get_absolute_url()).content.decode()
    assert badge(new) == "Còn hiệu lực"
    section = new.split('id="van-ban-lien-quan-hieu-luc"')[1]
    assert "Thay thế văn bản" in section and docs["old_plan"].get_absolute_url() in section


def test_amendments_are_linked_both_ways_with_the_note(client, docs):
    decision = client.get(docs["decision"].get_absolute_url()).content.decode()
    assert badge(decision) == "Hết hiệu lực một phần"
    assert "Điều 5 hết hiệu lực từ ngày 01/01/2021." in decision
    section = decision.split('id="van-ban-lien-quan-hieu-luc"')[1]
    assert "Sửa đổi, bổ sung bởi" in section and docs["amendment"].get_absolute_url() in section
    amendment = client.get(docs["amendment"].get_absolute_url()).content.decode()
    section = amendment.split('id="van-ban-lien-quan-hieu-luc"')[1]
    assert "Sửa đổi, bổ sung văn bản" in section and docs["decision"].get_absolute_url() in section


def test_dates_decide_not_yet_and_expired(client, docs):
    upcoming = client.get(docs["upcoming"].get_absolute_url()).content.decode()
    assert badge(upcoming) == "Chưa có hiệu lực"
    lapsed = client.get(docs["lapsed"].get_absolute_url()).content.decode()
    assert badge(lapsed) == "Hết hiệu lực toàn bộ"
    assert f"<dt>Ngày hết hiệu lực</dt><dd>{timezone.localdate():%d/%m/%Y}</dd>" in lapsed
    today = timezone.localdate()
    assert docs["upcoming"].validity_on(today + timedelta(days=10)) == ValidityState.IN_FORCE
    assert docs["lapsed"].validity_on(today - timedelta(days=1)) == ValidityState.IN_FORCE


def test_an_unpublished_replacement_is_not_linked(client, docs):
    Document.objects.filter(pk=docs["new_plan"].pk).update(is_published=False)
    cache.clear()
    old = client.get(docs["old_plan"].get_absolute_url()).content.decode()
    assert badge(old) == "Hết hiệu lực toàn bộ"
    assert "120/KH-UBND" not in old and "Được thay thế bởi" not in old


def test_the_list_filters_by_validity_and_keeps_the_other_filters(client, docs):
    def found(query):
        response = client.get("/van-ban/", query)
        html = response.content.decode()
        return {d.number for d in docs.values() if d.get_absolute_url() in html}, response.status_code

    everything = {d.number for d in docs.values()}
    assert found({}) == (everything, 200)
    assert found({"hieu-luc": "con-hieu-luc"}) == ({"120/KH-UBND", "200/QĐ-UBND"}, 200)
    assert found({"hieu-luc": "chua-co-hieu-luc"}) == ({"9/TB-UBND"}, 200)
    assert found({"hieu-luc": "het-hieu-luc-mot-phan"}) == ({"15/QĐ-UBND"}, 200)
    assert found({"hieu-luc": "het-hieu-luc"}) == ({"3855/KH-UBND", "7/KH-UBND"}, 200)
    assert found({"hieu-luc": "bi-thay-the"}) == ({"3855/KH-UBND"}, 200)
    # with the other filters
    assert found({"hieu-luc": "het-hieu-luc", "q": "cai cach"}) == ({"3855/KH-UBND"}, 200)
    assert found({"hieu-luc": "con-hieu-luc", "loai": "quyet-dinh"}) == ({"200/QĐ-UBND"}, 200)
    # an unknown value is reported and left out
    numbers, status = found({"hieu-luc": "vo-hieu", "loai": "quyet-dinh"})
    assert numbers == {"15/QĐ-UBND", "200/QĐ-UBND"} and status == 400
    html = client.get("/van-ban/", {"hieu-luc": "vo-hieu"}).content.decode()
    assert "Không có tình trạng hiệu lực này; đã bỏ qua điều kiện «Tình trạng hiệu lực»." in html
    # the select keeps the choice, and the list shows each document's badge
    html = client.get("/van-ban/", {"hieu-luc": "het-hieu-luc", "loai": "ke-hoach"}).content.decode()
    assert '<option value="het-hieu-luc" selected>Hết hiệu lực toàn bộ</option>' in html
    assert '<option value="ke-hoach" selected>' in html
    assert 'class="validity validity-het-hieu-luc">Hết hiệu lực toàn bộ</span>' in html
    assert "Tìm thấy 2 văn bản." in html


def test_the_list_and_the_document_cost_the_same_with_few_or_many_links(client, docs):
    def count(url):
        cache.clear()
        units.for_host("testserver")
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    decision = docs["decision"]
    urls = ["/van-ban/", "/van-ban/?hieu-luc=con-hieu-luc", decision.get_absolute_url()]
    small = [count(url) for url in urls]
    for n in range(20):
        amending = factories.document(issued_on=date(2021, 1, 1) + timedelta(days=n))
        decision.amended_by.add(amending)
        factories.document(issued_on=date(2019, 1, 1), validity=Validity.EXPIRED, replaced_by=decision)
    assert [count(url) for url in urls] == small


# --- staff record it ---------------------------------------------------------------------------------------


def test_the_model_explains_what_is_wrong(docs):
    old = docs["old_plan"]
    old.replaced_by = old
    with pytest.raises(ValidationError, match="Một văn bản không thể thay thế chính nó."):
        old.full_clean()
    old.replaced_by = docs["new_plan"]
    old.expires_on = date(2020, 1, 1)
    with pytest.raises(ValidationError, match="Ngày hết hiệu lực phải sau ngày có hiệu lực."):
        old.full_clean()
    old.expires_on = None
    old.validity = Validity.IN_FORCE
    with pytest.raises(ValidationError, match="Văn bản đã bị thay thế thì hết hiệu lực toàn bộ"):
        old.full_clean()
    old.expires_on = date(2021, 2, 1)  # in force until its replacement takes effect
    old.full_clean()
    new = docs["new_plan"]
    new.replaced_by, new.validity = old, Validity.EXPIRED
    with pytest.raises(ValidationError, match="không thể thay thế lẫn nhau"):
        new.full_clean()
    b = factories.unit("03001", "Xã B")
    with units.activate(b):
        stranger = factories.document(number="1/KH-UBND", issued_on=date(2022, 1, 1))
    old.replaced_by = stranger
    with pytest.raises(ValidationError, match="Chỉ chọn được văn bản của cùng đơn vị."):
        old.full_clean()


def admin_form(document, **values):
    data = {
        "doc_type": document.doc_type,
        "number": document.number,
        "summary": document.summary,
        "issuer": document.issuer,
        "signer": document.signer,
        "issued_on": f"{document.issued_on:%d/%m/%Y}",
        "validity": document.validity,
        "effective_on": f"{document.effective_on:%d/%m/%Y}" if document.effective_on else "",
        "expires_on": f"{document.expires_on:%d/%m/%Y}" if document.expires_on else "",
        "replaced_by": document.replaced_by_id or "",
        "amended_by": [d.pk for d in document.amended_by.all()],
        "validity_note": document.validity_note,
        "related_articles": [],
        "slug": document.slug,
        "is_published": "on",
    }
    data.update(values)
    return data


def test_the_admin_records_validity_with_clear_messages(docs):
    UnitHost.objects.create(unit=units.current(), host="xa-a.dienbien.localhost", is_primary=True)
    b = factories.unit("03001", "Xã B", hosts=["xa-b.dienbien.localhost"])
    units.hosts_changed()
    with units.activate(b):
        stranger = factories.document(number="1/KH-UBND", issued_on=date(2022, 1, 1))
    client = Client(HTTP_HOST="xa-a.dienbien.localhost")
    client.force_login(factories.staff_user(roles.EDITOR))
    decision = docs["decision"]
    url = f"/quan-tri/news/document/{decision.pk}/change/"

    def errors(**values):
        response = client.post(url, admin_form(decision, **values))
        assert response.status_code == 200, "the form was saved"
        return response.content.decode()

    assert "Một văn bản không thể sửa đổi, bổ sung chính nó." in errors(amended_by=[decision.pk])
    assert "Chỉ chọn được văn bản của cùng đơn vị." in errors(amended_by=[stranger.pk])
    assert "Chỉ chọn được văn bản của cùng đơn vị." in errors(replaced_by=stranger.pk)
    assert "Một văn bản không thể thay thế chính nó." in errors(
        replaced_by=decision.pk, validity="het-hieu-luc"
    )
    html = errors(effective_on="01/06/2020", expires_on="01/05/2020")
    assert "Ngày hết hiệu lực phải sau ngày có hiệu lực." in html
    assert "Văn bản sửa đổi, bổ sung phải ban hành cùng ngày hoặc sau văn bản này: 3855/KH-UBND." in errors(
        amended_by=[docs["old_plan"].pk]
    )
    # a valid change is saved, and shown on both documents
    response = client.post(
        url, admin_form(decision, validity="het-hieu-luc", replaced_by=docs["new_plan"].pk)
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.replaced_by == docs["new_plan"]
    public = Client(HTTP_HOST="xa-a.dienbien.localhost")
    assert "Được thay thế bởi" in public.get(decision.get_absolute_url()).content.decode()
    assert decision.get_absolute_url() in public.get(docs["new_plan"].get_absolute_url()).content.decode()
    # the list: a column and a filter
    listing = client.get("/quan-tri/news/document/").content.decode()
    assert "Hết hiệu lực toàn bộ (thay thế bởi 120/KH-UBND)" in listing and "Chưa có hiệu lực" in listing
    filtered = client.get("/quan-tri/news/document/", {"hieu-luc": "het-hieu-luc-mot-phan"}).content.decode()
    assert "15/QĐ-UBND" not in filtered  # now wholly replaced
    filtered = client.get("/quan-tri/news/document/", {"hieu-luc": "chua-co-hieu-luc"}).content.decode()
    assert "9/TB-UBND" in filtered and "120/KH-UBND" not in filtered


def test_existing_documents_are_in_force_by_default(docs):
    assert factories.document().validity == Validity.IN_FORCE
    assert Document._meta.get_field("validity").default == Validity.IN_FORCE


def test_the_demo_shows_an_amended_decision_and_expired_plans(client):

    load_demo()
    decision = Document.objects.get(number="1250/QĐ-UBND")
    html = client.get(decision.get_absolute_url()).content.decode()
    assert badge(html) == "Hết hiệu lực một phần" and "Sửa đổi, bổ sung bởi" in html
    assert Document.objects.get(number="1420/QĐ-UBND").get_absolute_url() in html
    plan = Document.objects.get(number="3855/KH-UBND")
    assert badge(client.get(plan.get_absolute_url()).content.decode()) == "Hết hiệu lực toàn bộ"
