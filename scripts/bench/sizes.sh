#!/usr/bin/env bash
# Raw, gzip and brotli bytes of every file in dist/, and what a first visit to / downloads.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f dist/index.html ] || { echo "dist/ is missing: run make build" >&2; exit 1; }

sizes() { # file -> "raw gzip brotli"
  printf '%s %s %s' "$(wc -c <"$1")" "$(gzip -9 -c "$1" | wc -c)" "$(brotli -q 11 -c "$1" | wc -c)"
}

echo "| file | raw | gzip | brotli |"
echo "|---|---:|---:|---:|"
total_raw=0; total_gz=0; total_br=0
while IFS= read -r f; do
  read -r raw gz br <<<"$(sizes "$f")"
  echo "| ${f#dist/} | $raw | $gz | $br |"
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
done < <(find dist -type f ! -name '*.br' ! -name '*.gz' | sort)
echo "| **all of dist/** | $total_raw | $total_gz | $total_br |"
echo

# A first visit to / fetches the shell, its CSS/JS/WASM, the config and the home page's data.
first_visit=(dist/index.html dist/*.css dist/*.js dist/*_bg.wasm dist/config.json
  dist/data/schools.json dist/data/lodgings.json dist/data/products.json dist/data/events.json
  dist/data/projects.json dist/favicon.svg dist/manifest.webmanifest)
fv_raw=0; fv_br=0
for f in "${first_visit[@]}"; do
  read -r raw _ br <<<"$(sizes "$f")"
  fv_raw=$((fv_raw + raw)); fv_br=$((fv_br + br))
done
# Pictures on the home page load lazily after first paint; counted separately.
img_br=0
for f in dist/img/*.svg; do read -r _ _ br <<<"$(sizes "$f")"; img_br=$((img_br + br)); done
echo "First visit to / (shell, CSS, JS, WASM, config, home data): $fv_raw bytes raw, $fv_br bytes brotli ($((fv_br / 1024)) KiB)."
echo "Budget: 200 KiB brotli (aim 150 KiB). All illustrations together: $img_br bytes brotli, loaded lazily."

# What the booking flow adds beyond the first visit: the front end is one WASM file already
# loaded, so only the API answers it fetches (brotli, as the server sends them).
server=target/server/server
if [ -x "$server" ]; then
  dir=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$server" serve --addr "127.0.0.1:$port" --database-url "sqlite://$dir/portal.db" --log warn >/dev/null 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  read -r school program < <(python3 -c 'import json; s=json.load(open("public/data/schools.json"))[0]; print(s["slug"], s["programs"][0]["id"])')
  lodging=$(python3 -c 'import json; print(json.load(open("public/data/lodgings.json"))[0]["slug"])')
  in=$(date -d '+20 days' +%F); out=$(date -d '+22 days' +%F)
  br() { curl -s -H 'Accept-Encoding: br' "http://127.0.0.1:$port$1" | wc -c; }
  sessions=$(br "/api/v1/schools/$school/programs/$program/sessions?party=2")
  rooms=$(br "/api/v1/lodgings/$lodging/availability?check_in=$in&check_out=$out&guests=2")
  echo "Booking flow beyond the first visit: no extra code; sessions answer $sessions bytes, rooms answer $rooms bytes (brotli as served)."
fi
