from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from citizens.models import Question


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
