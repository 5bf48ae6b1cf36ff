import logging
from hashlib import md5

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.csp import CSP
from django.utils.http import urlencode
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_POST, require_safe
from django_ckeditor_5.views import upload_file as ckeditor_upload_file

from news import counters, proposals, services, versions
from news.forms import DocumentFilterForm
from news.images import validate_photo
from news.menu import intro_pages
from news.models import (
    VALIDITY_FILTERS,
    Article,
    ArticleStatus,
    Category,
    Document,
    DocumentType,
    Page,
    ProfileItem,
)
from portal import units
from portal.cache import before_due, cached
from portal.contributions import provided
from portal.forms import MAX_QUERY_LENGTH
from portal.pagecache import on_cache_hit
from portal.pagination import LongListPaginator
from portal.sql import Shape
from portal.storage import StoreUnavailable
from portal.text import fold
from portal.views import province_only, render_error_page

logger = logging.getLogger(__name__)

ARTICLES_PER_PAGE = 12
DOCUMENTS_PER_PAGE = 20


@require_safe
def intro_index(request):
    """The unit's profile in the order of Nghị định 224/2026/NĐ-CP Điều 9 khoản 1 điểm c: organisation, map,
    natural conditions, history, cultural traditions, relics and scenic spots, leaders; then the other
    introduction pages. Staff who edit pages also see which items are still drafts."""
    pages = list(
        Page.objects.filter(Q(is_published=True) | ~Q(profile_item=""))
        .only("title", "slug", "summary", "profile_item", "is_published", "updated_at", "order")
        .order_by("order", "title")
    )
    by_item = {page.profile_item: page for page in pages if page.profile_item}
    items = [by_item[value] for value in ProfileItem.values if value in by_item]
    published = {page.profile_item: page for page in items if page.is_published}
    # only a signed-in person's request reads the session: a visitor's page stays cacheable (portal.pagecache)
    can_edit = settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.has_perm("news.change_page")
    return render(
        request,
        "news/intro_index.html",
        {
            # the map (site.has_map) and the leaders ({% url 'leaders' %}) come in between, in the template
            "organisation": published.pop(ProfileItem.ORGANISATION, None),
            "items": list(published.values()),
            "others": [page for page in pages if not page.profile_item and page.is_published],
            "drafts": [page for page in items if not page.is_published] if can_edit else [],
            "section_pages": intro_pages(),
            "breadcrumbs": [("Giới thiệu", None)],
        },
    )


@require_safe
def page_detail(request, slug):
    page = get_object_or_404(Page, slug=slug)
    # a draft (a profile item staff have not written yet) is seen by those who edit pages, as a preview
    preview = not page.is_published
    if preview and not (request.user.is_staff and request.user.has_perm("news.change_page")):
        raise Http404("Không có trang này.")
    # the unit's leaders, from whichever app keeps them (portal.contributions)
    officials = provided("officials", default=[]) if page.show_officials else []
    return render(
        request,
        "news/page_detail.html",
        {
            "page": page,
            "preview": preview,
            "officials": officials,
            "section_pages": intro_pages(),
            "breadcrumbs": [("Giới thiệu", "/gioi-thieu/"), (page.title, None)],
        },
    )


def categories():
    return cached("news-categories", lambda: list(Category.objects.all()))


def _article_page(request, queryset, count_name, category=None):
    def counter():
        """The published articles, and when the next scheduled one appears (the count changes then)."""
        now = timezone.now()
        scheduled = Article.objects.filter(status=ArticleStatus.PUBLISHED)
        if category is not None:
            scheduled = scheduled.filter(category=category)
        data = scheduled.aggregate(
            count=Count("pk", filter=Q(published_at__lte=now)),
            until=Min("published_at", filter=Q(published_at__gt=now)),
        )
        return data["count"], data["until"]

    paginator = LongListPaginator(queryset, ARTICLES_PER_PAGE, count_name=count_name, counter=counter)
    return paginator.get_page(request.GET.get("page"))


@require_safe
def article_list(request):
    return render(
        request,
        "news/article_list.html",
        {
            "page_obj": _article_page(request, Article.objects.published().listing(), "articles"),
            "categories": categories(),
            "breadcrumbs": [("Tin tức", None)],
        },
    )


@require_safe
def category_detail(request, slug):
    category = next((c for c in categories() if c.slug == slug), None)
    if category is None:
        raise Http404("Không có chuyên mục này.")
    articles = Article.objects.published().filter(category=category).listing()
    return render(
        request,
        "news/article_list.html",
        {
            "category": category,
            "page_obj": _article_page(request, articles, f"articles:{category.pk}", category),
            "categories": categories(),
            "breadcrumbs": [("Tin tức", "/tin-tuc/"), (category.name, None)],
        },
    )


