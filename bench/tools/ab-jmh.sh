#!/usr/bin/env bash
# Before/after of a change in JMH: alternates single-fork runs of the same benchmarks on two jars, A B A B ...,
# (8 warm-up iterations: on a loaded machine C2 needs them) and prints each benchmark's median score over the forks of each jar with the range. On a shared machine the
# alternation spreads the drift over both jars; the medians of several forks are what to compare.
#
#   bench/tools/ab-jmh.sh A.jar B.jar REGEX [PAIRS]
#
# JMH_ARGS adds JMH options, e.g. JMH_ARGS='-prof gc -prof io.keygate.bench.jmh.CpuTimeProfiler' also reports bytes
# allocated (gc.alloc.rate.norm) and CPU time (cpu.time.norm) per operation: on a busy machine the CPU time is what
# to compare, the wall-clock score also counts the waits for a core.
# e.g. bench/tools/ab-jmh.sh bench/target/before/benchmarks.jar bench/target/benchmarks.jar \
#        'FilterBenchmark.doFilterCachedValidKey$' 5
set -euo pipefail
cd "$(dirname "$0")/../.."
A=${1:?jar A}
B=${2:?jar B}
REGEX=${3:?benchmark regex}
PAIRS=${4:-5}
OUT=$PWD/bench/target/ab-jmh
rm -rf "$OUT"
mkdir -p "$OUT"
cp "$A" "$OUT/a.jar"
cp "$B" "$OUT/b.jar"
for i in $(seq 1 "$PAIRS"); do
  for side in a b; do
    KEYGATE_BENCH_RESULTS=$OUT/results java -jar "$OUT/$side.jar" "$REGEX" -f 1 -wi 8 -w 1 -i 5 -r 1 \
      -rf csv -rff "$OUT/$side$i.csv" ${JMH_ARGS:-} > "$OUT/$side$i.log" 2>&1
    echo "$side$i load $(cut -d' ' -f1 /proc/loadavg): $(tail -n +2 "$OUT/$side$i.csv" | cut -d, -f1,5 | tr '\n' ' ')"
  done
done
python3 - "$OUT" <<'EOF'
import csv, glob, statistics, sys
out = sys.argv[1]
scores = {}
for side in "ab":
    for f in sorted(glob.glob(f"{out}/{side}[0-9]*.csv")):
        for row in csv.DictReader(open(f)):
            full = row["Benchmark"]
            name = full.split(":")[0].split(".")[-1] + (":" + full.split(":")[-1] if ":" in full else "")
            if ":" in row["Benchmark"] and not row["Benchmark"].endswith(".norm"):
                continue
            scores.setdefault(name, {}).setdefault(side, []).append(float(row["Score"]))
for bench, by in scores.items():
    line = bench + ":"
    for side in "ab":
        v = by.get(side, [])
        if v:
            line += f"  {side} median {statistics.median(v):.1f} ({min(v):.1f}..{max(v):.1f}, {len(v)} forks)"
    if "a" in by and "b" in by:
        line += f"  b/a {statistics.median(by['b']) / statistics.median(by['a']):.3f}"
    print(line)
EOF
