#!/usr/bin/env bash
# Deployment test: docker-compose.yml actually run. Installs Debian's Docker engine, docker-compose 1.29 and
# debootstrap when missing, starts dockerd when none runs (and stops only that one), builds the stand-in base
# images (base-images.sh, cached), builds the image from the jar Maven built outside, then
# `up --scale gateway=3` under a unique project name, drives real @anycable/web clients through HAProxy on
# 127.0.0.1 (scenario.mjs), and `down` with a check that nothing of the project is left. The trap cleans up
# on any failure. Steps, costs and what each proves: deploy/test/README.md.
# Environment: CABLE_HEAVY_LOCK=<file> runs the compose part under flock (shared CPU); CABLE_DEPLOY_CACHE.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
START=$(date +%s)
log() { echo "[deploy-test +$(( $(date +%s) - START ))s] $*"; }
fail() { echo "[deploy-test] FAILED: $*" >&2; exit 1; }

# 1. Tools (Debian packages only).
missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -f node/target/cable-cluster.jar ] || fail "node/target/cable-cluster.jar missing: build it first (mvn -B package -DskipTests -pl node -am)"
[ -d e2e/node_modules/@anycable/web ] || fail "e2e/node_modules missing: npm ci --prefix e2e"

PROJECT="cabletest$$"
export COMPOSE_PROJECT_NAME=$PROJECT
export COMPOSE_FILE="docker-compose.yml:deploy/test/compose.test.yml"
export ANYCABLE_SECRET="deploy-test-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
# A free loopback port for HAProxy's published 8080.
LB_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export CABLE_LB_PORT="127.0.0.1:$LB_PORT"
WORK=$(mktemp -d /tmp/cable-deploy-test.XXXXXX)
DOCKERD_PID=""

cleanup() {
  local rc=$?
  set +e
  if [ $rc -ne 0 ] && docker info >/dev/null 2>&1; then
    log "failure: last log lines of every container of $PROJECT"
    for c in $(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"); do
      echo "--- $(docker inspect -f '{{.Name}} {{.State.Status}}' "$c")"
      docker logs --tail 25 "$c" 2>&1
    done
  fi
  if docker info >/dev/null 2>&1; then
    timeout 120 docker-compose down -v --remove-orphans -t 5 >/dev/null 2>&1
    # Only what carries this project's label, even if compose itself failed.
    docker rm -f $(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT") >/dev/null 2>&1
    docker network rm $(docker network ls -q --filter "label=com.docker.compose.project=$PROJECT") >/dev/null 2>&1
    docker volume rm $(docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT") >/dev/null 2>&1
  fi
  if [ -n "$DOCKERD_PID" ]; then
    log "stopping the dockerd this test started (pid $DOCKERD_PID)"
    kill "$DOCKERD_PID" 2>/dev/null
    for _ in $(seq 1 60); do kill -0 "$DOCKERD_PID" 2>/dev/null || break; sleep 0.5; done
    kill -9 "$DOCKERD_PID" 2>/dev/null
  fi
  rm -rf "$WORK"
  [ $rc -eq 0 ] && log "passed" || log "failed (exit $rc)"
  exit $rc
}
trap cleanup EXIT
# Killed from outside (a CI timeout): clean up and fail, never report a pass.
trap 'exit 143' TERM
trap 'exit 130' INT

# 2. Kubernetes, without a cluster: kustomize renders deploy/k8s, every object is checked against its schema.
if command -v kubectl >/dev/null 2>&1; then
  # (kubernetes-models 5 declares node >= 22 and runs on the project's Node 20: npm's engine warnings go
  # to the log, shown only on failure.)
  timeout 120 npm ci --prefix deploy/test/k8s --no-audit --no-fund >"$WORK/npm-k8s.log" 2>&1 \
    || { cat "$WORK/npm-k8s.log"; fail "npm ci --prefix deploy/test/k8s"; }
  timeout 60 node deploy/test/k8s/validate.mjs
else
  log "kubectl not installed: deploy/k8s schema check skipped"
fi

# 3. A Docker daemon: the running one, else our own (no iptables, no default bridge: this machine's setup).
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd --iptables=false --bridge=none"
  dockerd --iptables=false --bridge=none >"$WORK/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for _ in $(seq 1 120); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { tail -20 "$WORK/dockerd.log"; fail "dockerd did not answer within 60 s"; }
fi
log "docker engine $(docker version -f '{{.Server.Version}}'), $(docker-compose version --short)"

# 4. Stand-in base images (outside the heavy lock: network and disk, little CPU).
t0=$(date +%s)
deploy/test/base-images.sh
log "base images ready in $(( $(date +%s) - t0 ))s"

if [ -n "${CABLE_HEAVY_LOCK:-}" ]; then
  log "waiting for $CABLE_HEAVY_LOCK"
  exec 9>"$CABLE_HEAVY_LOCK"
  flock 9
fi

# 5. The image, with the legacy builder compose 1.29 uses, from the jar built outside.
t0=$(date +%s)
timeout 300 docker-compose build -q >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log"; fail "docker-compose build"; }
log "image cable-cluster:local built in $(( $(date +%s) - t0 ))s"

# 6. Up with 3 gateways; the scenario waits for health and cluster size itself.
t0=$(date +%s)
timeout 300 docker-compose up -d --no-build --scale gateway=3 >"$WORK/up.log" 2>&1 || { cat "$WORK/up.log"; fail "docker-compose up"; }
log "up --scale gateway=3 returned in $(( $(date +%s) - t0 ))s (HAProxy waits for healthy gateways)"

# 7. Real clients through HAProxy: spread, broadcast, design:jobs, kill, stop, scale to 5.
LB_URL="http://127.0.0.1:$LB_PORT" timeout 420 node deploy/test/scenario.mjs

# 8. Down, and nothing of the project left.
t0=$(date +%s)
timeout 180 docker-compose down -v --remove-orphans -t 40 >"$WORK/down.log" 2>&1 || { cat "$WORK/down.log"; fail "docker-compose down"; }
left="$(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT")$(docker network ls -q --filter "label=com.docker.compose.project=$PROJECT")$(docker volume ls -q --filter "label=com.docker.compose.project=$PROJECT")"
[ -z "$left" ] || fail "down left containers, networks or volumes of $PROJECT: $left"
log "down in $(( $(date +%s) - t0 ))s: no container, network or volume of $PROJECT left"
