#!/usr/bin/env bash
# Before/after of a filter change under HTTP load: alternates LoadRun (keygate and the same-bytes control) on two
# benchmark jars, A B A B ..., and prints, per run and as medians over the runs of each jar, keygate / control
# throughput and the server CPU per request keygate adds over the control. Alternating runs spread the drift of a
# shared machine over both jars; within each run keygate and control alternate too.
#
#   bench/tools/ab-http.sh A.jar B.jar [PAIRS] [ROUNDS] [SECONDS]
#
# e.g. build the jar of the commit before a change, copy it aside, build the change, then
#   bench/tools/ab-http.sh bench/target/before/benchmarks.jar bench/target/benchmarks.jar 4
# Raw results: bench/target/ab/<run>/http.tsv.
set -euo pipefail
cd "$(dirname "$0")/../.."
A=${1:?jar A}
B=${2:?jar B}
PAIRS=${3:-4}
ROUNDS=${4:-4}
SECONDS_PER_ROUND=${5:-8}
OUT=$PWD/bench/target/ab
rm -rf "$OUT"
mkdir -p "$OUT"
cp "$A" "$OUT/a.jar"
cp "$B" "$OUT/b.jar"
value() { awk -F'\t' -v m="$2" '$2 == m { print $3 }' "$1/http.tsv"; }
for i in $(seq 1 "$PAIRS"); do
  for side in a b; do
    dir=$OUT/$side$i
    load=$(cut -d' ' -f1 /proc/loadavg)
    KEYGATE_BENCH_RESULTS=$dir java -Xms1g -Xmx1g -cp "$OUT/$side.jar" io.keygate.bench.load.LoadRun \
      --variants keygate,control --rounds "$ROUNDS" --seconds "$SECONDS_PER_ROUND" --warmup-seconds 15 --keys 100 \
      > "$dir.log" 2>&1
    printf '%s%-3s load %5s  keygate/control %s  cpu keygate-control %s us/req  keygate %s req/s  control %s req/s\n' \
      "$side" "$i" "$load" "$(value "$dir" ratio.keygate/control)" "$(value "$dir" cpu.keygate-control)" \
      "$(value "$dir" keygate.rps)" "$(value "$dir" control.rps)"
  done
done
for side in a b; do
  python3 - "$OUT" "$side" <<'EOF'
import glob, statistics, sys
out, side = sys.argv[1], sys.argv[2]
vals = {"ratio.keygate/control": [], "cpu.keygate-control": []}
for f in sorted(glob.glob(f"{out}/{side}[0-9]*/http.tsv")):
    for line in open(f):
        c = line.split("\t")
        if c[1] in vals:
            vals[c[1]].append(float(c[2]))
r, c = vals["ratio.keygate/control"], vals["cpu.keygate-control"]
print(f"{side}: keygate/control median {statistics.median(r):.3f} (runs {min(r):.3f}..{max(r):.3f}); "
      f"cpu keygate-control median {statistics.median(c):.2f} us/req ({min(c):.2f}..{max(c):.2f}); {len(r)} runs")
EOF
done
