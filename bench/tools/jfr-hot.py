#!/usr/bin/env python3
"""Top methods of a JFR recording's execution samples: self (top frame) and total (anywhere on the stack).

usage: jfr print --events jdk.ExecutionSample FILE.jfr | bench/tools/jfr-hot.py [--filter THREAD_SUBSTRING]
       [--within METHOD_SUBSTRING] [--without METHOD_SUBSTRING] [N]

--within keeps samples with that method on the stack, --without drops samples with that one (e.g. --within
ApiKeyAuthFilter.doFilter --without HelloServlet: the filter's own time, not the servlet's below it). The share of
kept samples among all samples of the selected threads is printed first.
"""
import re
import sys
from collections import Counter

args = sys.argv[1:]
thread_filter = within = without = None
while args and args[0].startswith("--"):
    if args[0] == "--filter":
        thread_filter = args[1]
    elif args[0] == "--within":
        within = args[1]
    elif args[0] == "--without":
        without = args[1]
    else:
        sys.exit("unknown option " + args[0])
    args = args[2:]
all_samples = 0
top_n = int(args[0]) if args else 25

self_count, total_count = Counter(), Counter()
samples = 0
frames, thread = [], ""
frame_re = re.compile(r"^\s+([\w$.<>/]+\(.*?\))\s+line:")


def flush():
    global samples, all_samples
    if frames and (thread_filter is None or thread_filter in thread):
        all_samples += 1
        if within is not None and not any(within in f for f in frames):
            return
        if without is not None and any(without in f for f in frames):
            return
        samples += 1
        self_count[frames[0]] += 1
        for f in set(frames):
            total_count[f] += 1


for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        flush()
        frames, thread = [], ""
    elif "sampledThread" in line:
        thread = line
    else:
        m = frame_re.match(line)
        if m:
            frames.append(m.group(1))
flush()
print(f"{samples} samples kept of {all_samples} ({100.0 * samples / max(1, all_samples):.1f}%)")
print(f"{'self %':>7} {'total %':>8}  method")
for method, n in self_count.most_common(top_n):
    print(f"{100.0 * n / samples:7.1f} {100.0 * total_count[method] / samples:8.1f}  {method}")
print("\nby total:")
for method, n in total_count.most_common(top_n):
    print(f"{100.0 * self_count[method] / samples:7.1f} {100.0 * n / samples:8.1f}  {method}")
