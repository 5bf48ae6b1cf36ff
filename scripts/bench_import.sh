#!/usr/bin/env bash
# Import benchmark (`make bench-import`): a file of 100,000 dossier rows imported by the background worker
# while the site serves readers. The web latency of a few pages is measured with wrk (http_load.sh) before
# the import and again while it runs, on the same gunicorn (gunicorn.conf.py), PostgreSQL and Redis; the
# import's own time and outcome are printed at the end. Only 127.0.0.1 is loaded.
#
#   make bench-import
#   BENCH_IMPORT_ROWS=20000 BENCH_DURATION=5s make bench-import
#
# Settings: BENCH_IMPORT_ROWS (default 100000), BENCH_IMPORT_DB (default portal_bench_import, made anew),
# BENCH_PORT (default 8012), BENCH_DURATION (each wrk run, default 10s), BENCH_CONCURRENCY (default 8),
# BENCH_REDIS_URL (default redis://127.0.0.1:6379/3, not make bench's 13), HTTP_LOAD, BENCH_WORKER_NICE (default
# 15: the worker yields the CPU to the web processes, as compose.yaml's cpu_shares does; 0 to compare).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ROWS=${BENCH_IMPORT_ROWS:-100000}
DB=${BENCH_IMPORT_DB:-portal_bench_import}
PORT=${BENCH_PORT:-8012}
DURATION=${BENCH_DURATION:-10s}
CONCURRENCY=${BENCH_CONCURRENCY:-8}
HTTP_LOAD=${HTTP_LOAD:-../shared/tools/http_load.sh}
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DB" REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/3}
export DJANGO_SECRET_KEY=bench-only-not-a-secret-0123456789abcdefghij DJANGO_HTTPS=0 PAGE_CACHE=0
export TASKS_BACKEND=django_tasks_db.DatabaseBackend GUNICORN_BIND="127.0.0.1:$PORT"
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
[ -x "$HTTP_LOAD" ] || { echo "http_load.sh not found at $HTTP_LOAD (set HTTP_LOAD)" >&2; exit 2; }
step() { printf '\n==> %s (%s)\n' "$1" "$(date +%H:%M:%S)" >&2; }
WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

step "database $DB made anew: migrate, the demo's content"
psql -q postgres://postgres@127.0.0.1:5432/postgres -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" \
  -c "CREATE DATABASE $DB"
redis-cli -u "$REDIS_URL" flushdb >/dev/null
$PY manage.py migrate --noinput -v0
$PY manage.py load_demo -v0
$PY manage.py collectstatic --noinput -v0

step "a CSV file of $ROWS dossier rows of the demo unit's procedures"
$PY manage.py shell -v0 -c "
import csv, sys
from portal.units import unit_in_scope
from procedures.models import Procedure
from website.demo.data import demo_unit
with unit_in_scope(demo_unit()):
    codes = list(Procedure.objects.carried_out().order_by('code').values_list('code', flat=True)[:50])
statuses = ['Đang xử lý', 'Đã trả kết quả', 'Được tiếp nhận', 'Yêu cầu bổ sung giấy tờ']
with open('$WORK/ho-so.csv', 'w', newline='', encoding='utf-8') as out:
    w = csv.writer(out)
    w.writerow(['Mã hồ sơ', 'Mã thủ tục', 'Ngày tiếp nhận', 'Trạng thái', 'Người nộp', 'Ngày có kết quả'])
    for n in range($ROWS):
        day, seq = divmod(n, 9000)
        w.writerow([f'000.00.14.H19-2610{day + 1:02d}-{seq + 1:04d}', codes[n % len(codes)],
                    f'{day + 1:02d}/10/2026 08:{n % 60:02d}', statuses[n % 4], 'Lò Văn Pọm',
                    f'{day + 3:02d}/10/2026 15:00' if n % 4 == 1 else ''])
"
ls -l "$WORK/ho-so.csv" | awk '{printf "%s bytes\n", $5}' >&2

