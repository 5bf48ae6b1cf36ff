from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from citizens.models import Official, Question


class CitizensSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7

    def items(self):
        return [
            "contact",
            "reception",
            "reception-rules",
            "work-calendar",
            "feedback",
            "feedback-lookup",
            "questions",
        ]

    def location(self, item):
        return reverse(f"citizens:{item}")


class QuestionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Question.objects.published()

    def lastmod(self, item):
        return item.updated_at


class LeaderSitemap(Sitemap):
    """The leaders' page and each leader's own (Điều 9 khoản 1 điểm c)."""

    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return [None, *Official.objects.leaders()]

    def location(self, item):
        return reverse("leaders") if item is None else item.get_absolute_url()

    def lastmod(self, item):
        return None if item is None else item.updated_at
