"""Time the search and the list pages in-process, as a visitor's request would run them.

    manage.py generate_volume --articles 100000 --documents 20000 --procedures 2000
    manage.py bench_search --runs 30

Each URL is requested through Django's test client (the whole view and template, no network),
once to warm the caches and then ``--runs`` times; the command prints p50, p95 and the query count.
The page cache is off while it runs (PAGE_CACHE=False), so every request does the whole work.
``--url PATH`` (repeatable) measures those addresses instead of the search and list pages.

``--province`` measures the province's pages instead, on the province's host (issue 16, item 4): its
statistics across units, the directory, the public measurement page and the admin's measurement page (as a
superuser made for the purpose), each against 300 ms, and the province-wide search (``pham-vi=toan-tinh``)
over the queries above, its p95 against 50 ms; it prints PASS or FAIL for each.
"""

import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection
from django.http import QueryDict
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from news.models import Article
from portal import roles, units
from portal.models import PROVINCE_LEVELS, Unit
from website.demo.data import demo_unit

SEARCHES = [
    "cai cach hanh chinh",
    "Cải cách hành chính",
    "CẢI CÁCH",
    "dang ky khai sinh",
    "dang ki khai sinh",
    "3855/KH-UBND",
    "3855",
    "1.001193",
    "nong thon moi xa Ang Nua",
    "chuyen doi so",
    "huyen",
    "xyzzy khong co",
]


def visitor(n):
    """A client address per request, direct or behind the proxy, so the lookup's rate limit (20 a minute
    from one address) stays on without answering 429 to the benchmark."""
    address = f"2001:db8:{n:x}::1"  # each its own /64, as rate limits count IPv6 clients
    return {"REMOTE_ADDR": address, "HTTP_X_FORWARDED_FOR": address}


PROVINCE_PAGES = [
    "/thong-ke-ho-so/toan-tinh/",
    "/don-vi-hanh-chinh/",
    "/danh-gia-cong-thong-tin/",
    "/quan-tri/website/unitmeasurement/",  # «Đánh giá cổng thông tin các đơn vị», staff only
]
PAGE_TARGET_MS, SEARCH_P95_TARGET_MS = 300, 50
BENCH_ADMIN = "bench-province-admin"


def province():
    """The province the benchmark measures: the first one with a host name (load_demo --province)."""
    with units.everywhere():
        for unit in Unit.objects.filter(unit_level__in=PROVINCE_LEVELS).order_by("code"):
            if units.primary_host(unit):
                return unit
    return None


