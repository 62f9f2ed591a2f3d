#!/usr/bin/env python3
"""The filter's share of the server's CPU per HTTP round, from a JFR recording of LoadRun --jfr FILE.

usage: bench/tools/jfr-rounds.py FILE.jfr [--frame ApiKeyAuthFilter.doFilter] [--control SameBytesControlFilter.doFilter]
       [--cut 'ServletHandler$Chain'] [--threads bench-jetty]

LoadRun runs its routes one after the other, so the recording is cut into seconds and each second is given to the
route whose filter most of its samples are in (K: keygate, C: control); consecutive seconds of one route form a round.
Per round: the request threads' execution samples, those inside the route's filter, and keygate's own work (FRAME on
the stack and CUT, the chain the filter calls, not above it). jfr-profile.py gives the same shares over the whole
recording, where keygate's share is diluted by the control's rounds; this gives it per round (the first keygate round
after a recording starts is often an outlier).
"""
import collections
import re
import subprocess
import sys

args = sys.argv[1:]
if not args or args[0].startswith("--"):
    sys.exit(__doc__)
path = args.pop(0)
opts = {"--frame": "ApiKeyAuthFilter.doFilter", "--control": "SameBytesControlFilter.doFilter",
        "--cut": "ServletHandler$Chain", "--threads": "bench-jetty"}
while args:
    if args[0] not in opts or len(args) < 2:
        sys.exit("unknown or incomplete option " + args[0] + "\n" + __doc__)
    opts[args[0]] = args[1]
    args = args[2:]
FRAME, CONTROL, CUT, THREADS = opts["--frame"], opts["--control"], opts["--cut"], opts["--threads"]

out = subprocess.run(["jfr", "print", "--stack-depth", "256", "--events", "jdk.ExecutionSample", path],
                     check=True, capture_output=True, text=True).stdout
samples = []  # (seconds, thread, route or None, keygate's own work)
for block in out.split("jdk.ExecutionSample {")[1:]:
    t = re.search(r"startTime = (\d+):(\d+):([\d.]+)", block)
    thread = re.search(r'sampledThread = "([^"]*)"', block)
    if not t:
        continue
    seconds = int(t.group(1)) * 3600 + int(t.group(2)) * 60 + float(t.group(3))
    frames = re.findall(r"^\s+([\w$.<>/]+)\(", block, re.M)
    route, own = None, False
    for i, f in enumerate(frames):
        if FRAME in f:
            route, own = "K", not any(CUT in g for g in frames[:i])
            break
        if CONTROL in f:
            route = "C"
            break
    samples.append((seconds, thread.group(1) if thread else "", route, own))
if not samples:
    sys.exit("no execution samples in " + path)
samples.sort()
start = samples[0][0]
by_second = collections.defaultdict(list)
for s in samples:
    by_second[int(s[0] - start)].append(s)
rounds = []  # [route, samples, seconds]
for second in sorted(by_second):
    routes = collections.Counter(s[2] for s in by_second[second] if s[2])
    route = routes.most_common(1)[0][0] if routes else "-"
    if rounds and rounds[-1][0] == route:
        rounds[-1][1].extend(by_second[second])
        rounds[-1][2].append(second)
    else:
        rounds.append([route, list(by_second[second]), [second]])
for route, group, seconds in rounds:
    request = [s for s in group if THREADS in s[1]]
    inside = sum(1 for s in request if s[2] == route)
    own = sum(1 for s in request if s[3])
    n = max(1, len(request))
    print(f"{route} seconds {seconds[0]}-{seconds[-1]}: {len(request)} request-thread samples, inside the route's "
          f"filter {inside} ({100 * inside / n:.1f}%), keygate's own work {own} ({100 * own / n:.1f}%)")