@require_safe
@xframe_options_sameorigin
@csp_override({**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]})
def article_preview(request, token):
    """/tin-tuc/xem-truoc/<token>/: the text of an unsaved article form (news.versions.keep_preview), as the
    article page shows it, for the person who asked, framed by the admin's preview at two widths."""
    if not request.user.is_authenticated:
        raise Http404("Không có bản xem trước này.")
    kept = versions.preview_of(token, unit_id=units.current().pk, user_id=request.user.pk)
    if kept is None:
        raise Http404("Bản xem trước đã hết hạn; hãy bấm «Xem trước» lại trong trang viết bài.")
    base = Article.objects.filter(pk=kept["article"]).first() if kept["article"] else None
    article = versions.apply(base or Article(status=ArticleStatus.DRAFT), kept["data"])
    article.slug = article.slug or "ban-xem-truoc"  # a new article has no address yet
    category = Category.objects.filter(pk=article.category_id).first()
    if category is None:
        raise Http404("Chuyên mục của bài không còn.")
    article.category = category
    response = render(
        request,
        "news/article_detail.html",
        {
            "article": article,
            "preview": True,
            "unsaved": True,
            "picture": article.cover_picture() if base else None,
            "views": article.view_count or 0,
            "documents": list(base.documents.published()) if base else [],
            "related": [],
            "breadcrumbs": [
                ("Tin tức", "/tin-tuc/"),
                (category.name, category.get_absolute_url()),
                (article.title, None),
            ],
        },
    )
    add_never_cache_headers(response)
    response.headers["Cache-Control"] += ", private"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


RELATED_ARTICLES = 4


def newest_of_category(category_id):
    """The category's newest public articles, one more than an article's page lists beside it (the article
    itself may be among them): cached per content version and shared by every article of the category, so
    an article read for the first time does not ask for them again. Rebuilt when a scheduled article of the
    unit falls due, as the home page's news is."""
    return cached(
        f"category-newest:{category_id}",
        lambda: {
            "due": Article.objects.next_scheduled(),
            "articles": list(
                Article.objects.published().filter(category_id=category_id).listing()[: RELATED_ARTICLES + 1]
            ),
        },
        fresh=before_due,
    )


def _article_at(slug):
    # whether any published document links to it: most articles have none, and then are not asked for them
    linked = Document.objects.published().filter(related_articles=OuterRef("pk"))
    return Article.objects.annotate(has_documents=Exists(linked)).filter(slug=slug)


# the article page's one query, compiled once per process and unit (portal.sql)
ARTICLE_AT = Shape(Article, _article_at, slug="-- the address asked for --")


@require_safe
def article_detail(request, slug):
    article = ARTICLE_AT.first(slug=slug)
    if article is None:
        raise Http404("Không có bài viết này.")
    preview = not article.is_public
    pending = None
    if "ban-cho" in request.GET and services.can_preview(request.user, article):
        # the pending change of a published article, as readers will see it once published (news.versions)
        pending = versions.pending_of(article)
        if pending is not None:
            versions.apply(article, pending.data)  # a new category_id: Django loads that category when asked
            preview = True
    if preview and not services.can_preview(request.user, article):
        raise Http404("Không có bài viết này.")
    newest = newest_of_category(article.category_id)["articles"]
    if newest:  # its category, as the list of the category's newest articles holds it: no query for it
        article.category = newest[0].category
    related = [other for other in newest if other.pk != article.pk][:RELATED_ARTICLES]
    response = render(
        request,
        "news/article_detail.html",
        {
            "article": article,
            "preview": preview,
            "pending": pending,
            "picture": article.cover_picture(),
            "views": counters.shown_views(request, article, count=not preview),
            "documents": list(article.documents.published()) if article.has_documents else [],
            "related": related,
            "breadcrumbs": [
                ("Tin tức", "/tin-tuc/"),
                (article.category.name, article.category.get_absolute_url()),
                (article.title, None),
            ],
        },
    )
    if not preview:
        on_cache_hit(response, counters.count_view_of, article.pk)  # views of the cached page count too
    if preview:
        add_never_cache_headers(response)
        response.headers["Cache-Control"] += ", private"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _document_filters():
    def build():
        docs = Document.objects.published()
        return {
            "issuers": sorted(set(docs.values_list("issuer", flat=True))),
            "years": sorted({d.year for d in docs.dates("issued_on", "year")}, reverse=True),
        }

    return cached("document-filters", build)


