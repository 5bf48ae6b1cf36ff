#!/usr/bin/env bash
# Load benchmark (`make bench`): the portal served as in production — gunicorn with gunicorn.conf.py,
# DEBUG off, PostgreSQL and Redis — on 127.0.0.1, measured with ../shared/tools/http_load.sh (wrk)
# beside a bare Django view served by the same gunicorn in the same run. The ratio to the bare
# view is the figure to compare; absolute numbers vary by machine and from run to run.
#
#   make bench                                  # database portal_bench (created if missing), Redis db 13
#   BENCH_DURATION=15s make bench               # longer runs for figures worth publishing
#   DATABASE_URL=postgres://… BENCH_REDIS_URL=redis://…/13 make bench
#
# Settings (environment):
#   BENCH_DURATION     each measured run (default 5s; wrk), BENCH_WARMUP warm-up per URL (default 2s)
#   BENCH_CONCURRENCY  connections (default "8 64"); BENCH_PAGE_CACHE the page cache settings to run
#                      (default "1 0": PAGE_CACHE=1 then PAGE_CACHE=0, passed to gunicorn)
#   BENCH_PORT         default 8010; GUNICORN_WORKERS as gunicorn.conf.py (2 x CPU + 1 with Redis)
#   BENCH_SKIP_SETUP=1 skip migrate/load_demo/generate_volume (content already there)
#   BENCH_VOLUME       generate_volume's options (default "--articles 10000 --procedures 1000 --dossiers 100000")
#   BENCH_RESULTS      where the figures go (default bench-results.txt)
#
# Every wrk request carries a browser User-Agent and a client address (X-Forwarded-For) that differ
# per request (a wrapper around wrk adds them; http_load.sh has no header option), so each request
# is a new visitor for the counter — its worst case. After the run the counter must have grown by exactly the number of page views
# counted in gunicorn's access log.
set -euo pipefail
cd "$(dirname "$0")/.."
HTTP_LOAD=${HTTP_LOAD:-../shared/tools/http_load.sh}
PORT=${BENCH_PORT:-8010}
DURATION=${BENCH_DURATION:-5s}
WARMUP=${BENCH_WARMUP:-2s}
CONCURRENCY=${BENCH_CONCURRENCY:-8 64}
PAGE_CACHE_RUNS=${BENCH_PAGE_CACHE:-1 0}
RESULTS=${BENCH_RESULTS:-bench-results.txt}
PY=.venv/bin/python
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk" >&2; exit 2; }
[ -x "$HTTP_LOAD" ] || { echo "http_load.sh not found at $HTTP_LOAD (set HTTP_LOAD)" >&2; exit 2; }
REAL_WRK="$(command -v wrk)"

# --- PostgreSQL and Redis ---------------------------------------------------------------------
if [ -z "${DATABASE_URL:-}" ]; then
  export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench
  if [ "$(psql -Atq postgres://postgres@127.0.0.1:5432/postgres \
          -c "SELECT 1 FROM pg_database WHERE datname = 'portal_bench'")" != 1 ]; then
    psql -q postgres://postgres@127.0.0.1:5432/postgres -c "CREATE DATABASE portal_bench"
  fi
fi
case "$DATABASE_URL" in postgres*) ;; *) echo "bench: DATABASE_URL must be PostgreSQL" >&2; exit 2 ;; esac
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13}
# The benchmark's own Redis database: emptied so the counter starts from what PostgreSQL holds.
$PY -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$REDIS_URL"

# --- production settings, plain HTTP on loopback ---------------------------------------------
unset DJANGO_DEBUG
export DJANGO_SECRET_KEY=bench-only-not-a-secret-0123456789abcdefghij DJANGO_HTTPS=0
export DJANGO_ALLOWED_HOSTS=127.0.0.1 DJANGO_SERVE_MEDIA=1 BENCH_BARE_VIEW=1
# As behind the province's proxy: the client address comes from X-Forwarded-For, and wrk sends a
# different one per request (documentation range 2001:db8::/32), so the per-address rate limit of
# the dossier lookup (20 a minute) stays on but does not turn the benchmark into 429s.
export DJANGO_NUM_PROXIES=1
export GUNICORN_BIND="127.0.0.1:$PORT" CACHE_KEY_PREFIX=bench
WORK="$(mktemp -d -t portal-bench.XXXXXX)"
PID=""
stop_server() {
  if [ -n "$PID" ]; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; PID=""; fi
}
trap 'stop_server; rm -rf "$WORK"' EXIT

