"""News chosen from the communes' sites for the province's site (issue 16 item 2): a commune's editor proposes a
published article of the commune, the province's editor accepts it or declines it with a reason, the commune
sees the outcome, and the province's home and /tin-tu-cac-xa/ link to the article on the commune's host."""

import pytest
from django.test import Client

from news.models import ArticleProposal, ProposalStatus
from portal import roles, units
from portal.models import UnitLevel
from tests import factories

pytestmark = pytest.mark.django_db

PROVINCE_HOST = "dienbien.localhost"
BUNGLAO_HOST = "bunglao.dienbien.localhost"
ANGTO_HOST = "angto.dienbien.localhost"
PROPOSALS = "/quan-tri/news/articleproposal/"


@pytest.fixture
def place():
    province = factories.unit("11", "Tỉnh Điện Biên", level=UnitLevel.TINH, hosts=[PROVINCE_HOST])
    bunglao = factories.unit("03256", "Xã Búng Lao", hosts=[BUNGLAO_HOST], parent=province)
    angto = factories.unit("03259", "Xã Ẳng Tở", hosts=[ANGTO_HOST], parent=province)
    units.hosts_changed()
    made = {"province": province, "bunglao": bunglao, "angto": angto}
    with units.activate(bunglao):
        made["article"] = factories.article(
            title="Búng Lao ra quân làm đường giao thông nông thôn",
            summary="Hơn 300 người dân cùng làm đường.",
            body="<p>NỘI DUNG RIÊNG CỦA BÀI XÃ</p>",
        )
        made["draft"] = factories.article(title="Bài nháp của Búng Lao", status="nhap", published_at=None)
    with units.activate(angto):
        made["angto_article"] = factories.article(title="Ẳng Tở đón bằng nông thôn mới")
    return made


def signed_in(role, unit, host):
    client = Client(HTTP_HOST=host)
    client.force_login(factories.staff_user(role, in_unit=unit))
    return client


def propose(client, article):
    return client.post(f"/quan-tri/news/article/{article.pk}/de-xuat/")


def proposal_of(article):
    with units.everywhere():
        return ArticleProposal.objects.filter(article=article).first()


def test_a_commune_editor_proposes_and_the_province_sees_it_waiting(place):
    commune = signed_in(roles.EDITOR, place["bunglao"], BUNGLAO_HOST)
    form = commune.get(f"/quan-tri/news/article/{place['article'].pk}/change/").content.decode()
    assert "Đề xuất lên cổng tỉnh" in form
    assert propose(commune, place["article"]).status_code == 302
    proposal = proposal_of(place["article"])
    assert proposal.status == ProposalStatus.WAITING
    assert proposal.unit_id == place["bunglao"].pk and proposal.province_id == place["province"].pk
    form = commune.get(f"/quan-tri/news/article/{place['article'].pk}/change/").content.decode()
    assert "Chờ tỉnh xét" in form
    # proposing again is refused, not doubled
    propose(commune, place["article"])
    with units.everywhere():
        assert ArticleProposal.objects.count() == 1

    province = signed_in(roles.EDITOR, place["province"], PROVINCE_HOST)
    home = province.get("/quan-tri/").content.decode()
    assert "Tin các xã, phường đề xuất chờ xét" in home
    listing = province.get(PROPOSALS + "?ket-qua=cho-xet").content.decode()
    assert place["article"].title in listing and "Xã Búng Lao" in listing
    assert f"{PROPOSALS}{proposal.pk}/xet/" in listing
    assert province.get(f"{PROPOSALS}{proposal.pk}/change/")["Location"] == f"{PROPOSALS}{proposal.pk}/xet/"
    decide_page = province.get(f"{PROPOSALS}{proposal.pk}/xet/").content.decode()
    assert f'href="http://{BUNGLAO_HOST}/tin-tuc/{place["article"].slug}/"' in decide_page
    own = commune.get(f"{PROPOSALS}{proposal.pk}/change/")["Location"]
    assert own == f"/quan-tri/news/article/{place['article'].pk}/change/"


def test_only_the_unit_s_own_published_articles_can_be_proposed(place):
    commune = signed_in(roles.EDITOR, place["bunglao"], BUNGLAO_HOST)
    response = propose(commune, place["draft"])
    assert response.status_code == 302 and proposal_of(place["draft"]) is None
    # another commune's article: as if it did not exist
    assert propose(commune, place["angto_article"]).status_code == 404
    assert proposal_of(place["angto_article"]) is None
    # the action of the list of articles does the same, for the unit's own published articles
    commune.post(
        "/quan-tri/news/article/",
        {"action": "propose_selected", "_selected_action": [place["draft"].pk, place["article"].pk]},
    )
    assert proposal_of(place["draft"]) is None
    assert proposal_of(place["article"]).status == ProposalStatus.WAITING
    with units.everywhere():
        ArticleProposal.objects.all().delete()
    # a reporter may not propose
    reporter = signed_in(roles.REPORTER, place["bunglao"], BUNGLAO_HOST)
    assert propose(reporter, place["article"]).status_code in (403, 404)
    assert proposal_of(place["article"]) is None
    # a province has nowhere to propose to
    with units.activate(place["province"]):
        own = factories.article(title="Bài của tỉnh")
    province = signed_in(roles.EDITOR, place["province"], PROVINCE_HOST)
    assert propose(province, own).status_code == 403


