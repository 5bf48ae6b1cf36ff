"""The province demo (``load_demo --province``): the province of Điện Biên and two more communes beside
Mường Ảng, each on its own host name (``*.dienbien.localhost``), with a little content and their own
accounts; Mường Ảng gets its host names and its province.

Data: ``demo/units.toml``. The units are added as staff add one (``portal.units.create_unit``), so each
starts with what every new site has; the records go through the same loaders as Mường Ảng's.
Created once; a record that exists is never changed (``website.demo.ledger``).
"""

from django.contrib.auth import get_user_model

from portal import units
from portal.models import Membership, Unit, UnitHost
from website.demo import dossiers, news, site


def load(ledger, data, muongang, password):
    """Add the units of ``data`` that the demo never added, then give ``muongang`` its province and hosts."""
    added = {}
    for item in data["units"]:
        added[item["code"]] = the_unit(ledger, item)
    province = added.get("11")
    if province is not None and muongang.parent_id is None and ledger.first_time("portal.unit:parent"):
        muongang.parent = province
        muongang.save(update_fields=["parent"])
    hosts(ledger, muongang, data["muongang_hosts"])
    for item in data["units"]:
        unit = added[item["code"]]
        ledger.prefix = f"{item['code']}:"
        try:
            with units.activate(unit):
                content(ledger, item, password)
        finally:
            ledger.prefix = ""
    if province is not None:
        proposals(
            ledger, province, [added[item["code"]] for item in data["units"] if item.get("parent") == "11"]
        )


def proposals(ledger, province, communes):
    """«Tin từ các xã, phường»: each commune's newest article proposed to the province, the first accepted
    (on the province's home page and /tin-tu-cac-xa/), the others waiting for the province's editors."""
    from news import proposals as proposing
    from news.models import Article

    for n, commune in enumerate(communes):
        if commune is None or not ledger.first_time(f"news.articleproposal:{commune.code}"):
            continue
        with units.activate(commune):
            article = Article.objects.published().order_by("-published_at").first()
            if article is None:
                continue
            try:
                proposal = proposing.propose(article, None)
            except proposing.ProposalError:
                continue
        if n == 0:
            with units.activate(province):
                proposing.decide(proposal, None, accept=True)


def the_unit(ledger, item):
    with units.everywhere():
        unit = Unit.objects.filter(code=item["code"]).first()
        if unit is not None or not ledger.first_time(f"portal.unit:{item['code']}"):
            return unit
        parent = Unit.objects.filter(code=item["parent"]).first() if item.get("parent") else None
    skip = {
        "code",
        "unit_name",
        "unit_level",
        "parent",
        "hosts",
        "links",
        "categories",
        "articles",
        "officials",
        "accounts",
    }
    settings = {name: value for name, value in item.items() if name not in skip}
    return units.create_unit(item["code"], item["unit_name"], item["unit_level"], parent=parent, **settings)


def hosts(ledger, unit, names):
    """Host names for ``unit``, the first its primary, unless it has some or another unit has the name."""
    if unit is None or UnitHost.objects.filter(unit=unit).exists():
        return
    for n, name in enumerate(names):
        if ledger.first_time(f"portal.unithost:{name}") and not UnitHost.objects.filter(host=name).exists():
            UnitHost.objects.create(unit=unit, host=name, is_primary=n == 0)


def content(ledger, item, password):
    hosts(ledger, units.current(), item["hosts"])
    site.links(ledger, item.get("links", []))
    site.officials(ledger, item.get("officials", []))
    news.load(
        ledger,
        {
            "categories": item.get("categories", []),
            "articles": item.get("articles", []),
            "workflow_articles": [],
            "documents": [],
        },
    )
    dossiers.load_commune(ledger)  # a small 2020 register for the province's pages across units
    User = get_user_model()
    for account in item.get("accounts", []):
        username = account["username"]
        if not ledger.first_time(f"auth.user:{username}") or User.objects.filter(username=username).exists():
            continue
        first, _, last = account["full_name"].rpartition(" ")
        user = User.objects.create_user(
            username, f"{username}@example.invalid", password, first_name=last, last_name=first, is_staff=True
        )
        Membership.objects.create(user=user, unit=units.current(), role=account["role"])
