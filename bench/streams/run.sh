#!/usr/bin/env bash
# Same-run A/B of two builds on the cluster-wide streams path, --broker memory, loopback only:
#   1 node : POST /_broadcast → frame latency and 201 latency at a modest rate, CPU per broadcast;
#            subscribe→confirm (extended protocol)
#   3 nodes: (CABLE_CLUSTER=local, private cluster name and port block) the same with posts to node 1 and
#            clients on node 2, over 16 streams (homes spread) and over streams homed on node 1, 2, 3 (found
#            with a Hazelcast client: partition owner of the stream name); subscribe→confirm; subscribe/
#            unsubscribe churn over thousands of streams (extended and plain protocol).
# Rounds alternate the order (A B, B A, …); each round is one measurement run, held under $BENCH_LOCK
# when set (flock), so a shared machine's other heavy jobs wait for it.
#
#   bench/streams/run.sh before.jar after.jar            # 3 rounds
#   ROUNDS=1 QUICK=1 bench/streams/run.sh a.jar b.jar    # set-up check
#   CONFIGS=3n JAVA_OPTS=-XX:TieredStopAtLevel=4 …       # 3 nodes only; JAVA_OPTS reaches the nodes
#   THREADS=1 …                                          # also CPU by thread group (jcmd) per node
#   CONFIGS=churn …                                      # 3 nodes, the churn runs only
# Results: one JSON per probe run in $OUT (default bench/results/streams-<UTC time>/), summary by
# bench/streams/summary.py.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
A=$(readlink -f "$1") B=$(readlink -f "$2")
ROUNDS=${ROUNDS:-3}
OUT=${OUT:-$ROOT/bench/results/streams-$(date -u +%Y%m%dT%H%M)}
QUICK=${QUICK:-0}
mkdir -p "$OUT/logs"
ulimit -n "$(ulimit -Hn)"
log() { echo "$(date -u +%H:%M:%S) [streams] $*" >&2; }
# shellcheck source=../lib.sh
. "$ROOT/bench/lib.sh"

PROBE_DIR=$(mktemp -d)
trap 'stop_nodes; rm -rf "$PROBE_DIR"' EXIT
javac -cp "$B" -d "$PROBE_DIR" "$ROOT/bench/streams/StreamsProbe.java"
probe() { java -Xmx512m -cp "$B:$PROBE_DIR" StreamsProbe "$@"; }

if [ "$QUICK" = 1 ]; then
  COUNT=200 WARM=100 HOME_COUNT=100 CHURN_SECONDS=4 HELD=20 PER_NODE=5
else
  COUNT=1000 WARM=500 HOME_COUNT=500 CHURN_SECONDS=12 HELD=100 PER_NODE=20
fi
RATE=${RATE:-50}
CONFIGS=${CONFIGS:-1n 3n}
THREADS_ARGS=()
[ "${THREADS:-0}" = 1 ] && THREADS_ARGS=(--threads true)

free_block() { # n consecutive free loopback ports
  local n=$1 base i ok
  while :; do
    base=$(( 31000 + RANDOM % 8000 )) ok=1
    for i in $(seq 0 $(( n - 1 ))); do
      if (echo >"/dev/tcp/127.0.0.1/$(( base + i ))") 2>/dev/null; then ok=0; break; fi
    done
    [ "$ok" = 1 ] && { echo "$base"; return; }
  done
}

PIDS=() PORTS=() HZ_PORTS=()
stop_nodes() {
  local p
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && wait "$p" 2>/dev/null || true; done
  PIDS=() PORTS=() HZ_PORTS=()
}

start_nodes() { # label jar n tag
  local label=$1 jar=$2 n=$3 tag=$4 i port name hz deadline
  name="bench-$RANDOM$RANDOM" hz=$(free_block $(( n + 2 )))
  for i in $(seq 1 "$n"); do
    port=$(free_port)
    while printf '%s\n' "${PORTS[@]:-}" | grep -qx "$port"; do port=$(free_port); done
    if [ "$n" -gt 1 ]; then
      env CABLE_CLUSTER=local CABLE_CLUSTER_NAME="$name" CABLE_CLUSTER_PORT="$hz" CABLE_CLUSTER_PORT_COUNT=$(( n + 2 )) \
        CABLE_JAR="$jar" "$ROOT/bin/cable-cluster" --host 127.0.0.1 --port "$port" --public \
        --http_broadcast_port "$port" --broker memory >"$OUT/logs/$tag-node$i.log" 2>&1 &
    else
      CABLE_JAR="$jar" "$ROOT/bin/cable-cluster" --host 127.0.0.1 --port "$port" --public \
        --http_broadcast_port "$port" --broker memory >"$OUT/logs/$tag-node$i.log" 2>&1 &
    fi
    PIDS+=($!) PORTS+=("$port")
  done
  CLUSTER_NAME=$name
  deadline=$(( $(date +%s) + 120 ))
  for i in $(seq 0 $(( n - 1 ))); do
    until curl -s -o /dev/null "http://127.0.0.1:${PORTS[$i]}/health"; do
      [ "$(date +%s)" -lt "$deadline" ] || { log "$tag: node $(( i + 1 )) did not start"; return 1; }
      sleep 0.3
    done
  done
  if [ "$n" -gt 1 ]; then
    for i in $(seq 1 "$n"); do
      until [ "$(grep -o 'Members {size:[0-9]*' "$OUT/logs/$tag-node$i.log" | tail -1)" = "Members {size:$n" ]; do
        [ "$(date +%s)" -lt "$deadline" ] || { log "$tag: node $i did not see $n members"; return 1; }
        sleep 0.3
      done
      # the member line marked "this" names the node's own Hazelcast port
      HZ_PORTS+=("$(grep -E 'Member \[127.0.0.1\]:[0-9]+ - .* this' "$OUT/logs/$tag-node$i.log" | tail -1 \
        | sed -E 's/.*\]:([0-9]+) .*/\1/')")
    done
  fi
  log "$tag: up (pids ${PIDS[*]}, ports ${PORTS[*]}${HZ_PORTS:+, hazelcast ${HZ_PORTS[*]}})"
}

