"""generate_volume: the benchmarks' content, in one unit and (PostgreSQL) copied into many units."""

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from news.models import Article
from portal import units
from portal.models import Unit
from procedures.models import Dossier, MonthlyFigures, UnitProcedure
from tests.demo import load_demo
from website.models import SearchEntry

pytestmark = pytest.mark.django_db
VOLUME = {"articles": 30, "procedures": 4, "dossiers": 20, "verbosity": 0}


@pytest.fixture
def demo():
    load_demo()


def generated(model, **filters):
    with units.everywhere():
        return model.objects.filter(**filters).count()


def test_volume_is_topped_up_not_repeated_and_cleared(demo):
    call_command("generate_volume", **VOLUME)
    call_command("generate_volume", **VOLUME)  # a second run adds nothing
    assert generated(Article, slug__startswith="khoi-luong-") == 30
    assert generated(Dossier, code__startswith="BENCH-") == 20
    page = Client().get("/tin-tuc/khoi-luong-30/", HTTP_HOST="127.0.0.1")
    assert page.status_code == 200
    call_command("generate_volume", clear=True, verbosity=0)
    assert generated(Article, slug__startswith="khoi-luong-") == 0
    assert generated(Dossier, code__startswith="BENCH-") == 0


@pytest.mark.sqlite
def test_many_units_needs_postgresql(demo):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("generate_volume", units=3, **VOLUME)
    assert generated(Article, slug__startswith="khoi-luong-") == 0  # refused before anything was made


@pytest.mark.postgres
def test_many_units_each_hold_a_copy_on_their_own_host(demo):
    call_command("generate_volume", units=3, **VOLUME)
    with units.everywhere():
        made = list(Unit.objects.filter(code__gte="90001", code__lte="90002").order_by("code"))
    assert [u.unit_name for u in made] == ["Xã Khối Lượng 001", "Xã Khối Lượng 002"]
    for unit in made:
        assert generated(Article, unit=unit, slug__startswith="khoi-luong-") == 30
        assert generated(Dossier, unit=unit, code__startswith="BENCH-") == 20
        assert generated(UnitProcedure, unit=unit) == generated(UnitProcedure, unit=units.current())
        assert generated(SearchEntry, unit=unit, kind="tin-tuc") == 30
        # the service-quality roll-ups the province's statistics read, copied rather than rolled up again
        assert generated(MonthlyFigures, unit=unit) == generated(MonthlyFigures, unit=units.current()) > 0
    # the demo's unit now answers on 127.0.0.1 only, each copy on its own host with its own records
    home = Client().get("/tin-tuc/khoi-luong-7/", HTTP_HOST="kl002.bench.localhost")
    assert home.status_code == 200 and "Xã Khối Lượng 002" in home.content.decode()
    with units.activate(made[1]):
        copy = Article.objects.get(slug="khoi-luong-7")
        assert SearchEntry.objects.get(kind="tin-tuc", object_id=copy.pk).title == copy.title
    found = Client().get("/tim-kiem/", {"q": copy.title}, HTTP_HOST="kl001.bench.localhost").content.decode()
    assert "/tin-tuc/khoi-luong-7/" in found
    assert Client().get("/", HTTP_HOST="127.0.0.1").status_code == 200
    call_command("generate_volume", units=3, **VOLUME)  # already 3 units: nothing added
    assert generated(Unit) == 3
    call_command("generate_volume", clear=True, verbosity=0)
    assert generated(Unit) == 1


@pytest.mark.postgres
def test_many_units_are_communes_of_the_demo_province():
    """The scale benchmark measures the province's pages: its generated communes are the province's."""
    load_demo("--province")
    call_command("generate_volume", units=6, **VOLUME)
    with units.everywhere():
        province = Unit.objects.get(code="11")
        made = Unit.objects.filter(code__gte="90001", code__lte="99999")
        assert made.count() == 2 and all(unit.parent_id == province.pk for unit in made)
