# tillval — the two commands that matter: `make demo` and `make test`.
#
# `build`, `demo` and `install` need nothing but Swift and libyaml-dev (with
# pkg-config); when libyaml is missing they install it with apt. Only `test`
# needs Python: it makes a virtual environment in .venv/ with the test tools
# listed in scripts/test-requirements.txt, and never touches the system Python.

SWIFT ?= swift
PYTHON ?= python3
BIN := .build/debug/tillval
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# install: where and what. `make install PREFIX=~/.local` installs into ~/.local/bin.
PREFIX ?= /usr/local
CONFIG ?= release

# The test tools' virtual environment; scripts/check-schemas.sh finds
# check-jsonschema in it.
VENV := .venv
TEST_REQUIREMENTS := scripts/test-requirements.txt

# `make test` builds the project's own targets with -warnings-as-errors
# (Package.swift reads this variable); dependencies keep their warnings quiet.
STRICT := TILLVAL_WARNINGS_AS_ERRORS=1

.PHONY: all libyaml mimalloc git build demo install install-build-release install-build-debug venv test test-unit record docs fuzz fuzz-build bench bench-tools clean

all: build

## libyaml: install libyaml-dev and pkg-config with apt when missing.
libyaml:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists yaml-0.1; then \
		echo "installing libyaml-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libyaml-dev pkg-config; \
	fi

## mimalloc: the allocator tillval links on Linux (docs/performance.md); install libmimalloc-dev
##   with apt when missing (on a system with dpkg; elsewhere install mimalloc yourself).
mimalloc:
	@if [ "$$(uname -s)" = Linux ] && command -v dpkg >/dev/null 2>&1 && ! dpkg -s libmimalloc-dev >/dev/null 2>&1; then \
		echo "installing libmimalloc-dev"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libmimalloc-dev; \
	fi

## git: the pre-commit tests (CIRecipeTests) make git repositories; install git with apt when missing.
git:
	@if ! command -v git >/dev/null 2>&1; then \
		echo "installing git"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq git; \
	fi

## build: the debug build, .build/debug/tillval.
build: libyaml mimalloc
	$(SWIFT) build

## demo: check the shipped rules and print a dry run for one example customer.
demo: build
	$(BIN) check Rules
	@echo
	$(BIN) plan Examples/not-registered-min-lon.yaml
	@echo
	@echo "tillval is built at $(CURDIR)/$(BIN)"
	@echo "run it from there, or install a release build into $(PREFIX)/bin with: make install (PREFIX=DIR to choose)"

## install: build tillval (release) and copy it to $(PREFIX)/bin (default /usr/local/bin;
##   sudo is used for the copy only, when that directory is not writable).
##   CONFIG=debug installs the debug build, $(BIN), instead, building it only
##   when it is missing. The tests run `make install CONFIG=debug BIN=<the
##   binary under test>`: it copies that binary and starts no second build
##   beside the running `swift test`.
INSTALL_SOURCE_release := .build/release/tillval
INSTALL_SOURCE_debug = $(BIN)

# The build runs as the user; only the copy uses sudo, and only when the
# directory cannot be written (`sudo make install` would leave root-owned
# files in .build/).
install: install-build-$(CONFIG)
	@dir="$(DESTDIR)$(PREFIX)/bin"; as=; \
	if ! { mkdir -p "$$dir" 2>/dev/null && [ -w "$$dir" ]; }; then \
		as="$(SUDO)"; echo "$$dir is not writable by $$(id -un): copying with $${as:-root rights}"; \
	fi; \
	$$as install -d "$$dir" && $$as install -m 0755 "$(INSTALL_SOURCE_$(CONFIG))" "$$dir/tillval"
	@echo "installed $(DESTDIR)$(PREFIX)/bin/tillval"

install-build-release: libyaml mimalloc
	$(SWIFT) build -c release --static-swift-stdlib --product tillval

install-build-debug:
	@[ -x "$(BIN)" ] || $(MAKE) build

## venv: the virtual environment with the test tools (check-jsonschema, pre-commit).
venv: $(VENV)/.stamp

$(VENV)/.stamp: $(TEST_REQUIREMENTS)
	rm -rf "$(VENV)"
	@if ! $(PYTHON) -m venv "$(VENV)" >/dev/null 2>&1; then \
		rm -rf "$(VENV)"; \
		echo "$(PYTHON) -m venv failed: installing python3-venv"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv; \
		$(PYTHON) -m venv "$(VENV)"; \
	fi
	"$(VENV)/bin/python" -m pip install --quiet --disable-pip-version-check -r "$(TEST_REQUIREMENTS)"
	touch "$@"

## test: the whole suite — every test target (README, "Tests"): unit, fixture, schema and end-to-end tests.
test: libyaml mimalloc git venv
	$(STRICT) $(SWIFT) build --build-tests
	$(STRICT) $(SWIFT) test --skip-build

## test-unit: only the module targets' tests (no schema check, no Python): the quick loop while editing.
UNIT_TARGETS := TillvalSyntaxTests|TillvalCompilerTests|TillvalRuntimeTests|TillvalStoreTests
test-unit: libyaml
	$(STRICT) $(SWIFT) build --build-tests
	$(STRICT) $(SWIFT) test --skip-build --filter '^($(UNIT_TARGETS))\.'

