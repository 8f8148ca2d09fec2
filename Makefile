# Modellstadt. `make run` serves the demo city, `make test` runs the whole suite.
# Both set everything up themselves on a fresh machine with Python 3.11+.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
TEST_WORKERS ?= 2
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run serve setup test test-pg e2e lint bench messages clean mutation system-libs multinode faults multinode-libs

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit("Python 3.11 oder neuer wird benötigt." if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)

# Installs exactly the pinned, hash-checked versions; reruns only when a lock file changes.
$(VENV)/.installed-base: $(BIN)/python requirements/base.txt pyproject.toml
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-base requirements/dev.txt
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	touch $@

# WeasyPrint (accessible PDF documents) needs Pango and a font, CairoSVG (chart pictures) cairo, from the system: installed from
# Debian when missing (libpango-1.0-0, libpangoft2-1.0-0, libcairo2, fonts-dejavu-core).
system-libs:
	@{ ldconfig -p | grep -q 'libpangoft2-1.0.so.0' && ldconfig -p | grep -q 'libcairo.so.2' && \
		[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; } || \
		{ apt-get update -qq && apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 libcairo2 fonts-dejavu-core; }

setup: system-libs $(VENV)/.installed-base
	$(BIN)/modellstadt migrate --no-input -v 0
	$(BIN)/modellstadt collectstatic --no-input -v 0
	$(BIN)/modellstadt demo --if-empty

run: setup serve

# gunicorn serves the portal; beside it a task worker sends emails and builds dossiers (it reconnects
# after database faults), and a scheduler publishes pages whose time has come every minute. Both run
# under scripts/supervise, which starts them again if they end. /metrics adds up the gunicorn
# workers' and the task worker's counters from PROMETHEUS_MULTIPROC_DIR (emptied at each start).
serve:
	@echo "Modellstadt läuft auf http://$(HOST):$(PORT)/ (Programmbüro: http://$(HOST):$(PORT)/verwaltung/)"
	@export PROMETHEUS_MULTIPROC_DIR="$${PROMETHEUS_MULTIPROC_DIR:-$${MODELLSTADT_VAR_DIR:-var}/prometheus}"; \
	rm -rf "$$PROMETHEUS_MULTIPROC_DIR" && mkdir -p "$$PROMETHEUS_MULTIPROC_DIR"; \
	scripts/supervise scheduler 60 $(BIN)/modellstadt publish_scheduled -v 0 & scheduler=$$!; \
	scripts/supervise worker 5 $(BIN)/modellstadt worker --queue-name '*' & worker=$$!; \
	trap 'kill $$scheduler $$worker 2>/dev/null; wait' EXIT INT TERM; \
	$(BIN)/gunicorn modellstadt.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile - \
		--forwarded-allow-ips=127.0.0.1

test: system-libs $(VENV)/.installed-dev
	$(BIN)/pytest -m "not e2e" -p no:cacheprovider -n $(TEST_WORKERS)

test-pg: system-libs $(VENV)/.installed-dev
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -m "not e2e" -p no:cacheprovider -n $(TEST_WORKERS)

e2e: system-libs $(VENV)/.installed-dev
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	$(BIN)/pytest -m e2e -p no:cacheprovider

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy  # the modules listed under [tool.mypy] in pyproject.toml, strictly

bench: system-libs $(VENV)/.installed-dev
	$(BIN)/python bench/run.py

messages: $(VENV)/.installed-base
	cd src/modellstadt && ../../$(BIN)/modellstadt makemessages -l en --no-obsolete && ../../$(BIN)/modellstadt compilemessages

clean:
	rm -rf $(VENV) var/static

# Mutation testing of the rules the city relies on (files listed in pyproject.toml,
# [tool.modellstadt.mutation.modules]); MODULES=... limits it to some of them. Slow: see docs/testing.md.
MODULES ?=
mutation: $(VENV)/.installed-dev
	$(BIN)/python -m tests.mutation $(MODULES)

# Several app servers on this machine (scripts/multinode_check.py): its own PostgreSQL cluster, Redis, an S3
# endpoint (moto), two gunicorn servers behind nginx and a task worker, all on loopback ports, all stopped
# at the end. `multinode` checks the shared state, `faults` stops Redis, PostgreSQL and S3 under load.
# STORAGE=shared-disk lets both servers share one media directory instead of S3. Hard limit 5 minutes each
# (MULTINODE_SECONDS; the set-up alone needs 4-7 minutes on a 2-core machine busy with other work).
STORAGE ?= s3
MULTINODE_SECONDS ?= 300
multinode-libs:
	@{ command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; } || { apt-get update -qq && apt-get install -y -qq nginx-light; }
	@command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server; }
	@ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq postgresql; }

multinode: system-libs multinode-libs $(VENV)/.installed-dev
	timeout --kill-after=20 $(MULTINODE_SECONDS) $(BIN)/python scripts/multinode_check.py --storage $(STORAGE) \
		--timeout $$(( $(MULTINODE_SECONDS) - 15 ))

faults: system-libs multinode-libs $(VENV)/.installed-dev
	timeout --kill-after=20 $(MULTINODE_SECONDS) $(BIN)/python scripts/multinode_check.py --faults --storage $(STORAGE) \
		--timeout $$(( $(MULTINODE_SECONDS) - 15 ))
