import logging

from django.db import InterfaceError, OperationalError

from muongang import visitors
from muongang.views import render_error_page

logger = logging.getLogger(__name__)


class VisitorCounterMiddleware:
    """Counts visits after the page is made; never lets the counter break a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if visitors.should_count(request, response):
            visitors.record_visit(request, response)
        return response


class DatabaseDownMiddleware:
    """When the database cannot be reached, answer 503 with the Vietnamese error page at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("database unavailable: %s", exception)
            return render_error_page(request, 503)
        return None
