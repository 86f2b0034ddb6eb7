#!/usr/bin/env bash
# Phone-size (390x844) screenshots of every section in zh and en, into target/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
port=${PORT:-8199}
dir=$(mktemp -d)
PORTAL_LIMITS_SCALE=1000 target/server/server serve --addr "127.0.0.1:$port" --database-url "sqlite://$dir/portal.db" >"$dir/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
mkdir -p target/screenshots
node scripts/screenshots.mjs "http://127.0.0.1:$port" target/screenshots
