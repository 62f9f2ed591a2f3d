#!/usr/bin/env bash
# CPU profile of the bench server under wrk with Linux perf: every thread of the server JVM (request threads, GC,
# JIT, kernel time of its system calls), which JFR's Java samples do not show. JIT-compiled frames are named
# through the perf map the JVM writes at exit (-XX:+DumpPerfMapAtExit).
#
#   bench/tools/perf-http.sh VARIANT [SECONDS] [JAR]      e.g. bench/tools/perf-http.sh keygate 20
#
# VARIANT is a LoadRun route (keygate, control, no-filter, ...). Writes bench/target/perf/<variant>.data and
# prints the shares by thread group, by shared object (kernel, libjvm, JIT code) and the top symbols. Needs perf
# (apt-get install linux-perf) and kernel.perf_event_paranoid <= 2.
set -euo pipefail
cd "$(dirname "$0")/../.."
VARIANT=${1:?variant}
SECONDS_MEASURED=${2:-20}
JAR=${3:-bench/target/benchmarks.jar}
OUT=bench/target/perf
mkdir -p "$OUT"
LOG=$OUT/$VARIANT.log
DATA=$PWD/$OUT/$VARIANT.data
KEYGATE_BENCH_RESULTS=$PWD/$OUT/results java -Xms1g -Xmx1g -XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit \
  -XX:+PreserveFramePointer -cp "$JAR" io.keygate.bench.load.LoadRun --variants "$VARIANT" --rounds 1 \
  --seconds "$SECONDS_MEASURED" --warmup-seconds 15 --keys 100 > "$LOG" 2>&1 &
PID=$!
until grep -q "^warm-up $VARIANT" "$LOG"; do
  kill -0 "$PID" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.2
done
sleep 1
perf record -F 999 -g -p "$PID" -o "$DATA" -- sleep $((SECONDS_MEASURED - 2)) 2>/dev/null
wait "$PID"
grep -E "^round" "$LOG"
echo "--- by thread (comm)"
perf report -i "$DATA" --no-children --sort comm --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -12
echo "--- by shared object"
perf report -i "$DATA" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -10
echo "--- top symbols"
perf report -i "$DATA" --no-children --sort dso,sym --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -60