if [ "${BENCH_SKIP_SETUP:-0}" != 1 ]; then
  echo "bench: migrate, demo content, generated volume, static files ($DATABASE_URL)" >&2
  $PY manage.py migrate --noinput -v0
  $PY manage.py load_demo -v0
  if $PY manage.py help generate_volume >/dev/null 2>&1; then
    $PY manage.py generate_volume ${BENCH_VOLUME:---articles 10000 --procedures 1000 --dossiers 100000}
  else
    echo "bench: WARNING: no generate_volume command yet: measuring the demo content only" >&2
  fi
  $PY manage.py collectstatic --noinput -v0
fi

# One real article, procedure and dossier code to ask for.
# They are of the demo's unit (the one at 127.0.0.1), however many units the database holds.
read -r ARTICLE PROCEDURE DOSSIER < <($PY manage.py shell -v0 -c "
from news.models import Article
from portal.units import current, unit_in_scope
from procedures.models import Dossier, Procedure
from website.demo.data import demo_unit
with unit_in_scope(demo_unit()):
    a = Article.objects.published().order_by('-published_at').first()
    p = Procedure.objects.filter(unit_procedures__unit=current()).order_by('code').first()
    d = Dossier.objects.exclude(code__startswith='BENCH-').order_by('-received_at').first()
    print(a.get_absolute_url(), p.get_absolute_url(), d.code)")
base="http://127.0.0.1:$PORT"
PATHS=("/" "/tin-tuc/" "$ARTICLE" "/van-ban/" "$PROCEDURE" "/tra-cuu-ho-so/?ma=$DOSSIER" "/tim-kiem/?q=cai+cach+hanh+chinh")
PAGES=("${PATHS[@]/#/$base}")
# The same pages in-process, one at a time, page cache off: time and query count of each.
url_args=(); for path in "${PATHS[@]}"; do url_args+=(--url "$path"); done
DJANGO_ALLOWED_HOSTS=127.0.0.1 $PY manage.py bench_search --runs "${BENCH_RUNS:-20}" "${url_args[@]}" \
  | tee "${RESULTS%.txt}-inprocess.txt"

# The province's pages (issue 16), when the database has a province with a host name (load_demo --province):
# its statistics, the directory, the measurement pages (the admin's as a superuser, by a session cookie) and
# the province-wide search, in-process against their targets, then through gunicorn with its Host header.
PROVINCE_HOST="$($PY manage.py shell -v0 -c "
from portal import units
from website.management.commands.bench_search import province
site = province()
print(units.primary_host(site) if site else '')")"
PROVINCE_PATHS=()
if [ -n "$PROVINCE_HOST" ]; then
  export DJANGO_ALLOWED_HOSTS="127.0.0.1,$PROVINCE_HOST"
  $PY manage.py bench_search --province --runs "${BENCH_RUNS:-20}" | tee "${RESULTS%.txt}-province.txt"
  PROVINCE_COOKIE="sessionid=$($PY manage.py shell -v0 -c "
from django.test import Client
from portal import roles, units
from website.management.commands.bench_search import bench_admin, province
site = province()
client = Client(HTTP_HOST=units.primary_host(site))
client.force_login(bench_admin())
session = client.session
session[roles.SESSION_UNIT] = site.pk
session.save()
print(session.session_key)")"
  # the admin's page is measured apart, with the cookie (http_load's preflight has no Host header nor
  # cookie: its warnings about these pages are expected; wrk's count of non-2xx answers is the one to read)
  PROVINCE_PATHS=(/thong-ke-ho-so/toan-tinh/ /don-vi-hanh-chinh/ /danh-gia-cong-thong-tin/
    "/tim-kiem/?q=cai+cach+hanh+chinh&pham-vi=toan-tinh")
fi

# wrk with a browser User-Agent, a new one for every request (see the header of this file).
mkdir -p "$WORK/bin"
cat > "$WORK/bin/wrk" <<EOF
#!/usr/bin/env bash
# Wraps http_load.sh's wrk call: its reporting script is loaded first, then a request() that
# sends a browser User-Agent and a client address unique to this run, thread and request.
args=(); report=""
while [ \$# -gt 0 ]; do
  if [ "\$1" = -s ]; then report="\$2"; shift 2; else args+=("\$1"); shift; fi
done
script="\$(mktemp "$WORK/visitors.XXXXXX.lua")"
cat > "\$script" <<LUA
dofile("\$report")
local nonce, net = "\$(date +%s%N)-\$\$", \$RANDOM
local report_setup, report_init, started = setup, init, 0
function setup(thread) started = started + 1; thread:set("tid", started); report_setup(thread) end
function init(args) report_init(args); sent = 0 end
-- BENCH_WRK_HOST, BENCH_WRK_COOKIE: the province's pages, on its host name, the admin's signed in
local host, cookie = os.getenv("BENCH_WRK_HOST"), os.getenv("BENCH_WRK_COOKIE")
-- the province's page views are not the measured unit's: another tag keeps them out of its count
local tag = host and "portal-bench-province/" or "portal-bench/"
function request()
  sent = sent + 1
  local headers = {
    ["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
      .. "Chrome/131.0 Safari/537.36 " .. tag .. nonce .. "-" .. tid .. "-" .. sent,
    -- each request from its own /64, as rate limits count an IPv6 client by its /64
    ["X-Forwarded-For"] = string.format("2001:db8:%x:%x::1", (net + tid * 4099 + math.floor(sent / 65536)) % 65536, sent % 65536),
  }
  if host then headers["Host"] = host end
  if cookie then headers["Cookie"] = cookie end
  return wrk.format(nil, nil, headers)
end
LUA
exec "$REAL_WRK" -s "\$script" "\${args[@]}"
EOF
chmod +x "$WORK/bin/wrk"

counter_total() {
  $PY manage.py flush_visits >/dev/null
  $PY manage.py shell -v0 -c "
from portal.units import unit_in_scope
from portal.visitors import compute_counts
from website.demo.data import demo_unit
with unit_in_scope(demo_unit()):  # the counter of the unit measured
    print(compute_counts().total)"
}
VISITS_BEFORE="$(counter_total)"
WORKERS="$($PY -c "import runpy; c = runpy.run_path('gunicorn.conf.py'); print(c['workers'], 'x', c['threads'], c['worker_class'])")"

: > "$RESULTS"
for page_cache in $PAGE_CACHE_RUNS; do
  label="page-cache-$([ "$page_cache" = 1 ] && echo on || echo off)"
  echo "bench: gunicorn (gunicorn.conf.py) with PAGE_CACHE=$page_cache on $base" >&2
  PAGE_CACHE=$page_cache .venv/bin/gunicorn --config gunicorn.conf.py muongang.wsgi:application \
    >> "$WORK/access.log" 2>> "$WORK/gunicorn.err" &
  PID=$!
  for _ in $(seq 1 100); do curl -fs -o /dev/null "$base/healthz" && break; sleep 0.2; done
  curl -fs -o /dev/null "$base/healthz" || { tail -n 30 "$WORK/gunicorn.err" >&2; exit 1; }
  PATH="$WORK/bin:$PATH" "$HTTP_LOAD" -d "$DURATION" -w "$WARMUP" -c "$CONCURRENCY" "$label" \
    "$base/bench-bare/" "${PAGES[@]}" | tee -a "$RESULTS" || true
  if [ ${#PROVINCE_PATHS[@]} -gt 0 ]; then  # a province-… label: the summary and bench_units tell them apart
    BENCH_WRK_HOST="$PROVINCE_HOST" PATH="$WORK/bin:$PATH" "$HTTP_LOAD" -d "$DURATION" -w "$WARMUP" \
      -c "$CONCURRENCY" "province-$label" "${PROVINCE_PATHS[@]/#/$base}" | tee -a "$RESULTS" || true
    BENCH_WRK_HOST="$PROVINCE_HOST" BENCH_WRK_COOKIE="$PROVINCE_COOKIE" PATH="$WORK/bin:$PATH" "$HTTP_LOAD" \
      -d "$DURATION" -w "$WARMUP" -c "$CONCURRENCY" "province-$label" \
      "$base/quan-tri/website/unitmeasurement/" | tee -a "$RESULTS" || true
  fi
  stop_server
done
VISITS_AFTER="$(counter_total)"
# Page views the counter must have counted: 200s of the pages (HTML) with our browser User-Agent.
COUNTED="$(grep 'portal-bench/' "$WORK/access.log" | grep -v -e '"GET /bench-bare/' -e '"GET /healthz' \
  | grep -c -E '" 200 [0-9-]+ ' || true)"

$PY - "$VISITS_BEFORE" "$VISITS_AFTER" "$COUNTED" "$(nproc)" "$WORKERS" "$RESULTS" <<'EOF'
import sys

before, after, counted, cpus = (int(v) for v in sys.argv[1:5])
workers, results = sys.argv[5:7]
rows = []
for line in open(results):
    if line.startswith("BENCH "):
        rows.append(dict(part.split("=", 1) for part in line.split()[1:]))
bare = {(r["label"], r["conc"]): float(r["rps"]) for r in rows if r["url"].endswith("/bench-bare/")}
print(f"\n{'page cache':<15} {'url':<58} {'conc':>4} {'rps':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'of bare':>8}")
for r in rows:
    errors = int(r["non2xx"]) + int(r["sock_errors"]) + int(r["timeouts"])
    path = r["url"].split(":", 2)[2].split("/", 1)[1]
    path = path if len(path) <= 56 else path[:55] + "…"
    of = (r["label"].removeprefix("province-"), r["conc"])  # the province's pages: the bare view of their run
    ratio = float(r["rps"]) / bare[of] if bare.get(of) else 0
    print(
        f"{r['label'].removeprefix('page-cache-'):<15} /{path:<57} {r['conc']:>4} {float(r['rps']):>8.1f} "
        f"{float(r['p50_ms']):>8.1f} {float(r['p99_ms']):>8.1f} {errors:>7} {ratio:>7.1%}"
    )
# The targets of rendering without the page cache: each public page at 25 % or more of the bare view in the
# same run (the search at 15 %), and its p99 under 150 ms at 64 connections.
print("\npage cache off, targets: ≥ 25 % of the bare view (search ≥ 15 %), p99 < 150 ms at 64 connections")
met = missed = 0
for r in rows:
    if r["label"] != "page-cache-off" or r["url"].endswith("/bench-bare/"):
        continue
    path = "/" + r["url"].split(":", 2)[2].split("/", 1)[1]
    floor = 0.15 if path.startswith("/tim-kiem/") else 0.25
    ratio = float(r["rps"]) / bare[(r["label"], r["conc"])]
    ok = ratio >= floor and (r["conc"] != "64" or float(r["p99_ms"]) < 150)
    met, missed = met + ok, missed + (not ok)
    shown = path if len(path) <= 56 else path[:55] + "…"
    print(f"  {'pass' if ok else 'FAIL':<5} {shown:<57} {r['conc']:>4} {ratio:>7.1%} p99 {float(r['p99_ms']):.0f} ms")
print(f"  {met} of {met + missed} met")
grown = after - before
verdict = "exact" if grown == counted else "NOT EXACT"
print(f"\nvisitor counter: {before} -> {after} (+{grown}); page views answered 200 in the access log: {counted}: {verdict}")
print(f"machine: {cpus} CPUs, gunicorn {workers}; errors = non-2xx + socket errors + timeouts; results in {results}")
sys.exit(0 if grown == counted else 1)
EOF