def bench_admin():
    """A superuser for the admin's measurement page (made once; never a real account)."""
    User = get_user_model()
    user = User.objects.filter(username=BENCH_ADMIN).first()
    if user is None:
        user = User.objects.create_superuser(BENCH_ADMIN, f"{BENCH_ADMIN}@example.invalid", None)
    return user


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Đo thời gian tìm kiếm và các trang danh sách (p50, p95, số truy vấn)."

    def add_arguments(self, parser):
        units.add_unit_argument(parser)
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--url", action="append", default=[], help="đo địa chỉ này (lặp lại được)")
        parser.add_argument(
            "--province", action="store_true", help="đo các trang toàn tỉnh trên tên miền của tỉnh"
        )

    def execute(self, *args, **options):
        if options.get("province"):
            with units.activate(province()):
                return super().execute(*args, **options)
        with units.unit_in_scope(options.get("unit") or demo_unit()):  # made and measured in one unit
            return super().execute(*args, **options)

    def handle(self, *args, **options):
        with override_settings(PAGE_CACHE=False):
            if options["province"]:
                return self.measure_province(options)
            self.measure(options)

    def time_url(self, client, path, params, runs):
        """(timings in ms, queries of the last request) of ``runs`` requests after one to warm the caches."""
        client.get(path, params, **visitor(0))
        timings = []
        for n in range(runs):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                response = client.get(path, params, **visitor(n + 1))
                timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200, (path, params, response.status_code)
        return timings, len(captured)

    def measure_province(self, options):
        site = units.current(required=False)
        if site is None:
            self.stderr.write("Không có tỉnh nào có tên miền: chạy load_demo --province trước.")
            return
        host = units.primary_host(site)
        client = Client(HTTP_HOST=host, HTTP_USER_AGENT="bench")
        client.force_login(bench_admin())
        session = client.session
        session[roles.SESSION_UNIT] = site.pk  # working in the province (a superuser may work anywhere)
        session.save()
        with units.everywhere():
            counted = Article.objects.count()
            in_province = Unit.objects.filter(parent=site).count() + 1
        self.stdout.write(
            f"{site} ({host}): {in_province} đơn vị, {counted:,} bài viết; {options['runs']} lần đo mỗi địa chỉ"
        )
        self.stdout.write(f"{'địa chỉ':60} {'p50 ms':>7} {'p95 ms':>7} {'truy vấn':>8} {'mục tiêu':>9}")
        for path in PROVINCE_PAGES:
            timings, queries = self.time_url(client, path, {}, options["runs"])
            verdict = "PASS" if percentile(timings, 0.95) < PAGE_TARGET_MS else "FAIL"
            self.stdout.write(
                f"{path:60} {statistics.median(timings):7.1f} {percentile(timings, 0.95):7.1f} {queries:8d} "
                f"{verdict:>4} <{PAGE_TARGET_MS}"
            )
        search_times = []
        for q in SEARCHES:
            params = {"q": q, "pham-vi": "toan-tinh"}
            timings, queries = self.time_url(client, "/tim-kiem/", params, options["runs"])
            search_times += timings
            label = f"/tim-kiem/?q={q}&pham-vi=toan-tinh"
            self.stdout.write(
                f"{label[:60]:60} {statistics.median(timings):7.1f} {percentile(timings, 0.95):7.1f} {queries:8d}"
            )
        p95 = percentile(search_times, 0.95)
        self.stdout.write(
            f"Tìm kiếm toàn tỉnh, mọi truy vấn: p50 {statistics.median(search_times):.1f} ms, p95 {p95:.1f} ms: "
            f"{'PASS' if p95 < SEARCH_P95_TARGET_MS else 'FAIL'} <{SEARCH_P95_TARGET_MS}"
        )

    def measure(self, options):
        client = Client(HTTP_HOST="127.0.0.1", HTTP_USER_AGENT="bench")  # not a browser: no visit counted
        pages = Article.objects.published().count() // 12 + 1
        urls = [("/tim-kiem/", {"q": q}) for q in SEARCHES]
        urls += [("/tim-kiem/", {"q": "cai cach", "loai": "van-ban", "tu": "01/01/2018"})]
        urls += [
            ("/tin-tuc/", {}),
            ("/tin-tuc/", {"page": pages // 2}),
            ("/tin-tuc/", {"page": pages}),
            ("/van-ban/", {}),
            ("/van-ban/", {"q": "cai cach"}),
            ("/thu-tuc-hanh-chinh/", {}),
        ]
        if options["url"]:
            urls = [
                (url.partition("?")[0], QueryDict(url.partition("?")[2]).dict()) for url in options["url"]
            ]
        self.stdout.write(f"{Article.objects.count():,} bài viết; {options['runs']} lần đo mỗi địa chỉ")
        self.stdout.write(f"{'địa chỉ':60} {'p50 ms':>7} {'p95 ms':>7} {'truy vấn':>8}")
        search_times = []
        for path, params in urls:
            client.get(path, params, **visitor(0))
            timings = []
            for n in range(options["runs"]):
                with CaptureQueriesContext(connection) as captured:
                    began = time.perf_counter()
                    response = client.get(path, params, **visitor(n + 1))
                    timings.append((time.perf_counter() - began) * 1000)
                assert response.status_code == 200, (path, params, response.status_code)
            if path == "/tim-kiem/":
                search_times += timings
            label = path + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")
            self.stdout.write(
                f"{label[:60]:60} {statistics.median(timings):7.1f} {percentile(timings, 0.95):7.1f} "
                f"{len(captured):8d}"
            )
        if not search_times:
            return
        self.stdout.write(
            f"Tìm kiếm, mọi truy vấn: p50 {statistics.median(search_times):.1f} ms, "
            f"p95 {percentile(search_times, 0.95):.1f} ms"
        )
