import re
from html import unescape
from urllib.parse import unquote

from django import template
from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.files.storage import default_storage
from django.utils.safestring import mark_safe

from portal import contributions, units
from portal.cache import content_version, remembered
from portal.models import file_present
from portal.text import thousands

register = template.Library()

# HTML of the layout's shared parts, per (template, unit, content version, variant): see ``reused``
_reused = {}
REUSED_SECONDS = (
    None  # None: as long as a photo found on the disk is trusted (settings.MEDIA_PRESENCE_SECONDS)
)

_BODY_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="([^"]*)"[^>]*>')


@register.simple_tag(takes_context=True)
def reused(context, template_name, *variant):
    """``template_name`` rendered once per unit, content version and ``variant``, and its HTML reused by every
    later page of this process: for the parts of the layout that change only when the unit's content does
    (its name and contacts, its menu), never for what differs by visitor or by page.

    The content version changes with every save of what pages show (portal.cache), so a change is seen at
    once, in every process. When the shared cache does not answer there is no version to trust: the part
    is rendered each time."""

    def render():
        return context.template.engine.get_template(template_name).render(context)

    unit_id = units.current_id()
    version = content_version() if unit_id else "0"
    if "0" in version.split("."):
        return render()
    # kept no longer than a photo's presence on the disk is trusted: a card must drop a photo whose file went
    # missing as soon as a fresh render would
    seconds = settings.MEDIA_PRESENCE_SECONDS if REUSED_SECONDS is None else REUSED_SECONDS
    return remembered(_reused, (template_name, unit_id, version, *variant), render, seconds, 5000)


@register.filter(is_safe=True)
def so(value):
    """A number as Vietnamese write it, "1.234.567" — what humanize's intcomma gives, at a tenth of its cost
    for whole numbers (its localisation machinery costs about 40 µs a call; a province's table of 500 units
    calls it 3,000 times). Anything else goes through intcomma."""
    if type(value) is int:
        return thousands(value)
    return intcomma(value)


@register.simple_tag
def page_range(page_obj):
    """Page numbers around the current one, with "…" gaps: 1 2 … 9 10 11 … 49 50."""
    return page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1)


@register.filter
def rich_text(html):
    """A body sanitised on save (``portal.richtext``), shown without the photos whose files are missing.

    Body photos come only from our media (the sanitiser drops any other source); each one's file is
    checked to be there (a stat, never an open), and a missing one is left out with a warning in the log.
    """

    def keep(match):
        src = match.group(1)
        if not src.startswith(settings.MEDIA_URL):
            return match.group(0)
        name = unquote(unescape(src[len(settings.MEDIA_URL) :]))
        return match.group(0) if file_present(default_storage, name, "ảnh trong bài") else ""

    return mark_safe(_BODY_IMAGE.sub(keep, html or ""))


@register.simple_tag(takes_context=True)
def offered(context, name, **values):
    """What the apps offer under ``name`` (portal.contributions), rendered here:
    ``{% offered "page_end" page_title=article.title %}`` ends a page with the "was this useful" box
    without the page's app knowing which app draws it."""
    html = []
    with context.push(**values):
        for template_name in contributions.templates(name):
            html.append(context.template.engine.get_template(template_name).render(context))
    return mark_safe("".join(html))
