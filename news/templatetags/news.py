import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

register = template.Library()

# The characters that could end a <script> element or start a comment inside it.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def news_article_ld(context, article, picture):
    """JSON-LD NewsArticle for search engines, escaped so that no text can close the script element."""
    request = context["request"]
    site = context.get("site")
    base = f"{request.scheme}://{request.get_host()}"
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.summary,
        "mainEntityOfPage": base + article.get_absolute_url(),
        "datePublished": localtime(article.published_at).isoformat() if article.published_at else None,
        "dateModified": localtime(article.updated_at).isoformat() if article.updated_at else None,
        "articleSection": article.category.name,
        "inLanguage": "vi",
        "author": {"@type": "Person", "name": article.author_name} if article.author_name else None,
        "publisher": {"@type": "GovernmentOrganization", "name": site.title if site else ""},
        "image": [base + picture["src"]] if picture else None,
    }
    payload = json.dumps({k: v for k, v in data.items() if v}, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html(
        '<script type="application/ld+json"{}>{}</script>',
        mark_safe(f' nonce="{context["csp_nonce"]}"') if context.get("csp_nonce") else "",
        mark_safe(payload),
    )
