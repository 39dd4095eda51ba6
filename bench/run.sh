#!/usr/bin/env bash
# Full benchmark: cable-cluster vs Rails Action Cable (and a plain Node `ws` service) on this machine,
# same load tool, same clients, one run. Results: bench/results/<UTC date>/ (*.json, *.svg, RESULTS.md).
#
#   bench/run.sh                 # full run (~20-30 min)
#   BENCH_QUICK=1 bench/run.sh   # small steps, a couple of minutes: checks the set-up works
#
# Environment knobs: BENCH_OUT (result dir), BENCH_SCENARIOS (default "broadcast broadcast-streams
# throughput connect idle churn plainws cluster3"), CABLE_JAVA_OPTS (JVM flags added to bin/cable-cluster's
# default launch flags), BENCH_PROFILE=1 (record JFR of our node during broadcast, summarised to profile.txt).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench"
QUICK=${BENCH_QUICK:-0}
# A quick run never lands on top of a full run's results.
OUT=${BENCH_OUT:-$BENCH/results/$(date -u +%Y-%m-%d)$([ "$QUICK" = 1 ] && echo -quick || true)}
SCENARIOS=${BENCH_SCENARIOS:-"broadcast broadcast-streams throughput connect idle churn plainws cluster3"}
mkdir -p "$OUT"
LOGS="$OUT/logs"
mkdir -p "$LOGS"
PIDS=()

log() { echo "$(date -u +%H:%M:%S) [bench] $*" >&2; }

cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# --- what the run needs, installed from Debian packages and npm ---------------------------------------
need_apt=()
command -v java >/dev/null || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null || need_apt+=(maven)
command -v redis-server >/dev/null || need_apt+=(redis-server)
command -v node >/dev/null || need_apt+=(nodejs)
command -v npm >/dev/null || need_apt+=(npm)
command -v puma >/dev/null || need_apt+=(puma)
command -v curl >/dev/null || need_apt+=(curl)
ruby -e 'require "action_cable"; require "redis"' 2>/dev/null || need_apt+=(ruby-actioncable ruby-redis)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing ${need_apt[*]}"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}" >"$LOGS/apt.log"
fi
if [ ! -d "$BENCH/node-ws/node_modules/ws" ]; then
  log "npm install (ws)"
  (cd "$BENCH/node-ws" && npm install --no-audit --no-fund >"$LOGS/npm.log" 2>&1)
fi

# Every socket is a file descriptor: take the hard limit (20000 here) for us and the servers we start.
ulimit -n "$(ulimit -Hn)"
FD_LIMIT=$(ulimit -n)
# One process holds at most FD_LIMIT sockets; leave room for the JVM's own files.
MAX_CONN=$(( FD_LIMIT > 1000 ? FD_LIMIT - 600 : FD_LIMIT / 2 ))

# --- build -----------------------------------------------------------------------------------------------
log "building cable-cluster and the load tool"
(cd "$ROOT" && mvn -B -q -pl node,load-test -am package -DskipTests >"$LOGS/build.log" 2>&1) \
  || { tail -40 "$LOGS/build.log"; exit 1; }
LOAD_JAR="$ROOT/load-test/target/cable-load.jar"

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

wait_http() { # url [seconds]
  local deadline=$(( $(date +%s) + ${2:-60} ))
  until curl -s -o /dev/null "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "timeout waiting for $1"; return 1; }
    sleep 0.3
  done
}

stop_pid() { # graceful first: our node drains for up to its 30 s shutdown timeout
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 200); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  kill -9 "$1" 2>/dev/null || true
}

# --- servers: each start sets SERVER_PID and SERVER_PORT ------------------------------------------------------------
REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --maxclients 1000 \
  >"$LOGS/redis.log" 2>&1 &
PIDS+=($!)

start_cable() { # name
  local port; port=$(free_port)
  local jfr=""
  if [ "${BENCH_PROFILE:-0}" = 1 ]; then
    jfr="-XX:StartFlightRecording=settings=profile"
  fi
  # bin/cable-cluster is the default launch (its JVM flags); JAVA_OPTS adds to them.
  JAVA_OPTS="$jfr ${CABLE_JAVA_OPTS:-}" "$ROOT/bin/cable-cluster" --host 127.0.0.1 --port "$port" --public \
    --http_broadcast_port "$port" >"$LOGS/$1.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  SERVER_PID=$pid SERVER_PORT=$port
  wait_http "http://127.0.0.1:$port/health" 60
}

