#!/usr/bin/env bash
# Builds the local base images the container check uses where no registry is reachable, from
# Debian packages (debootstrap + `podman import`), and skips any image that already exists:
#   localhost/deckhand-local/jdk:17   Debian bookworm minbase + openjdk-17-jdk-headless (build stage)
#   localhost/deckhand-local/jre:17   Debian bookworm minbase + openjdk-17-jre-headless (runtime
#                                     stages and the stand-ins for PostgreSQL/Redis/S3/OAuth/API)
# About 3-4 minutes each on 2 cores, once per machine. Needs root and debootstrap.
set -euo pipefail
engine=${ENGINE:-podman}
mirror=${DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
mirror=${mirror:-http://deb.debian.org/debian}

build() { # IMAGE PACKAGES
  local image=$1 packages=$2 dir
  if $engine image inspect "$image" >/dev/null 2>&1; then
    echo "base image $image: cached" >&2
    return
  fi
  dir=$(mktemp -d /var/tmp/deckhand-rootfs.XXXXXX)
  echo "base image $image: debootstrap ($packages) from $mirror" >&2
  local t0=$SECONDS
  debootstrap --variant=minbase --include="$packages" bookworm "$dir" "$mirror" >"$dir.log" 2>&1 \
    || { tail -20 "$dir.log" >&2; rm -rf "$dir"; exit 1; }
  rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
  tar -C "$dir" -c . | $engine import --change 'CMD ["/bin/bash"]' - "$image" >/dev/null
  rm -rf "$dir" "$dir.log"
  echo "base image $image: built in $((SECONDS - t0)) s" >&2
}

build localhost/deckhand-local/jdk:17 openjdk-17-jdk-headless,ca-certificates
build localhost/deckhand-local/jre:17 openjdk-17-jre-headless,ca-certificates
