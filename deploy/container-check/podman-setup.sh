#!/usr/bin/env bash
# Installs and configures podman as a Docker engine stand-in, for machines that have no Docker
# engine (the measured recipe: ../shared/containers.md). Idempotent: does nothing that is done.
# Prints the DOCKER_HOST to use on stdout. Needs root (apt-get, /etc/containers).
# Contract: after it, `DOCKER_HOST=<printed> docker-compose ...` talks to podman's Docker API.
set -euo pipefail
sock_dir=/run/podman
sock=$sock_dir/podman.sock

if ! command -v podman >/dev/null 2>&1 || ! command -v runc >/dev/null 2>&1 \
   || ! command -v iptables >/dev/null 2>&1 || ! command -v debootstrap >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends podman runc iptables debootstrap netavark aardvark-dns >/dev/null
fi

# default_ulimits = []: without it every container fails with `setrlimit RLIMIT_NOFILE`;
# runc: crun refuses cgroups in hybrid mode on these machines.
conf=/etc/containers/containers.conf
if ! grep -q '^default_ulimits = \[\]' "$conf" 2>/dev/null || ! grep -q '^runtime = "runc"' "$conf" 2>/dev/null; then
  mkdir -p /etc/containers
  [[ -f "$conf" ]] && cp "$conf" "$conf.before-deckhand"
  cat > "$conf" <<'CONF'
# Written by Deckhand's deploy/container-check/podman-setup.sh (see ../shared/containers.md).
[containers]
default_ulimits = []
[engine]
runtime = "runc"
CONF
fi

# The Docker API socket docker-compose talks to.
if ! curl -fsS --unix-socket "$sock" http://d/_ping >/dev/null 2>&1; then
  mkdir -p "$sock_dir"
  rm -f "$sock"
  nohup podman system service --time=0 "unix://$sock" >/tmp/deckhand-podman-service.log 2>&1 &
  echo $! > "$sock_dir/deckhand-service.pid"
  for _ in $(seq 1 100); do
    curl -fsS --unix-socket "$sock" http://d/_ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS --unix-socket "$sock" http://d/_ping >/dev/null || { echo "podman service did not answer on $sock" >&2; exit 1; }
fi
echo "unix://$sock"