start_cluster3() { # name: three clustered nodes (--cluster local) on one machine
  local name=$1 cport=$(( 45000 + RANDOM % 5000 )) cname="bench$RANDOM" pids=() ports=() i port
  for i in 1 2 3; do
    port=$(free_port)
    JAVA_OPTS="${CABLE_JAVA_OPTS:-}" "$ROOT/bin/cable-cluster" --host 127.0.0.1 --port "$port" --public \
      --http_broadcast_port "$port" --cluster local --cluster_name "$cname" --cluster_port "$cport" \
      >"$LOGS/$name-node$i.log" 2>&1 &
    pids+=($!); PIDS+=($!); ports+=("$port")
  done
  for port in "${ports[@]}"; do wait_http "http://127.0.0.1:$port/health" 120; done
  local deadline=$(( $(date +%s) + 90 ))
  until grep -q "Members {size:3" "$LOGS/$name-node1.log" 2>/dev/null; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "$name: cluster of 3 did not form"; break; }
    sleep 1
  done
  SERVER_PID=$(IFS=,; echo "${pids[*]}") SERVER_PORT=$(IFS=,; echo "${ports[*]}")
}

start_actioncable() { # name
  local port; port=$(free_port)
  (cd "$BENCH/actioncable" && REDIS_URL="redis://127.0.0.1:$REDIS_PORT/1" RACK_ENV=production \
    exec puma -e production -t 5:5 -b "tcp://127.0.0.1:$port" config.ru) >"$LOGS/$1.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  SERVER_PID=$pid SERVER_PORT=$port
  wait_http "http://127.0.0.1:$port/health" 60
}

start_nodews() { # name
  local port; port=$(free_port)
  PORT=$port HOST=127.0.0.1 node "$BENCH/node-ws/server.js" >"$LOGS/$1.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  SERVER_PID=$pid SERVER_PORT=$port
  wait_http "http://127.0.0.1:$port/health" 30
}

# load <server-kind> <result-name> <load flags...>: fresh server, one scenario, server stopped after.
load() {
  local kind=$1 name=$2; shift 2
  local pid port label url burl ident proto=cable
  case $kind in
    cable) start_cable "$name"; label=cable-cluster ;;
    actioncable) start_actioncable "$name"; label=actioncable ;;
    cablews) start_cable "$name"; label=cable-cluster; proto=ws ;;
    cluster3) start_cluster3 "$name"; label="cable-cluster 3 nodes" ;;
    nodews) start_nodews "$name"; label=node-ws; proto=ws ;;
  esac
  pid=$SERVER_PID port=$SERVER_PORT
  case $kind in
    cable|cluster3) url="ws://127.0.0.1:$port/cable"; burl="http://127.0.0.1:${port%%,*}/_broadcast"
      ident='{"channel":"$pubsub","stream_name":"%s"}' ;;
    actioncable) url="ws://127.0.0.1:$port/cable"; burl="http://127.0.0.1:$port/_broadcast"
      ident='{"channel":"BenchChannel","stream":"%s"}' ;;
    cablews|nodews) url="ws://127.0.0.1:$port/ws"; burl="http://127.0.0.1:$port/events"; ident='%s' ;;
  esac
  log "$name: $label pid $pid port $port: $*"
  java -Xmx1g -jar "$LOAD_JAR" --server-label "$label" --server-pid "$pid" --protocol "$proto" \
    --url "$url" --broadcast-url "$burl" --identifier "$ident" --per-process "$MAX_CONN" \
    --out "$OUT/$name.json" --svg "$OUT/$name.svg" "$@" 2>"$LOGS/$name.load.log" \
    || log "$name: load tool failed (see logs/$name.load.log)"
  if [ "${BENCH_PROFILE:-0}" = 1 ] && [ "$kind" = cable ]; then
    jcmd "$pid" JFR.dump filename="$OUT/$name.jfr" >/dev/null 2>&1 || true
  fi
  local stoppers=() one
  for one in ${pid//,/ }; do stop_pid "$one" & stoppers+=($!); done
  wait "${stoppers[@]}"
}

# --- steps -----------------------------------------------------------------------------------------------
if [ "$QUICK" = 1 ]; then
  BCAST_STEPS=200,1000; CONNECT_STEPS=500,2000; IDLE_STEPS=500,2000; STEP_S=3; RATE=10; TP_CLIENTS=1000
