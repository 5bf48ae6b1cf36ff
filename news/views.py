from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from citizens.models import Official
from muongang.menu import intro_pages
from news.models import Page


@require_safe
def intro_index(request):
    pages = intro_pages()
    if not pages:
        raise Http404("Chưa có trang giới thiệu.")
    return redirect(pages[0][1])


@require_safe
def page_detail(request, slug):
    page = get_object_or_404(Page.objects.published(), slug=slug)
    officials = list(Official.objects.active()) if page.show_officials else []
    return render(
        request,
        "news/page_detail.html",
        {
            "page": page,
            "officials": officials,
            "section_pages": intro_pages(),
            "breadcrumbs": [("Giới thiệu", None), (page.title, None)],
        },
    )
