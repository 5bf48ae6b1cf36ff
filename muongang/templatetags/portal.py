from django import template

register = template.Library()


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current one, with "…" gaps: 1 2 … 9 10 11 … 49 50."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)
