"""News chosen from the communes' sites for the province's site (issue 16 item 2, «Tin từ các xã, phường»).

A commune's editor proposes one of the commune's published articles; an editor of the province accepts it or
declines it with a reason; the commune sees the outcome on its proposal and on the article. The province's
site lists the accepted ones as the article's title, summary, date and the commune's name, linking to the
article on the commune's own host (``portal.units.site_url``): nothing of the body is copied.

Proposals belong to the commune (its default manager shows the commune its own); the province reads those
addressed to it across units (``units.everywhere()``), and only those. Deciding changes the province's pages,
not the commune's: the province's content version is bumped here (the model says ``changes_pages = False``).
"""

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from news.models import Article, ArticleProposal, ArticleStatus, ProposalStatus
from portal import units
from portal.cache import bump_content_version

PROVINCE_HOME = 4  # accepted proposals in the block of the province's home page


class ProposalError(ValueError):
    """A proposal or a decision that cannot be made; its message is for the person."""


def _province_changed(province_id):
    bump_content_version(province_id)
    transaction.on_commit(lambda: bump_content_version(province_id))


def province_of(unit):
    """The province whose site a unit's articles may be proposed to, or None (a province, a lone commune)."""
    if unit is None or unit.is_province or not unit.parent_id:
        return None
    parent = units.unit_by_id(unit.parent_id) or unit.parent
    return parent if parent is not None and parent.is_province else None


def propose(article, user):
    """Propose ``article`` (of the unit in scope) to the province; a declined one is asked anew."""
    unit = units.current()
    province = province_of(unit)
    if province is None:
        raise ProposalError("Đơn vị này không thuộc tỉnh nào có cổng thông tin: không có nơi để đề xuất.")
    if article.unit_id != unit.pk:
        raise Http404("Không có bài viết này.")
    if not article.is_public:
        raise ProposalError(f"Bài «{article.title}» chưa xuất bản: chỉ đề xuất được bài đã đăng trên cổng.")
    proposal = ArticleProposal.objects.filter(article=article).first()
    if proposal is not None and proposal.status != ProposalStatus.DECLINED:
        raise ProposalError(
            f"Bài «{article.title}» đã được đề xuất ({proposal.get_status_display().lower()})."
        )
    proposal = proposal or ArticleProposal(article=article)
    proposal.province = province
    proposal.status = ProposalStatus.WAITING
    proposal.proposed_by, proposal.proposed_at = user, timezone.now()
    proposal.decided_by, proposal.decided_at, proposal.reason = None, None, ""
    try:
        with transaction.atomic():
            proposal.save()
    except IntegrityError:  # the same article proposed at the same moment (a double click): it is proposed
        raise ProposalError(f"Bài «{article.title}» đã được đề xuất.") from None
    return proposal


def addressed_to(province):
    """The proposals the communes sent to ``province`` (a queryset that reads across units)."""
    with units.everywhere():
        return ArticleProposal.objects.filter(province=province)


def decide(proposal, user, accept, reason=""):
    """The province in scope accepts or declines ``proposal``; declining needs a reason."""
    province = units.current()
    if proposal.province_id != province.pk:
        raise Http404("Không có đề xuất này.")
    reason = (reason or "").strip()
    if not accept and not reason:
        raise ProposalError("Hãy ghi lý do từ chối để xã, phường biết.")
    proposal.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.DECLINED
    proposal.reason = "" if accept else reason
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    with units.everywhere():
        proposal.save()
    _province_changed(province.pk)
    return proposal


def article_changed(sender, instance, **kwargs):
    """An accepted article edited, withdrawn or deleted on its commune: the province's pages change too
    (one indexed query per article save, none for articles of a province)."""
    with units.everywhere():
        provinces = set(
            ArticleProposal.objects.filter(
                article_id=instance.pk, status=ProposalStatus.ACCEPTED
            ).values_list("province_id", flat=True)
        )
    for province_id in provinces:
        _province_changed(province_id)


def accepted_articles(province):
    """The articles of the accepted proposals to ``province`` that are public now, newest first (a queryset
    that reads across units; the index of each unit's listing serves the article side)."""
    with units.everywhere():
        return (
            Article.objects.filter(
                proposal__province=province,
                proposal__status=ProposalStatus.ACCEPTED,
                status=ArticleStatus.PUBLISHED,
                published_at__lte=timezone.now(),
            )
            .only("pk", "unit_id", "title", "slug", "summary", "published_at")
            .order_by("-published_at", "-pk")
        )


def items(articles, request):
    """What the province's pages show of each article: its title, summary, date, its commune's name and the
    link to it on the commune's site ("" when the commune has no host name yet). No query: the units come
    from the map every process keeps."""
    found = []
    for article in articles:
        unit = units.unit_by_id(article.unit_id)
        if unit is None:
            continue
        found.append(
            {
                "title": article.title,
                "summary": article.summary,
                "date": article.published_at,
                "unit_name": unit.unit_name,
                "url": units.site_url(unit, request, article.get_absolute_url()),
            }
        )
    return found


def latest(province, request, limit=PROVINCE_HOME):
    """The block of the province's home page: the newest accepted news. One query."""
    return items(list(accepted_articles(province)[:limit]), request)
