#!/usr/bin/env bash
# Full benchmark: cable-cluster vs Rails Action Cable (and a plain Node `ws` service) on this machine,
# same load tool, same clients, one run. Results: bench/results/<UTC date>/ (*.json, *.svg, RESULTS.md).
#
#   bench/run.sh                 # full run (~20-30 min)
#   BENCH_QUICK=1 bench/run.sh   # small steps, a couple of minutes: checks the set-up works
#
# Environment knobs: BENCH_OUT (result dir), BENCH_SCENARIOS (default "broadcast broadcast-streams
# throughput connect idle churn plainws"), CABLE_JAVA_OPTS (JVM flags for our node; default none = the
# default launch), BENCH_PROFILE=1 (record JFR of our node during broadcast, summarised to profile.txt).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench"
OUT=${BENCH_OUT:-$BENCH/results/$(date -u +%Y-%m-%d)}
QUICK=${BENCH_QUICK:-0}
SCENARIOS=${BENCH_SCENARIOS:-"broadcast broadcast-streams throughput connect idle churn plainws"}
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
NODE_JAR="$ROOT/node/target/cable-cluster.jar"
LOAD_JAR="$ROOT/load-test/target/cable-load.jar"

free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 20000 ))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

wait_http() { # url [seconds]
  local deadline=$(( $(date +%s) + ${2:-60} ))
  until curl -s -o /dev/null "$1"; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "timeout waiting for $1"; return 1; }
    sleep 0.3
  done
}

stop_pid() {
  kill "$1" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
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
    jfr="-XX:StartFlightRecording=filename=$OUT/$1.jfr,settings=profile,dumponexit=true"
  fi
  # shellcheck disable=SC2086
  java ${CABLE_JAVA_OPTS:-} $jfr -jar "$NODE_JAR" --host 127.0.0.1 --port "$port" --public \
    --http_broadcast_port "$port" >"$LOGS/$1.log" 2>&1 &
  local pid=$!
  PIDS+=("$pid")
  SERVER_PID=$pid SERVER_PORT=$port
  wait_http "http://127.0.0.1:$port/health" 60
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
    nodews) start_nodews "$name"; label=node-ws; proto=ws ;;
  esac
  pid=$SERVER_PID port=$SERVER_PORT
  case $kind in
    cable) url="ws://127.0.0.1:$port/cable"; burl="http://127.0.0.1:$port/_broadcast"
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
  stop_pid "$pid"
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
  echo "cable-cluster JVM flags: ${CABLE_JAVA_OPTS:-(none: default launch)}; Action Cable: puma single mode, 5 threads,"
  echo "worker pool 4, redis adapter. Servers run one at a time on loopback; clients: the load tool (bench/README.md)."
  files=()
  for scenario in $SCENARIOS; do
    for f in "$OUT/$scenario-cable.json" "$OUT/$scenario-actioncable.json" "$OUT/$scenario-nodews.json"; do
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
