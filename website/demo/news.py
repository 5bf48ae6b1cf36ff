"""The news part of the demo: categories, about 30 articles, articles in the workflow, documents.

Data: ``demo/news.toml``. Computed here: the cover photos and the documents' PDFs (Pillow,
``website.demo.images``), the slugs of articles without one, the workflow events of each article.
Created once; a record that exists is never changed (``website.demo.ledger``).
"""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from news.models import Article, ArticleEvent, ArticleStatus, Category, Document, Validity
from portal.richtext import sanitize_html
from portal.text import slugify_vi
from website.demo import images as demo_images

Action = ArticleEvent.Action
# the article on the 2020 one-stop figures (demo/news.toml), which the tests and documents point to
CCHC_SLUG = "muong-ang-day-manh-cai-cach-hanh-chinh-nam-2020"
DEFAULT_AUTHOR = "Quàng Văn Dũng"


def load(ledger, data):
    """Create the demo categories, articles and documents the demo has never created."""
    User = get_user_model()
    reporter = User.objects.filter(username="phongvien").first()
    editor = User.objects.filter(username="bientap").first()
    for item in data["categories"]:
        ledger.create(
            Category,
            {"slug": item["slug"]},
            name=item["name"],
            order=item["order"],
            show_on_home=item["show_on_home"],
            is_notice=item["is_notice"],
            description=item["description"],
        )

    def missing(slug):
        return ledger.first_time(f"news.article:{slug}") and not Article.objects.filter(slug=slug).exists()

    def category(slug):  # None when staff deleted the demo category: its articles are not created then
        return Category.objects.filter(slug=slug).first()

    for index, item in enumerate(data["articles"]):
        slug = item.get("slug") or slugify_vi(item["title"], max_length=250)
        if not missing(slug) or (home := category(item["category"])) is None:
            continue
        at = timezone.make_aware(item["at"])
        article = Article(
            slug=slug,
            created_by=reporter,
            title=item["title"],
            category=home,
            summary=item["summary"],
            body=sanitize_html(item["body"]),
            cover_alt=item["alt"],
            cover_caption=item.get("caption", ""),
            author_name=item.get("author", DEFAULT_AUTHOR),
            source=item.get("source", ""),
            status=ArticleStatus.PUBLISHED,
            published_at=at,
            featured=item.get("featured", False),
        )
        article.cover.save(f"{slug[:60]}.jpg", ContentFile(demo_images.landscape_jpeg(index)), save=False)
        article.save()
        ArticleEvent.objects.bulk_create(
            [
                # bulk_create calls no save(): the history rows are given the article's unit here
                ArticleEvent(
                    unit=article.unit,
                    article=article,
                    action=Action.CREATED,
                    actor=reporter,
                    at=at.replace(hour=6, minute=0),
                ),
                ArticleEvent(
                    unit=article.unit,
                    article=article,
                    action=Action.SUBMITTED,
                    actor=reporter,
                    at=at.replace(hour=6, minute=30),
                ),
                ArticleEvent(
                    unit=article.unit, article=article, action=Action.PUBLISHED, actor=editor, at=at
                ),
            ]
        )

    for item in data["workflow_articles"]:
        slug = slugify_vi(item["title"], max_length=250)
        if not missing(slug) or (home := category("tin-tuc-su-kien")) is None:
            continue
        article = Article.objects.create(
            slug=slug,
            title=item["title"],
            category=home,
            summary=item["summary"],
            body="<p>Nội dung bài viết đang được phóng viên hoàn thiện.</p>",
            status=item["status"],
            created_by=reporter,
            author_name=DEFAULT_AUTHOR,
        )
        ArticleEvent.objects.create(article=article, action=Action.CREATED, actor=reporter)
        if item["status"] == ArticleStatus.REVIEW:
            ArticleEvent.objects.create(article=article, action=Action.SUBMITTED, actor=reporter)

    created = {}
    for item in data["documents"]:
        number, issued = item["number"], item["issued"]
        if not ledger.first_time(f"news.document:{number}:{issued}"):
            continue
        if Document.objects.filter(number=number, issued_on=issued).exists():
            continue
        document = Document(
            number=number,
            issued_on=issued,
            doc_type=item["type"],
            issuer=item["issuer"],
            effective_on=item.get("effective"),
            expires_on=item.get("expires"),
            validity=item.get("validity", Validity.IN_FORCE),
            validity_note=item.get("validity_note", ""),
            signer=item["signer"],
            summary=item["summary"],
        )
        lines = [
            item["issuer"].upper(),
            f"Số: {number}",
            item["summary"],
            f"Ngày {issued:%d/%m/%Y}",
            "Văn bản minh họa của cổng thông tin điện tử (bản tóm tắt).",
            f"Người ký: {item['signer']}",
        ]
        name = slugify_vi(number).upper() + ".pdf"
        document.file.save(name, ContentFile(demo_images.document_pdf(lines, item["summary"])), save=False)
        document.file_name = name
        document.save()
        document.related_articles.set(Article.objects.filter(slug__in=item["articles"]))
        created[number] = (document, item)
    # a new document that amends others (by number) is linked to them once they all exist
    for document, item in created.values():
        for amended in Document.objects.filter(number__in=item.get("amends", [])):
            amended.amended_by.add(document)
