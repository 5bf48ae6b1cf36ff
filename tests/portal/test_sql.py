"""Lookups compiled once per process (portal.sql.Shape): the same rows as the queryset they come from, per
unit, and a refusal of the shapes they cannot run faithfully."""

import pytest
from django.db.models import Exists, OuterRef

from news.models import Article, Document
from portal import units
from portal.sql import Shape
from tests import factories

pytestmark = pytest.mark.django_db


def by_slug(slug):
    linked = Document.objects.published().filter(related_articles=OuterRef("pk"))
    return Article.objects.annotate(has_documents=Exists(linked)).filter(slug=slug)


def test_a_shape_gives_the_queryset_s_rows_for_every_value_and_only_the_unit_s_own():
    shape = Shape(Article, by_slug, slug="-- stand-in --")
    category = factories.category(name="Tin tức")
    plain = factories.article(title="Họp dân thôn Bản Hon", category=category)
    linked = factories.article(title="Kế hoạch gieo cấy vụ xuân", category=category)
    document = factories.document(number="12/KH-UBND")
    document.related_articles.add(linked)
    for article in (plain, linked):
        found = shape.first(slug=article.slug)
        expected = by_slug(article.slug).get()
        assert (found.pk, found.title, found.category_id, found.published_at) == (
            expected.pk,
            expected.title,
            expected.category_id,
            expected.published_at,
        )
        assert bool(found.has_documents) is expected.has_documents
    assert bool(shape.first(slug=linked.slug).has_documents) is True
    assert shape.first(slug="khong-co-bai-nay") is None
    assert shape.all(slug="'; DROP TABLE news_article; --") == []  # a value is a parameter, never SQL

    other = factories.unit("99001", "Xã Ẳng Tở")
    with units.activate(other):
        assert shape.first(slug=plain.slug) is None  # another unit's article is not found on its site
        own = factories.article(title="Họp dân thôn Bản Hon", category=factories.category(name="Tin xã"))
        assert shape.first(slug=own.slug).pk == own.pk
    assert shape.first(slug=plain.slug).pk == plain.pk  # and the first unit's SQL is still its own


def test_a_shape_refuses_what_it_cannot_run_faithfully():
    rewritten = Shape(Article, lambda words: Article.objects.filter(title__contains=words), words="-- x --")
    with pytest.raises(ValueError, match="stand-in"):
        rewritten.all(words="họp")
    joined = Shape(
        Article, lambda slug: Article.objects.select_related("category").filter(slug=slug), slug="x"
    )
    with pytest.raises(ValueError, match="select_related"):
        joined.all(slug="x")
