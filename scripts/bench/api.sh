#!/usr/bin/env bash
# Loads the API on loopback beside nginx serving the same listing JSON as static files, on the
# same machine in the same run, and prints a Markdown table:
#   - listing reads: wrk -t2 -c32 on /api/v1/schools and on nginx's /schools.json (req/s, p50, p99)
#   - p99 at a fixed 1,000 req/s, open loop (server/src/bin/loadgen.rs: latency counted from when
#     each request was due, so stalls are not hidden as wrk's closed loop would)
#   - booking writes: wrk posting bookings with unique Idempotency-Keys across every session and
#     room, with SQLite synchronous=FULL (the default) and =NORMAL, then an oversell check
#     through the API (booked <= capacity everywhere; places and nights taken == bookings made).
#   - PostgreSQL, when BENCH_DATABASE_URL (or else TEST_DATABASE_URL) names a PostgreSQL server
#     (e.g. postgres://postgres@127.0.0.1:5432/test): the same listing reads and booking writes
#     with one server process on a fresh database, then with two processes on another fresh
#     database, each loaded by its own wrk runs on the same sessions and rooms at once (their
#     throughputs summed, one oversell check over both). The bench databases (bench_…) are
#     created through psql and dropped at exit. Without such a URL this part is skipped.
# Targets (README): reads >= half of nginx, p99 < 10 ms at 1,000 req/s, >= 500 bookings/s;
# on PostgreSQL >= 1,000 bookings/s with zero oversell, reads >= 0.8 of SQLite's, and zero
# oversell with two processes.
# Needs wrk, nginx (nginx-light), python3, curl (and psql for PostgreSQL). Bounded: about 100 s
# after the build, about 45 s more with PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
READ_SECONDS=${BENCH_READ_SECONDS:-10}
RATE_SECONDS=${BENCH_RATE_SECONDS:-10}
WRITE_SECONDS=${BENCH_WRITE_SECONDS:-10}
DATA=${PORTAL_DATA:-public/data}
# A PostgreSQL server to make the bench databases on (its own database is only connected to).
PG_ADMIN=${BENCH_DATABASE_URL:-${TEST_DATABASE_URL:-}}
case "$PG_ADMIN" in
  postgres://* | postgresql://*) PG_SKIPPED= ;;
  "") PG_SKIPPED="no BENCH_DATABASE_URL or TEST_DATABASE_URL" ;;
  *) PG_SKIPPED="BENCH_DATABASE_URL / TEST_DATABASE_URL is not postgres://…"; PG_ADMIN= ;;
esac

