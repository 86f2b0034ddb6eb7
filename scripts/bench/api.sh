#!/usr/bin/env bash
# Loads the API on loopback beside nginx serving the same listing JSON as static files, on the
# same machine in the same run, and prints a Markdown table:
#   - listing reads: wrk -t2 -c32 on /api/v1/schools and on nginx's /schools.json (req/s, p50, p99)
#   - p99 at a fixed 1,000 req/s, open loop (server/src/bin/loadgen.rs: latency counted from when
#     each request was due, so stalls are not hidden as wrk's closed loop would)
#   - booking writes: wrk posting bookings with unique Idempotency-Keys across every session and
#     room, with SQLite synchronous=FULL (the default) and =NORMAL, then an oversell check
#     through the API (booked <= capacity everywhere; places and nights taken == bookings made).
# Targets (README): reads >= half of nginx, p99 < 10 ms at 1,000 req/s, >= 500 bookings/s.
# Needs wrk, nginx (nginx-light), python3, curl. Bounded: about 100 s after the build.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
READ_SECONDS=${BENCH_READ_SECONDS:-10}
RATE_SECONDS=${BENCH_RATE_SECONDS:-10}
WRITE_SECONDS=${BENCH_WRITE_SECONDS:-10}
DATA=${PORTAL_DATA:-public/data}

for tool in wrk nginx python3 curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing (scripts/bootstrap bench)" >&2; exit 1; }
done
[ -f "$DATA/schools.json" ] || { echo "bench: no listing snapshot in $DATA" >&2; exit 1; }

echo "bench: building the server (cargo build --profile server -p server)" >&2
cargo build --quiet --profile server -p server
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
SERVER="$TARGET_DIR/server/server"
LOADGEN="$TARGET_DIR/server/loadgen"

WORK=$(mktemp -d)
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

SERVER_PID=
start_server() { # synchronous
  local port db=$WORK/portal-$1.db
  port=$(free_port)
  mkdir -p "$WORK/dist"
  # One address sends every request: the per-address limits on creating are raised out of the way.
  PORTAL_LIMITS_SCALE=100000 RUST_LOG=warn "$SERVER" serve --addr "127.0.0.1:$port" --database-url "sqlite://$db" \
    --dist "$WORK/dist" --data "$DATA" --mode api --sqlite-synchronous "$1" >"$WORK/server-$1.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  API="http://127.0.0.1:$port"
  for _ in $(seq 100); do
    curl -fsS "$API/readyz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "bench: the server did not start" >&2; cat "$WORK/server-$1.log" >&2; exit 1
}
stop_server() { kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; }

# nginx as a plain foreground process with its own config, serving the same JSON files.
NGINX_PORT=$(free_port)
cat >"$WORK/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  types { application/json json; }
  default_type application/octet-stream;
  client_body_temp_path $WORK/nginx-tmp;
  proxy_temp_path $WORK/nginx-tmp;
  fastcgi_temp_path $WORK/nginx-tmp;
  uwsgi_temp_path $WORK/nginx-tmp;
  scgi_temp_path $WORK/nginx-tmp;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $ROOT/$DATA;
    location / { add_header Cache-Control no-cache; }
  }
}
EOF
mkdir -p "$WORK/nginx-tmp"
nginx -e "$WORK/nginx-error.log" -p "$WORK" -c "$WORK/nginx.conf" &
PIDS+=($!)
NGINX="http://127.0.0.1:$NGINX_PORT"

cat >"$WORK/read.lua" <<'EOF'
function done(summary, latency, requests)
  local s = summary
  io.write(string.format("RESULT rps=%.0f p50_us=%d p99_us=%d non2xx=%d socket_errors=%d\n",
    s.requests / (s.duration / 1e6), latency:percentile(50), latency:percentile(99), s.errors.status,
    s.errors.connect + s.errors.read + s.errors.write + s.errors.timeout))
end
EOF

cat >"$WORK/book.lua" <<'EOF'
local threads = {}
local next_id = 0
function setup(thread)
  next_id = next_id + 1
  thread:set("id", next_id)
  table.insert(threads, thread)
end
function init(args)
  MODE = args[1]
  dofile(args[2])
  counter, created, refused, other = 0, 0, 0, 0
  math.randomseed(os.time() * 1000 + id)
  contact = '"contact":{"name":"Bench","phone":"13800138000"}'
