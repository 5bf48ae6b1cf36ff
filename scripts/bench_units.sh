#!/usr/bin/env bash
# Scale benchmark (`make bench-units`): does a commune's site cost more when the installation serves 500
# units? The demo's unit (Mường Ảng, at 127.0.0.1) is measured by scripts/bench.sh, page cache off, in two
# databases made for the purpose:
#   portal_units_1    the demo's unit and its province's demo (load_demo --province: the province of Điện
#                     Biên at dienbien.localhost and two more communes), with a generated volume in the
#                     demo's unit (default 1,000 articles, 1,000 national procedures it carries out, 4,000
#                     dossiers);
#   portal_units_500  a copy of it plus 496 generated communes of that province, each with a copy of that
#                     volume and of its service-quality roll-ups (about 500,000 articles and 2 million
#                     dossiers in all, the national procedures shared).
# The province's pages (its statistics, the directory, the measurement pages, the province-wide search)
# are measured too, on its host name, against their targets (scripts/bench.sh, bench_search --province).
# The two are measured in turn, BENCH_ROUNDS times (default 2), so that whatever else the machine does
# weighs on both alike; the table takes each page's best round, and prints requests a second, p99, the
# share of the bare view's rate in the same run, in-process time and queries at 1 and at 500 units.
# About 25 minutes on 2 CPUs; the databases are made anew each run. Measure on a quiet machine.
#
#   make bench-units
#   BENCH_UNITS=100 BENCH_DURATION=10s BENCH_ROUNDS=3 make bench-units
#
# BENCH_UNITS_SKIP_SETUP=1 measures the databases of an earlier run again; BENCH_ROUNDS=0 only makes them.
# Settings: BENCH_UNITS (default 500), BENCH_ROUNDS, BENCH_UNIT_VOLUME (generate_volume's options for one
# unit), BENCH_UNITS_DB (prefix, default portal_units) and those of scripts/bench.sh (BENCH_DURATION…).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
UNITS=${BENCH_UNITS:-500}
ROUNDS=${BENCH_ROUNDS:-2}
VOLUME=${BENCH_UNIT_VOLUME:---articles 1000 --procedures 1000 --dossiers 4000}
PREFIX=${BENCH_UNITS_DB:-portal_units}
ADMIN_URL=postgres://postgres@127.0.0.1:5432/postgres
url_of() { echo "postgres://postgres@127.0.0.1:5432/${PREFIX}_$1"; }
export REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13} BENCH_REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379/13}
export DJANGO_SECRET_KEY=bench-only-not-a-secret-0123456789abcdefghij DJANGO_HTTPS=0
export BENCH_PAGE_CACHE=${BENCH_PAGE_CACHE:-0} BENCH_SKIP_SETUP=1
step() { printf '\n==> %s (%s)\n' "$1" "$(date +%H:%M:%S)" >&2; }

if [ "${BENCH_UNITS_SKIP_SETUP:-0}" != 1 ]; then
step "database ${PREFIX}_1 made anew: migrate, demo content, one unit's volume ($VOLUME)"
psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS ${PREFIX}_1 WITH (FORCE)" -c "CREATE DATABASE ${PREFIX}_1"
export DATABASE_URL; DATABASE_URL=$(url_of 1)
$PY manage.py migrate --noinput -v0
$PY manage.py load_demo --province -v0  # the province (dienbien.localhost) over the communes: its pages are measured too
# shellcheck disable=SC2086
$PY manage.py generate_volume $VOLUME --units 1
# the roll-ups the province's pages read: service quality (copied with the template's content into each
# generated commune below), then the measurement of every unit, without asking its pages (--no-checks:
# the checks take about a second a unit)
$PY manage.py rollup_service_quality --all
$PY manage.py measure_units --no-checks
$PY manage.py collectstatic --noinput -v0

step "database ${PREFIX}_$UNITS: a copy of it, then generate_volume --units $UNITS (progress every 25 units)"
psql -q "$ADMIN_URL" -c "DROP DATABASE IF EXISTS ${PREFIX}_$UNITS WITH (FORCE)" \
  -c "CREATE DATABASE ${PREFIX}_$UNITS TEMPLATE ${PREFIX}_1"
DATABASE_URL=$(url_of "$UNITS")
# shellcheck disable=SC2086
$PY manage.py generate_volume $VOLUME --units "$UNITS"
$PY manage.py measure_units --no-checks
psql -Atq "$DATABASE_URL" -c "SELECT 'units ' || (SELECT count(*) FROM portal_unit) || ', articles '
  || (SELECT count(*) FROM news_article) || ', dossiers ' || (SELECT count(*) FROM procedures_dossier)
  || ', national procedures ' || (SELECT count(*) FROM procedures_procedure)
  || ', search entries ' || (SELECT count(*) FROM website_searchentry)" | tee bench-units-volume.txt
fi
[ "$ROUNDS" -gt 0 ] || exit 0  # BENCH_ROUNDS=0: the databases only

for round in $(seq 1 "$ROUNDS"); do
  for n in 1 "$UNITS"; do
    step "round $round of $ROUNDS, $n unit(s): scripts/bench.sh"
    DATABASE_URL=$(url_of "$n") BENCH_RESULTS="bench-units-$n-r$round.txt" bash scripts/bench.sh
  done
