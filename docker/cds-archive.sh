#!/bin/bash
# Writes an AppCDS archive (JDK 17 dynamic archive) of the classes a proctype jar loads at boot.
# Usage: cds-archive.sh JAR ARCHIVE      (run by the image build; bench/proctype-startup.sh too)
# Contract: a training boot of the jar with -XX:ArchiveClassesAtExit and no backing services
# (DATABASE_URL and REDIS_URL point at 127.0.0.1:9, where nothing listens), so the boot stops
# at the first connection (exit 3) and the JVM writes, at exit,
# everything loaded until then: settings, the Micronaut context and bean definitions, drivers,
# logging, most of what a real start loads. The entrypoint then starts the JVM with
# -XX:SharedArchiveFile, which saves roughly a third to half of a start's CPU (docs/BENCHMARKS.md).
# Never fails the build: without an archive the image simply starts without class data sharing.
set -uo pipefail
jar=$1 archive=$2
training_root=$(mktemp -d)
DECKHAND_ENV=test PROJECT_ROOT="$training_root" DATABASE_URL=postgres://cds:cds@127.0.0.1:9/cds \
  REDIS_URL=redis://127.0.0.1:9/0 java -XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off \
  -jar "$jar" > "$training_root.log" 2>&1
status=$?
rm -rf "$training_root"
if [[ -s "$archive" ]]; then
  echo "CDS archive $archive: $(du -h "$archive" | cut -f1) (training boot exited $status, as expected without services)"
  rm -f "$training_root.log"
else
  echo "no CDS archive written (training boot exited $status); the image starts without it:" >&2
  tail -5 "$training_root.log" >&2
  rm -f "$training_root.log"
fi
exit 0