end
function request()
  counter = counter + 1
  local key = string.format("bench-%s-%d-%d-%d-%d", MODE, os.time(), id, counter, math.random(1000000000))
  local body
  if MODE == "sessions" then
    local s = SESSIONS[math.random(#SESSIONS)]
    body = string.format('{"kind":"school","school":"%s","session":"%s","party":1,%s}', s[1], s[2], contact)
  else
    local r = ROOMS[math.random(#ROOMS)]
    local d = math.random(#DATES - 1)
    body = string.format('{"kind":"lodging","lodging":"%s","room":"%s","check_in":"%s","check_out":"%s","guests":1,%s}',
      r[1], r[2], DATES[d], DATES[d + 1], contact)
  end
  return wrk.format("POST", "/api/v1/bookings", { ["Content-Type"] = "application/json", ["Idempotency-Key"] = key }, body)
end
function response(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 409 then refused = refused + 1
  else other = other + 1 end
end
function done(summary, latency, requests)
  local c, r, o = 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); r = r + t:get("refused"); o = o + t:get("other")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.0f created=%d created_rps=%.0f refused=%d other=%d p50_us=%d p99_us=%d socket_errors=%d\n",
    summary.requests / secs, c, c / secs, r, o, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
EOF

# Booking targets from the snapshot: every future session, every room, the next 365 nights.
python3 - "$DATA" >"$WORK/targets.lua" <<'EOF'
import datetime, json, sys
data = sys.argv[1]
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
schools = json.load(open(f"{data}/schools.json"))
lodgings = json.load(open(f"{data}/lodgings.json"))
sessions = [(s["slug"], x["id"]) for s in schools for p in s["programs"] for x in p["sessions"]
            if datetime.date.fromisoformat(x["start"]) > today]
rooms = [(l["slug"], r["id"]) for l in lodgings for r in l["rooms"]]
dates = [(today + datetime.timedelta(days=d)).isoformat() for d in range(1, 367)]
lua = lambda rows: "{" + ",".join("{%s}" % ",".join('"%s"' % c for c in row) for row in rows) + "}"
print("SESSIONS =", lua(sessions))
print("ROOMS =", lua(rooms))
print("DATES = {" + ",".join('"%s"' % d for d in dates) + "}")
EOF

field() { sed -n "s/.*\b$1=\([0-9.]*\).*/\1/p" <<<"$2" | head -1; }
wrk_result() { grep '^RESULT' <<<"$1" || { echo "$1" >&2; echo "RESULT"; }; }

# Checks through the API that nothing was oversold and every acknowledged booking took its place.
# wrk stops with requests in flight: those may be committed without wrk counting their 201, so
# up to one per connection (8 + 16) may be taken beyond the counted bookings.
check_oversell() { # api created_sessions created_rooms before_json
  python3 - "$@" <<'EOF'
import datetime, json, sys, urllib.request
api, created_sessions, created_rooms, before_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
get = lambda path: json.load(urllib.request.urlopen(api + path))
before = {x["id"]: x["booked"] for s in json.load(open(before_path)) for p in s["programs"] for x in p["sessions"]}
after = [x for s in get("/api/v1/schools") for p in s["programs"] for x in p["sessions"]]
over = [x["id"] for x in after if x["booked"] > x["capacity"]]
places = sum(x["booked"] - before[x["id"]] for x in after)
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
nights = 0
for l in get("/api/v1/lodgings"):
    for start in range(1, 367, 30):
        a = get(f"/api/v1/lodgings/{l['slug']}/availability?check_in={today + datetime.timedelta(days=start)}"
                f"&check_out={today + datetime.timedelta(days=min(start + 30, 367))}")
        nights += sum(len(r["taken_nights"]) for r in a["rooms"])
ok = not over and created_sessions <= places <= created_sessions + 8 and created_rooms <= nights <= created_rooms + 16
print(f"CHECK oversold_sessions={len(over)} places_taken={places} session_bookings={created_sessions} "
      f"nights_taken={nights} room_bookings={created_rooms} ok={'yes' if ok else 'NO'}")
EOF
}

run_writes() { # synchronous
  start_server "$1"
  curl -fsS "$API/api/v1/schools" >"$WORK/before.json"
  local s r
  wrk -t1 -c16 -d"${WRITE_SECONDS}s" --latency -s "$WORK/book.lua" "$API" -- rooms "$WORK/targets.lua" >"$WORK/rooms-$1.txt" 2>&1 &
  local rooms_pid=$!
  s=$(wrk -t1 -c8 -d"${WRITE_SECONDS}s" --latency -s "$WORK/book.lua" "$API" -- sessions "$WORK/targets.lua" 2>&1)
  wait "$rooms_pid"
  r=$(cat "$WORK/rooms-$1.txt")
  SESS=$(wrk_result "$s"); ROOMS_RES=$(wrk_result "$r")
  CHECK=$(check_oversell "$API" "$(field created "$SESS")" "$(field created "$ROOMS_RES")" "$WORK/before.json")
  stop_server
}

echo "bench: listing reads (${READ_SECONDS}s each)" >&2
start_server full
wrk -t2 -c32 -d1s "$API/api/v1/schools" >/dev/null
wrk -t2 -c32 -d1s "$NGINX/schools.json" >/dev/null
API_READ=$(wrk_result "$(wrk -t2 -c32 -d"${READ_SECONDS}s" --latency -s "$WORK/read.lua" "$API/api/v1/schools")")
NGINX_READ=$(wrk_result "$(wrk -t2 -c32 -d"${READ_SECONDS}s" --latency -s "$WORK/read.lua" "$NGINX/schools.json")")

echo "bench: fixed 1,000 req/s (${RATE_SECONDS}s each)" >&2
API_RATE=$("$LOADGEN" "$API/api/v1/schools" 1000 "$RATE_SECONDS" 32)
NGINX_RATE=$("$LOADGEN" "$NGINX/schools.json" 1000 "$RATE_SECONDS" 32)
stop_server

echo "bench: booking writes (${WRITE_SECONDS}s, synchronous=FULL then NORMAL)" >&2
run_writes full; FULL_S=$SESS; FULL_R=$ROOMS_RES; FULL_CHECK=$CHECK
run_writes normal; NORMAL_S=$SESS; NORMAL_R=$ROOMS_RES; NORMAL_CHECK=$CHECK

ms() { python3 -c "print(f'{${1:-0}/1000:.2f}')"; }
ratio() { python3 -c "print(f'{${1:-0}/max(${2:-1},1):.2f}')"; }
sum() { python3 -c "print(int(${1:-0}+${2:-0}))"; }

SCHOOLS_KB=$(( $(wc -c <"$DATA/schools.json") / 1024 ))
cat <<EOF

## API vs nginx on loopback ($(nproc) cores, $(date -u +%Y-%m-%d))

Listing: \`/api/v1/schools\` vs nginx \`/schools.json\` (~${SCHOOLS_KB} KiB, no compression asked).

| measure | API | nginx | API / nginx |
|---|---:|---:|---:|
| reads, wrk -t2 -c32 ${READ_SECONDS}s: req/s | $(field rps "$API_READ") | $(field rps "$NGINX_READ") | $(ratio "$(field rps "$API_READ")" "$(field rps "$NGINX_READ")") |
| reads: p50 ms | $(ms "$(field p50_us "$API_READ")") | $(ms "$(field p50_us "$NGINX_READ")") | |
| reads: p99 ms | $(ms "$(field p99_us "$API_READ")") | $(ms "$(field p99_us "$NGINX_READ")") | |
| reads: errors (non-2xx + socket) | $(sum "$(field non2xx "$API_READ")" "$(field socket_errors "$API_READ")") | $(sum "$(field non2xx "$NGINX_READ")" "$(field socket_errors "$NGINX_READ")") | |
| fixed 1,000 req/s open loop: achieved req/s | $(field rps "$API_RATE") | $(field rps "$NGINX_RATE") | |
| fixed 1,000 req/s: p50 ms | $(ms "$(field p50_us "$API_RATE")") | $(ms "$(field p50_us "$NGINX_RATE")") | |
| fixed 1,000 req/s: p99 ms | $(ms "$(field p99_us "$API_RATE")") | $(ms "$(field p99_us "$NGINX_RATE")") | |
| fixed 1,000 req/s: max ms | $(ms "$(field max_us "$API_RATE")") | $(ms "$(field max_us "$NGINX_RATE")") | |

Bookings: POST \`/api/v1/bookings\`, unique Idempotency-Keys, ${WRITE_SECONDS}s; 8 clients on random
sessions (party 1, they sell out: 409s), 16 clients on random room-nights over 365 days.

| synchronous | bookings created/s | POSTs/s (201 + 409) | sessions p99 ms | rooms p99 ms | other statuses | oversell check |
|---|---:|---:|---:|---:|---:|---|
| FULL (default) | $(python3 -c "print(f'{$(field created_rps "$FULL_S")+$(field created_rps "$FULL_R"):.0f}')") | $(python3 -c "print(f'{$(field rps "$FULL_S")+$(field rps "$FULL_R"):.0f}')") | $(ms "$(field p99_us "$FULL_S")") | $(ms "$(field p99_us "$FULL_R")") | $(sum "$(field other "$FULL_S")" "$(field other "$FULL_R")") | ${FULL_CHECK#CHECK } |
| NORMAL | $(python3 -c "print(f'{$(field created_rps "$NORMAL_S")+$(field created_rps "$NORMAL_R"):.0f}')") | $(python3 -c "print(f'{$(field rps "$NORMAL_S")+$(field rps "$NORMAL_R"):.0f}')") | $(ms "$(field p99_us "$NORMAL_S")") | $(ms "$(field p99_us "$NORMAL_R")") | $(sum "$(field other "$NORMAL_S")" "$(field other "$NORMAL_R")") | ${NORMAL_CHECK#CHECK } |

Targets: reads >= 0.50 of nginx; p99 < 10 ms at 1,000 req/s; >= 500 bookings/s with zero oversell.
EOF
case "$FULL_CHECK$NORMAL_CHECK" in
  *ok=NO*) echo "bench: OVERSELL CHECK FAILED" >&2; exit 1 ;;
esac
