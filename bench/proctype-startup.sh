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
#   PROCTYPES="web worker"   subset (default: web worker worker-short scheduler devworker). An
#                            entry is LABEL[=JAR][@JDK_HOME]: =JAR measures another build of a jar
#                            under that label (e.g. scheduler-before=/tmp/before/deckhand-scheduler.jar),
#                            @JDK_HOME runs it (and trains its archive) with that JDK's java instead
#                            of the one on PATH (e.g. web-jdk25=web/target/deckhand-web.jar@/usr/lib/jvm/temurin-25-jdk-amd64)
#   JAVA_OPTS="..."          extra JVM flags after the entrypoint's defaults, as in the image
#   POD=1                    as in the Helm chart's pod of the entry's role: -XX:MaxRAM=<the role's
#                            memory limit in helm/deckhand/values.yaml> -XX:+UseSerialGC (the
#                            collector the JVM picks itself under such a limit), before JAVA_OPTS.
#                            The role is the longest proctype name the label starts with.
#   CDS=image                the class-data archive as the image has it: written by
#                            docker/cds-archive.sh (training boot without services; an AOT cache on
#                            JDK >= 25, AppCDS on 17/21), passed as CDS_ARCHIVE
#   CDS=full                 the same kind trained by a full boot against the services and SIGTERM:
#                            the upper bound of what the archive gives
#   CDS=0 (default)          no archive (CDS_ARCHIVE='')
source "$(dirname "$0")/lib/system.sh"
RUNS=${1:-5}
PROCTYPES=${PROCTYPES:-"web worker worker-short scheduler devworker"}
CDS=${CDS:-0}
POD=${POD:-0}
label_of() { local l=${1%%@*}; echo "${l%%=*}"; }
jar_of() { local l=${1%%@*}; case "$l" in *=*) echo "${l#*=}" ;; *) bench_jar "$l" ;; esac; }
# PATH with the entry's JDK first (unchanged without @JDK_HOME).
path_of() { case "$1" in *@*) echo "${1#*@}/bin:$PATH" ;; *) echo "$PATH" ;; esac; }
java_major() { PATH=$(path_of "$1") java -XshowSettings:properties -version 2>&1 \
  | awk -F'= ' '/java.specification.version/ {print $2; exit}'; }
