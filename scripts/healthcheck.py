"""The image's HEALTHCHECK: exit 0 when /healthz answers 200 (the database answers), else 1.

It asks the address gunicorn listens on (GUNICORN_BIND, as in gunicorn.conf.py), over loopback.
"""

import os
import sys
import urllib.request

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
host, _, port = bind.rpartition(":")
if host in ("", "0.0.0.0", "[::]"):
    host = "127.0.0.1"
try:
    with urllib.request.urlopen(f"http://{host}:{port}/healthz", timeout=4) as response:
        sys.exit(0 if response.status == 200 else 1)
except Exception as exc:  # refused, timeout, 503: unhealthy
    print(f"healthz: {exc}", file=sys.stderr)
    sys.exit(1)
