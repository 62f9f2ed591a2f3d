#!/usr/bin/env bash
# Profiles JMH benchmarks with JFR (1 ms Java sampling) and prints their hot methods (self and total).
#
#   bench/tools/profile.sh 'VerifyBenchmark.verifyCachedValidKey$' [more JMH options]
#
# Recordings go to bench/target/jfr/<benchmark>.jfr; read them again with
#   jfr print --events jdk.ExecutionSample FILE | bench/tools/jfr-hot.py --filter jmh 30
set -euo pipefail
cd "$(dirname "$0")/../.."
PATTERN=${1:?benchmark regex}
shift
OUT=bench/target/jfr
mkdir -p "$OUT"
NAME=$(echo "$PATTERN" | tr -c 'A-Za-z0-9_.\n' '_')
FILE=$PWD/$OUT/$NAME.jfr
java -jar bench/target/benchmarks.jar "$PATTERN" -f 1 -wi 3 -w 1 -i 5 -r 1 \
  -jvmArgsAppend "-XX:StartFlightRecording=settings=profile,method-profiling=max,filename=$FILE" "$@"
jfr print --events jdk.ExecutionSample "$FILE" | python3 bench/tools/jfr-hot.py --filter jmh 30
