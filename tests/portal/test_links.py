"""portal.links.slug_address gives what reverse() gives, whatever the slug and the script prefix."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from portal.links import slug_address

NAMES = ["news:page", "news:category", "news:article", "news:document"]
SLUGS = ["dang-ky-khai-sinh", "3855-kh-ubnd-2020", "a", "bai_viet-2", "x" * 250]


@pytest.mark.parametrize("prefix", ["/", "/cong/"])
@pytest.mark.parametrize("name", NAMES)
def test_the_address_is_the_one_reverse_makes(name, prefix):
    set_script_prefix(prefix)
    try:
        for slug in SLUGS:
            assert slug_address(name, slug) == reverse(name, kwargs={"slug": slug})
            assert slug_address(name, slug).startswith(prefix)
    finally:
        set_script_prefix("/")


def test_a_slug_reverse_refuses_is_refused_the_same_way():
    for slug in ["", "có dấu", "a/b", "a b"]:
        with pytest.raises(NoReverseMatch):
            reverse("news:article", kwargs={"slug": slug})
        with pytest.raises(NoReverseMatch):
            slug_address("news:article", slug)
