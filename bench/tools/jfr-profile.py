#!/usr/bin/env python3
"""CPU and allocation profile of one filter inside a server, from a JFR recording (LoadRun --jfr FILE).

usage: bench/tools/jfr-profile.py FILE.jfr [--frame ApiKeyAuthFilter.doFilter] [--cut 'ServletHandler$Chain']
       [--threads bench-jetty] [--top 25]

A sample belongs to the filter's own work when FRAME is on its stack and CUT is not above it (CUT is the chain the
filter calls: what runs below the filter, the servlet, is not the filter's). Printed:
  - CPU: execution samples of all threads, of the request threads, inside FRAME, and in its own work; the own work
    by self method and by the first keygate frame from the top (which step of the filter it belongs to);
  - allocation: sampled bytes (jdk.ObjectAllocationSample weights) of the request threads, in the filter's own work,
    by class and by allocation site (top frame and the nearest keygate frame below it).
Reads the recording through `jfr print --stack-depth 256` (the default depth of 5 frames would hide the filter).
"""
import re
import subprocess
import sys
from collections import Counter

args = sys.argv[1:]
if not args or args[0].startswith("--"):
    sys.exit(__doc__)
path = args.pop(0)
opts = {"--frame": "ApiKeyAuthFilter.doFilter", "--cut": "ServletHandler$Chain", "--threads": "bench-jetty",
        "--top": "25"}
while args:
    if args[0] not in opts or len(args) < 2:
        sys.exit("unknown or incomplete option " + args[0] + "\n" + __doc__)
    opts[args[0]] = args[1]
    args = args[2:]
FRAME, CUT, THREADS, TOP = opts["--frame"], opts["--cut"], opts["--threads"], int(opts["--top"])

frame_re = re.compile(r"^\s+([\w$.<>/]+)\((.*?)\)\s+line: (\d+)")
weight_re = re.compile(r"^\s+weight = ([0-9.]+) (bytes|kB|MB|GB)")
class_re = re.compile(r"^\s+objectClass = (\S+)")
thread_re = re.compile(r'^\s+(?:sampledThread|eventThread) = "([^"]*)"')
UNITS = {"bytes": 1, "kB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}


def events():
    out = subprocess.run(["jfr", "print", "--stack-depth", "256", "--events",
                          "jdk.ExecutionSample,jdk.ObjectAllocationSample", path],
                         check=True, capture_output=True, text=True).stdout
    event = None
    for line in out.splitlines():
        if line.startswith("jdk.ExecutionSample") or line.startswith("jdk.ObjectAllocationSample"):
            if event:
                yield event
            event = {"type": line.split()[0], "frames": [], "thread": "", "weight": 0, "class": ""}
            continue
        if event is None:
            continue
        m = frame_re.match(line)
        if m:
            event["frames"].append((m.group(1), m.group(3)))
            continue
        m = thread_re.match(line)
        if m:
            event["thread"] = m.group(1)
            continue
        m = weight_re.match(line)
        if m:
            event["weight"] = float(m.group(1)) * UNITS[m.group(2)]
            continue
        m = class_re.match(line)
        if m:
            event["class"] = m.group(1)
    if event:
        yield event


def own(frames):
    """'own' when FRAME is on the stack and CUT is not above it; 'inside' when only under CUT; None otherwise."""
    names = [f[0] for f in frames]
    idx = next((i for i, n in enumerate(names) if FRAME in n), None)
    if idx is None:
        return None
    return "inside" if any(CUT in n for n in names[:idx]) else "own"


def short(name):
    parts = name.split(".")
    return ".".join(parts[-2:])


def step(frames):
    """The first keygate frame from the top: which part of the filter a sample belongs to."""
    for name, line in frames:
        if name.startswith("io.keygate.") and not name.startswith("io.keygate.bench."):
            return short(name) + ":" + line
    return "(no keygate frame)"


cpu_all = cpu_req = cpu_inside = cpu_own = 0
self_own, step_own = Counter(), Counter()
alloc_req = alloc_own = 0.0
alloc_class, alloc_site = Counter(), Counter()
for e in events():
    where = own(e["frames"])
    if e["type"] == "jdk.ExecutionSample":
        cpu_all += 1
        if THREADS in e["thread"]:
            cpu_req += 1
        if where is not None:
            cpu_inside += 1
        if where == "own":
            cpu_own += 1
            self_own[short(e["frames"][0][0]) + ":" + e["frames"][0][1]] += 1
            step_own[step(e["frames"])] += 1
    else:
        if THREADS in e["thread"]:
            alloc_req += e["weight"]
        if where == "own":
            alloc_own += e["weight"]
            alloc_class[e["class"]] += e["weight"]
            top = short(e["frames"][0][0]) if e["frames"] else "?"
            alloc_site[top + " <- " + step(e["frames"])] += e["weight"]


def pct(n, d):
    return 100.0 * n / d if d else 0.0


print(f"CPU samples: {cpu_all} in all threads, {cpu_req} in '{THREADS}' threads")
print(f"  inside {FRAME}: {cpu_inside} ({pct(cpu_inside, cpu_req):.1f}% of request-thread samples)")
print(f"  its own work (without what runs under {CUT}): {cpu_own} ({pct(cpu_own, cpu_req):.1f}%)")
print(f"\nown work by self method (% of own samples):")
for k, n in self_own.most_common(TOP):
    print(f"  {pct(n, cpu_own):5.1f}  {k}")
print(f"\nown work by nearest keygate frame (% of own samples):")
for k, n in step_own.most_common(TOP):
    print(f"  {pct(n, cpu_own):5.1f}  {k}")
print(f"\nallocation (sampled weights): {alloc_req / 2**20:.0f} MB in '{THREADS}' threads, "
      f"{alloc_own / 2**20:.0f} MB ({pct(alloc_own, alloc_req):.1f}%) in the filter's own work")
print("  by class (% of own bytes):")
for k, n in alloc_class.most_common(TOP):
    print(f"  {pct(n, alloc_own):5.1f}  {k}")
print("  by site (% of own bytes):")
for k, n in alloc_site.most_common(TOP):
    print(f"  {pct(n, alloc_own):5.1f}  {k}")