else
  BCAST_STEPS=1000,5000,10000; CONNECT_STEPS=1000,5000,10000,$MAX_CONN; IDLE_STEPS=1000,5000,10000,$MAX_CONN
  STEP_S=10; RATE=2; TP_CLIENTS=10000
fi

for scenario in $SCENARIOS; do
  for kind in cable actioncable; do
    name="$scenario-$kind"
    case $scenario in
      broadcast) load "$kind" "$name" --scenario broadcast --variant "1 stream, $RATE broadcasts/s" \
          --steps "$BCAST_STEPS" --rate "$RATE" --step-seconds "$STEP_S" --drain-seconds 20 ;;
      cluster3) # clients spread over 3 clustered nodes, broadcasts posted to the first; beside 1 node
        [ "$kind" = cable ] && load cluster3 "broadcast-cluster3" --scenario broadcast \
          --variant "1 stream, $RATE broadcasts/s" --steps "$BCAST_STEPS" --rate "$RATE" \
          --step-seconds "$STEP_S" --drain-seconds 20 ;;
      broadcast-streams) load "$kind" "$name" --scenario broadcast --variant "100 streams, 200 broadcasts/s" \
          --streams 100 --steps "$BCAST_STEPS" --rate 200 --step-seconds "$STEP_S" --drain-seconds 20 ;;
      throughput) load "$kind" "$name" --scenario broadcast --variant "throughput, 1 stream, 40 broadcasts/s" \
          --steps "$TP_CLIENTS" --rate 40 --step-seconds "$STEP_S" --drain-seconds 20 ;;
      connect) load "$kind" "$name" --scenario connect --variant "avalanche" --steps "$CONNECT_STEPS" \
          --timeout-seconds 60 --pause-seconds 5 ;;
      idle) hist=(); [ "$kind" = cable ] && hist=(--heap-histogram "$OUT/idle-cable.heap.txt")
        load "$kind" "$name" --scenario idle --variant "subscribed, idle" --steps "$IDLE_STEPS" \
          --settle-seconds 5 --timeout-seconds 120 "${hist[@]}" ;;
      churn) load "$kind" "$name" --scenario churn --variant "distinct streams" --steps 10,100 \
          --step-seconds "$STEP_S" ;;
      plainws) # our /ws event service vs the Node one; the table's second column is node-ws here
        if [ "$kind" = cable ]; then ws_kind=cablews; ws_name="plainws-cable"; else ws_kind=nodews; ws_name="plainws-nodews"; fi
        load "$ws_kind" "$ws_name" --scenario broadcast --variant "plain /ws events, every socket, $RATE events/s" \
          --steps "$BCAST_STEPS" --rate "$RATE" --step-seconds "$STEP_S" --drain-seconds 20 ;;
    esac
  done
done

# --- report ----------------------------------------------------------------------------------------------
{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), \
$(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo) RAM, $(java -version 2>&1 | head -1), \
$(ruby -v | cut -d' ' -f1-2), Action Cable $(ruby -e 'require "action_cable"; print ActionCable.version'), \
puma $(ruby -e 'require "puma/const"; print Puma::Const::VERSION'), node $(node -v), fd limit $FD_LIMIT."
  echo "cable-cluster: bin/cable-cluster (default launch flags)${CABLE_JAVA_OPTS:+ plus $CABLE_JAVA_OPTS}; Action Cable: puma single mode, 5 threads,"
  echo "worker pool 4, redis adapter. Servers run one at a time on loopback; clients: the load tool (bench/README.md)."
  files=()
  # Every result in the directory, so a partial re-run (BENCH_SCENARIOS=...) still gives the full table.
  for scenario in broadcast broadcast-streams throughput connect idle churn plainws; do
    for f in "$OUT/$scenario-cable.json" "$OUT/$scenario-actioncable.json" "$OUT/$scenario-nodews.json" \
             "$OUT/$scenario-cluster3.json"; do
      [ -f "$f" ] && files+=("$f")
    done
  done
  java -cp "$LOAD_JAR" io.cablecluster.load.LoadMain compare --svg-dir "$OUT" "${files[@]}"
} >"$OUT/RESULTS.md"

if [ "${BENCH_PROFILE:-0}" = 1 ] && ls "$OUT"/*.jfr >/dev/null 2>&1; then
  for f in "$OUT"/*.jfr; do
    jfr print --stack-depth 64 --events jdk.ExecutionSample "$f" | "$BENCH/jfr-top.sh" >"${f%.jfr}.profile.txt" || true
  done
fi
log "done: $OUT/RESULTS.md"