@require_safe
def document_list(request):
    docs = Document.objects.published().defer("search_text")
    filters = _document_filters()
    form = DocumentFilterForm(request.GET, **filters)
    valid = form.cleaned_filters()
    chosen = {
        "loai": valid.get("loai", ""),
        "issuer": valid.get("co-quan", ""),
        "nam": str(valid.get("nam", "")),
        "hieu_luc": valid.get("hieu-luc", ""),
        "q": request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH],
    }
    today = timezone.localdate()
    if chosen["loai"]:
        docs = docs.filter(doc_type=chosen["loai"])
    if chosen["issuer"]:
        docs = docs.filter(issuer=chosen["issuer"])
    if chosen["nam"]:
        docs = docs.filter(issued_on__year=valid["nam"])
    if chosen["hieu_luc"]:
        docs = docs.in_state(chosen["hieu_luc"], today)
    for word in fold(chosen["q"]).split()[:10]:
        docs = docs.filter(search_text__contains=word)
    return render(
        request,
        "news/document_list.html",
        {
            "page_obj": LongListPaginator(
                docs,
                DOCUMENTS_PER_PAGE,
                # a validity follows the day (effective and expiry dates): its count is the day's
                count_name="documents:"
                + md5(urlencode(sorted(chosen.items())).encode()).hexdigest()
                + (f":{today:%Y%m%d}" if chosen["hieu_luc"] else ""),
            ).get_page(request.GET.get("page")),
            "types": DocumentType.choices,
            "validities": VALIDITY_FILTERS,
            "chosen": chosen,
            "filtered": any(chosen.values()),
            "ignored": [message for messages in form.errors.values() for message in messages],
            **filters,
            "breadcrumbs": [("Văn bản", None)],
        },
        status=400 if form.errors else 200,
    )


@require_safe
def document_detail(request, slug):
    document = get_object_or_404(Document.objects.published().select_related("replaced_by"), slug=slug)
    articles = Article.objects.published().filter(documents=document).listing()
    replacement = document.replaced_by
    if replacement is not None and not (replacement.is_published and replacement.unit_id == document.unit_id):
        replacement = None
    links = Document.objects.published().only("slug", "number", "doc_type", "issued_on", "summary")
    return render(
        request,
        "news/document_detail.html",
        {
            "document": document,
            "validity": document.validity_on(timezone.localdate()),
            "replacement": replacement,
            "replaces": list(links.filter(replaced_by=document).order_by("issued_on", "pk")),
            "amended_by": list(links.filter(amends=document).order_by("issued_on", "pk")),
            "amends": list(links.filter(amended_by=document).order_by("issued_on", "pk")),
            "articles": list(articles),
            "breadcrumbs": [("Văn bản", "/van-ban/"), (document.number, None)],
        },
    )


CONTENT_TYPES = {
    "PDF": "application/pdf",
    "DOC": "application/msword",
    "DOCX": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _documents_for(user):
    """Documents whose files this reader may have: the public ones; all of them for staff who may see documents."""
    if user.is_staff and user.has_perm("news.view_document"):
        return Document.objects.all()
    return Document.objects.published()


def _send_document(request, document):
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        logger.warning("Thiếu tệp của văn bản %s: %s", document.number, document.file.name)
        raise Http404("Tệp của văn bản này không còn trên máy chủ.") from None
    except StoreUnavailable:  # the object store does not answer: "try again later", not a 500
        logger.warning("Kho lưu trữ tệp không trả lời: văn bản %s", document.number, exc_info=True)
        return render_error_page(request, 503)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=document.file_name or document.file.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES.get(document.extension, "application/octet-stream"),
    )
    if not document.is_published:  # a member of staff reading a document not (or no longer) public
        add_never_cache_headers(response)
        response.headers["Cache-Control"] += ", private"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_safe
def document_download(request, slug):
    return _send_document(request, get_object_or_404(_documents_for(request.user), slug=slug))


@require_safe
def document_file(request, name):
    """A document's file by its stored name (the address the admin links to; old /media/van-ban/ links
    come here too): sent like ``document_download``, to the same readers."""
    document = _documents_for(request.user).filter(file=name).first()
    if document is None:
        raise Http404("Không có văn bản này.")
    return _send_document(request, document)


@require_POST
def editor_upload(request):
    """CKEditor's photo upload, with our checks first (size, real image, 40 megapixels) and Vietnamese errors."""
    upload = request.FILES.get("upload")
    if upload is not None and request.user.is_staff:
        try:
            validate_photo(upload)
        except ValidationError as error:
            return JsonResponse({"error": {"message": error.messages[0]}}, status=400)
    return ckeditor_upload_file(request)


COMMUNE_NEWS_PER_PAGE = 20


@require_safe
@province_only
def commune_news(request):
    """/tin-tu-cac-xa/ on the province's site: the news the province chose from its communes' sites, each
    linking to the article on the commune's own site (news.proposals)."""
    from django.core.paginator import Paginator

    page_obj = Paginator(proposals.accepted_articles(units.current()), COMMUNE_NEWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "news/commune_news.html",
        {
            "page_obj": page_obj,
            "entries": proposals.items(page_obj.object_list, request),
            "breadcrumbs": [("Tin tức", "/tin-tuc/"), ("Tin từ các xã, phường", None)],
        },
    )
