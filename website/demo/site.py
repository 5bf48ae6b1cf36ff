"""The unit itself in the demo: site settings, links, officials, the about pages and the demo accounts.

Data: ``demo/site.toml``. Computed here: the emblem, banner and org chart (drawn with Pillow,
``website.demo.images``), the org chart's place in its page, the accounts' names split for Django.
Created once; a record that exists is never changed (``website.demo.ledger``).
"""

import json

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from citizens.models import Official
from news.models import Page
from news.profile import is_untouched_draft
from portal import geo, units
from portal.migrations._units import PLACEHOLDER_CODE
from portal.models import Link, Membership, Unit
from portal.richtext import sanitize_html
from website.demo import images as demo_images
from website.demo.data import read_bytes

CHART_PATH = "demo/so-do-to-chuc.png"


def the_unit(ledger, values):
    """The demo's unit: the one with its code. Else a unit from before units (code 00000, its settings
    loaded by an earlier demo) or one nobody has named yet (a fresh installation's) becomes the demo's unit:
    it takes the demo's code, and the demo fills in only its empty settings. Else a new unit."""
    ledger.first_time("portal.sitesettings")
    with units.everywhere():
        unit = Unit.objects.filter(code=values["code"]).first()
        if unit is not None:
            return unit
        unit = (
            Unit.objects.filter(code=PLACEHOLDER_CODE).first()
            or Unit.objects.filter(unit_name="").order_by("pk").first()
            or Unit()
        )
    unit.code = values["code"]
    if not unit.unit_name:
        unit.unit_level = values["unit_level"]  # a blank unit's kind is only the default one
    for name, value in values.items():
        if name != "code" and not getattr(unit, name):
            setattr(unit, name, value)
    if not unit.emblem:
        unit.emblem.save("bieu-trung.png", ContentFile(demo_images.emblem_png()), save=False)
    if not unit.banner:
        unit.banner.save("bang-ron.jpg", ContentFile(demo_images.banner_jpeg()), save=False)
    unit.save()
    return unit


def load(ledger, data):
    """Everything of the unit but the unit itself (``the_unit``), in the unit in scope."""
    links(ledger, data["links"])
    officials(ledger, data["officials"])
    pages(ledger, data["pages"], data["org"])
    accounts(ledger, data["accounts"], data["password"])


def links(ledger, items):
    for order, item in enumerate(items, start=1):
        ledger.create(Link, {"url": item["url"]}, name=item["name"], order=order, is_active=True)


def officials(ledger, items):
    for order, item in enumerate(items, start=1):
        ledger.create(
            Official,
            {"email": item["email"]},
            name=item["name"],
            title=item["title"],
            title_en=item.get("title_en", ""),
            workplace=item["unit"],
            phone=item["phone"],
            is_leader=item["leader"],
            order=order,
            term=item.get("term", ""),
            duties=item.get("duties", "").strip(),
            biography=item.get("biography", "").strip(),
        )


def org_list_html(branches):
    parts = ["<ul>"]
    for branch in branches:
        parts.append(f"<li><strong>{branch['heading']}</strong><ul>")
        parts.extend(f"<li>{unit}</li>" for unit in branch["units"])
        parts.append("</ul></li>")
    parts.append("</ul>")
    return "".join(parts)


def pages(ledger, items, org):
    """The about pages the demo never added. A profile item's page (``profile_item``) takes the place of the
    item's draft when nobody has touched it (the draft a migration or a new unit's start gave the unit,
    news.profile); one staff wrote stays as it is."""
    drafts = {
        page.profile_item: page for page in Page.objects.exclude(profile_item="") if is_untouched_draft(page)
    }
    taken = set(Page.objects.exclude(profile_item="").values_list("profile_item", flat=True))
    todo = []
    for item in items:
        if not ledger.first_time(f"news.page:{item['slug']}"):
            continue
        item_of = item.get("profile_item", "")
        if item_of in drafts:
            todo.append((item, drafts[item_of]))
        elif item_of not in taken and not Page.objects.filter(slug=item["slug"]).exists():
            todo.append((item, None))
    if not todo:
        return
    if not default_storage.exists(CHART_PATH):
        branches = [(branch["heading"], branch["units"]) for branch in org["branches"]]
        default_storage.save(CHART_PATH, ContentFile(demo_images.org_chart_png(org["root"], branches)))
    with default_storage.open(CHART_PATH) as chart, Image.open(chart) as image:
        width, height = image.size
    places = {
        "{chart_url}": default_storage.url(CHART_PATH),
        "{chart_width}": str(width),
        "{chart_height}": str(height),
        "{org_list}": org_list_html(org["branches"]),
    }
    for item, draft in todo:
        body = item["body"]
        for placeholder, text in places.items():
            body = body.replace(placeholder, text)
        page = draft or Page()
        for name, value in {"is_published": True, **item, "body": sanitize_html(body)}.items():
            setattr(page, name, value)
        page.save()


def accounts(ledger, items, password):
    User = get_user_model()
    for item in items:
        username, role = item["username"], item.get("role")
        # an account staff deleted (or renamed) is not brought back with the published demo password
        if not ledger.first_time(f"auth.user:{username}") or User.objects.filter(username=username).exists():
            continue
        first, _, last = item["full_name"].rpartition(" ")
        email = f"{username}@example.invalid"
        if role is None:
            User.objects.create_superuser(username, email, password, first_name=last, last_name=first)
            continue
        user = User.objects.create_user(
            username, email, password, first_name=last, last_name=first, is_staff=True
        )
        Membership.objects.create(user=user, unit=units.current(), role=role)


def load_boundaries(ledger):
    """The illustrative boundaries of ``demo/ranh-gioi.geojson`` for the demo's units that are installed and
    have none, read as an administrator's upload is (portal.geo), marked as illustrative on the map."""
    features = json.loads(read_bytes("ranh-gioi.geojson"))["features"]
    with units.everywhere():
        for feature in features:
            code = feature["properties"]["code"]
            unit = Unit.objects.filter(code=code).first()
            if unit is None or unit.boundary or not ledger.first_time(f"portal.unit.boundary:{code}"):
                continue
            unit.boundary = geo.read_boundary(json.dumps(feature).encode())
            unit.boundary_is_illustrative = True
            unit.save(update_fields=["boundary", "boundary_is_illustrative"])
