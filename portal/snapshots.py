"""The essentials of each unit's site kept as static pages, for when the database cannot be reached
(Điều 13 khoản 2, Nghị định 224/2026/NĐ-CP: a standby plan keeps the most essential information available
during a stop).

``manage.py write_snapshots`` (website) writes ``SNAPSHOT_ROOT/<unit code>.html`` for every unit, and
``hosts.json`` (host name → unit code) so a process that never reached the database can still tell whose
site a host is. While the database is down, the 503 answer (portal.views.render_error_page) is the
snapshot of the request's unit, with its banner, instead of a bare error page; when the database is back,
pages are served as usual again, with nothing to switch.
"""

import json
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings

from portal import units

logger = logging.getLogger(__name__)
HOSTS_FILE = "hosts.json"


def root():
    return Path(settings.SNAPSHOT_ROOT)


def path_of(code):
    return root() / f"{code}.html"


def write(name, text):
    """Write a file of the snapshot folder whole or not at all (a reader never sees half of it)."""
    folder = root()
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".html")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, folder / name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_hosts(hosts):
    write(HOSTS_FILE, json.dumps(hosts, ensure_ascii=False, sort_keys=True))


def _code_of_host(host):
    try:
        hosts = json.loads((root() / HOSTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if "" in hosts:  # a single-unit site answers on every host
        return hosts[""]
    return hosts.get(host)


def for_request(request):
    """The snapshot page of the request's unit, or None (no snapshot written yet, an unknown host, the admin)."""
    if request.path.startswith(settings.ADMIN_PATH):
        return None
    unit = units.current(required=False)  # from the map of hosts when this process has it
    if unit is not None:
        code = unit.code
    else:
        host = request.get_host().rsplit(":", 1)[0].lower().rstrip(".")
        code = _code_of_host(host)
    if not code:
        return None
    try:
        return path_of(code).read_text(encoding="utf-8")
    except OSError:
        return None
    except ValueError:  # not UTF-8: a damaged file is no help
        logger.error("snapshot of unit %s is not readable", code)
        return None
