#!/usr/bin/env bash
# Scale benchmark (`make bench-units`): does a commune's site cost more when the installation serves 500
# units? The demo's unit (Mường Ảng, at 127.0.0.1) is measured twice by scripts/bench.sh, page cache off:
#   1. alone, with its content and a generated volume (default 1,000 articles, 1,000 national procedures it
#      carries out, 4,000 dossiers);
#   2. after generate_volume --units 500 has added 499 communes, each with a copy of that volume (500,000
#      articles and 2 million dossiers in all, 1,000 national procedures shared).
# Then it prints, per page, requests a second, p99, in-process time and queries at 1 and at 500 units.
# The database (portal_units) is made anew each run; about 15 minutes on 2 CPUs.
#
#   make bench-units
#   BENCH_UNITS=100 BENCH_DURATION=10s make bench-units
#
# Settings: BENCH_UNITS (default 500), BENCH_UNIT_VOLUME (generate_volume's options for one unit),
# BENCH_UNITS_DB (default portal_units) and those of scripts/bench.sh (BENCH_DURATION, BENCH_CONCURRENCY…).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
UNITS=${BENCH_UNITS:-500}
VOLUME=${BENCH_UNIT_VOLUME:---articles 1000 --procedures 1000 --dossiers 4000}
DB=${BENCH_UNITS_DB:-portal_units}
ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres
export DATABASE_URL=postgres://postgres@127.0.0.1:5432/$DB
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13} BENCH_REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13}
export DJANGO_SECRET_KEY=bench-only-not-a-secret-0123456789abcdefghij DJANGO_HTTPS=0
export BENCH_PAGE_CACHE=${BENCH_PAGE_CACHE:-0} BENCH_SKIP_SETUP=1
step() { printf '\n==> %s (%s)\n' "$1" "$(date +%H:%M:%S)" >&2; }

step "database $DB made anew: migrate, demo content, one unit's volume ($VOLUME)"
psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB"
$PY manage.py migrate --noinput -v0
$PY manage.py load_demo -v0
# shellcheck disable=SC2086
$PY manage.py generate_volume $VOLUME --units 1
$PY manage.py collectstatic --noinput -v0

step "1 unit: scripts/bench.sh"
BENCH_RESULTS=bench-units-1.txt bash scripts/bench.sh

step "$UNITS units: generate_volume --units $UNITS (progress every 25 units)"
# shellcheck disable=SC2086
$PY manage.py generate_volume $VOLUME --units "$UNITS"
psql -Atq "$DATABASE_URL" -c "SELECT 'units ' || (SELECT count(*) FROM portal_unit) || ', articles '
  || (SELECT count(*) FROM news_article) || ', dossiers ' || (SELECT count(*) FROM procedures_dossier)
  || ', national procedures ' || (SELECT count(*) FROM procedures_procedure)
  || ', search entries ' || (SELECT count(*) FROM website_searchentry)" | tee bench-units-volume.txt

step "$UNITS units: scripts/bench.sh"
BENCH_RESULTS="bench-units-$UNITS.txt" bash scripts/bench.sh

step "1 unit against $UNITS units"
$PY - "$UNITS" <<'PY'
import re
import sys

units = sys.argv[1]


def load(n):
    rows = {}
    for line in open(f"bench-units-{n}.txt"):
        if line.startswith("BENCH "):
            r = dict(part.split("=", 1) for part in line.split()[1:])
            path = "/" + r["url"].split(":", 2)[2].split("/", 1)[1]
            rows[(path, r["conc"])] = r
    inprocess = {}
    for line in open(f"bench-units-{n}-inprocess.txt"):
        m = re.match(r"(/\S*(?: \S+)*?)\s+([\d.]+)\s+([\d.]+)\s+(\d+)$", line.rstrip())
        if m:
            inprocess[m[1].replace(" ", "+")] = (float(m[2]), int(m[4]))
    return rows, inprocess


(one, one_in), (many, many_in) = load(1), load(units)
print(open("bench-units-volume.txt").read().strip())
print(f"\n{'page':<44} {'conc':>4} {'rps 1':>7} {f'rps {units}':>8} {'change':>7} {'p99 1':>6} {f'p99 {units}':>7}"
      f" {'ms 1':>5} {f'ms {units}':>6} {'q 1':>4} {f'q {units}':>5}")
worst, same_queries = 0.0, True
for key, a in one.items():
    b = many.get(key)
    if b is None:
        continue
    path, conc = key
    change = float(b["rps"]) / float(a["rps"]) - 1
    ms_a, q_a = one_in.get(path, (0, -1))
    ms_b, q_b = many_in.get(path, (0, -1))
    if not path.startswith("/bench-bare/"):
        worst = min(worst, change)
        same_queries &= q_a == q_b
    print(f"{path[:44]:<44} {conc:>4} {float(a['rps']):>7.0f} {float(b['rps']):>8.0f} {change:>+7.1%}"
          f" {float(a['p99_ms']):>6.0f} {float(b['p99_ms']):>7.0f} {ms_a:>5.1f} {ms_b:>6.1f} {q_a:>4} {q_b:>5}")
print(f"\nworst change of a page: {worst:+.1%}; same query counts: {'yes' if same_queries else 'NO'}")
PY
