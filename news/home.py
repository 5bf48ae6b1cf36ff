"""What the home page shows of the news: a fixed number of queries, whatever the amount of content."""

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from news.models import Article, Document
from portal.cache import before_due, cached

PER_SECTION = 4


def home_news():
    """Cached per content version, and rebuilt when the next scheduled article falls due."""
    return cached("home-news", _build, fresh=before_due)


def _build():
    from news.views import categories

    public = Article.objects.published().listing()
    featured = public.filter(featured=True).exclude(cover="").first()
    cats = categories()
    home_cats = [c for c in cats if c.show_on_home and not c.is_notice]
    notice_ids = [c.pk for c in cats if c.is_notice]
    exclude = [featured.pk] if featured else []
    ranked = (
        public.filter(category__in=home_cats)
        .exclude(pk__in=exclude)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("category_id"),
                order_by=[F("published_at").desc(), F("pk").desc()],
            )
        )
        .filter(rank__lte=PER_SECTION)
    )
    by_category = {}
    for article in ranked:
        by_category.setdefault(article.category_id, []).append(article)
    return {
        "due": Article.objects.next_scheduled(),
        "featured": featured,
        "sections": [(c, by_category[c.pk]) for c in home_cats if by_category.get(c.pk)],
        "notices": list(public.filter(category_id__in=notice_ids)[:6]) if notice_ids else [],
        "recent_documents": list(Document.objects.published().defer("search_text")[:5]),
    }
