"""RSS 2.0 feeds: all news, and one per category."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Rss201rev2Feed

from news.models import Article, Category
from portal.models import Unit

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def title(self):
        return f"Tin tức – {Unit.load().title}"

    def link(self):
        return "/tin-tuc/"

    def description(self):
        return f"Tin bài mới nhất của {Unit.load().title}"

    def articles(self):
        return Article.objects.published().listing()

    def items(self):
        return self.articles()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author_name or None

    def item_categories(self, item):
        return [item.category.name]


class CategoryFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, obj):
        return f"{obj.name} – {Unit.load().title}"

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return obj.description or f"Tin bài chuyên mục {obj.name}"

    def items(self, obj):
        return self.articles().filter(category=obj)[:FEED_SIZE]
