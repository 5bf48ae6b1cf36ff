#!/usr/bin/env bash
# The last step of `make run`: the demo served as in production, by gunicorn (gunicorn.conf.py) on
# 127.0.0.1:$PORT, with the background tasks' worker (`manage.py db_worker`) beside it. The tasks wait in
# the demo's SQLite database, as they wait in PostgreSQL in production.
# Ctrl+C (or a TERM) stops both; if either stops by itself, the other is stopped too.
set -u
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
PORT=${PORT:-8000}

nice -n 10 "$PY" manage.py db_worker --no-reload --verbosity 0 &  # the pages first, then the imports
worker=$!
GUNICORN_BIND="127.0.0.1:$PORT" "$PY" -m gunicorn --config gunicorn.conf.py muongang.wsgi:application &
web=$!

stop() {
  trap - INT TERM
  kill -TERM "$web" "$worker" 2>/dev/null
  wait "$web" "$worker" 2>/dev/null
  printf '\n==> Đã dừng cổng thông tin và tiến trình chạy việc nền.\n'
}
trap 'stop; exit 130' INT
trap 'stop; exit 143' TERM

wait -n "$web" "$worker"
status=$?
stop
exit "$status"
