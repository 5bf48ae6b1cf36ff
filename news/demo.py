"""The news part of the demo: categories, about 30 articles with generated photos, documents with PDFs.

Created once; a record that exists is never changed (``website.demo.ledger``).
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from news.demo_content import ARTICLES, CATEGORIES, DOCUMENTS, WORKFLOW_ARTICLES
from news.models import Article, ArticleEvent, ArticleStatus, Category, Document
from portal.richtext import sanitize_html
from portal.text import slugify_vi
from website.demo import images as demo_images

Action = ArticleEvent.Action


def _when(text):
    return timezone.make_aware(datetime.strptime(text, "%d/%m/%Y %H:%M"))


def _day(text):
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def load(ledger):
    """Create the demo categories, articles and documents the demo has never created (see website.demo.ledger)."""
    User = get_user_model()
    reporter = User.objects.filter(username="phongvien").first()
    editor = User.objects.filter(username="bientap").first()
    for slug, name, order, on_home, is_notice, description in CATEGORIES:
        ledger.create(
            Category,
            {"slug": slug},
            name=name,
            order=order,
            show_on_home=on_home,
            is_notice=is_notice,
            description=description,
        )

    def missing(slug):
        return ledger.first_time(f"news.article:{slug}") and not Article.objects.filter(slug=slug).exists()

    def category(slug):  # None when staff deleted the demo category: its articles are not created then
        return Category.objects.filter(slug=slug).first()

    for index, data in enumerate(ARTICLES):
        slug = data.get("slug") or slugify_vi(data["title"], max_length=250)
        if not missing(slug) or (home := category(data["category"])) is None:
            continue
        at = _when(data["at"])
        article = Article(
            slug=slug,
            created_by=reporter,
            title=data["title"],
            category=home,
            summary=data["summary"],
            body=sanitize_html("".join(data["body"])),
            cover_alt=data["alt"],
            cover_caption=data.get("caption", ""),
            author_name=data.get("author", "Quàng Văn Dũng"),
            source=data.get("source", ""),
            status=ArticleStatus.PUBLISHED,
            published_at=at,
            featured=data.get("featured", False),
        )
        article.cover.save(f"{slug[:60]}.jpg", ContentFile(demo_images.landscape_jpeg(index)), save=False)
        article.save()
        ArticleEvent.objects.bulk_create(
            [
                ArticleEvent(
                    article=article, action=Action.CREATED, actor=reporter, at=at.replace(hour=6, minute=0)
                ),
                ArticleEvent(
                    article=article, action=Action.SUBMITTED, actor=reporter, at=at.replace(hour=6, minute=30)
                ),
                ArticleEvent(article=article, action=Action.PUBLISHED, actor=editor, at=at),
            ]
        )

    for title, status, summary in WORKFLOW_ARTICLES:
        slug = slugify_vi(title, max_length=250)
        if not missing(slug) or (home := category("tin-tuc-su-kien")) is None:
            continue
        article = Article.objects.create(
            slug=slug,
            title=title,
            category=home,
            summary=summary,
            body="<p>Nội dung bài viết đang được phóng viên hoàn thiện.</p>",
            status=status,
            created_by=reporter,
            author_name="Quàng Văn Dũng",
        )
        ArticleEvent.objects.create(article=article, action=Action.CREATED, actor=reporter)
        if status == ArticleStatus.REVIEW:
            ArticleEvent.objects.create(article=article, action=Action.SUBMITTED, actor=reporter)

    for data in DOCUMENTS:
        number = data["number"]
        issued = _day(data["issued"])
        if not ledger.first_time(f"news.document:{number}:{issued}"):
            continue
        if Document.objects.filter(number=number, issued_on=issued).exists():
            continue
        document = Document(
            number=number,
            issued_on=issued,
            doc_type=data["type"],
            issuer=data["issuer"],
            effective_on=_day(data["effective"]),
            signer=data["signer"],
            summary=data["summary"],
        )
        lines = [
            data["issuer"].upper(),
            f"Số: {number}",
            data["summary"],
            f"Ngày {data['issued']}",
            "Văn bản minh họa của cổng thông tin điện tử (bản tóm tắt).",
            f"Người ký: {data['signer']}",
        ]
        name = slugify_vi(number).upper() + ".pdf"
        document.file.save(name, ContentFile(demo_images.document_pdf(lines, data["summary"])), save=False)
        document.file_name = name
        document.save()
        document.related_articles.set(Article.objects.filter(slug__in=data["articles"]))
