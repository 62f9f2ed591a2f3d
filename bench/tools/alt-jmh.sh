#!/usr/bin/env bash
# Several JMH benchmarks of ONE jar side by side on a shared machine: each round runs every benchmark in its own
# single fork (8 x 1 s warm-up, 5 x 1 s measurement), in an order that rotates from round to round, and records the
# 1-minute load average before each fork. Prints per benchmark the median over rounds of the score and of each
# secondary metric (with the range), so drift from other work on the machine spreads over all of them.
#
#   bench/tools/alt-jmh.sh ROUNDS REGEX [REGEX...]
#
# JAR (default bench/target/benchmarks.jar) picks the jar; JMH_ARGS adds JMH options, by default
# '-prof io.keygate.bench.jmh.CpuTimeProfiler -prof gc' (CPU ns/op of the benchmark thread, bytes allocated per op).
# e.g. bench/tools/alt-jmh.sh 5 'FilterBenchmark.doFilterCachedValidKey$' 'FilterBenchmark.doFilterCachedValidKeyUsageOn$'
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:?rounds}
shift
[ $# -ge 1 ] || { echo "at least one benchmark regex" >&2; exit 2; }
JAR=${JAR:-bench/target/benchmarks.jar}
JMH_ARGS=${JMH_ARGS:--prof io.keygate.bench.jmh.CpuTimeProfiler -prof gc}
OUT=$PWD/bench/target/alt-jmh
rm -rf "$OUT"
mkdir -p "$OUT"
cp "$JAR" "$OUT/run.jar"
REGEXES=("$@")
N=${#REGEXES[@]}
for r in $(seq 1 "$ROUNDS"); do
  for k in $(seq 0 $((N - 1))); do
    i=$(( (k + r - 1) % N ))
    load=$(cut -d' ' -f1 /proc/loadavg)
    KEYGATE_BENCH_RESULTS=$OUT/results java -jar "$OUT/run.jar" "${REGEXES[$i]}" -f 1 -wi 8 -w 1 -i 5 -r 1 \
      -rf csv -rff "$OUT/r$r-b$i.csv" $JMH_ARGS > "$OUT/r$r-b$i.log" 2>&1
    echo "round $r bench $i load $load: $(tail -n +2 "$OUT/r$r-b$i.csv" | grep -v ':' | cut -d, -f1,5 | tr '\n' ' ')$(
      grep -h 'cpu.time.norm' "$OUT/r$r-b$i.csv" | cut -d, -f5 | sed 's/^/ cpu.time.norm /')"
    echo "$r $i $load" >> "$OUT/loads.txt"
  done
done
python3 - "$OUT" <<'EOF'
import csv, glob, statistics, sys
out = sys.argv[1]
scores = {}
for f in sorted(glob.glob(f"{out}/r*-b*.csv")):
    for row in csv.DictReader(open(f)):
        full = row["Benchmark"]
        name = full.split(":")[0].split(".")[-2] + "." + full.split(":")[0].split(".")[-1]
        metric = full.split(":")[1] if ":" in full else "score"
        if metric not in ("score", "cpu.time.norm", "cpu.process.norm", "gc.alloc.rate.norm"):
            continue
        scores.setdefault(name, {}).setdefault(metric, []).append(float(row["Score"]))
loads = [float(l.split()[2]) for l in open(f"{out}/loads.txt")]
print(f"load average (1 min) before the forks: {min(loads):.2f}..{max(loads):.2f}, median {statistics.median(loads):.2f}")
for bench, by in scores.items():
    for metric, v in by.items():
        print(f"{bench} {metric}: median {statistics.median(v):.1f} ({min(v):.1f}..{max(v):.1f}, {len(v)} forks)")
EOF
