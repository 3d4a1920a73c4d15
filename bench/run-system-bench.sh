#!/usr/bin/env bash
# All system benchmarks of issue 8 in one go, each with its defaults, output also appended to
# OUT (default /tmp/deckhand-system-bench.txt) with the machine's load before each part:
#   1. bench/proctype-startup.sh   without and with the image's class-data archive, and as in
#                                  the chart's pods (POD=1: each role's memory limit, Serial GC)
#   2. bench/web-bench.sh          job status vs /health with wrk
#   3. bench/scheduler-bench.sh    fire-time -> in-Redis delay, three replicas
#   4. bench/e2e-bench.sh          200 plans of 10 http steps through web -> worker
# Build first: mvn -B -q -pl web,worker,worker-short,scheduler,devworker,migrations,local-stack,bench -am package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-/tmp/deckhand-system-bench.txt}
part() { echo "== $* ($(date -u +%H:%M:%SZ), uptime: $(uptime | sed 's/.*load/load/'))" | tee -a "$OUT"; "$@" | tee -a "$OUT"; }
part bench/proctype-startup.sh "${RUNS:-3}"
CDS=image part bench/proctype-startup.sh "${RUNS:-3}"
CDS=image POD=1 part bench/proctype-startup.sh "${RUNS:-3}"
part bench/web-bench.sh
part bench/scheduler-bench.sh 60
part bench/e2e-bench.sh 200
