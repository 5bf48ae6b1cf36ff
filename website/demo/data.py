"""The demo's data: the top-level ``demo/`` folder, read as it is on disk (nothing is computed here).

``demo/*.toml`` hold the texts and records of the demo, ``demo/thu-tuc.json`` the procedures in the
format staff import (``procedures.exchange``). Staff may edit these files to make their own demo.
"""

import tomllib
from pathlib import Path

from django.conf import settings

FOLDER = Path(settings.BASE_DIR) / "demo"


def read(name):
    """The TOML file ``demo/<name>.toml`` as a dict (TOML dates and times are Python ones)."""
    with open(FOLDER / f"{name}.toml", "rb") as file:
        return tomllib.load(file)


def read_bytes(filename):
    """A data file of the demo folder as bytes (e.g. the procedures, given to the import as uploaded)."""
    return (FOLDER / filename).read_bytes()


def demo_unit():
    """The code of the demo's unit (Mường Ảng, ``demo/site.toml``) when it is installed, else None: the
    volume and benchmark commands work in it by default."""
    from portal import units
    from portal.models import Unit

    code = read("site")["site"]["code"]
    with units.everywhere():
        return code if Unit.objects.filter(code=code).exists() else None
