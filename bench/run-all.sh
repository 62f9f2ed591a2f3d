#!/usr/bin/env bash
# Runs every keygate benchmark on this machine and writes bench/RESULTS.md.
#
#   bench/run-all.sh [--quick] [--skip-build] [--skip jmh,http,flood,heap,scale,hotkey] [--client auto|wrk|java]
#                    [--out FILE]
#
# Full run: about 10-12 minutes on 2 cores. --quick: about 3 minutes, for checking that everything works (its
# numbers are rough). Needs Java 17 and Maven; wrk is used for the HTTP run when installed (apt-get install wrk),
# else a Java load client in its own JVM. PostgreSQL (127.0.0.1:5432, db test, user postgres; override with
# KEYGATE_BENCH_PG_URL / KEYGATE_BENCH_PG_USER) is needed for the scale run and Redis (127.0.0.1:6379, override with
# KEYGATE_BENCH_REDIS_URL) for the Redis limiter benchmark; each is skipped, and said so, when it does not answer.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
QUICK=0
BUILD=1
SKIP=""
CLIENT=auto
OUT=bench/RESULTS.md
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --skip-build) BUILD=0 ;;
    --skip) SKIP="$2"; shift ;;
    --client) CLIENT="$2"; shift ;;
    --out) OUT="$2"; shift ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done

RESULTS=$ROOT/bench/target/results
# the runs use a private copy of the jar: a reactor build started meanwhile (mvn verify at the root) rewrites
# bench/target/benchmarks.jar and must not pull it from under a running benchmark
JAR=bench/target/run/benchmarks.jar
export KEYGATE_BENCH_RESULTS=$RESULTS
PG_URL=${KEYGATE_BENCH_PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
PG_USER=${KEYGATE_BENCH_PG_USER:-postgres}
REDIS_URL=${KEYGATE_BENCH_REDIS_URL:-redis://127.0.0.1:6379}
export KEYGATE_BENCH_REDIS_URL=$REDIS_URL

skipped() { case ",$SKIP," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
# runs a command and records it, as it ran, in commands.txt
run() {
  echo "$*" >> "$RESULTS/commands.txt"
  echo ">>> $*"
  "$@"
}

if [ "$BUILD" = 1 ]; then
  mvn -B -q -pl bench -am package -DskipTests
fi
mkdir -p bench/target/run
cp bench/target/benchmarks.jar "$JAR"
rm -rf "$RESULTS"
mkdir -p "$RESULTS"
: > "$RESULTS/commands.txt"
echo "bench/run-all.sh $( [ $QUICK = 1 ] && echo --quick ) ${SKIP:+--skip $SKIP} --client $CLIENT" >> "$RESULTS/commands.txt"

{
  echo "date:        $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "mode:        $( [ $QUICK = 1 ] && echo 'quick (rough numbers)' || echo full )"
  echo "nproc:       $(nproc)"
  echo "cpu:         $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
  echo "memory:      $(grep MemTotal /proc/meminfo | awk '{printf "%.1f GiB", $2/1048576}')"
  echo "os:          $(uname -sr)"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "git:         $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "wrk:         $(if command -v wrk >/dev/null; then { wrk -v 2>&1 || true; } | head -1; else echo 'not installed'; fi)"
  echo "java -version:"
  java -version 2>&1 | sed 's/^/  /'
} > "$RESULTS/machine.txt"

JAVA_RUN=(java -Xms1g -Xmx1g -cp "$JAR")

if ! skipped jmh; then
  JMH_OPTS=(-rf csv -rff "$RESULTS/jmh.csv")
  [ $QUICK = 1 ] && JMH_OPTS+=(-wi 1 -w 1 -i 2 -r 1)
  EXCLUDE=()
  if ! port_open 127.0.0.1 "$(echo "$REDIS_URL" | sed -E 's#.*:([0-9]+)(/.*)?$#\1#')"; then
    echo "Redis not reachable at $REDIS_URL: RedisLimiterBenchmark skipped" | tee -a "$RESULTS/machine.txt"
    EXCLUDE=(-e RedisLimiterBenchmark)
  fi
  run java -jar "$JAR" "${JMH_OPTS[@]}" "${EXCLUDE[@]}" 'io.keygate.bench.jmh.*'
fi

if ! skipped http; then
  PG_ARGS=()
  if port_open 127.0.0.1 5432 || [ -n "${KEYGATE_BENCH_PG_URL:-}" ]; then
    PG_ARGS=(--pg-url "$PG_URL" --pg-user "$PG_USER")
  else
    echo "PostgreSQL not reachable: HTTP run without the hand-rolled-pg route" | tee -a "$RESULTS/machine.txt"
  fi
  if [ $QUICK = 1 ]; then
    run "${JAVA_RUN[@]}" io.keygate.bench.load.LoadRun --rounds 1 --seconds 4 --warmup-seconds 3 --client "$CLIENT" \
      "${PG_ARGS[@]}"
  else
    run "${JAVA_RUN[@]}" io.keygate.bench.load.LoadRun --rounds 3 --seconds 10 --warmup-seconds 5 --client "$CLIENT" \
      "${PG_ARGS[@]}"
  fi
fi

if ! skipped flood; then
  if [ $QUICK = 1 ]; then
    run "${JAVA_RUN[@]}" io.keygate.bench.load.FloodRun --requests 10000 --baseline-seconds 3
  else
    run "${JAVA_RUN[@]}" io.keygate.bench.load.FloodRun --requests 100000 --baseline-seconds 10
  fi
fi

if ! skipped heap; then
  run java -Xms2g -Xmx2g -XX:+UseSerialGC -cp "$JAR" io.keygate.bench.scale.HeapRun \
    --repetitions "$( [ $QUICK = 1 ] && echo 2 || echo 5 )"
fi

if ! skipped scale; then
  if port_open 127.0.0.1 5432 || [ -n "${KEYGATE_BENCH_PG_URL:-}" ]; then
    run "${JAVA_RUN[@]}" io.keygate.bench.scale.ScaleRun --url "$PG_URL" --user "$PG_USER" \
      --keys "$( [ $QUICK = 1 ] && echo 100000 || echo 1000000 )" --lookups "$( [ $QUICK = 1 ] && echo 5000 || echo 20000 )"
  else
    echo "PostgreSQL not reachable at $PG_URL: scale run skipped" | tee -a "$RESULTS/machine.txt"
  fi
fi

if ! skipped hotkey; then
  if port_open 127.0.0.1 "$(echo "$REDIS_URL" | sed -E 's#.*:([0-9]+)(/.*)?$#\1#')"; then
    run "${JAVA_RUN[@]}" io.keygate.bench.redis.HotKeyRun --seconds "$( [ $QUICK = 1 ] && echo 2 || echo 5 )" \
      --threads-per-node 2
  else
    echo "Redis not reachable at $REDIS_URL: hot-key run skipped" | tee -a "$RESULTS/machine.txt"
  fi
fi

echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)" >> "$RESULTS/machine.txt"
java -cp "$JAR" io.keygate.bench.report.Report --results "$RESULTS" --out "$OUT" --findings bench/FINDINGS.md
