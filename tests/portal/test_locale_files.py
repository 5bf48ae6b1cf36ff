"""The compiled Vietnamese (locale/vi/LC_MESSAGES/*.mo, committed) says what its .po source says: an edit of
the .po that was not compiled again would otherwise be lost without a sign."""

import ast
import gettext
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "vi" / "LC_MESSAGES"
ENTRY = re.compile(
    r'(?:msgctxt "(?P<ctx>(?:[^"\\]|\\.)*)"\n)?msgid "(?P<id>(?:[^"\\]|\\.)*)"\n'
    r'(?:msgid_plural "(?:[^"\\]|\\.)*"\n)?msgstr(?:\[0\])? "(?P<str>(?:[^"\\]|\\.)*)"'
)


def unquote(text):
    return ast.literal_eval(f'"{text}"')


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_compiled_translations_match_their_source(domain):
    source = (LOCALE / f"{domain}.po").read_text(encoding="utf-8")
    with open(LOCALE / f"{domain}.mo", "rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)
    entries = [match for match in ENTRY.finditer(source) if match["id"]]
    assert len(entries) > 20
    for entry in entries:
        msgid, expected = unquote(entry["id"]), unquote(entry["str"])
        if entry["ctx"]:
            assert catalog.pgettext(unquote(entry["ctx"]), msgid) == expected, msgid
        else:
            assert catalog.gettext(msgid) == expected or catalog.ngettext(msgid, "", 1) == expected, msgid
