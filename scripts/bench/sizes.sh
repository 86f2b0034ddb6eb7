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