tools=(wrk nginx python3 curl)
[ -n "$PG_ADMIN" ] && tools+=(psql)
for tool in "${tools[@]}"; do
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
PG_DBS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  for db in "${PG_DBS[@]}"; do
    psql "$PG_ADMIN" -qAt -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 ||
      echo "bench: could not drop the PostgreSQL database $db" >&2
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# $PG_ADMIN with its database replaced by $1 (its ?query kept).
pg_url() {
  local base=${PG_ADMIN%%\?*} query=
  [[ $PG_ADMIN == *\?* ]] && query="?${PG_ADMIN#*\?}"
  [[ ${base#*://} == */* ]] && base=${base%/*}
  echo "$base/$1$query"
}
PG_URL=
create_pg_db() { # suffix: a fresh database, dropped at exit, its URL in PG_URL
  local name="bench_$(date +%s)_$$_$1"
  psql "$PG_ADMIN" -v ON_ERROR_STOP=1 -qAt -c "CREATE DATABASE $name" >/dev/null
  PG_DBS+=("$name")
  PG_URL=$(pg_url "$name")
}

SERVER_PID=
start_server() { # name database-url [serve flags…]
  local name=$1 url=$2 port
  shift 2
  port=$(free_port)
  mkdir -p "$WORK/dist"
  # One address sends every request: the per-address limits on creating are raised out of the way.
  # Processes on one database share the ledger key, as servers behind one load balancer do.
  PORTAL_LIMITS_SCALE=100000 RUST_LOG=warn "$SERVER" serve --addr "127.0.0.1:$port" --database-url "$url" \
    --dist "$WORK/dist" --data "$DATA" --mode api --ledger-key-file "$WORK/ledger-signing.key" "$@" \
    >"$WORK/server-$name.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  API="http://127.0.0.1:$port"
  # On a fresh PostgreSQL database the first start migrates and seeds it.
  for _ in $(seq 300); do
    curl -fsS "$API/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: the server ($name) did not start" >&2; cat "$WORK/server-$name.log" >&2; exit 1
}
stop_server() { # [pid]
  local pid=${1:-$SERVER_PID}
  kill "$pid"; wait "$pid" 2>/dev/null || true
}

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
  -- Runs at once (sessions and rooms, two processes' loads) must not draw the same keys: a
  -- key sent twice is answered once and replayed (counted twice), or refused with another body.
  RUN = args[3] .. "/" .. MODE
  local seed = 0
  for i = 1, #RUN do seed = (seed * 31 + RUN:byte(i)) % 1000003 end
  created, refused, other, limited, failed = 0, 0, 0, 0, 0
  math.randomseed(os.time() * 1000 + seed * 64 + id)
  contact = '"contact":{"name":"Bench","phone":"13800138000"}'
end
function request()
  -- 32 random hex digits, as the front end makes them (src/storage.rs): keys that share a
  -- prefix and a counter would all land on one page of the idempotency index, a hot spot for
  -- PostgreSQL's serializable checks that real visitors do not make.
  local key = string.format("%04x%04x%04x%04x%04x%04x%04x%04x", math.random(0, 65535), math.random(0, 65535),
    math.random(0, 65535), math.random(0, 65535), math.random(0, 65535), math.random(0, 65535),
    math.random(0, 65535), math.random(0, 65535))
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
  else
    other = other + 1
    if status == 429 then limited = limited + 1 elseif status >= 500 then failed = failed + 1 end
  end
end
function done(summary, latency, requests)
  local c, r, o, l, f = 0, 0, 0, 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created"); r = r + t:get("refused"); o = o + t:get("other")
    l = l + t:get("limited"); f = f + t:get("failed")
  end
  local secs = summary.duration / 1e6
  io.write(string.format("RESULT rps=%.0f created=%d created_rps=%.0f refused=%d other=%d limited=%d failed=%d p50_us=%d p99_us=%d socket_errors=%d\n",
    summary.requests / secs, c, c / secs, r, o, l, f, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
EOF

# Booking targets from the snapshot: every future session, every room, the next 365 nights.
python3 - "$DATA" >"$WORK/targets.lua" <<'EOF'
import datetime, json, re, sys
data = sys.argv[1]
today = (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date()
schools = json.load(open(f"{data}/schools.json"))
lodgings = json.load(open(f"{data}/lodgings.json"))
# The sessions the series offer, as model::schedule dates them (its horizon read from there).
horizon = int(re.search(r"HORIZON_DAYS: i64 = (\d+);", open("model/src/schedule.rs").read()).group(1))
def ahead(x):
    first, step = datetime.date.fromisoformat(x["first"]), x["every_days"]
    k = max(0, -(-(today - first).days // step))
    while first + datetime.timedelta(days=k * step) <= today + datetime.timedelta(days=horizon):
        yield x["id"] + "-" + (first + datetime.timedelta(days=k * step)).strftime("%Y%m%d")
        k += 1
sessions = [(s["slug"], i) for s in schools for p in s["programs"] for x in p.get("series", []) for i in ahead(x)
            if not i.endswith(today.strftime("%Y%m%d"))]
sessions += [(s["slug"], x["id"]) for s in schools for p in s["programs"] for x in p["sessions"]
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
add() { python3 -c 'import sys; print(f"{sum(float(a or 0) for a in sys.argv[1:]):.0f}")' "$@"; }

# Checks through the API that nothing was oversold and every acknowledged booking took its place.
# wrk stops with requests in flight: those may be committed without wrk counting their 201, so
# up to one per connection (8 + 16 per loaded process) may be taken beyond the counted bookings.
check_oversell() { # api created_sessions created_rooms before_json [processes]
  python3 - "$@" <<'EOF'
import datetime, json, sys, urllib.request
api, created_sessions, created_rooms, before_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
processes = int(sys.argv[5]) if len(sys.argv) > 5 else 1
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
ok = (not over and created_sessions <= places <= created_sessions + 8 * processes
      and created_rooms <= nights <= created_rooms + 16 * processes)
print(f"CHECK oversold_sessions={len(over)} places_taken={places} session_bookings={created_sessions} "
      f"nights_taken={nights} room_bookings={created_rooms} ok={'yes' if ok else 'NO'}")
EOF
}

# Booking load on one server, in the background: 8 clients on sessions, 16 on room-nights.
WRK_PIDS=()
start_writes() { # name api
  wrk -t1 -c8 -d"${WRITE_SECONDS}s" --latency -s "$WORK/book.lua" "$2" -- sessions "$WORK/targets.lua" "$1" \
    >"$WORK/sessions-$1.txt" 2>&1 &
  WRK_PIDS+=($!)
  wrk -t1 -c16 -d"${WRITE_SECONDS}s" --latency -s "$WORK/book.lua" "$2" -- rooms "$WORK/targets.lua" "$1" \
    >"$WORK/rooms-$1.txt" 2>&1 &
  WRK_PIDS+=($!)
  PIDS+=("${WRK_PIDS[@]}")
}
wait_writes() { wait "${WRK_PIDS[@]}"; WRK_PIDS=(); }
writes_result() { wrk_result "$(cat "$WORK/$2-$1.txt")"; } # name sessions|rooms

run_writes() { # synchronous
  start_server "$1" "sqlite://$WORK/portal-$1.db" --sqlite-synchronous "$1"
  curl -fsS "$API/api/v1/schools" >"$WORK/before-$1.json"
  start_writes "$1" "$API"
  wait_writes
  SESS=$(writes_result "$1" sessions); ROOMS_RES=$(writes_result "$1" rooms)
  CHECK=$(check_oversell "$API" "$(field created "$SESS")" "$(field created "$ROOMS_RES")" "$WORK/before-$1.json")
  stop_server
}

# A process on PostgreSQL keeps listing copies for 1 s (PORTAL_LISTING_MAX_AGE_MS): the oversell
# check waits longer than that before it reads them.
LISTING_SETTLE=1.5

# One process on a fresh database: listing reads, then booking writes.
run_pg_one() {
  create_pg_db one
  start_server pg "$PG_URL"
  wrk -t2 -c32 -d1s "$API/api/v1/schools" >/dev/null
  PG_READ=$(wrk_result "$(wrk -t2 -c32 -d"${READ_SECONDS}s" --latency -s "$WORK/read.lua" "$API/api/v1/schools")")
  curl -fsS "$API/api/v1/schools" >"$WORK/before-pg.json"
  start_writes pg "$API"
  wait_writes
  sleep "$LISTING_SETTLE"
  PG_S=$(writes_result pg sessions); PG_R=$(writes_result pg rooms)
  PG_CHECK=$(check_oversell "$API" "$(field created "$PG_S")" "$(field created "$PG_R")" "$WORK/before-pg.json")
  stop_server
}

# Two processes on another fresh database, each under its own booking load at once.
run_pg_two() {
  create_pg_db two
  start_server pg-a "$PG_URL"
  local a_pid=$SERVER_PID a_api=$API
  start_server pg-b "$PG_URL"
  local b_pid=$SERVER_PID b_api=$API
  curl -fsS "$a_api/api/v1/schools" >"$WORK/before-pg2.json"
  start_writes pg-a "$a_api"
  start_writes pg-b "$b_api"
  wait_writes
  sleep "$LISTING_SETTLE"
  PG_AS=$(writes_result pg-a sessions); PG_AR=$(writes_result pg-a rooms)
  PG_BS=$(writes_result pg-b sessions); PG_BR=$(writes_result pg-b rooms)
  PG2_CHECK=$(check_oversell "$a_api" "$(add "$(field created "$PG_AS")" "$(field created "$PG_BS")")" \
    "$(add "$(field created "$PG_AR")" "$(field created "$PG_BR")")" "$WORK/before-pg2.json" 2)
  stop_server "$a_pid"
  stop_server "$b_pid"
}

echo "bench: listing reads (${READ_SECONDS}s each)" >&2
start_server reads "sqlite://$WORK/portal-reads.db"
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

if [ -z "$PG_SKIPPED" ]; then
  echo "bench: PostgreSQL, one process (${READ_SECONDS}s reads, ${WRITE_SECONDS}s writes)" >&2
  run_pg_one
  echo "bench: PostgreSQL, two processes on one database (${WRITE_SECONDS}s writes)" >&2
  run_pg_two
else
  echo "bench: PostgreSQL skipped ($PG_SKIPPED)" >&2
fi

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

# A table row of booking figures: the sessions and rooms results of each process, summed
# (p99: the worst process's).
writes_row() { # label check sessions rooms [sessions rooms]
  local label=$1 check=$2 created=() posts=() other=() limited=() failed=() p99_s=0 p99_r=0 i r
  shift 2
  local results=("$@")
  for ((i = 0; i < ${#results[@]}; i++)); do
    r=${results[i]}
    created+=("$(field created_rps "$r")")
    posts+=("$(field rps "$r")")
    other+=("$(field other "$r")")
    limited+=("$(field limited "$r")")
    failed+=("$(field failed "$r")")
    if ((i % 2 == 0)); then p99_s=$(max "$p99_s" "$(field p99_us "$r")"); else p99_r=$(max "$p99_r" "$(field p99_us "$r")"); fi
  done
  echo "| $label | $(add "${created[@]}") | $(add "${posts[@]}") | $(ms "$p99_s") | $(ms "$p99_r") | $(add "${other[@]}") ($(add "${limited[@]}") / $(add "${failed[@]}")) | ${check#CHECK } |"
}
max() { python3 -c 'import sys; print(f"{max(float(a or 0) for a in sys.argv[1:]):.0f}")' "$@"; }
verdict() { python3 -c "print('met' if $1 else 'NOT met')"; }

if [ -n "$PG_SKIPPED" ]; then
  printf '\nPostgreSQL: skipped (%s; set BENCH_DATABASE_URL=postgres://USER@HOST:PORT/DB).\n' "$PG_SKIPPED"
else
  PG_CREATED=$(add "$(field created_rps "$PG_S")" "$(field created_rps "$PG_R")")
  PG2_CREATED=$(add "$(field created_rps "$PG_AS")" "$(field created_rps "$PG_AR")" "$(field created_rps "$PG_BS")" "$(field created_rps "$PG_BR")")
  PG_READ_RATIO=$(ratio "$(field rps "$PG_READ")" "$(field rps "$API_READ")")
  PG_VERSION=$(psql "$PG_ADMIN" -qAt -c 'SHOW server_version' | cut -d' ' -f1)
  cat <<EOF

## PostgreSQL $PG_VERSION beside SQLite (same machine, same run)

Listing: \`/api/v1/schools\`, wrk -t2 -c32 ${READ_SECONDS}s, one server process (SQLite: the run above).

| measure | SQLite | PostgreSQL | PostgreSQL / SQLite |
|---|---:|---:|---:|
| reads: req/s | $(field rps "$API_READ") | $(field rps "$PG_READ") | $PG_READ_RATIO |
| reads: p50 ms | $(ms "$(field p50_us "$API_READ")") | $(ms "$(field p50_us "$PG_READ")") | |
| reads: p99 ms | $(ms "$(field p99_us "$API_READ")") | $(ms "$(field p99_us "$PG_READ")") | |
| reads: errors (non-2xx + socket) | $(sum "$(field non2xx "$API_READ")" "$(field socket_errors "$API_READ")") | $(sum "$(field non2xx "$PG_READ")" "$(field socket_errors "$PG_READ")") | |

Bookings as above (8 clients on sessions, 16 on room-nights, per loaded process, ${WRITE_SECONDS}s); with
two processes each has its own 24 clients on the same sessions and rooms at once, one database.

| setup | bookings created/s | POSTs/s (201 + 409) | sessions p99 ms | rooms p99 ms | other statuses (429 / 5xx) | oversell check |
|---|---:|---:|---:|---:|---:|---|
$(writes_row "SQLite, FULL" "$FULL_CHECK" "$FULL_S" "$FULL_R")
$(writes_row "PostgreSQL, 1 process" "$PG_CHECK" "$PG_S" "$PG_R")
$(writes_row "PostgreSQL, 2 processes: A" "" "$PG_AS" "$PG_AR")
$(writes_row "PostgreSQL, 2 processes: B" "" "$PG_BS" "$PG_BR")
$(writes_row "PostgreSQL, 2 processes: A + B" "$PG2_CHECK" "$PG_AS" "$PG_AR" "$PG_BS" "$PG_BR")

Targets on PostgreSQL: >= 1,000 bookings/s ($PG_CREATED: $(verdict "$PG_CREATED >= 1000")) with zero oversell
($(verdict "'ok=yes' in '$PG_CHECK'")); reads >= 0.80 of SQLite's ($PG_READ_RATIO: $(verdict "$PG_READ_RATIO >= 0.8"));
two processes with zero oversell ($(verdict "'ok=yes' in '$PG2_CHECK'"); $PG2_CREATED bookings/s together).
EOF
fi

case "$FULL_CHECK$NORMAL_CHECK${PG_CHECK:-}${PG2_CHECK:-}" in
  *ok=NO*) echo "bench: OVERSELL CHECK FAILED" >&2; exit 1 ;;
esac
