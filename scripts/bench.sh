#!/usr/bin/env bash
# Load benchmark of the demo portal: gunicorn as in production (DEBUG off), on 127.0.0.1 only,
# measured with ../shared/tools/http_load.sh (wrk). /healthz is the near-bare baseline; compare
# ratios from one run, not absolute numbers across machines.
#   make bench                      # SQLite demo database (bench.sqlite3)
#   DATABASE_URL=postgres://… make bench
set -euo pipefail
cd "$(dirname "$0")/.."
HTTP_LOAD=${HTTP_LOAD:-../shared/tools/http_load.sh}
PORT=${BENCH_PORT:-8010}
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
[ -x "$HTTP_LOAD" ] || { echo "http_load.sh not found at $HTTP_LOAD (set HTTP_LOAD)" >&2; exit 2; }

export DJANGO_SECRET_KEY=bench-only-not-a-secret-0123456789abcdefghij DJANGO_HTTPS=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DATABASE_URL=${DATABASE_URL:-sqlite:///$PWD/bench.sqlite3}
PY=.venv/bin/python
$PY manage.py migrate --noinput -v0
$PY manage.py load_demo -v0
$PY manage.py collectstatic --noinput -v0

.venv/bin/gunicorn muongang.wsgi:application --bind "127.0.0.1:$PORT" --workers 2 --threads 4 \
  --worker-class gthread --log-level warning > /tmp/portal-bench-gunicorn.log 2>&1 &
PID=$!
trap 'kill -TERM $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && break; sleep 0.2; done

base="http://127.0.0.1:$PORT"
"$HTTP_LOAD" -d "${BENCH_DURATION:-10s}" -c "${BENCH_CONCURRENCY:-8 64}" portal \
  "$base/healthz" "$base/" "$base/gioi-thieu/co-cau-to-chuc/" | tee bench-results.txt
awk '$1=="BENCH"{for(i=2;i<=NF;i++){split($i,kv,"=");f[kv[1]]=kv[2]};
     printf "%-45s conc=%-3s rps=%-8s p50=%-6s p99=%-6s non2xx=%s\n", f["url"], f["conc"], f["rps"], f["p50_ms"], f["p99_ms"], f["non2xx"]}' bench-results.txt
