#!/usr/bin/env python3
"""Tables of a bench/streams/run.sh result directory: per figure, A and B as the median over rounds (each
round's value in brackets), and B / A. Usage: summary.py DIR > summary.md"""
import glob
import json
import os
import re
import statistics
import sys

out = sys.argv[1]
runs = {}  # (label, config, kind) -> {round: json}
for path in glob.glob(os.path.join(out, "*.json")):
    m = re.match(r"([AB])-(1n|3n)-r(\d+)-(.+)\.json$", os.path.basename(path))
    if not m:
        continue
    label, config, rnd, kind = m.groups()
    runs.setdefault((label, config, kind), {})[int(rnd)] = json.load(open(path))


def values(label, config, kind, get):
    got = []
    for rnd, d in sorted(runs.get((label, config, kind), {}).items()):
        try:
            v = get(d)
        except (KeyError, IndexError, TypeError):
            v = None
        if v is not None:
            got.append(v)
    return got


def fmt(v):
    return "%.2f" % v if abs(v) < 100 else "%.0f" % v


def row(name, config, kind, get):
    a, b = values("A", config, kind, get), values("B", config, kind, get)
    if not a or not b:
        return "| %s | – | – | – |" % name
    ma, mb = statistics.median(a), statistics.median(b)
    ratio = "%.2f" % (mb / ma) if ma else "–"
    return "| %s | %s (%s) | %s (%s) | %s |" % (name, fmt(ma), " / ".join(fmt(x) for x in a), fmt(mb),
                                             " / ".join(fmt(x) for x in b), ratio)


HEAD = "| figure | before (A), median (rounds) | after (B), median (rounds) | B / A |\n|---|---|---|---|"
lines = []


def table(title, rows):
    lines.append("### " + title)
    lines.append("")
    lines.append(HEAD)
    lines.extend(rows)
    lines.append("")


def lat_rows(config, kind, nodes):
    rows = [
        row("POST → frame p50, ms", config, kind, lambda d: d["frame"]["p50"]),
        row("POST → frame p99, ms", config, kind, lambda d: d["frame"]["p99"]),
        row("POST → 201 p50, ms", config, kind, lambda d: d["http201"]["p50"]),
        row("POST → 201 p99, ms", config, kind, lambda d: d["http201"]["p99"]),
        row("CPU µs per broadcast, all nodes (above idle)", config, kind, lambda d: d["cpu"]["totalUsPerUnit"]),
    ]
    for i in range(nodes):
        rows.append(row("  CPU µs per broadcast, node %d" % (i + 1), config, kind,
                        lambda d, i=i: d["cpu"]["perNode"][i]["usPerUnit"]))
    rows.append(row("frames lost / duplicated / out of order (sum)", config, kind,
                    lambda d: d["lost"] + d["duplicates"] + d["outOfOrder"]))
    rows.append(row("non-201 answers", config, kind, lambda d: d["non201"]))
    return rows


table("1 node: 16 streams, 16 clients, 50 broadcasts/s", lat_rows("1n", "latency", 1))
table("3 nodes: posts to node 1, 16 clients on node 2, 16 streams (homes spread)", lat_rows("3n", "latency-mixed", 3))
for h, what in ((1, "the posting node"), (2, "the receiving node"), (3, "the third node")):
    table("3 nodes: 4 streams homed on node %d (%s)" % (h, what), lat_rows("3n", "latency-home%d" % h, 3))

table("Subscribe → confirm, one client, sequential fresh streams (extended protocol)", [
    row("1 node p50, ms", "1n", "subconfirm", lambda d: d["confirm"]["p50"]),
    row("1 node p99, ms", "1n", "subconfirm", lambda d: d["confirm"]["p99"]),
    row("3 nodes (client on node 2) p50, ms", "3n", "subconfirm", lambda d: d["confirm"]["p50"]),
    row("3 nodes (client on node 2) p99, ms", "3n", "subconfirm", lambda d: d["confirm"]["p99"]),
])
for proto in ("ext", "plain"):
    table("3 nodes: churn, %s protocol" % ("extended" if proto == "ext" else "plain"), [
        row("held streams set-up, s", "3n", "churn-" + proto, lambda d: d["heldSetupSec"]),
        row("pairs/s", "3n", "churn-" + proto, lambda d: d["pairsPerSec"]),
        row("subscribe → confirm p50 under churn, ms", "3n", "churn-" + proto, lambda d: d["confirm"]["p50"]),
        row("subscribe → confirm p99 under churn, ms", "3n", "churn-" + proto, lambda d: d["confirm"]["p99"]),
        row("CPU µs per pair, all nodes (above idle)", "3n", "churn-" + proto, lambda d: d["cpu"]["totalUsPerUnit"]),
        row("rejected + unconfirmed after 30 s", "3n", "churn-" + proto,
            lambda d: d["rejected"] + d["unconfirmedAfter30s"] + d["heldRejected"]),
    ])
loads = [d["loadavg"] for r in runs.values() for d in r.values() if d.get("loadavg", -1) >= 0]
if loads:
    lines.append("1-minute load average at the end of the probe runs: min %.2f, median %.2f, max %.2f"
                 % (min(loads), statistics.median(loads), max(loads)))
print("\n".join(lines))