pick() { # homes.json which → comma list of streams
  python3 - "$@" <<'PY'
import json, sys
homes = json.load(open(sys.argv[1]))
which = sys.argv[2]
names = homes["streams"]
if which == "mixed":
    print(",".join(names[:16]))
else:
    port = int(which)
    print(",".join([s for s in names if homes["owners"][s] == port][:4]))
PY
}

one_node() { # label jar round
  local label=$1 jar=$2 round=$3 tag="$1-1n-r$3"
  start_nodes "$label" "$jar" 1 "$tag"
  local s; s=$(seq -s, -f 'one-%g' 0 15)
  probe latency --label "$label" --ws "${PORTS[0]}" --post "${PORTS[0]}" --clients 16 --streams "$s" \
    --rate "$RATE" --count "$COUNT" --warmup "$WARM" --warmup-rate 100 --pids "${PIDS[0]}" \
    --out "$OUT/$tag-latency.json" >/dev/null 2>>"$OUT/logs/$tag-probe.log"
  probe subconfirm --label "$label" --ws "${PORTS[0]}" --count 300 --protocol ext \
    --out "$OUT/$tag-subconfirm.json" >/dev/null 2>>"$OUT/logs/$tag-probe.log"
  stop_nodes
}

three_nodes() { # label jar round
  local label=$1 jar=$2 round=$3 tag="$1-3n-r$3" h all pids
  start_nodes "$label" "$jar" 3 "$tag"
  all=$(IFS=,; echo "${PORTS[*]}") pids=$(IFS=,; echo "${PIDS[*]}")
  probe homes --cluster-name "$CLUSTER_NAME" --hz "$(IFS=,; echo "${HZ_PORTS[*]}")" --prefix st- --count 200 \
    --out "$OUT/$tag-homes.json" >/dev/null 2>>"$OUT/logs/$tag-probe.log"
  probe latency --label "$label" --ws "${PORTS[1]}" --post "${PORTS[0]}" --clients 16 \
    --streams "$(pick "$OUT/$tag-homes.json" mixed)" --rate "$RATE" --count "$COUNT" --warmup "$WARM" \
    --warmup-rate 100 --pids "$pids" "${THREADS_ARGS[@]}" --out "$OUT/$tag-latency-mixed.json" >/dev/null 2>>"$OUT/logs/$tag-probe.log"
  for h in 1 2 3; do
    probe latency --label "$label" --ws "${PORTS[1]}" --post "${PORTS[0]}" --clients 8 \
      --streams "$(pick "$OUT/$tag-homes.json" "${HZ_PORTS[$(( h - 1 ))]}")" --rate "$RATE" --count "$HOME_COUNT" \
      --warmup 100 --warmup-rate 100 --idle-ms 3000 --pids "$pids" "${THREADS_ARGS[@]}" --out "$OUT/$tag-latency-home$h.json" \
      >/dev/null 2>>"$OUT/logs/$tag-probe.log"
  done
  probe subconfirm --label "$label" --ws "${PORTS[1]}" --count 300 --protocol ext \
    --out "$OUT/$tag-subconfirm.json" >/dev/null 2>>"$OUT/logs/$tag-probe.log"
  churn_runs "$label" "$tag" "$all" "$pids"
  stop_nodes
}

churn_runs() { # label tag ports pids: subscribe/unsubscribe churn, extended then plain protocol
  local label=$1 tag=$2 all=$3 pids=$4 proto
  for proto in ext plain; do
    probe churn --label "$label" --ws "$all" --clients-per-node "$PER_NODE" --held "$HELD" --window 16 \
      --seconds "$CHURN_SECONDS" --protocol "$proto" --prefix "ch-$proto-" --pids "$pids" "${THREADS_ARGS[@]}" \
      --out "$OUT/$tag-churn-$proto.json" >/dev/null 2>>"$OUT/logs/$tag-probe.log"
  done
}

churn_only() { # label jar round: 3 nodes, only the two churn runs
  local label=$1 jar=$2 round=$3 tag="$1-3n-r$3" all pids
  start_nodes "$label" "$jar" 3 "$tag"
  all=$(IFS=,; echo "${PORTS[*]}") pids=$(IFS=,; echo "${PIDS[*]}")
  churn_runs "$label" "$tag" "$all" "$pids"
  stop_nodes
}

round() { # round
  local r=$1 first second
  if [ $(( r % 2 )) = 1 ]; then first="A $A" second="B $B"; else first="B $B" second="A $A"; fi
  log "round $r: $first, then $second (load $(cut -d' ' -f1-3 /proc/loadavg))"
  # shellcheck disable=SC2086
  case " $CONFIGS " in *" 1n "*) one_node $first "$r"; one_node $second "$r" ;; esac
  # shellcheck disable=SC2086
  case " $CONFIGS " in *" 3n "*) three_nodes $first "$r"; three_nodes $second "$r" ;; esac
  # shellcheck disable=SC2086
  case " $CONFIGS " in *" churn "*) churn_only $first "$r"; churn_only $second "$r" ;; esac
}

for r in $(seq 1 "$ROUNDS"); do
  if [ -n "${BENCH_LOCK:-}" ]; then
    ( flock 9; trap stop_nodes EXIT; round "$r" ) 9>"$BENCH_LOCK"
  else
    round "$r"
  fi
done
log "done: $OUT"
