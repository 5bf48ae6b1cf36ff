"""gunicorn settings; every value can be overridden with GUNICORN_* variables."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Several processes need a shared cache (REDIS_URL): without it each process would keep its own
# copy of the site settings, links and menu, and an edit would reach only one of them.
_default_workers = multiprocessing.cpu_count() * 2 + 1 if os.environ.get("REDIS_URL") else 1
workers = int(os.environ.get("GUNICORN_WORKERS", _default_workers))
# Two threads per process: on the 2-core benchmark (make bench) four gave a worse p99 at 64
# connections (threads of one process take turns on the GIL) and one a lower throughput.
threads = int(os.environ.get("GUNICORN_THREADS", 2))
worker_class = "gthread"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 30))
graceful_timeout = 20
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
# gunicorn 27's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl): two servers
# on one host would fight over it, and nothing here uses it.
control_socket_disable = True


def post_worker_init(worker):
    """Each process offers to move the visit counts gathered in Redis into the database every
    VISITORS_FLUSH_SECONDS; one process of the whole site does it each time."""
    from portal.management.commands.flush_visits import flush_in_background

    flush_in_background()
