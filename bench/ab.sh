#!/usr/bin/env bash
# Same-run A/B of two builds of our node on the broadcast path: alternating A B, B A, … each a fresh
# node from bin/cable-cluster (default launch flags, CABLE_JAR selects the build), the same load tool and
# clients. Reports, per build, the median over rounds of the broadcast RTT p95 and of the server CPU per
# delivered frame, and B ÷ A for both.
#
#   bench/ab.sh A.jar B.jar                # 3 rounds of 10,000 subscribers, 5 broadcasts/s, 10 s
#   AB_ROUNDS=5 AB_CLIENTS=5000 AB_RATE=10 bench/ab.sh A.jar B.jar
#   AB_NODE_ARGS="--broker memory" bench/ab.sh A.jar B.jar   # extra node options, the same for both builds
#
# Results: bench/results/ab-<UTC time>/ (one JSON per run, summary.md). Loopback only.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
A=$(readlink -f "$1") B=$(readlink -f "$2")
ROUNDS=${AB_ROUNDS:-3} CLIENTS=${AB_CLIENTS:-10000} RATE=${AB_RATE:-5} SECONDS_PER_STEP=${AB_STEP_SECONDS:-10}
OUT=${AB_OUT:-$ROOT/bench/results/ab-$(date -u +%Y%m%dT%H%M)}
mkdir -p "$OUT/logs"
LOAD_JAR="$ROOT/load-test/target/cable-load.jar"
[ -f "$LOAD_JAR" ] || (cd "$ROOT" && mvn -B -q -pl load-test -am package -DskipTests)
ulimit -n "$(ulimit -Hn)"
MAX_CONN=$(( $(ulimit -n) - 600 ))
log() { echo "$(date -u +%H:%M:%S) [ab] $*" >&2; }

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

run_one() { # label jar round
  local label=$1 jar=$2 round=$3 port pid
  port=$(free_port)
  CABLE_JAR=$jar "$ROOT/bin/cable-cluster" --host 127.0.0.1 --port "$port" --public --http_broadcast_port "$port" \
    ${AB_NODE_ARGS:-} >"$OUT/logs/$label-$round.node.log" 2>&1 &
  pid=$!
  local deadline=$(( $(date +%s) + 60 ))
  until curl -s -o /dev/null "http://127.0.0.1:$port/health"; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "$label: node did not start"; kill "$pid"; return 1; }
    sleep 0.3
  done
  log "round $round: $label (pid $pid, port $port)"
  java -Xmx1g -jar "$LOAD_JAR" --scenario broadcast --steps "$CLIENTS" --rate "$RATE" \
    --step-seconds "$SECONDS_PER_STEP" --server-label "$label" --server-pid "$pid" \
    --url "ws://127.0.0.1:$port/cable" --broadcast-url "http://127.0.0.1:$port/_broadcast" \
    --identifier '{"channel":"$pubsub","stream_name":"%s"}' --per-process "$MAX_CONN" \
    --out "$OUT/$label-$round.json" 2>"$OUT/logs/$label-$round.load.log" || log "$label: load tool failed"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# A B, then B A, …: neither build always runs right after the other (sockets in TIME_WAIT, a warm page cache).
for round in $(seq 1 "$ROUNDS"); do
  if [ $(( round % 2 )) = 1 ]; then
    run_one A "$A" "$round"; run_one B "$B" "$round"
  else
    run_one B "$B" "$round"; run_one A "$A" "$round"
  fi
done

python3 - "$OUT" "$A" "$B" <<'PY'
import json, statistics, sys, glob, os
out, a, b = sys.argv[1:4]
rows = {}
for label in ("A", "B"):
    p95s, cpus = [], []
    for path in sorted(glob.glob(os.path.join(out, label + "-*.json"))):
        step = json.load(open(path))["steps"][-1]
        p95s.append(step["rttP95"])
        cpu_s = step.get("cpuPct", 0) * step["wallMs"] / 100000.0
        cpus.append(cpu_s * 1e6 / max(1, step["delivered"]))
    rows[label] = (p95s, cpus)
lines = ["| build | jar | RTT p95 ms (each round) | median | CPU µs per delivered frame (each round) | median |",
         "|---|---|---|---|---|---|"]
med = {}
for label, jar in (("A", a), ("B", b)):
    p95s, cpus = rows[label]
    med[label] = (statistics.median(p95s), statistics.median(cpus))
    lines.append("| %s | %s | %s | %.1f | %s | %.2f |" % (label, os.path.basename(jar),
        " / ".join("%.1f" % x for x in p95s), med[label][0], " / ".join("%.2f" % x for x in cpus), med[label][1]))
lines.append("")
lines.append("B ÷ A: RTT p95 %.2f, CPU per delivered frame %.2f" % (med["B"][0] / med["A"][0], med["B"][1] / med["A"][1]))
text = "\n".join(lines)
open(os.path.join(out, "summary.md"), "w").write(text + "\n")
print(text)
PY
