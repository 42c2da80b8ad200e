# tthc-scorecard — the operating shell.
#
# Works on a fresh Debian 12 machine as root with only python3 (and make) present:
# every tool a target uses, it installs first. Targets are idempotent and return
# quickly when there is nothing to do.
#
#   make install   system packages, .venv, the project (editable)
#   make run       migrate, load both demos, score 2020 and 2025-07..2026-11, demo logins, serve on :8000
#   make test      the suite on SQLite, then every database test on PostgreSQL
#   make lint      ruff on src and tests, mypy (strict) on the engine
#   make messages  regenerate every app's English catalogue (locale/en/LC_MESSAGES/django.po)
#   make bench     a province-year of 1,000,000 dossiers (2020, nd61; 2026, the index): import, scoring, agreement
#   make pg-start  a private PostgreSQL cluster for this checkout, on 127.0.0.1
#   make pg-stop   stop it

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.ONESHELL:
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules

ROOT := $(patsubst %/,%,$(dir $(abspath $(lastword $(MAKEFILE_LIST)))))
VENV ?= $(ROOT)/.venv
PYTHON ?= python3
PY := $(VENV)/bin/python
TTHC := $(VENV)/bin/tthc
PYTEST := $(VENV)/bin/pytest
# Re-installs when any of these change; the stamp lives in the venv so that deleting
# the venv also forgets it.
STAMP := $(VENV)/.tthc-installed
INSTALL_INPUTS := $(ROOT)/requirements.txt $(ROOT)/requirements-dev.txt $(ROOT)/pyproject.toml

# What the project needs from Debian today. python3-venv: Debian's python3 cannot
# create a venv without it.
# chromium: browser tests (Playwright drives Debian's browser, never a downloaded one);
# fonts: Vietnamese glyphs, and Liberation Serif in place of Times New Roman in PDFs;
# libpango: WeasyPrint; poppler-utils: PDF pages to images for docs/;
# gettext: msgfmt compiles the translations, makemessages needs xgettext and msgmerge.
APT_PACKAGES := postgresql python3-venv chromium fonts-liberation2 fonts-noto-core fonts-dejavu-core \
	libpango-1.0-0 libpangoft2-1.0-0 poppler-utils gettext
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

HOST ?= 127.0.0.1
PORT ?= 8000
PERIODS := 2020-Q1 2020-Q2 2020-Q3 2020-Q4 2020-H1 2020-H2 2020
# The 2026 data set: every month of the two-level organisation, under its default (qd766).
# Not December 2026: the data set ends on 30/11, so an open December would read as if
# every dossier still open will stay open (docs/demo.md, "No open month").
MONTHS_2026 := 2025-07 2025-08 2025-09 2025-10 2025-11 2025-12 2026-01 2026-02 2026-03 \
	2026-04 2026-05 2026-06 2026-07 2026-08 2026-09 2026-10 2026-11 2025-Q3 2025-Q4 2026-Q1 \
	2026-Q2 2026-Q3

# The test cluster: one per checkout (keyed by the checkout's path), outside the
# checkout because initdb refuses root and the postgres user may not be able to
# enter the checkout's parents. Its port is derived from the same key (54329–54928)
# so that a clone's cluster never meets another checkout's on the same port.
PG_ID := $(firstword $(shell printf '%s' '$(ROOT)' | cksum))
PG_PORT ?= $(shell echo $$(( 54329 + $(PG_ID) % 600 )))
PG_HOME ?= /var/lib/postgresql/tthc-$(PG_ID)
PG_DATA := $(PG_HOME)/data
PG_LOG := $(PG_HOME)/server.log
PG_USER ?= tthc
PG_PASSWORD ?= tthc-test
PG_DB ?= tthc
PG_URL := postgres://$(PG_USER):$(PG_PASSWORD)@127.0.0.1:$(PG_PORT)/$(PG_DB)
# Newest server on the machine; evaluated in the recipe because apt may install it
# during this very run.
PG_BIN_SH := ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
AS_PG := $(SUDO) runuser -u postgres --

.PHONY: help install system-packages messages-compile messages run test lint pg-start pg-stop bench bench-ratings

help:
	@sed -n '3,14p' $(firstword $(MAKEFILE_LIST)) | sed 's/^# \{0,1\}//'

