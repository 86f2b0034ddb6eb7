# The portal's commands. `make run` and `make test` set up everything they need on a fresh
# machine through scripts/bootstrap (pinned tools from crates.io, Debian and npm).
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(CURDIR)/scripts/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

ADDR ?= 127.0.0.1:8080
SERVER := target/server/server

.PHONY: run test bench build dist server bootstrap lint unit fuzz e2e screenshots clean

## Build and serve the portal on SQLite with the sample data.
run: bootstrap build
	@mkdir -p var
	@echo "Chenjiagou portal: http://$(ADDR)/  (Ctrl-C stops it)"
	$(SERVER) serve --addr $(ADDR)

## Everything: formatting, lints, unit and integration tests, then the browser tests.
# `unit` before `build`: the tests compile the server profile's dependencies once and
# `server` reuses them (server/Cargo.toml turns on the tests' features for that).
test:
	scripts/bootstrap test
	$(MAKE) lint unit build fuzz e2e

bootstrap:
	scripts/bootstrap

build: dist server

# The front end, release build, downloading nothing.
dist:
	trunk build --release --offline

server:
	cargo build --profile server -p server

# The portal is linted for wasm32 only: it has no tests (its rules live in model), so
# Leptos is never built natively.
lint:
	cargo fmt --all -- --check
	cargo clippy -p model -p server --all-targets -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p portal -p model -- -D warnings

# In the server profile, so `make server` afterwards compiles only the server itself.
# The API suite runs again on PostgreSQL when TEST_DATABASE_URL names a server (.ci/run sets it):
# each test makes and drops its own database there. The same packages and targets as the first
# run, so cargo resolves the same features and rebuilds nothing.
unit:
	cargo test -p model -p server --profile server --lib --bins --tests
	@if [ -n "$${TEST_DATABASE_URL:-}" ]; then \
	  echo "unit: the API suite on PostgreSQL ($${TEST_DATABASE_URL%%\?*})"; \
	  PORTAL_TEST_BACKEND=postgres cargo test -p model -p server --profile server --lib --bins --tests; \
	else echo "unit: TEST_DATABASE_URL is not set: the API suite ran on SQLite only"; fi

## Schema-driven fuzzing (schemathesis) of the public API against the built server, ~1 min.
fuzz:
	SERVER=$(SERVER) scripts/fuzz

e2e:
	cd end2end && npx playwright test
	@node -e 'const r=require("./end2end/test-results/results.json").stats; console.log(`e2e: $${r.expected} passed, $${r.unexpected} failed, $${r.skipped} skipped`)'

## Sizes of dist/ and the API load test beside nginx; figures go in README's Performance.
bench: bootstrap
	scripts/bootstrap bench
	$(MAKE) build
	scripts/bench/sizes.sh
	scripts/bench/api.sh

## Phone-size screenshots of every section in both languages into target/screenshots.
screenshots: build
	scripts/screenshots.sh

clean:
	rm -rf dist target/e2e-var
