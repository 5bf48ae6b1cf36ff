"""Where a public page's time goes, page cache off: its median render time in-process, its queries, and the
functions that cost the most.

    manage.py profile_pages                   # every page of the list below, 50 runs each
    manage.py profile_pages --page article --top 25
    manage.py profile_pages --runs 200 --top 0   # times and queries only

Each page is requested through Django's test client (middleware, view and template; no network, no
gunicorn), as a new visitor each time, in the demo unit. Times are measured without query capture; the
query count comes from one more request, and the profile from ``--profile-runs`` more under cProfile, so
neither slows the times. The profile lists functions by their own time ("tottime"), summed over those
runs and divided by their number: milliseconds per request, with cProfile's own overhead included.
"""

import cProfile
import pstats
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from news.models import Article
from portal import units
from procedures.models import Dossier, Procedure
from website.demo.data import demo_unit
from website.management.commands.bench_search import percentile, visitor


def pages():
    """(name, path) of the pages to profile, in the unit in scope: each kind of public page once."""
    article = Article.objects.published().order_by("-published_at").first()
    procedure = Procedure.objects.carried_out().order_by("code").first()
    dossier = Dossier.objects.order_by("code").first()
    found = [
        ("home", "/"),
        ("article", article.get_absolute_url() if article else None),
        ("news-list", "/tin-tuc/"),
        ("document-list", "/van-ban/"),
        ("procedure", procedure.get_absolute_url() if procedure else None),
        ("lookup", f"/tra-cuu-ho-so/?ma={dossier.code}" if dossier else None),
        ("search", "/tim-kiem/?q=cai+cach+hanh+chinh"),
    ]
    return [(name, path) for name, path in found if path]


def where(key):
    """A profile entry's place, short: the project's files by their path, libraries by package."""
    filename, line, function = key
    path = Path(filename)
    base = Path(settings.BASE_DIR)
    if path.is_relative_to(base) and ".venv" not in path.parts:
        place = f"{path.relative_to(base)}:{line}"
    elif "site-packages" in path.parts:
        place = "/".join(path.parts[path.parts.index("site-packages") + 1 :]) + f":{line}"
    else:
        place = filename if filename != "~" else "built-in"
    return f"{function} ({place})"


class Command(BaseCommand):
    help = "Đo thời gian dựng từng trang công khai (trung vị), số truy vấn và các hàm tốn thời gian nhất."

    def add_arguments(self, parser):
        units.add_unit_argument(parser)
        parser.add_argument("--runs", type=int, default=50, help="số lần đo mỗi trang (mặc định 50)")
        parser.add_argument("--page", action="append", default=[], help="chỉ đo trang này (home, article…)")
        parser.add_argument("--top", type=int, default=12, help="số hàm tốn thời gian nhất in ra mỗi trang")
        parser.add_argument("--profile-runs", type=int, default=20, help="số lần chạy dưới cProfile")

    def execute(self, *args, **options):
        with units.unit_in_scope(options.get("unit") or demo_unit()):
            return super().execute(*args, **options)

    def handle(self, *args, **options):
        with override_settings(PAGE_CACHE=False):
            self.profile(options)

    def profile(self, options):
        client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT="bench")  # not a browser: no visit counted
        chosen = [(n, p) for n, p in pages() if not options["page"] or n in options["page"]]
        rows = []
        for name, path in chosen:
            for n in range(5):  # warm: templates compiled, fragments cached, connections open
                assert client.get(path, **visitor(n)).status_code == 200, path
            timings = []
            for n in range(options["runs"]):
                began = time.perf_counter()
                client.get(path, **visitor(n + 10))
                timings.append((time.perf_counter() - began) * 1000)
            with CaptureQueriesContext(connection) as captured:
                client.get(path, **visitor(1))
            rows.append((name, path, statistics.median(timings), percentile(timings, 0.9), len(captured)))
            if options["top"]:
                self.costs(client, name, path, options)
        self.stdout.write("")
        self.stdout.write(f"{'trang':15} {'trung vị ms':>11} {'p90 ms':>7} {'truy vấn':>8}  địa chỉ")
        for name, path, median, p90, queries in rows:
            self.stdout.write(f"{name:15} {median:11.1f} {p90:7.1f} {queries:8d}  {path}")

    def costs(self, client, name, path, options):
        runs = max(1, options["profile_runs"])
        profiler = cProfile.Profile()
        for n in range(runs):
            profiler.enable()
            client.get(path, **visitor(n + 1000))
            profiler.disable()
        stats = pstats.Stats(profiler)
        entries = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)  # by own time
        total = sum(value[2] for _, value in entries) * 1000 / runs
        self.stdout.write(
            f"\n{name} {path}: {total:.1f} ms/lượt dưới cProfile; các hàm tốn nhất (ms/lượt, số lần gọi)"
        )
        for key, (_, calls, own, cumulative, _) in entries[: options["top"]]:
            self.stdout.write(
                f"  {own * 1000 / runs:6.2f} {cumulative * 1000 / runs:7.2f} {calls // runs:6d}  {where(key)}"
            )
