#!/usr/bin/env bash
# Raw, gzip and brotli bytes of every file in dist/, and what a first visit to / downloads.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f dist/index.html ] || { echo "dist/ is missing: run make build" >&2; exit 1; }

sizes() { # file -> "raw gzip brotli"
  printf '%s %s %s' "$(wc -c <"$1")" "$(gzip -9 -c "$1" | wc -c)" "$(brotli -q 11 -c "$1" | wc -c)"
}

brotli_total() { # files... -> their brotli bytes together
  local total=0 br
  for f in "$@"; do read -r _ _ br <<<"$(sizes "$f")"; total=$((total + br)); done
  echo "$total"
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

# A first visit to / fetches the shell, its CSS, the app's main WASM module with its JS glue and
# split loader, the config and the data of what is above the fold (events); then the service
# worker installs and keeps the shell's files and the village map.
pkg=$(ls -d dist/pkg-*)
# The stylesheets the shell links (the dashboard's own ops.css comes only with /ops).
mapfile -t shell_css < <(grep -o 'href="/[^"]*\.css"' dist/index.html | sed 's#^href="/#dist/#; s#"$##')
first_visit=(dist/index.html "${shell_css[@]}" "$pkg/portal.js" "$pkg/portal_bg.wasm" "$pkg/__wasm_split.js"
  dist/config.json dist/data/events.json dist/favicon.svg dist/manifest.webmanifest
  dist/sw.js dist/img/village-map.svg)
fv_raw=0; fv_br=0
for f in "${first_visit[@]}"; do
  read -r raw _ br <<<"$(sizes "$f")"
  fv_raw=$((fv_raw + raw)); fv_br=$((fv_br + br))
done
echo "First visit to / (shell, CSS, JS, main WASM, config, events, service worker and map): $fv_raw bytes raw, $fv_br bytes brotli ($((fv_br / 1024)) KiB)."
echo "Budget: 200 KiB brotli (aim 150 KiB)."
below=$(brotli_total dist/data/{schools,lodgings,products,projects}.json)
img_br=$(brotli_total dist/img/*.svg)
echo "Fetched only when scrolled near: the home page's featured listings, $below bytes brotli; all illustrations together, $img_br bytes brotli."
mapfile -t route_modules < <(find "$pkg" -name '*.wasm' ! -name portal_bg.wasm)
chunks=${#route_modules[@]}
chunk_br=$(brotli_total "${route_modules[@]}")
echo "Lazily loaded code (routes, home carousels, shared chunks): $chunks WASM modules, $chunk_br bytes brotli in all; each screen fetches only its own."
echo

# The same, measured in Chromium against the server: bytes on the wire for a first visit,
# and what a booking adds beyond it (route code and API answers).
server=target/server/server
if [ -x "$server" ]; then
  dir=$(mktemp -d)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$server" serve --addr "127.0.0.1:$port" --database-url "sqlite://$dir/portal.db" --mode api --log warn >/dev/null 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null; rm -rf "$dir"' EXIT
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  school=$(python3 -c 'import json; print(json.load(open("public/data/schools.json"))[0]["slug"])')
  node scripts/bench/first-visit.mjs "http://127.0.0.1:$port" "$school"
  echo
  node scripts/bench/photo-list.mjs "http://127.0.0.1:$port"
fi
