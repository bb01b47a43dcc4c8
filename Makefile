# tillval — the two commands that matter: `make demo` and `make test`.
# Both install what a fresh machine lacks (libyaml-dev, check-jsonschema) first.

SWIFT ?= swift
BIN := .build/debug/tillval
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
JSONSCHEMA_VERSION := 0.39.0

.PHONY: all deps build demo test record docs clean

all: build

## deps: install the system and Python tools the build and tests need, when missing.
deps:
	@if ! command -v pkg-config >/dev/null 2>&1 || ! pkg-config --exists yaml-0.1; then \
		echo "installing libyaml-dev and pkg-config"; \
		$(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq libyaml-dev pkg-config; \
	fi
	@if ! python3 -m check_jsonschema --version >/dev/null 2>&1; then \
		echo "installing check-jsonschema $(JSONSCHEMA_VERSION)"; \
		python3 -m pip install --quiet --disable-pip-version-check "check-jsonschema==$(JSONSCHEMA_VERSION)"; \
	fi

build: deps
	$(SWIFT) build

## demo: check the shipped rules and print a dry run for one example customer.
demo: build
	$(BIN) check Rules
	@echo
	$(BIN) plan Examples/not-registered-min-lon.yaml

## test: the whole suite — unit, fixture, schema and end-to-end tests.
test: deps
	$(SWIFT) build
	$(SWIFT) test

## record: rewrite every golden file from the current behaviour (review the diff!).
record: build
	TILLVAL_RECORD=1 $(SWIFT) test
	$(BIN) explain --all > docs/diagnostics.md

## docs: regenerate docs/diagnostics.md from the diagnostic catalogue.
docs: build
	$(BIN) explain --all > docs/diagnostics.md

clean:
	rm -rf .build
