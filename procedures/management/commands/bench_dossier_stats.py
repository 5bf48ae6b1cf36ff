"""Generate many dossiers and time the statistics of one year (the queries of /thong-ke-ho-so/?nam=YYYY).

    manage.py bench_dossier_stats --count 1000000

Generated dossiers have codes starting with «BENCH-» and are replaced on each run;
``--clear`` only removes them. On PostgreSQL the rows are made by one
INSERT … SELECT over generate_series; elsewhere by bulk_create in batches.
"""

import random
import statistics
import time
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal import units
from portal.units import add_unit_argument, unit_in_scope
from procedures.models import Dossier, Procedure, timeliness
from procedures.stats import Period, dossier_stats

PREFIX = "BENCH-"
CHANNELS = ["truc_tiep"] * 4 + ["truc_tuyen", "buu_chinh"]

PG_INSERT = """
INSERT INTO procedures_dossier (
    unit_id, code, procedure_id, channel, received_at, due_at, finished_at, returned_at, status, timeliness,
    apology_reason, received_by, handling_agency, handled_by, applicant_name, applicant_phone,
    applicant_id_number, applicant_email, created_at, updated_at
)
SELECT
    %(unit)s, %(prefix)s || lpad(g::text, 8, '0'), procedure_id, channel, received_at, due_at, finished_at, NULL, status,
    CASE
        WHEN status NOT IN ('9', '10') THEN ''
        WHEN finished_at > due_at THEN 'qua_han'
        WHEN (finished_at AT TIME ZONE %(tz)s)::date < (due_at AT TIME ZONE %(tz)s)::date THEN 'truoc_han'
        ELSE 'dung_han'
    END,
    '', '', '', '', 'Người nộp thử nghiệm', '', '', '', now(), now()
FROM (
    SELECT
        g,
        (%(procedures)s::bigint[])[1 + (g %% %(n_procedures)s)] AS procedure_id,
        (ARRAY['truc_tiep','truc_tiep','truc_tiep','truc_tiep','truc_tuyen','buu_chinh'])[1 + (g %% 6)] AS channel,
        r.received AS received_at,
        r.received + make_interval(days => (g %% 15)::int) AS due_at,
        CASE WHEN g > %(closed)s AND g %% 5 = 0 THEN NULL ELSE r.received + make_interval(hours => ((g * 7919) %% 480)::int) END
            AS finished_at,
        CASE WHEN g > %(closed)s AND g %% 5 = 0 THEN '4' WHEN g %% 97 = 0 THEN '7' ELSE '10' END AS status
    FROM generate_series(1::bigint, %(count)s) AS g
    CROSS JOIN LATERAL (
        -- in the order of reception, as a real register grows, with a jitter of up to a day
        SELECT %(start)s::timestamptz + ((g - 1) * %(span)s / %(count)s + (g * 7919) %% 86400) * interval '1 second'
            AS received
    ) AS r
) AS generated
"""


