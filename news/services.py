"""The editorial workflow: every change of an article's state goes through here and leaves a line of history."""

from django.utils import timezone

from news import versions
from news.models import ArticleEvent, ArticleStatus

Action = ArticleEvent.Action


def can_publish(user):
    return user.has_perm("news.publish_article")


def can_edit(user, article):
    """Editors edit any article; a reporter only their own, and only until it is published."""
    if can_publish(user):
        return user.has_perm("news.change_article")
    return (
        user.has_perm("news.change_article")
        and article.created_by_id == user.pk
        and article.status in (ArticleStatus.DRAFT, ArticleStatus.REVIEW)
    )


def can_preview(user, article):
    if not user.is_authenticated or not user.is_staff:
        return False
    return can_publish(user) or article.created_by_id == user.pk


def record(*, article, action, user, note=""):
    return ArticleEvent.objects.create(article=article, action=action, actor=user, note=note[:500])


def status_event(*, old_status, article):
    """The history line a status change deserves, or None."""
    new = article.status
    if new == old_status and not (new == ArticleStatus.PUBLISHED and article.is_scheduled):
        return None
    if new == ArticleStatus.REVIEW:
        return Action.SUBMITTED
    if new == ArticleStatus.PUBLISHED:
        return Action.SCHEDULED if article.is_scheduled else Action.PUBLISHED
    if new == ArticleStatus.WITHDRAWN:
        return Action.WITHDRAWN
    if new == ArticleStatus.DRAFT and old_status in (ArticleStatus.REVIEW, ArticleStatus.PUBLISHED):
        return Action.RETURNED
    return None


def save_article(*, article, user, is_new, old_status=None, old_published_at=None, changed_fields=()):
    """Save an article edited in the admin and write its history."""
    if is_new:
        article.created_by = user
        if not article.author_name:
            # Vietnamese order: family and middle names (last_name) before the given name.
            article.author_name = f"{user.last_name} {user.first_name}".strip() or user.get_username()
    article.save()
    versions.record(article, user)
    if is_new:
        record(article=article, action=Action.CREATED, user=user)
    elif changed_fields:
        record(article=article, action=Action.CHANGED, user=user, note="Đã sửa: " + ", ".join(changed_fields))
    action = status_event(old_status=None if is_new else old_status, article=article)
    if action == Action.SCHEDULED and not is_new and old_published_at == article.published_at:
        action = None  # still scheduled for the same time: nothing new
    if action:
        note = (
            f"Đăng lúc {timezone.localtime(article.published_at):%d/%m/%Y %H:%M}"
            if article.published_at
            else ""
        )
        record(article=article, action=action, user=user, note=note if action == Action.SCHEDULED else "")
    return article


def publish(*, article, user, at=None):
    article.status = ArticleStatus.PUBLISHED
    article.published_at = at or timezone.now()
    article.save()
    record(
        article=article,
        action=Action.SCHEDULED if article.is_scheduled else Action.PUBLISHED,
        user=user,
    )


def withdraw(*, article, user):
    article.status = ArticleStatus.WITHDRAWN
    article.featured = False
    article.save()
    record(article=article, action=Action.WITHDRAWN, user=user)


def submit(*, article, user):
    article.status = ArticleStatus.REVIEW
    article.save()
    record(article=article, action=Action.SUBMITTED, user=user)