system-packages:
	@missing=""
	for p in $(APT_PACKAGES); do
	  dpkg -s "$$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$p"
	done
	if [ -n "$$missing" ]; then
	  echo "apt-get install:$$missing"
	  $(SUDO) apt-get update -qq
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing
	fi

install: system-packages $(STAMP) messages-compile

# The apps' catalogues (src/tthc/*/locale) compiled on every install: the .mo files are
# not committed, and msgfmt over a few small files takes well under a second, so no
# stamp can leave a changed translation uncompiled. --check: a broken .po fails here.
LOCALE_DIRS = $(wildcard $(ROOT)/src/tthc/*/locale)

messages-compile: system-packages
	@for po in $(ROOT)/src/tthc/*/locale/*/LC_MESSAGES/django.po; do
	  [ -e "$$po" ] || continue
	  msgfmt --check -o "$${po%.po}.mo" "$$po"
	done

# Regenerates each app's English catalogue from its templates and Python (new strings
# get an empty msgstr to fill; strings no longer used are dropped). An app takes part
# once it has a locale/ folder (docs/translation.md). Then `make install` compiles.
messages: install
	@for dir in $(LOCALE_DIRS); do
	  echo "makemessages: $${dir%/locale}"
	  (cd "$${dir%/locale}" && DJANGO_SETTINGS_MODULE=tthc.site.settings \
	    "$(PY)" -P -m django makemessages -l en --no-obsolete --no-location)
	done

$(STAMP): $(INSTALL_INPUTS) | system-packages
	@[ -x "$(PY)" ] || $(PYTHON) -m venv "$(VENV)"
	"$(PY)" -m pip install -q --disable-pip-version-check -r "$(ROOT)/requirements-dev.txt"
	"$(PY)" -m pip install -q --disable-pip-version-check -e "$(ROOT)"
	touch "$@"

run: install
	@cd "$(ROOT)"
	"$(TTHC)" migrate --noinput
	"$(TTHC)" demo
	"$(TTHC)" demo --data-set 2026
	mkdir -p "$(ROOT)/data/scores"
	for period in $(PERIODS) $(MONTHS_2026); do
	  echo "tthc score --period $$period → data/scores/$$period.txt"
	  "$(TTHC)" score --period "$$period" > "$(ROOT)/data/scores/$$period.txt"
	done
	"$(TTHC)" demo_users
	"$(TTHC)" demo_cycle
	exec "$(TTHC)" serve --host "$(HOST)" --port "$(PORT)"

# Engine tests use no database, so the PostgreSQL pass selects only the tests that
# do (tests/conftest.py reads TTHC_ONLY_DB_TESTS). Both passes always run; pytest's
# "no tests collected" (5) is not a failure of the second one.
test: install pg-start
	@cd "$(ROOT)"
	status=0
	echo "== pytest on SQLite"
	env -u DATABASE_URL "$(PYTEST)" || status=1
	echo "== pytest on PostgreSQL ($(PG_URL))"
	rc=0
	DATABASE_URL="$(PG_URL)" TTHC_ONLY_DB_TESTS=1 "$(PYTEST)" || rc=$$?
	if [ "$$rc" -ne 0 ] && [ "$$rc" -ne 5 ]; then status=1; fi
	exit $$status

lint: install
	@cd "$(ROOT)"
	status=0
	"$(VENV)/bin/ruff" check src tests || status=1
	"$(VENV)/bin/mypy" || status=1
	exit $$status

pg-start: system-packages
	@pg_bin="$$($(PG_BIN_SH))"
	[ -n "$$pg_bin" ] || { echo "PostgreSQL server binaries not found" >&2; exit 1; }
	if $(AS_PG) "$$pg_bin/pg_ctl" status -D "$(PG_DATA)" >/dev/null 2>&1; then
	  if ! "$$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$(PG_PORT)"; then
	    echo "PostgreSQL of this checkout runs, but not on port $(PG_PORT): make pg-stop first" >&2
	    exit 1
	  fi
	  echo "PostgreSQL already running on 127.0.0.1:$(PG_PORT); DATABASE_URL=$(PG_URL)"
	  exit 0
	fi
	if [ ! -f "$(PG_DATA)/PG_VERSION" ]; then
	  $(SUDO) install -d -o postgres -g postgres -m 700 "$(PG_HOME)"
	  $(AS_PG) "$$pg_bin/initdb" -D "$(PG_DATA)" -U postgres --encoding=UTF8 \
	    --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 >/dev/null
	  # A throwaway cluster for tests and local runs: durability traded for speed.
	  printf '%s\n' \
	    "fsync = off" \
	    "synchronous_commit = off" \
	    "full_page_writes = off" \
	    | $(AS_PG) tee -a "$(PG_DATA)/postgresql.conf" >/dev/null
	fi
	# Address and port on the command line, so that a changed PG_PORT takes effect.
	$(AS_PG) "$$pg_bin/pg_ctl" start -w -t 30 -D "$(PG_DATA)" -l "$(PG_LOG)" \
	  -o "-c listen_addresses=127.0.0.1 -c port=$(PG_PORT) -c unix_socket_directories=$(PG_HOME)" \
	  >/dev/null \
	  || { echo "PostgreSQL did not start; end of $(PG_LOG):" >&2; $(SUDO) tail -n 20 "$(PG_LOG)" >&2; exit 1; }
	psql=("$$pg_bin/psql" -h "$(PG_HOME)" -p "$(PG_PORT)" -U postgres -d postgres -qtA)
	if [ -z "$$($(AS_PG) "$${psql[@]}" -c "SELECT 1 FROM pg_roles WHERE rolname = '$(PG_USER)'")" ]; then
	  $(AS_PG) "$${psql[@]}" -c "CREATE ROLE $(PG_USER) LOGIN CREATEDB PASSWORD '$(PG_PASSWORD)'"
	fi
	if [ -z "$$($(AS_PG) "$${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$(PG_DB)'")" ]; then
	  $(AS_PG) "$${psql[@]}" -c "CREATE DATABASE $(PG_DB) OWNER $(PG_USER)"
	fi
	echo "PostgreSQL on 127.0.0.1:$(PG_PORT) (data $(PG_DATA)); DATABASE_URL=$(PG_URL)"

pg-stop:
	@pg_bin="$$($(PG_BIN_SH))"
	if [ -n "$$pg_bin" ] && $(AS_PG) "$$pg_bin/pg_ctl" status -D "$(PG_DATA)" >/dev/null 2>&1; then
	  $(AS_PG) "$$pg_bin/pg_ctl" stop -w -m fast -D "$(PG_DATA)" >/dev/null
	  echo "PostgreSQL stopped"
	fi

# Speed and memory of a synthetic province-year (issue 3; bench/README.md): generate,
# import, score, check that the bulk and per-dossier paths agree, and rewrite this
# configuration's section of docs/benchmarks.md; then the same for the national index
# (issue 11) on the 2026 data set (BENCH_ARGS="--only index": that part alone, without
# the rating API's load test). A scratch database in a temporary
# folder, never data/tthc.sqlite3; BENCH_PG=1 adds the same on PostgreSQL, in a scratch
# database beside the test cluster's. Fails only when a step fails or the paths
# disagree: goals not met are reported in the document.
BENCH_DOSSIERS ?= 1000000
BENCH_SEED ?= 2020
BENCH_PG ?=
BENCH_ARGS ?=

.PHONY: bench
# The rating API's load test needs PostgreSQL (issue 4): the cluster is always started.
bench: install pg-start
	@cd "$(ROOT)"
	args=(all --dossiers "$(BENCH_DOSSIERS)" --seed "$(BENCH_SEED)")
	if [ -n "$(BENCH_PG)" ]; then args+=(--postgres "$(PG_URL)"); fi
	export BENCH_INVOKED_AS="make bench$(if $(filter-out 1000000,$(BENCH_DOSSIERS)), BENCH_DOSSIERS=$(BENCH_DOSSIERS))$(if $(BENCH_PG), BENCH_PG=$(BENCH_PG))$(if $(BENCH_ARGS), BENCH_ARGS='$(BENCH_ARGS)')"
	"$(PY)" bench/run.py --venv "$(VENV)" "$${args[@]}" $(BENCH_ARGS)
	$(if $(findstring --only index,$(BENCH_ARGS)),,"$(PY)" bench/rating_load.py --database-url "$(PG_URL)")

# Only the rating API's load test (on PostgreSQL; its crash phase also on SQLite).
bench-ratings: install pg-start
	@cd "$(ROOT)"
	BENCH_INVOKED_AS="make bench-ratings$(if $(BENCH_ARGS), BENCH_ARGS='$(BENCH_ARGS)')" "$(PY)" bench/rating_load.py --database-url "$(PG_URL)" $(BENCH_ARGS)