done

step "1 unit against $UNITS units"
$PY - "$UNITS" "$ROUNDS" <<'PY'
import re
import sys

units, rounds = sys.argv[1], int(sys.argv[2])


def load(n):
    """Each page's best round (the most requests a second), and its in-process time and queries."""
    best, inprocess = {}, {}
    for r in range(1, rounds + 1):
        rows = []
        for line in open(f"bench-units-{n}-r{r}.txt"):
            if line.startswith("BENCH "):
                rows.append(dict(part.split("=", 1) for part in line.split()[1:]))
        bare = {row["conc"]: float(row["rps"]) for row in rows if row["url"].endswith("/bench-bare/")}
        for row in rows:
            path = "/" + row["url"].split(":", 2)[2].split("/", 1)[1]
            row["of_bare"] = float(row["rps"]) / bare[row["conc"]] if bare.get(row["conc"]) else 0
            key = (path, row["conc"])
            if key not in best or float(row["rps"]) > float(best[key]["rps"]):
                best[key] = row
        for line in open(f"bench-units-{n}-r{r}-inprocess.txt"):
            m = re.match(r"(/\S*(?: \S+)*?)\s+([\d.]+)\s+([\d.]+)\s+(\d+)$", line.rstrip())
            if m:
                path = m[1].replace(" ", "+")
                ms, queries = float(m[2]), int(m[4])
                if path not in inprocess or ms < inprocess[path][0]:
                    inprocess[path] = (ms, queries)
    return best, inprocess


(one, one_in), (many, many_in) = load(1), load(units)
print(open("bench-units-volume.txt").read().strip())
print(
    f"\n{'page':<44} {'conc':>4} {'rps 1':>7} {f'rps {units}':>8} {'change':>7} {'bare% 1':>8} {f'bare% {units}':>10}"
    f" {'p99 1':>6} {f'p99 {units}':>7} {'ms 1':>5} {f'ms {units}':>6} {'q 1':>4} {f'q {units}':>5}"
)
worst, same_queries = 0.0, True
for key, a in one.items():
    b = many.get(key)
    if b is None:
        continue
    path, conc = key
    change = float(b["rps"]) / float(a["rps"]) - 1
    ms_a, q_a = one_in.get(path, (0, -1))
    ms_b, q_b = many_in.get(path, (0, -1))
    if not path.startswith("/bench-bare/") and not a["label"].startswith("province-"):
        worst = min(worst, change)
        same_queries &= q_a == q_b
    print(
        f"{path[:44]:<44} {conc:>4} {float(a['rps']):>7.0f} {float(b['rps']):>8.0f} {change:>+7.1%}"
        f" {a['of_bare']:>8.1%} {b['of_bare']:>10.1%} {float(a['p99_ms']):>6.0f} {float(b['p99_ms']):>7.0f}"
        f" {ms_a:>5.1f} {ms_b:>6.1f} {q_a:>4} {q_b:>5}"
    )
print(f"\nworst change of a page (best of {rounds} rounds each): {worst:+.1%}; same query counts: "
      f"{'yes' if same_queries else 'NO'}")


def province(n):
    """bench_search --province's lines: each page's best round (lowest p95) as (p50, p95, queries), and the
    province-wide search's p50 and p95 over all its queries."""
    pages, search = {}, None
    for r in range(1, rounds + 1):
        try:
            lines = open(f"bench-units-{n}-r{r}-province.txt").read().splitlines()
        except FileNotFoundError:
            return pages, search
        for line in lines:
            m = re.match(r"(/\S+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)", line)
            if m and "pham-vi" not in m[1]:
                if m[1] not in pages or float(m[3]) < pages[m[1]][1]:
                    pages[m[1]] = (float(m[2]), float(m[3]), int(m[4]))
            m = re.search(r"p50 ([\d.]+) ms, p95 ([\d.]+) ms", line)
            if m and (search is None or float(m[2]) < search[1]):
                search = (float(m[1]), float(m[2]))
    return pages, search


(p_one, s_one), (p_many, s_many) = province(1), province(units)
if p_many:
    print(f"\nthe province's pages in-process, page cache off (best of {rounds} rounds; p95 under 300 ms):")
    print(f"{'page':<44} {'p50 1':>6} {'p95 1':>6} {f'p50 {units}':>8} {f'p95 {units}':>8} {'q 1':>4} {f'q {units}':>5}")
    for path, (p50, p95, q) in p_many.items():
        a = p_one.get(path, (0, 0, -1))
        verdict = "PASS" if p95 < 300 else "FAIL"
        print(f"{path:<44} {a[0]:>6.1f} {a[1]:>6.1f} {p50:>8.1f} {p95:>8.1f} {a[2]:>4} {q:>5}  {verdict}")
if s_many:
    verdict = "PASS" if s_many[1] < 50 else "FAIL"
    print(f"province-wide search, all queries: p50/p95 {s_one[0] if s_one else 0:.1f}/{s_one[1] if s_one else 0:.1f} ms"
          f" at 1 unit, {s_many[0]:.1f}/{s_many[1]:.1f} ms at {units} units (p95 under 50 ms): {verdict}")
PY
