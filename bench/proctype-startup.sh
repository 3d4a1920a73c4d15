#!/usr/bin/env bash
# Startup and idle footprint of each proctype jar, run the way the image runs it (through
# docker/entrypoint.sh with a production deploy's settings, see bench/lib/system.sh):
#   ready ms   wall time from exec to the first 200 of GET /health/readiness (polled every 20 ms)
#   cpu ms     CPU (user+sys, all threads) the JVM used until then: less sensitive to a busy machine
#   rss MB     VmRSS 5 s after ready, idle
#   classes    classes loaded at that point (from CDS archives included)
# Runs are interleaved (run 1 of every proctype, then run 2, ...) so load swings hit all alike;
# each cell is the median of RUNS with min-max. Backing services: the local stack, --services-only.
#
# Usage: bench/proctype-startup.sh [RUNS]          (default 5; build the jars first)
#   PROCTYPES="web worker"   subset (default: web worker worker-short scheduler devworker)
#   JAVA_OPTS="..."          extra JVM flags after the entrypoint's defaults, as in the image
#   CDS=1                    AppCDS: one training run per jar with -XX:ArchiveClassesAtExit, then
#                            the measured runs with -XX:SharedArchiveFile (what the image build
#                            can do at build time; see docs/BENCHMARKS.md)
source "$(dirname "$0")/lib/system.sh"
RUNS=${1:-5}
PROCTYPES=${PROCTYPES:-"web worker worker-short scheduler devworker"}
CDS=${CDS:-0}
# shellcheck disable=SC2086
bench_require_jars $PROCTYPES
trap bench_cleanup EXIT
bench_services_start
bench_production_env
CLK_TCK=$(getconf CLK_TCK)

# One start: prints "ready_ms cpu_ms rss_mb classes".
start_once() {
  local p=$1 opts=$2 port pid start ready cpu rss classes
  port=$((20000 + RANDOM % 20000))
  start=$(date +%s%N)
  PORT=$port JAVA_OPTS="$opts" $(bench_proctype_cmd "$p") > "$BENCH_WORK/$p.log" 2>&1 &
  pid=$!
  BENCH_PIDS+=("$pid")
  bench_wait_http "http://127.0.0.1:$port/health/readiness" "$pid" 120 || { tail -20 "$BENCH_WORK/$p.log" >&2; exit 1; }
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  cpu=$(sed 's/^.*) //' "/proc/$pid/stat" | awk -v t="$CLK_TCK" '{print int(($12 + $13) * 1000 / t)}')
  sleep 5
  rss=$(awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$pid/status")
  classes=$(jcmd "$pid" PerfCounter.print 2>/dev/null \
    | awk -F= '/java.cls.loadedClasses=|java.cls.sharedLoadedClasses=/ {n += $2} END {print n + 0}')
  bench_stop_pid "$pid"
  echo "$ready $cpu $rss $classes"
}

cell() { awk -v c="$1" '{print $c}' "$2" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:int((a[NR/2]+a[NR/2+1])/2); printf "%d (%d-%d)", m, a[1], a[NR]}'; }

load_before=$(bench_load)
for p in $PROCTYPES; do
  : > "$BENCH_WORK/$p.results"
  if [ "$CDS" = 1 ]; then
    bench_log "$p: CDS training run"
    start_once "$p" "${JAVA_OPTS:-} -XX:ArchiveClassesAtExit=$BENCH_WORK/$p.jsa" > /dev/null
    [ -f "$BENCH_WORK/$p.jsa" ] || { echo "no CDS archive written for $p" >&2; exit 1; }
  fi
done
for run in $(seq 1 "$RUNS"); do
  for p in $PROCTYPES; do
    opts=${JAVA_OPTS:-}
    [ "$CDS" = 1 ] && opts="$opts -XX:SharedArchiveFile=$BENCH_WORK/$p.jsa"
    r=$(start_once "$p" "$opts")
    bench_log "run $run $p: ready/cpu ms, rss MB, classes = $r (load $(bench_load))"
    echo "$r" >> "$BENCH_WORK/$p.results"
  done
done
echo "JAVA_OPTS after entrypoint defaults: '${JAVA_OPTS:-}'  CDS=$CDS  runs=$RUNS  load $load_before -> $(bench_load)  $(date -u +%FT%H:%MZ)"
echo "| proctype | ready ms | CPU ms to ready | idle RSS MB | classes |"
echo "|---|---|---|---|---|"
for p in $PROCTYPES; do
  f="$BENCH_WORK/$p.results"
  echo "| $p | $(cell 1 "$f") | $(cell 2 "$f") | $(cell 3 "$f") | $(cell 4 "$f") |"
done
