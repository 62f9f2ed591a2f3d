#!/usr/bin/env bash
# What one Redis shard (one redis-server, one core) does with keygate's scripts, and what a counter costs in memory.
# Starts a redis-server of its own on a free loopback port (never a shared one), runs redis-benchmark against it and
# stops it. Figures cited by docs/SCALING.md.
#
#   bench/tools/redis-capacity.sh [requests]      (default 300000 per measurement)
#
# Prints one line per measurement: name, requests/s, p50 ms, Redis's own microseconds per call (INFO commandstats),
# and the exact redis-benchmark command.
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-300000}
DIR=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no --dir "$DIR" \
  > "$DIR/redis.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null; rm -rf "$DIR"' EXIT
for _ in $(seq 1 50); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
CLI=(redis-cli -p "$PORT")
RESERVE=$("${CLI[@]}" SCRIPT LOAD "$(cat redis/src/main/resources/io/keygate/redis/rate-limit.lua)")
GIVEBACK=$("${CLI[@]}" SCRIPT LOAD "$(cat redis/src/main/resources/io/keygate/redis/give-back.lua)")
echo "# redis-server $(redis-server --version | awk '{print $3}'), port $PORT, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

bench() { # name, then redis-benchmark arguments after the common ones
  local name=$1; shift
  local cmd=(redis-benchmark -p "$PORT" -n "$N" -c 50 -r 1000000 --csv "$@")
  local out
  "${CLI[@]}" CONFIG RESETSTAT >/dev/null
  out=$("${cmd[@]}" 2>/dev/null | tail -1)
  # CSV: "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms",...
  local rps p50 usec
  rps=$(echo "$out" | awk -F'","' '{print $2}')
  p50=$(echo "$out" | awk -F'","' '{print $5}')
  # Redis's own time inside the command (without reading, parsing and writing): what a core spends per call at least
  usec=$("${CLI[@]}" INFO commandstats | grep -E '^cmdstat_(evalsha|incr):' | sed -E 's/.*usec_per_call=([0-9.]+).*/\1/' | head -1)
  printf '%s\t%s req/s\tp50 %s ms\t%s us/call in Redis\t%s\n' "$name" "$rps" "$p50" "$usec" "${cmd[*]}"
}

# one request of a two-window plan (minute + day), keys spread over 1,000,000 buckets: the admit path
bench "script.2-windows" EVALSHA "$RESERVE" 2 'rl:{k:__rand_int__}:60:0' 'rl:{k:__rand_int__}:86400:0' \
  1000000 61000 1000000 86401000 1
# the same pipelined 16 deep (what Lettuce does with concurrent requests on one connection)
bench "script.2-windows.pipelined-16" -P 16 EVALSHA "$RESERVE" 2 'rl:{k:__rand_int__}:60:0' \
  'rl:{k:__rand_int__}:86400:0' 1000000 61000 1000000 86401000 1
# one window
bench "script.1-window" EVALSHA "$RESERVE" 1 'rl:{k:__rand_int__}:60:0' 1000000 61000 1
# a hot-key reservation of 100 (same script, one call per 100 requests)
bench "script.2-windows.reserve-100" EVALSHA "$RESERVE" 2 'rl:{k:__rand_int__}:60:0' \
  'rl:{k:__rand_int__}:86400:0' 1000000000 61000 1000000000 86401000 100
# a give-back
bench "give-back.2-windows" EVALSHA "$GIVEBACK" 2 'rl:{k:__rand_int__}:60:0' 'rl:{k:__rand_int__}:86400:0' 3
# reference: a plain INCR
bench "reference.incr" INCR 'rl:{k:__rand_int__}'

# memory: 100,000 two-window buckets (200,000 counters with a TTL), measured by used_memory
"${CLI[@]}" FLUSHALL >/dev/null
BEFORE=$("${CLI[@]}" INFO memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
redis-benchmark -p "$PORT" -n 100000 -c 20 -r 100000000 EVALSHA "$RESERVE" 2 'keygate:rl:{k:key___rand_int__}:60:1764000000' \
  'keygate:rl:{k:key___rand_int__}:86400:1763942400' 100 61000 10000 86401000 1 >/dev/null 2>&1
AFTER=$("${CLI[@]}" INFO memory | awk -F: '/^used_memory:/{print $2}' | tr -d '\r')
KEYS=$("${CLI[@]}" DBSIZE | tr -d '\r')
printf 'memory.per-counter\t%s\tbytes\t%s counters, used_memory %s -> %s, key names like keygate:rl:{k:key_<8 digits>}:60:1764000000\n' \
  "$(( (AFTER - BEFORE) / KEYS ))" "$KEYS" "$BEFORE" "$AFTER"