# The Helm role of a label (longest proctype name it starts with) and its memory limit in MiB.
role_of() { local r best=""; for r in web worker worker-short scheduler devworker; do
  case "$1" in "$r"*) [ ${#r} -gt ${#best} ] && best=$r ;; esac; done; echo "$best"; }
pod_limit_mib() {
  awk -v role="  $1:" '
    $0 == role {in_role = 1; next}
    in_role && /^  [a-z-]+:$/ {exit}
    in_role && /^      limits:/ {in_limits = 1; next}
    in_role && in_limits && /^        memory:/ {sub(/Mi$/, "", $2); print $2; exit}' \
    "$BENCH_REPO/helm/deckhand/values.yaml"; }
pod_opts() {
  [ "$POD" = 1 ] || return 0
  local mib; mib=$(pod_limit_mib "$(role_of "$1")")
  [ -n "$mib" ] || { echo "no memory limit for role '$(role_of "$1")' in helm/deckhand/values.yaml" >&2; exit 1; }
  echo "-XX:MaxRAM=${mib}m -XX:+UseSerialGC"
}
for e in $PROCTYPES; do
  [ -f "$(jar_of "$e")" ] || { echo "missing $(jar_of "$e"): build it first" >&2; exit 1; }
  pod_opts "$(label_of "$e")" > /dev/null  # fails here, not in a run, for a label without a role
done
trap bench_cleanup EXIT
bench_services_start
bench_production_env
CLK_TCK=$(getconf CLK_TCK)

# One start: prints "ready_ms cpu_ms rss_mb classes anon_mb". Usage: start_once PROCTYPE JAVA_OPTS CDS_ARCHIVE
start_once() {
  local p=$1 opts=$2 archive=$3 port pid start ready cpu rss classes anon
  port=$((20000 + RANDOM % 20000))
  start=$(date +%s%N)
  PATH=$(path_of "$p") PORT=$port JAVA_OPTS="$(pod_opts "$(label_of "$p")") $opts" CDS_ARCHIVE="$archive" \
    $(bench_proctype_cmd "$(label_of "$p")" "$(jar_of "$p")") \
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
  classes=$(PATH=$(path_of "$p") jcmd "$pid" PerfCounter.print 2>/dev/null \
    | awk -F= '/java.cls.loadedClasses=|java.cls.sharedLoadedClasses=/ {n += $2} END {print n + 0}')
  bench_stop_pid "$pid"
  echo "$ready $cpu $rss $classes $anon"
}

cell() { awk -v c="$1" '{print $c}' "$2" | sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:int((a[NR/2]+a[NR/2+1])/2); printf "%d (%d-%d)", m, a[1], a[NR]}'; }

load_before=$(bench_load)
declare -A ARCHIVE=()
for e in $PROCTYPES; do
  p=$(label_of "$e")
  : > "$BENCH_WORK/$p.results"
  # The kind the image would have for this entry's JDK: an AOT cache on >= 25, else AppCDS.
  if [ "$(java_major "$e")" -ge 25 ]; then ARCHIVE[$p]="$BENCH_WORK/$p.aot"; else ARCHIVE[$p]="$BENCH_WORK/$p.jsa"; fi
  case "$CDS" in
    0) ARCHIVE[$p]="" ;;
    image) bench_log "$p: class-data archive as the image build writes it (JDK $(java_major "$e"))"
       PATH=$(path_of "$e") bash "$BENCH_REPO/docker/cds-archive.sh" "$(jar_of "$e")" "${ARCHIVE[$p]}" > /dev/null ;;
    full) bench_log "$p: class-data archive trained by a full boot (JDK $(java_major "$e"))"
       case "${ARCHIVE[$p]}" in
         *.aot) training="-XX:AOTCacheOutput=${ARCHIVE[$p]} -Xlog:aot=off -Xlog:cds=off" ;;
         *) training="-XX:ArchiveClassesAtExit=${ARCHIVE[$p]} -Xlog:cds=off -Xlog:cds+dynamic=off" ;;
       esac
       start_once "$e" "${JAVA_OPTS:-} $training" "" > /dev/null ;;
    *) echo "CDS must be 0, image or full" >&2; exit 1 ;;
  esac
  [ "$CDS" = 0 ] || [ -s "${ARCHIVE[$p]}" ] || { echo "no class-data archive written for $p" >&2; exit 1; }
done
for run in $(seq 1 "$RUNS"); do
  for e in $PROCTYPES; do
    p=$(label_of "$e")
    r=$(start_once "$e" "${JAVA_OPTS:-}" "${ARCHIVE[$p]}")
    bench_log "run $run $p: ready/cpu ms, rss MB, classes, anon MB = $r (load $(bench_load))"
    echo "$r" >> "$BENCH_WORK/$p.results"
  done
done
echo "JAVA_OPTS after entrypoint defaults: '${JAVA_OPTS:-}'  CDS=$CDS  POD=$POD  runs=$RUNS  load $load_before -> $(bench_load)  $(date -u +%FT%H:%MZ)"
echo "| proctype | ready ms | CPU ms to ready | idle RSS MB | of which anon MB | classes |"
echo "|---|---|---|---|---|---|"
for e in $PROCTYPES; do
  p=$(label_of "$e")
  f="$BENCH_WORK/$p.results"
  echo "| $p | $(cell 1 "$f") | $(cell 2 "$f") | $(cell 3 "$f") | $(cell 5 "$f") | $(cell 4 "$f") |"
done