def test_the_province_accepts_and_its_pages_link_to_the_commune_s_article(place):
    province_site = Client(HTTP_HOST=PROVINCE_HOST)
    assert place["article"].title not in province_site.get("/").content.decode()  # now cached
    commune = signed_in(roles.EDITOR, place["bunglao"], BUNGLAO_HOST)
    propose(commune, place["article"])
    proposal = proposal_of(place["article"])
    editor = signed_in(roles.EDITOR, place["province"], PROVINCE_HOST)
    response = editor.post(f"{PROPOSALS}{proposal.pk}/xet/", {"quyet-dinh": "nhan"})
    assert response.status_code == 302
    assert proposal_of(place["article"]).status == ProposalStatus.ACCEPTED

    link = f'href="http://{BUNGLAO_HOST}/tin-tuc/{place["article"].slug}/"'
    home = province_site.get("/").content.decode()
    assert "Tin từ các xã, phường" in home and link in home and "Xã Búng Lao" in home
    listing = province_site.get("/tin-tu-cac-xa/").content.decode()
    assert link in listing and "Xã Búng Lao" in listing and "Hơn 300 người dân" in listing
    assert "NỘI DUNG RIÊNG CỦA BÀI XÃ" not in listing + home  # the body stays on the commune's site
    # the commune sees the outcome
    form = commune.get(f"/quan-tri/news/article/{place['article'].pk}/change/").content.decode()
    assert "Tỉnh đã nhận đăng" in form
    assert "Tỉnh đã nhận đăng" in commune.get(PROPOSALS).content.decode()
    # withdrawn on the commune: gone from the province's pages at once
    with units.activate(place["bunglao"]):
        article = place["article"]
        article.status = "da-go"
        article.save()
    assert link not in province_site.get("/").content.decode()
    assert link not in province_site.get("/tin-tu-cac-xa/").content.decode()


def test_the_province_declines_with_a_reason_the_commune_reads(place):
    commune = signed_in(roles.EDITOR, place["bunglao"], BUNGLAO_HOST)
    propose(commune, place["article"])
    proposal = proposal_of(place["article"])
    editor = signed_in(roles.EDITOR, place["province"], PROVINCE_HOST)
    page = editor.post(f"{PROPOSALS}{proposal.pk}/xet/", {"quyet-dinh": "tu-choi", "ly-do": " "})
    assert page.status_code == 200 and "Hãy ghi lý do từ chối" in page.content.decode()
    assert proposal_of(place["article"]).status == ProposalStatus.WAITING
    reason = "Tin đã có trên cổng tỉnh từ Sở Giao thông."
    editor.post(f"{PROPOSALS}{proposal.pk}/xet/", {"quyet-dinh": "tu-choi", "ly-do": reason})
    assert proposal_of(place["article"]).status == ProposalStatus.DECLINED
    form = commune.get(f"/quan-tri/news/article/{place['article'].pk}/change/").content.decode()
    assert "Tỉnh từ chối" in form and reason in form
    assert reason in commune.get(PROPOSALS).content.decode()
    assert (
        place["article"].title not in Client(HTTP_HOST=PROVINCE_HOST).get("/tin-tu-cac-xa/").content.decode()
    )
    # a declined article may be proposed again
    assert "Đề xuất lên cổng tỉnh" in form
    propose(commune, place["article"])
    assert proposal_of(place["article"]).status == ProposalStatus.WAITING


def test_a_commune_editor_cannot_decide_nor_see_another_commune_s_proposals(place):
    propose(signed_in(roles.EDITOR, place["bunglao"], BUNGLAO_HOST), place["article"])
    propose(signed_in(roles.EDITOR, place["angto"], ANGTO_HOST), place["angto_article"])
    proposal = proposal_of(place["article"])
    angto = signed_in(roles.EDITOR, place["angto"], ANGTO_HOST)
    assert angto.post(f"{PROPOSALS}{proposal.pk}/xet/", {"quyet-dinh": "nhan"}).status_code == 403
    bunglao = signed_in(roles.EDITOR, place["bunglao"], BUNGLAO_HOST)
    assert bunglao.post(f"{PROPOSALS}{proposal.pk}/xet/", {"quyet-dinh": "nhan"}).status_code == 403
    assert proposal_of(place["article"]).status == ProposalStatus.WAITING
    listing = angto.get(PROPOSALS).content.decode()
    assert place["angto_article"].title in listing and place["article"].title not in listing
    assert "/xet/" not in listing  # nothing to decide on a commune
    # another province's editor finds nothing of Điện Biên's
    other = factories.unit("12", "Tỉnh Lai Châu", level=UnitLevel.TINH, hosts=["laichau.localhost"])
    units.hosts_changed()
    laichau = signed_in(roles.EDITOR, other, "laichau.localhost")
    assert laichau.post(f"{PROPOSALS}{proposal.pk}/xet/", {"quyet-dinh": "nhan"}).status_code == 404
    assert place["article"].title not in laichau.get(PROPOSALS).content.decode()


def test_bad_ids_and_other_hosts_answer_404_not_500(place):
    editor = signed_in(roles.EDITOR, place["province"], PROVINCE_HOST)
    assert editor.get(f"{PROPOSALS}999999/xet/").status_code == 404
    assert editor.post(f"{PROPOSALS}999999/xet/", {"quyet-dinh": "nhan"}).status_code == 404
    assert editor.get(f"{PROPOSALS}abc/xet/").status_code in (302, 404)
    assert editor.get(f"{PROPOSALS}999999/change/").status_code == 404
    assert editor.get(f"{PROPOSALS}abc/change/").status_code in (302, 404)
    commune = signed_in(roles.EDITOR, place["bunglao"], BUNGLAO_HOST)
    assert commune.post("/quan-tri/news/article/999999/de-xuat/").status_code == 404
    assert Client(HTTP_HOST=BUNGLAO_HOST).get("/tin-tu-cac-xa/").status_code == 404
    site = Client(HTTP_HOST=PROVINCE_HOST)
    for query in ("?page=abc", "?page=999", "?page=-1"):
        assert site.get("/tin-tu-cac-xa/" + query).status_code == 200
