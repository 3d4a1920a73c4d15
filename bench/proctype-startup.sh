#!/usr/bin/env bash
# Startup and idle footprint of each proctype jar, run the way the image runs it (through
# docker/entrypoint.sh with a production deploy's settings, see bench/lib/system.sh):
#   ready ms   wall time from exec to the first 200 of GET /health/readiness (polled every 20 ms)
#   cpu ms     CPU (user+sys, all threads) the JVM used until then: less sensitive to a busy machine
#   rss MB     VmRSS 5 s after ready, idle (anon MB: its RssAnon part, i.e. without mapped files
#              such as libjvm, the JDK's modules image and a CDS archive, which are shared/clean)
#   classes    classes loaded at that point (from CDS archives included)
# Runs are interleaved (run 1 of every proctype, then run 2, ...) so load swings hit all alike;
# each cell is the median of RUNS with min-max. Backing services: the local stack, --services-only.
#
# Usage: bench/proctype-startup.sh [RUNS]          (default 5; build the jars first)
#   PROCTYPES="web worker"   subset (default: web worker worker-short scheduler devworker); an
#                            entry LABEL=PATH measures another build of a jar under that label
#                            (e.g. scheduler-before=/tmp/before/scheduler/target/deckhand-scheduler.jar)
#   JAVA_OPTS="..."          extra JVM flags after the entrypoint's defaults, as in the image
#   CDS=image                AppCDS as the image has it: archive written by docker/cds-archive.sh
#                            (training boot without services), passed as CDS_ARCHIVE
#   CDS=full                 AppCDS trained by a full boot against the services and SIGTERM
#                            (-XX:ArchiveClassesAtExit): the upper bound of what CDS gives
#   CDS=0 (default)          no archive (CDS_ARCHIVE='')
source "$(dirname "$0")/lib/system.sh"
RUNS=${1:-5}
PROCTYPES=${PROCTYPES:-"web worker worker-short scheduler devworker"}
CDS=${CDS:-0}
jar_of() { case "$1" in *=*) echo "${1#*=}" ;; *) bench_jar "$1" ;; esac; }
label_of() { echo "${1%%=*}"; }
for e in $PROCTYPES; do [ -f "$(jar_of "$e")" ] || { echo "missing $(jar_of "$e"): build it first" >&2; exit 1; }; done
trap bench_cleanup EXIT
bench_services_start
bench_production_env
CLK_TCK=$(getconf CLK_TCK)

# One start: prints "ready_ms cpu_ms rss_mb classes anon_mb". Usage: start_once PROCTYPE JAVA_OPTS CDS_ARCHIVE
start_once() {
  local p=$1 opts=$2 archive=$3 port pid start ready cpu rss classes anon
  port=$((20000 + RANDOM % 20000))
  start=$(date +%s%N)
  PORT=$port JAVA_OPTS="$opts" CDS_ARCHIVE="$archive" $(bench_proctype_cmd "$(label_of "$p")" "$(jar_of "$p")") \
    > "$BENCH_WORK/$(label_of "$p").log" 2>&1 &
  pid=$!
  BENCH_PIDS+=("$pid")
  bench_wait_http "http://127.0.0.1:$port/health/readiness" "$pid" 120 \
    || { tail -20 "$BENCH_WORK/$(label_of "$p").log" >&2; exit 1; }
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  cpu=$(sed 's/^.*) //' "/proc/$pid/stat" | awk -v t="$CLK_TCK" '{print int(($12 + $13) * 1000 / t)}')
  sleep 5
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  anon=$(awk '/RssAnon/ {print int($2 / 1024)}' "/proc/$pid/status")
  classes=$(jcmd "$pid" PerfCounter.print 2>/dev/null \
    | awk -F= '/java.cls.loadedClasses=|java.cls.sharedLoadedClasses=/ {n += $2} END {print n + 0}')
  bench_stop_pid "$pid"
  echo "$ready $cpu $rss $classes $anon"
}

cell() { awk -v c="$1" '{print $c}' "$2" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:int((a[NR/2]+a[NR/2+1])/2); printf "%d (%d-%d)", m, a[1], a[NR]}'; }

load_before=$(bench_load)
for e in $PROCTYPES; do
  p=$(label_of "$e")
  : > "$BENCH_WORK/$p.results"
  case "$CDS" in
    0) ;;
    image) bench_log "$p: CDS archive as the image build writes it"
       bash "$BENCH_REPO/docker/cds-archive.sh" "$(jar_of "$e")" "$BENCH_WORK/$p.jsa" >&2 ;;
    full) bench_log "$p: CDS training by a full boot"
       start_once "$e" "${JAVA_OPTS:-} -XX:ArchiveClassesAtExit=$BENCH_WORK/$p.jsa -Xlog:cds=off -Xlog:cds+dynamic=off" "" > /dev/null ;;
    *) echo "CDS must be 0, image or full" >&2; exit 1 ;;
  esac
  [ "$CDS" = 0 ] || [ -s "$BENCH_WORK/$p.jsa" ] || { echo "no CDS archive written for $p" >&2; exit 1; }
done
for run in $(seq 1 "$RUNS"); do
  for e in $PROCTYPES; do
    p=$(label_of "$e")
    archive=""
    [ "$CDS" = 0 ] || archive="$BENCH_WORK/$p.jsa"
    r=$(start_once "$e" "${JAVA_OPTS:-}" "$archive")
    bench_log "run $run $p: ready/cpu ms, rss MB, classes, anon MB = $r (load $(bench_load))"
    echo "$r" >> "$BENCH_WORK/$p.results"
  done
done
echo "JAVA_OPTS after entrypoint defaults: '${JAVA_OPTS:-}'  CDS=$CDS  runs=$RUNS  load $load_before -> $(bench_load)  $(date -u +%FT%H:%MZ)"
echo "| proctype | ready ms | CPU ms to ready | idle RSS MB | of which anon MB | classes |"
echo "|---|---|---|---|---|---|"
for e in $PROCTYPES; do
  p=$(label_of "$e")
  f="$BENCH_WORK/$p.results"
  echo "| $p | $(cell 1 "$f") | $(cell 2 "$f") | $(cell 3 "$f") | $(cell 5 "$f") | $(cell 4 "$f") |"
done
