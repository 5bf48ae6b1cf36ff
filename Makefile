# The two commands of the README:  make run  ·  make test
# Each step says what it does; a step whose result is already there (.venv, staticfiles/) is skipped.
PYTHON_VERSION := $(shell cat .python-version)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The demo runs like production (DEBUG off, gunicorn) on plain HTTP at 127.0.0.1, with its own throwaway
# key. Its background tasks (notification mails) wait in the SQLite database and the worker beside gunicorn
# runs them (scripts/run_demo.sh); each mail is written to a file in mails/ instead of being sent.
DEMO_ENV := DJANGO_SECRET_KEY=demo-only-$(shell hostname)-not-a-secret-key-0123456789 DJANGO_HTTPS=0 DJANGO_SERVE_MEDIA=1 \
	EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend
STATIC_MANIFEST := $(or $(STATIC_ROOT),staticfiles)/staticfiles.json
# The Redis database the tests empty and use. Several comma-separated URLs run the suite in as many
# pytest-xdist processes, one database each (TEST_REDIS_URL=redis://…/15,redis://…/14 make test); one URL
# (the default) runs it in one process, as CI does.
comma := ,
TEST_REDIS_URL ?= redis://127.0.0.1:6379/15
export TEST_REDIS_URL
TEST_WORKERS ?= $(words $(subst $(comma), ,$(TEST_REDIS_URL)))
XDIST := $(if $(filter-out 0 1,$(TEST_WORKERS)),-n $(TEST_WORKERS),-p no:xdist)
SAY := @printf '\n==> %s\n'

.PHONY: run test setup lint check clean flush-visits bench bench-units bench-import

# What the portal needs to run; the test tools come on top, with the first `make test`.
$(VENV)/.installed: pyproject.toml .python-version
	$(SAY) "Môi trường Python $(PYTHON_VERSION) trong $(VENV): các gói đã ghim trong pyproject.toml (lần đầu khoảng một phút)"
	@command -v pyenv >/dev/null 2>&1 && pyenv install --skip-existing $(PYTHON_VERSION) >/dev/null 2>&1 || true
	@test -x $(PY) || python$(PYTHON_VERSION) -m venv $(VENV) 2>/dev/null || python3 -m venv $(VENV)
	@$(PY) -c 'import sys; assert sys.version_info[:2] == tuple(map(int, "$(PYTHON_VERSION)".split("."))), f"Python $(PYTHON_VERSION) is needed, found {sys.version}"'
	@$(PY) -m pip install --quiet --disable-pip-version-check -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(SAY) "Công cụ kiểm thử: pytest, pytest-django, pytest-xdist, time-machine, Playwright, ruff"
	@$(PY) -m pip install --quiet --disable-pip-version-check -e ".[test]"
	@touch $@

setup: $(VENV)/.installed-test

# Collected again only when a static file, a package or the static settings changed.
$(STATIC_MANIFEST): $(VENV)/.installed $(shell find static -type f) muongang/settings.py portal/staticfiles.py
	$(SAY) "Tệp tĩnh: gom vào staticfiles/, đặt tên theo mã băm, nén gzip và brotli (khoảng 10 giây)"
	@$(DEMO_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0
	@touch $@

run: $(VENV)/.installed $(STATIC_MANIFEST)
	$(SAY) "Cơ sở dữ liệu $(if $(DATABASE_URL),của DATABASE_URL,SQLite db.sqlite3): áp dụng migration"
	@$(DEMO_ENV) $(PY) manage.py migrate --noinput --verbosity 0
	$(SAY) "Nội dung minh họa của Huyện Mường Ảng và các tài khoản thử"
	@$(DEMO_ENV) $(PY) manage.py load_demo --province
	$(SAY) "Đánh giá cổng thông tin các đơn vị (Điều 12 NĐ 224/2026): đo lại, như lệnh chạy lúc 04:00 hằng đêm"
	@$(DEMO_ENV) $(PY) manage.py measure_units
	$(SAY) "Cổng thông tin (gunicorn, kèm tiến trình chạy việc nền): http://127.0.0.1:$(PORT)/  ·  Quản trị: http://127.0.0.1:$(PORT)/quan-tri/ (admin / MuongAng@2020)  ·  Ctrl+C để dừng"
	@$(DEMO_ENV) PY=$(PY) PORT=$(PORT) bash scripts/run_demo.sh

# SQLite by default; with DATABASE_URL=postgres://… the PostgreSQL-only tests run too.
# PYTEST_ARGS adds pytest options, e.g. PYTEST_ARGS="tests/news -x"; PORTAL_TEST_CLOCK=2026-12-31T23:59:59.5+07:00
# starts every test at that instant.
test: $(VENV)/.installed-test
	$(SAY) "Kiểm thử trên $(if $(filter postgres%,$(DATABASE_URL)),PostgreSQL,SQLite), $(TEST_WORKERS) tiến trình, trình duyệt Chromium thật (vài phút)"
	@if echo "$${DATABASE_URL:-}" | grep -q '^postgres'; then \
		$(PY) -m pytest $(XDIST) -m "not sqlite" $(PYTEST_ARGS); \
	else \
		$(PY) -m pytest $(XDIST) -m "not postgres" $(PYTEST_ARGS); \
	fi

lint: setup
	$(VENV)/bin/ruff check .

flush-visits: setup
	$(PY) manage.py flush_visits

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Load benchmark: gunicorn.conf.py on 127.0.0.1 with PostgreSQL (portal_bench) and Redis (db 13),
# pages against a bare view, page cache on and off (needs wrk; see docs/benchmarks.md).
bench: setup
	bash scripts/bench.sh

# Scale: the demo's unit measured alone and among 500 units (500,000 articles, 2 million dossiers), page
# cache off, the two measured in turn; databases portal_units_1 and _500 made anew; about 25 minutes.
bench-units: setup
	bash scripts/bench_units.sh

# A file of 100,000 dossier rows imported by the worker while wrk measures the pages (PostgreSQL, Redis db 13;
# see scripts/bench_import.sh).
bench-import: setup
	bash scripts/bench_import.sh
