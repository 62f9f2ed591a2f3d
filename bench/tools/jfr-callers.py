#!/usr/bin/env python3
"""Who calls a hot method: the 4 frames under each sample whose top frame contains NAME.

usage: jfr print --events jdk.ExecutionSample FILE.jfr | bench/tools/jfr-callers.py NAME
"""
import re
import sys
from collections import Counter

name = sys.argv[1]
callers, frames = Counter(), []
frame_re = re.compile(r"^\s+([\w$.<>/]+)\(.*?\)\s+line: (\d+)")


def flush():
    if frames and name in frames[0][0]:
        callers[" <- ".join(f[0].split(".")[-1] + ":" + f[1] for f in frames[:5])] += 1


for line in sys.stdin:
    if line.startswith("jdk.ExecutionSample"):
        flush()
        frames = []
    else:
        m = frame_re.match(line)
        if m:
            frames.append((m.group(1), m.group(2)))
flush()
for stack, n in callers.most_common(10):
    print(n, stack)