## record: rewrite every golden file from the current behaviour (review the diff!).
record: build venv
	TILLVAL_RECORD=1 $(SWIFT) test
	$(BIN) explain --all > docs/diagnostics.md

## docs: regenerate docs/diagnostics.md from the diagnostic catalogue.
docs: build
	$(BIN) explain --all > docs/diagnostics.md

## fuzz: build the libFuzzer targets and run each for FUZZ_SECONDS (default 60).
##   `make fuzz FUZZ_SECONDS=1800 FUZZ_TARGETS=rules` runs one target for half
##   an hour. The build lives in $(FUZZ_DIR) (release, -sanitize=$(FUZZ_SANITIZERS));
##   the corpus grows in $(FUZZ_DIR)/corpus/TARGET, crashes are saved in
##   $(FUZZ_DIR)/crashes/TARGET/ and the run's log in $(FUZZ_DIR)/TARGET.log.
##   Replay a crash with `$(FUZZ_BIN) TARGET FILE` (see docs/reliability.md).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= rules requests
FUZZ_SANITIZERS ?= fuzzer,address
# More libFuzzer options, e.g. FUZZ_OPTIONS="-fork=1 -ignore_crashes=1" to go on after a crash.
FUZZ_OPTIONS ?=
FUZZ_DIR := .build-fuzz
FUZZ_BIN := $(FUZZ_DIR)/release/tillval-fuzz
FUZZ_MAX_LEN_rules := 65536
FUZZ_MAX_LEN_requests := 16384

fuzz-build: libyaml
	$(SWIFT) build -c release --scratch-path $(FUZZ_DIR) --product tillval-fuzz \
		-Xswiftc -sanitize=$(FUZZ_SANITIZERS) -Xswiftc -DFUZZING -Xswiftc -use-ld=lld

fuzz: SHELL := /bin/bash
fuzz: fuzz-build
	@set -o pipefail; export ASAN_OPTIONS=detect_leaks=0; for target in $(FUZZ_TARGETS); do \
		mkdir -p "$(FUZZ_DIR)/corpus/$$target" "$(FUZZ_DIR)/crashes/$$target" && \
		rm -rf "$(FUZZ_DIR)/seeds/$$target" && \
		"$(FUZZ_BIN)" seeds "$$target" "$(FUZZ_DIR)/seeds/$$target" && \
		case "$$target" in rules) max_len=$(FUZZ_MAX_LEN_rules);; *) max_len=$(FUZZ_MAX_LEN_requests);; esac && \
		echo "fuzzing $$target for $(FUZZ_SECONDS) s" && \
		"$(FUZZ_BIN)" "$$target" \
			-max_total_time=$(FUZZ_SECONDS) -max_len=$$max_len \
			-rss_limit_mb=2048 -timeout=10 -detect_leaks=0 -print_final_stats=1 \
			-dict=scripts/fuzz/$$target.dict -artifact_prefix="$(FUZZ_DIR)/crashes/$$target/" $(FUZZ_OPTIONS) \
			"$(FUZZ_DIR)/corpus/$$target" "$(FUZZ_DIR)/seeds/$$target" 2>&1 | tee "$(FUZZ_DIR)/$$target.log" || exit 1; \
	done

## bench: the benchmarks of docs/performance.md — a release build, each workload next to
##   its floor measured in the same run (medians of BENCH_RUNS runs), a table on standard
##   output and the figures in $(BENCH_DIR)/results.json. Not a test: no figure fails it.
##   Sizes and workloads are options of scripts/bench/run.py, e.g.
##   `make bench BENCH_ARGS="--only plan --plan-requests 10000 100000"`.
BENCH_DIR := .build-bench
BENCH_RUNS ?= 3
BENCH_ARGS ?=
BENCH_TOOLS := $(BENCH_DIR)/tools

## bench-tools: build the floors into $(BENCH_TOOLS) (C over libyaml and libsqlite3, Swift over Foundation's JSON).
bench-tools: libyaml
	@if [ ! -f /usr/include/sqlite3.h ]; then \
		echo "installing libsqlite3-dev"; $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libsqlite3-dev; \
	fi
	mkdir -p $(BENCH_TOOLS)
	$(CC) -O2 -o $(BENCH_TOOLS)/yaml-floor scripts/bench/yaml-floor.c $$(pkg-config --cflags --libs yaml-0.1)
	$(CC) -O2 -o $(BENCH_TOOLS)/sqlite-floor scripts/bench/sqlite-floor.c -lsqlite3
	$(SWIFT)c -O scripts/bench/json-floor.swift -o $(BENCH_TOOLS)/json-floor

bench: install-build-release bench-tools
	$(PYTHON) scripts/bench/run.py --tillval .build/release/tillval --tools $(BENCH_TOOLS) --work $(BENCH_DIR) \
		--runs $(BENCH_RUNS) $(BENCH_ARGS)

clean:
	rm -rf .build "$(VENV)" $(BENCH_DIR)
