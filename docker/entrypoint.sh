#!/bin/bash
# Container entrypoint for every Deckhand proctype.
# Contract: replaces itself with the JVM (exec) so SIGTERM/SIGINT reach Java directly.
#   JAVA_OPTS   extra JVM flags, placed after the container defaults (so they win)
#   JDWP_PORT   when set, opens a JDWP debug socket on that port, only in DECKHAND_ENV local or
#               test: in any other environment (staging, production) the entrypoint exits 64 with a
#               message BEFORE java starts, so no debug port ever opens there
#   JDWP_BIND   address the debug socket listens on (default 127.0.0.1: reach it with
#               `kubectl port-forward` / `docker exec`; 0.0.0.0 to publish it from a local container)
#   DECKHAND_JAR  the jar to run (default /app/deckhand.jar)
#   CDS_ARCHIVE   class-data archive to use when readable (default: the jar's name with .aot if
#                 that exists, else .jsa, i.e. /app/deckhand.aot or /app/deckhand.jsa; empty: none)
# Arguments are passed to the application (e.g. --print-settings).
# A first argument `deckhand` runs the operator CLI instead, with the same settings:
#   docker compose run --rm web deckhand users list   (DECKHAND_CLI_JAR, default /app/deckhand-cli.jar,
#   is in the web image only; see docs/deploy.md "The deckhand CLI")
set -euo pipefail
if [[ "${1:-}" == "deckhand" ]]; then
  shift
  DECKHAND_JAR="${DECKHAND_CLI_JAR:-/app/deckhand-cli.jar}"
fi

# Container-aware memory: size the heap from the cgroup limit, and exit (to be restarted)
# rather than limp on after an OutOfMemoryError. TrimNativeHeapInterval: every 2 s the JVM hands
# back to the OS the malloc memory glibc keeps after it is freed (mostly the JIT compilers' and
# the boot's scratch memory): ~15 MB less idle RSS per process in the Helm chart's pods, for a
# trim of ~1 ms on a background thread (bench/proctype-startup.sh with POD=1). Product flag since JDK 17.0.9/21.0.1
# (the image's JRE is the latest update of its Java major).
jvm=(-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:TrimNativeHeapInterval=2000
  -Djava.io.tmpdir=/tmp -Dfile.encoding=UTF-8)

# Class data: the image build writes an archive of the classes the jar loads at boot
# (docker/cds-archive.sh) next to the jar: an AOT cache (/app/deckhand.aot) on JDK >= 25, an
# AppCDS archive (/app/deckhand.jsa) on JDK 17/21. Mapping it instead of loading, verifying (and, with the AOT
# cache, linking) those classes again cuts a start's CPU by a third to a half. CDS_ARCHIVE
# overrides the path (.aot: -XX:AOTCache, needs JDK >= 25; anything else: -XX:SharedArchiveFile);
# empty disables it. The JVM validates the archive against itself and the jar and, if it does not
# match, runs without it.
jar="${DECKHAND_JAR:-/app/deckhand.jar}"
if [[ -n "${CDS_ARCHIVE+set}" ]]; then
  cds_archive=$CDS_ARCHIVE
else
  cds_archive="${jar%.jar}.jsa"
  [[ -r "${jar%.jar}.aot" ]] && cds_archive="${jar%.jar}.aot"
fi
if [[ -n "$cds_archive" && -r "$cds_archive" ]]; then
  case "$cds_archive" in
    *.aot) jvm+=("-XX:AOTCache=${cds_archive}") ;;
    *) jvm+=("-XX:SharedArchiveFile=${cds_archive}") ;;
  esac
fi

if [[ -n "${JDWP_PORT:-}" ]]; then
  # The environment as the app resolves it: the variable, else the project's .env, else local.
  deckhand_env="${DECKHAND_ENV:-}"
  if [[ -z "$deckhand_env" && -r "${PROJECT_ROOT:-.}/.env" ]]; then
    deckhand_env=$(sed -n 's/^[[:space:]]*DECKHAND_ENV[[:space:]]*=[[:space:]]*["'"'"']\{0,1\}\([A-Za-z]*\).*/\1/p' \
      "${PROJECT_ROOT:-.}/.env" | tail -n 1)
  fi
  deckhand_env="${deckhand_env:-local}"
  if [[ "$deckhand_env" != "local" && "$deckhand_env" != "test" ]]; then
    echo "JDWP_PORT is set but DECKHAND_ENV=$deckhand_env: remote debugging is refused outside local/test; unset JDWP_PORT" >&2
    exit 64
  fi
  if [[ ! "$JDWP_PORT" =~ ^[0-9]{1,5}$ ]]; then
    echo "JDWP_PORT must be a port number" >&2
    exit 2
  fi
  jdwp_bind="${JDWP_BIND:-127.0.0.1}"
  if [[ ! "$jdwp_bind" =~ ^([0-9]{1,3}(\.[0-9]{1,3}){3}|\*|[0-9A-Fa-f:]+)$ ]]; then
    echo "JDWP_BIND must be an IP address or *" >&2
    exit 2
  fi
  jvm+=("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=${jdwp_bind}:${JDWP_PORT}")
fi

if [[ -n "${JAVA_OPTS:-}" ]]; then
  # JAVA_OPTS is a whitespace-separated list of flags (no quoting inside values).
  read -r -a extra <<< "$JAVA_OPTS"
  jvm+=("${extra[@]}")
fi

exec java "${jvm[@]}" -jar "$jar" "$@"
