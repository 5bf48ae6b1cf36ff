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
