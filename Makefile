# The two commands of the README:  make run  ·  make test
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The demo runs like production (DEBUG off) on plain HTTP at 127.0.0.1, with its own throwaway key.
DEMO_ENV := DJANGO_SECRET_KEY=demo-only-$(shell hostname)-not-a-secret-key-0123456789 DJANGO_HTTPS=0 DJANGO_SERVE_MEDIA=1

.PHONY: run test setup lint check clean flush-visits bench

$(VENV)/.installed: pyproject.toml .python-version
	@command -v pyenv >/dev/null 2>&1 && pyenv install --skip-existing $(PYTHON_VERSION) >/dev/null 2>&1 || true
	python$(PYTHON_VERSION) -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	@$(PY) -c 'import sys; assert sys.version_info[:2] == tuple(map(int, "$(PYTHON_VERSION)".split("."))), f"Python $(PYTHON_VERSION) is needed, found {sys.version}"'
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed

run: setup
	$(DEMO_ENV) $(PY) manage.py migrate --noinput
	$(DEMO_ENV) $(PY) manage.py load_demo
	$(DEMO_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@echo "Cổng thông tin: http://127.0.0.1:$(PORT)/  ·  Quản trị: http://127.0.0.1:$(PORT)/quan-tri/ (admin / MuongAng@2020)"
	$(DEMO_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# SQLite by default; with DATABASE_URL=postgres://… the PostgreSQL-only tests run too.
test: setup
	@if echo "$${DATABASE_URL:-}" | grep -q '^postgres'; then \
		$(PY) -m pytest $(PYTEST_ARGS); \
	else \
		$(PY) -m pytest -m "not postgres" $(PYTEST_ARGS); \
	fi

lint: setup
	$(VENV)/bin/ruff check .

flush-visits: setup
	$(PY) manage.py flush_visits

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Load benchmark: gunicorn.conf.py on 127.0.0.1 with PostgreSQL (portal_bench) and Redis (db 13),
# pages against a bare view, page cache on and off (needs wrk and ../shared/tools/http_load.sh).
bench: setup
	bash scripts/bench.sh