class Command(BaseCommand):
    help = "Sinh hồ sơ thử nghiệm và đo thời gian truy vấn thống kê một năm (p50, p95)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=1_000_000, help="Số hồ sơ sinh ra (mặc định 1.000.000)"
        )
        parser.add_argument("--first-year", type=int, default=2016)
        parser.add_argument("--last-year", type=int, default=2025)
        parser.add_argument("--year", type=int, help="Năm được đo (mặc định năm giữa khoảng)")
        parser.add_argument("--runs", type=int, default=20, help="Số lần đo")
        parser.add_argument("--clear", action="store_true", help="Chỉ xóa hồ sơ thử nghiệm rồi dừng")
        parser.add_argument(
            "--reuse", action="store_true", help="Dùng lại hồ sơ thử nghiệm đã sinh nếu đủ số lượng, chỉ đo"
        )
        add_unit_argument(parser)

    def handle(self, *args, **options):
        with unit_in_scope(options["unit"]):  # the dossiers and statistics of one unit
            self.run(options)

    def run(self, options):
        existing = Dossier.objects.filter(code__startswith=PREFIX)
        if not (options["reuse"] and existing.count() == options["count"]):
            self.generate(existing, options)
        if not options["clear"] and options["runs"]:
            self.measure(options)

    def generate(self, existing, options):
        # one DELETE statement: the ORM would load a million rows to send their signals
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {Dossier._meta.db_table} WHERE unit_id = %s AND code LIKE %s",
                [units.current_id(), PREFIX + "%"],
            )
            deleted = cursor.rowcount
            can_vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
            if deleted and can_vacuum:  # the new rows reuse the space instead of growing the table
                cursor.execute(f"VACUUM {Dossier._meta.db_table}")
        if deleted:
            self.stdout.write(f"Đã xóa {deleted} hồ sơ thử nghiệm cũ.")
        if options["clear"]:
            return
        procedures = list(Procedure.objects.values_list("pk", flat=True))
        if not procedures:
            raise CommandError("Chưa có thủ tục nào; hãy chạy load_demo trước.")
        first, last = options["first_year"], options["last_year"]
        start = timezone.make_aware(datetime(first, 1, 1))
        span = int((timezone.make_aware(datetime(last + 1, 1, 1)) - start).total_seconds())
        began = time.perf_counter()
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        PG_INSERT,
                        {
                            "unit": units.current_id(),
                            "prefix": PREFIX,
                            "procedures": procedures,
                            "n_procedures": len(procedures),
                            "count": options["count"],
                            "start": start,
                            "span": span,
                            "tz": timezone.get_current_timezone_name(),
                            "closed": self._closed(options["count"], span),
                        },
                    )
            else:
                self._bulk(options["count"], procedures, start, span)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load
                # no VACUUM inside a transaction (the tests)
                vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                cursor.execute(f"{vacuum} procedures_dossier")
        self.stdout.write(f"Sinh {options['count']:,} hồ sơ trong {time.perf_counter() - began:.1f} giây.")

    def measure(self, options):
        reset_queries()
        period = Period(options["year"] or (options["first_year"] + options["last_year"]) // 2)
        timings, queries = [], 0
        for _ in range(options["runs"]):
            with CaptureQueriesContext(connection) as captured:
                began = time.perf_counter()
                stats = dossier_stats(period)
                timings.append((time.perf_counter() - began) * 1000)
            queries = len(captured)
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
        self.stdout.write(
            f"Thống kê {period.label} ({stats.total.received:,} hồ sơ tiếp nhận, {queries} truy vấn, "
            f"{options['runs']} lần đo): p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
            f"chậm nhất {timings[-1]:.0f} ms."
        )

    @staticmethod
    def _closed(count, span):
        """Dossiers up to this number are all closed; a fifth of those of the last 60 days are still open."""
        return count - count * 60 * 86400 // span

    def _bulk(self, count, procedures, start, span):
        closed = self._closed(count, span)
        rng = random.Random(1)
        batch = []
        for n in range(1, count + 1):
            received = start + timedelta(seconds=(n - 1) * span // count + rng.randrange(86400))
            open_ = n > closed and n % 5 == 0
            batch.append(
                Dossier(
                    unit=units.current(),
                    code=f"{PREFIX}{n:08d}",
                    procedure_id=procedures[n % len(procedures)],
                    channel=CHANNELS[n % 6],
                    received_at=received,
                    due_at=received + timedelta(days=n % 15),
                    finished_at=None if open_ else received + timedelta(hours=rng.randrange(480)),
                    status="4" if open_ else "7" if n % 97 == 0 else "10",
                    applicant_name="Người nộp thử nghiệm",
                )
            )
            if batch[-1].status == "10":
                batch[-1].timeliness = timeliness(batch[-1])
            if len(batch) == 5000:
                Dossier.objects.bulk_create(batch)
                batch = []
        Dossier.objects.bulk_create(batch)
