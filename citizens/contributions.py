"""What the citizens app offers the portal (portal.contributions): the next reception day on the home page,
answered questions in the search and the sitemap, the unit's leaders for the introduction pages, and the
"Trang này có hữu ích không?" box and the feedback link that other apps' pages end with."""

from django.urls import reverse

from citizens.models import Official
from citizens.services import next_reception_session
from citizens.sitemaps import CitizensSitemap, QuestionSitemap
from portal.contributions import Offer, SearchSource
from portal.text import sentences, start_of_day


def _question(obj):
    if not obj.is_published:
        return None
    answer = f"{obj.answering_unit} trả lời: {obj.answer}" if obj.answering_unit else obj.answer
    return {
        "title": obj.title,
        "body": sentences(obj.question, answer),
        "terms": "hỏi đáp",
        "url": reverse("citizens:question", args=[obj.pk]),
        "date": start_of_day(obj.answered_on),
    }


OFFER = Offer(
    home=lambda: {"next_reception": next_reception_session()},
    search=(SearchSource("citizens.question", "hoi-dap", "Hỏi đáp", _question, order=40),),
    sitemaps={"cong-dan": CitizensSitemap, "hoi-dap": QuestionSitemap},
    provides={"officials": lambda: list(Official.objects.active())},
    templates={
        "page_end": "citizens/includes/usefulness.html",
        "procedure_actions": "citizens/includes/procedure_feedback.html",
    },
)
