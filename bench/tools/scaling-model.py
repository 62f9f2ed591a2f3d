#!/usr/bin/env python3
"""The capacity model of docs/SCALING.md: from measured inputs to store lookups, Redis operations and memory.

    bench/tools/scaling-model.py [--script-ops-per-shard N] [--bytes-per-counter N] ...

Every input has a default equal to the figure measured on the development machine (see docs/SCALING.md for the
command that measured each); pass your own measurements to recompute. Traffic: R requests/s over K keys, per-key
rates Zipf-distributed (exponent s; s=0 is uniform), spread evenly over n application nodes by the load balancer.

Cache: an entry is loaded on the first request after its TTL ran out and then serves every request for TTL seconds
(one store lookup per key per TTL per node, the filter's measured behaviour). For a key whose requests reach one
node as a Poisson stream of rate r, a load cycle lasts T + 1/r on average and serves r*T + 1 requests, so the miss
ratio is 1 / (1 + r*T).
"""
import argparse
import math


def zipf_rates(total, keys, s, buckets=4000):
    """(rate, count) groups approximating a Zipf(s) split of `total` requests/s over `keys` keys (log-spaced)."""
    if s == 0:
        return [(total / keys, keys)]
    edges = sorted(set(int(round(math.exp(i * math.log(keys) / buckets))) for i in range(buckets + 1)))
    edges = [1] + [e for e in edges if e > 1] + [keys + 1]
    h = sum(1 / k ** s for k in range(1, 100001)) if keys <= 100000 else (
        sum(1 / k ** s for k in range(1, 100001)) + (
            (math.log(keys / 100000) if s == 1 else (keys ** (1 - s) - 100000 ** (1 - s)) / (1 - s))))
    groups = []
    for a, b in zip(edges, edges[1:]):
        if b <= a:
            continue
        mid = math.sqrt(a * (b - 1)) if b - 1 > a else a
        groups.append((total * (1 / mid ** s) / h, b - a))
    # renormalise the discretisation so the rates add up to `total`
    scale = total / sum(r * c for r, c in groups)
    return [(r * scale, c) for r, c in groups]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--requests", type=float, default=1_000_000)
    p.add_argument("--keys", type=float, default=10_000_000)
    p.add_argument("--zipf", type=float, default=1.0)
    p.add_argument("--ttl", type=float, nargs="+", default=[60, 300])
    p.add_argument("--nodes", type=int, nargs="+", default=[10, 30, 100])
    p.add_argument("--windows", type=int, default=2, help="windows per plan (hour + day: 2)")
    p.add_argument("--script-ops-per-shard", type=float, default=0, help="measured by redis-capacity.sh")
    p.add_argument("--bytes-per-counter", type=float, default=0, help="measured by redis-capacity.sh")
    p.add_argument("--bytes-per-cached-key", type=float, default=462, help="bench/RESULTS.md heap")
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--hot-threshold", type=float, default=0, help="per-node req/s from which a key is 'hot' "
                   "(default: batch per second)")
    p.add_argument("--active-fraction-day", type=float, default=1.0,
                   help="share of keys that send at least one request per day")
    a = p.parse_args()
    groups = zipf_rates(a.requests, int(a.keys), a.zipf)
    hot_threshold = a.hot_threshold or a.batch
    print(f"# R={a.requests:,.0f} req/s, K={a.keys:,.0f} keys, Zipf s={a.zipf}, top key {groups[0][0]:,.0f} req/s")
    print()
    print("| nodes | TTL s | cache hit rate | store lookups/s (all nodes) | keys cached per node | key cache per node |")
    print("|---|---|---|---|---|---|")
    for ttl in a.ttl:
        for n in a.nodes:
            lookups = 0.0
            cached = 0.0
            for rate, count in groups:
                r = rate / n
                lookups += count * n * r / (1 + r * ttl)
                cached += count * (1 - math.exp(-r * ttl))   # keys seen by a node within one TTL
            print(f"| {n} | {ttl:.0f} | {1 - lookups / a.requests:.1%} | {lookups:,.0f} | {cached:,.0f} "
                  f"| {cached * a.bytes_per_cached_key / 1e6:,.0f} MB |")
    print()
    print("| nodes | Redis script calls/s, hot-key mode off | with hot-key mode (batch "
          f"{a.batch}) for keys >= {hot_threshold:g} req/s per node | busiest key's shard, off / on |")
    print("|---|---|---|---|")
    for n in a.nodes:
        on = 0.0
        for rate, count in groups:
            r = rate / n
            on += count * (rate / a.batch if r >= hot_threshold else rate)
        top = groups[0][0]
        top_on = top / a.batch if top / n >= hot_threshold else top
        print(f"| {n} | {a.requests:,.0f} | {on:,.0f} | {top:,.0f} / {top_on:,.0f} |")
    if a.script_ops_per_shard:
        print()
        print(f"Shards at 50% of {a.script_ops_per_shard:,.0f} script calls/s each: off "
              f"{math.ceil(a.requests / (0.5 * a.script_ops_per_shard))}")
    if a.bytes_per_counter:
        active = a.keys * a.active_fraction_day
        print(f"Redis memory for {active:,.0f} active keys x {a.windows} windows: "
              f"{active * a.windows * a.bytes_per_counter / 1e9:,.2f} GB (all shards together)")


if __name__ == "__main__":
    main()
