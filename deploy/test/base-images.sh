#!/usr/bin/env bash
# Stand-ins for the registry images the Dockerfile and docker-compose.yml name (eclipse-temurin, redis,
# haproxy), built from Debian packages where no registry can be pulled from: a `debootstrap --variant=minbase`
# root filesystem, packages added with `chroot … apt-get`, then `docker import` under the official tag.
# Everything is cached under $CABLE_DEPLOY_CACHE: the minbase tarball, one tarball per image, and a label on
# each image naming its recipe, so a second run on the same machine imports or skips instead of rebuilding.
# Needs root, debootstrap and a running Docker daemon; talks only to the Debian mirror (Debian apt).
set -euo pipefail

CACHE=${CABLE_DEPLOY_CACHE:-/var/cache/cable-cluster-deploy-test}
MIRROR=${CABLE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
mkdir -p "$CACHE"

# tag | Debian packages | docker import --change lines (| separated)
IMAGES=(
  "eclipse-temurin:17-jre|openjdk-17-jre-headless curl|ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64"
  "redis:7-alpine|redis-server|CMD [\"redis-server\"]"
  "haproxy:2.9-alpine|haproxy|CMD [\"haproxy\", \"-W\", \"-db\", \"-f\", \"/usr/local/etc/haproxy/haproxy.cfg\"]"
)
PATH_ENV="ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

log() { echo "[base-images $(date -u +%T)] $*"; }

minbase() {
  local tar="$CACHE/minbase-$SUITE.tar"
  if [ ! -s "$tar" ]; then
    log "debootstrap --variant=minbase $SUITE (about 1-3 min)"
    local root
    root=$(mktemp -d "$CACHE/minbase.XXXXXX")
    timeout 600 debootstrap --variant=minbase "$SUITE" "$root" "$MIRROR" >"$CACHE/debootstrap.log" 2>&1 \
      || { tail -20 "$CACHE/debootstrap.log" >&2; rm -rf "$root"; return 1; }
    tar -C "$root" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    rm -rf "$root"
  fi
  echo "$tar"
}

# build_one TAG PACKAGES CHANGES RECIPE: the image's root filesystem tarball in the cache.
build_one() {
  local tag=$1 packages=$2 recipe=$4 root out
  out="$CACHE/image-$recipe.tar"
  [ -s "$out" ] && return 0
  root=$(mktemp -d "$CACHE/root.XXXXXX")
  tar -C "$root" -xf "$CACHE/minbase-$SUITE.tar"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # No service starts inside the chroot (redis-server's and haproxy's postinst would try).
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d" && chmod +x "$root/usr/sbin/policy-rc.d"
  mount -t proc proc "$root/proc"
  local rc=0
  timeout 600 chroot "$root" sh -c "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends $packages && apt-get clean && rm -rf /var/lib/apt/lists/*" \
      >"$CACHE/apt-$recipe.log" 2>&1 || rc=$?
  umount "$root/proc"
  if [ $rc -ne 0 ]; then
    tail -20 "$CACHE/apt-$recipe.log" >&2
    rm -rf "$root"
    log "apt-get in the chroot failed for $tag"
    return 1
  fi
  rm -f "$root/usr/sbin/policy-rc.d" "$root/etc/resolv.conf"
  mkdir -p "$root/usr/local/etc/haproxy"
  tar -C "$root" -cf "$out.tmp" . && mv "$out.tmp" "$out"
  rm -rf "$root"
}

minbase >/dev/null
pids=()
declare -A recipes
for spec in "${IMAGES[@]}"; do
  IFS='|' read -r tag packages changes <<<"$spec"
  # The recipe names the image's content: a changed package list or config gives a new cache entry.
  recipe=$(printf '%s\n' "$SUITE" "$spec" "$PATH_ENV" | sha256sum | cut -c1-16)
  recipes[$tag]=$recipe
  if [ "$(docker image inspect -f '{{ index .Config.Labels "cable-cluster.standin" }}' "$tag" 2>/dev/null)" = "$recipe" ]; then
    log "$tag: cached image ($recipe)"
    continue
  fi
  log "$tag: building from Debian packages: $packages"
  build_one "$tag" "$packages" "$changes" "$recipe" &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done

for spec in "${IMAGES[@]}"; do
  IFS='|' read -r tag packages changes <<<"$spec"
  recipe=${recipes[$tag]}
  [ "$(docker image inspect -f '{{ index .Config.Labels "cable-cluster.standin" }}' "$tag" 2>/dev/null)" = "$recipe" ] && continue
  args=(--change "$PATH_ENV" --change "LABEL cable-cluster.standin=$recipe")
  IFS='|' read -ra extra <<<"$changes"
  for change in "${extra[@]}"; do args+=(--change "$change"); done
  docker import "${args[@]}" "$CACHE/image-$recipe.tar" "$tag" >/dev/null
  log "$tag: imported (stand-in from Debian's $packages)"
done
