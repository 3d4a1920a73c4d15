#!/bin/bash
# Writes the class-data archive the entrypoint maps at start, for the `java` on PATH and a jar.
# Usage: cds-archive.sh JAR ARCHIVE      (run by the image build; bench/proctype-startup.sh too)
#   ARCHIVE ending in .aot: an AOT cache (JDK >= 25, JEP 483/514/515: classes loaded AND linked,
#                           plus method profiles), written by -XX:AOTCacheOutput
#   ARCHIVE ending in .jsa: an AppCDS dynamic archive (JDK 17+), written by -XX:ArchiveClassesAtExit
#   any other ARCHIVE:      a base name: ARCHIVE.aot on JDK >= 25, ARCHIVE.jsa on older JDKs
# Prints the path it wrote (or nothing) on stdout; messages go to stderr.
# Contract: a training boot of the jar with no backing services (DATABASE_URL and REDIS_URL point
# at 127.0.0.1:9, where nothing listens), so the boot stops at the first connection (exit 3)
# after loading settings, the Micronaut context and bean definitions, drivers and logging: most
# of what a real start loads. The JVM writes the archive at that exit. The entrypoint then starts
# with -XX:AOTCache (.aot) or -XX:SharedArchiveFile (.jsa), which saves a third to a half of a
# start's CPU (docs/BENCHMARKS.md).
# Never fails the build: without an archive the image simply starts without one.
set -uo pipefail
jar=$1 archive=$2
major=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')
case "$archive" in
  *.aot | *.jsa) ;;
  *) if [[ "${major:-0}" -ge 25 ]]; then archive="$archive.aot"; else archive="$archive.jsa"; fi ;;
esac
case "$archive" in
  # -Xlog:aot=off: the training reports every class it cannot link in advance (warnings only).
  *.aot) training=(-XX:AOTCacheOutput="$archive" -Xlog:aot=off -Xlog:cds=off) ;;
  *) training=(-XX:ArchiveClassesAtExit="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off) ;;
esac
training_root=$(mktemp -d)
rm -f "$archive"
DECKHAND_ENV=test PROJECT_ROOT="$training_root" DATABASE_URL=postgres://cds:cds@127.0.0.1:9/cds \
  REDIS_URL=redis://127.0.0.1:9/0 java "${training[@]}" -jar "$jar" > "$training_root.log" 2>&1
status=$?
rm -rf "$training_root"
if [[ -s "$archive" ]]; then
  echo "class-data archive $archive: $(du -h "$archive" | cut -f1) (JDK $major; training boot exited $status, as expected without services)" >&2
  echo "$archive"
else
  echo "no class-data archive written (JDK $major, training boot exited $status); the image starts without it:" >&2
  tail -5 "$training_root.log" >&2
fi
rm -f "$training_root.log" "$archive.config"
exit 0