step "gunicorn (gunicorn.conf.py) on 127.0.0.1:$PORT, page cache off"
.venv/bin/gunicorn --config gunicorn.conf.py muongang.wsgi:application >"$WORK/access.log" 2>"$WORK/gunicorn.err" &
PIDS+=($!)
base="http://127.0.0.1:$PORT"
for _ in $(seq 1 100); do curl -fs -o /dev/null "$base/healthz" && break; sleep 0.2; done
curl -fs -o /dev/null "$base/healthz" || { tail -n 30 "$WORK/gunicorn.err" >&2; exit 1; }
PROCEDURE=$($PY manage.py shell -v0 -c "
from portal.units import unit_in_scope
from procedures.models import Procedure
from website.demo.data import demo_unit
with unit_in_scope(demo_unit()):
    print(Procedure.objects.carried_out().order_by('code').first().get_absolute_url())")
PAGES=("$base/" "$base/tin-tuc/" "$base$PROCEDURE" "$base/thong-ke-ho-so/")

measure() {  # label
  "$HTTP_LOAD" -d "$DURATION" -w 1s -c "$CONCURRENCY" "$1" "${PAGES[@]}" | tee -a "$WORK/results.txt"
}
step "the pages before the import (after VACUUM ANALYZE, so that autovacuum does not run during it)"
psql -q "$DATABASE_URL" -c "VACUUM ANALYZE"
measure quiet

step "the worker (manage.py db_worker), then the import of $ROWS rows started as the admin's page starts it"
nice -n "${BENCH_WORKER_NICE:-15}" $PY manage.py db_worker >"$WORK/worker.log" 2>&1 &
PIDS+=($!)
RUN=$($PY manage.py shell -v0 -c "
from django.contrib.auth import get_user_model
from django.core.files import File
from portal.units import unit_in_scope
from procedures import imports
from procedures.models import ImportKind
from website.demo.data import demo_unit
with unit_in_scope(demo_unit()), open('$WORK/ho-so.csv', 'rb') as f:
    run = imports.start_import(kind=ImportKind.DOSSIERS, upload=File(f, name='ho-so.csv'),
                               user=get_user_model().objects.get(username='motcua'))
print(run.pk)")
STARTED=$(date +%s)
status() {
  $PY manage.py shell -v0 -c "
from portal.units import everywhere
from procedures.models import ImportRun
with everywhere():
    r = ImportRun.objects.get(pk=$RUN)
print(r.status, r.rows_checked or 0, r.rows_written or 0, r.total_rows or 0)"
}

step "the pages while the import runs (each wrk run counted only if the import was still running at its end)"
during=0
while :; do
  read -r st _ _ _ <<<"$(status)"
  case "$st" in xong|loi|da_huy) break ;; esac
  "$HTTP_LOAD" -d "$DURATION" -w 1s -c "$CONCURRENCY" importing "${PAGES[@]}" >"$WORK/during.txt"
  read -r st checked written total <<<"$(status)"
  echo "import: $st, rows checked $checked, written $written of $total" >&2
  case "$st" in xong|loi|da_huy) break ;; esac
  cat "$WORK/during.txt" | tee -a "$WORK/results.txt"
  during=$((during + 1))
done
while :; do
  read -r st checked written total <<<"$(status)"
  case "$st" in xong|loi|da_huy) break ;; esac
  sleep 2
done
ENDED=$(date +%s)
step "the pages after the import (the worker idle; VACUUM ANALYZE first)"
psql -q "$DATABASE_URL" -c "VACUUM ANALYZE"
measure after
OUTCOME=$($PY manage.py shell -v0 -c "
from portal.units import everywhere
from procedures.models import Dossier, ImportRun
with everywhere():
    r = ImportRun.objects.get(pk=$RUN)
    n = Dossier.objects.filter(code__startswith='000.00.14.H19-2610').count()
took = (r.finished_at - r.started_at).total_seconds() if r.finished_at and r.started_at else 0
print(f'run {r.pk}: {r.get_status_display()}, {r.total_rows} rows, created {r.created_count}, updated {r.updated_count}, '
      f'errors {r.error_count}; in the worker {took:.0f} s; dossiers of the file now in the register: {n}')")

$PY - "$WORK/results.txt" "$during" "$OUTCOME" "$((ENDED - STARTED))" <<'EOF'
import sys

results, during, outcome, wall = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
rows = [dict(p.split("=", 1) for p in line.split()[1:]) for line in open(results) if line.startswith("BENCH ")]
by = {}
for r in rows:
    by.setdefault(r["url"], {}).setdefault(r["label"], []).append(r)
print("\nms; before and after: one wrk run each, the worker idle; importing: the median of the runs made while the"
      " import ran, and the worst p99 of them")
print(f"\n{'page':<34} {'before p50':>10} {'p99':>6}  {'after p50':>9} {'p99':>6}  {'importing p50':>13} {'p99':>6}"
      f" {'worst p99':>9}")


def median(values):
    values = sorted(values)
    return values[len(values) // 2] if values else 0.0


for url, runs in by.items():
    q, a, i = runs.get("quiet", [None])[0], runs.get("after", [None])[0], runs.get("importing", [])
    if not q:
        continue
    path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else url
    line = f"{path[:34]:<34} {float(q['p50_ms']):>10.1f} {float(q['p99_ms']):>6.0f}"
    line += f"  {float(a['p50_ms']):>9.1f} {float(a['p99_ms']):>6.0f}" if a else f"  {'':>9} {'':>6}"
    if i:
        line += (
            f"  {median(float(r['p50_ms']) for r in i):>13.1f} {median(float(r['p99_ms']) for r in i):>6.0f}"
            f" {max(float(r['p99_ms']) for r in i):>9.0f}"
        )
    print(line)
print(f"\nwrk runs made while the import ran: {during}; import started to done: {wall} s")
print(outcome)
EOF
