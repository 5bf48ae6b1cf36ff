"""Every admin page a staff member of each role reaches from the admin's home reads in Vietnamese: no
string of Django's stock English admin is left in the text, the buttons, the titles or the labels."""

import re

import pytest

from portal import roles
from portal.models import Membership
from portal.units import everywhere
from tests import factories
from tests.demo import load_demo

# Django's default admin words, as whole words and with their case: an English admin shows them.
ENGLISH = re.compile(
    r"\b(?:Select(?: an option)?|Show counts|Hide counts|Filter(?: by)?|Run|Add|Change|History|Save and"
    r"|Save|Delete|Search|Action|Actions|Go|Home|Log out|Logout|View site|Recent actions|My actions"
    r"|None available|Date/time|Today|Now|Yes|No|Unknown|All|Toggle|Skip to main content|Breadcrumbs"
    r"|Sidebar|Clear all filters|selected|results?|total|entries|Welcome)\b"
)
# what a person reads besides the text: buttons, titles, labels for screen readers, placeholders
READ_ATTRIBUTES = """() => Array.from(document.querySelectorAll(
    'input[type=submit], input[type=button], [title], [aria-label], [placeholder]'))
  .map((el) => [el.value, el.title, el.getAttribute('aria-label'), el.placeholder]
    .filter((text) => text && el.type !== 'hidden' && !el.closest('.ck-editor')).join(' | '))
  .filter(Boolean)"""
# the rows of a list are content (an article may quote English); the page around them is not
PAGE_TEXT = """() => { const copy = document.body.cloneNode(true);
  copy.querySelectorAll('#result_list tbody, .ck-editor, script, style, textarea').forEach((el) => el.remove());
  return copy.innerText; }"""


def english_in(page):
    found = {match.group(0) for match in ENGLISH.finditer(page.evaluate(PAGE_TEXT))}
    for text in page.evaluate(READ_ATTRIBUTES):
        found |= {match.group(0) for match in ENGLISH.finditer(text)}
    return found


def walk(page, base):
    """The admin's home and every page it links to (each list and each add form): the English found on each."""
    problems = {}
    if found := english_in(page):
        problems["/quan-tri/"] = found
    links = page.eval_on_selector_all(
        "#content-main a[href^='/quan-tri/']",
        "(links) => [...new Set(links.map((a) => a.getAttribute('href')))]",
    )
    assert links, "the admin's home lists what the role may open"
    for href in links:
        response = page.goto(base + href)
        assert response.status == 200, href
        if found := english_in(page):
            problems[href] = found
    return problems, links


@pytest.mark.browser
def test_every_admin_page_of_each_role_reads_in_vietnamese(chromium, live_server, django_db_reset_sequences):
    load_demo()  # lists with rows, filters with choices
    with everywhere():
        muongang = Membership.objects.get(user__username="bientap").unit
    problems, seen = {}, set()
    for role in (roles.REPORTER, roles.EDITOR, roles.DESK, roles.RECEPTION, roles.ADMINISTRATOR):
        person = factories.staff_user(role, in_unit=muongang, first_name="Thu", last_name="Nguyễn Thị")
        # a browser in another time zone than the unit's: the date and time pickers say so, in Vietnamese
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, timezone_id="UTC")
        page = context.new_page()
        page.goto(live_server.url + "/quan-tri/login/")
        assert not english_in(page), "login page"
        page.fill("#id_username", person.username)
        page.fill("#id_password", "mat-khau-thu-nghiem")
        page.click("input[type=submit]")
        page.wait_for_url("**/quan-tri/")
        assert "Xin chào," in page.text_content("#user-tools")
        found, links = walk(page, live_server.url)
        problems.update({f"{role} {href}": words for href, words in found.items()})
        seen.update(links)
        context.close()
    assert not problems, problems
    # the walk reached the lists and forms of every app, among them these
    for expected in (
        "/quan-tri/news/article/add/",
        "/quan-tri/procedures/dossier/",
        "/quan-tri/citizens/feedback/",
    ):
        assert expected in seen
