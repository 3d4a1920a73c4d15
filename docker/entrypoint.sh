#!/bin/bash
# Container entrypoint for every Deckhand proctype.
# Contract: replaces itself with the JVM (exec) so SIGTERM/SIGINT reach Java directly.
#   JAVA_OPTS   extra JVM flags, placed after the container defaults (so they win)
#   JDWP_PORT   when set, opens a JDWP debug socket on that port (settings validation
#               refuses JDWP_PORT in production, so such a pod exits 2 instead of exposing it)
#   DECKHAND_JAR  the jar to run (default /app/deckhand.jar)
#   CDS_ARCHIVE   AppCDS archive to use when readable (default /app/deckhand.jsa; empty: none)
# Arguments are passed to the application (e.g. --print-settings).
set -euo pipefail

# Container-aware memory: size the heap from the cgroup limit, and exit (to be restarted)
# rather than limp on after an OutOfMemoryError.
jvm=(-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Dfile.encoding=UTF-8)

# Class data sharing: the image build writes an AppCDS archive of the classes the jar loads at
# boot (docker/cds-archive.sh); mapping it instead of loading and verifying those classes again
# cuts a start's CPU by a third to a half. CDS_ARCHIVE overrides the path; empty disables it. The
# JVM validates the archive against this JVM and jar and, if it does not match, runs without it.
cds_archive="${CDS_ARCHIVE-/app/deckhand.jsa}"
if [[ -n "$cds_archive" && -r "$cds_archive" ]]; then
  jvm+=("-XX:SharedArchiveFile=${cds_archive}")
fi

if [[ -n "${JDWP_PORT:-}" ]]; then
  if [[ ! "$JDWP_PORT" =~ ^[0-9]{1,5}$ ]]; then
    echo "JDWP_PORT must be a port number" >&2
    exit 2
  fi
  jvm+=("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:${JDWP_PORT}")
fi

if [[ -n "${JAVA_OPTS:-}" ]]; then
  # JAVA_OPTS is a whitespace-separated list of flags (no quoting inside values).
  read -r -a extra <<< "$JAVA_OPTS"
  jvm+=("${extra[@]}")
fi

exec java "${jvm[@]}" -jar "${DECKHAND_JAR:-/app/deckhand.jar}" "$@"
