#!/usr/bin/env bash
# BullMQ and Deckhand side by side (issue 17; docs/BENCHMARKS.md, "Side by side with BullMQ"):
# ONE Redis started here (the embedded 7.x binary, no persistence), the same measurements for
# both (bench/bullmq/bench.mjs and QueueBench --only side): a backlog of 20,000 + 2 x JOBS no-op
# jobs processed by ONE worker process with concurrency CONC (jobs/s over JOBS acks after the
# first 20,000; Redis commands per processed job from INFO commandstats, inside Lua included;
# enqueue commands per job from the backlog's enqueue), then enqueue-to-start latency paced at RATE
# jobs/s for SECS s. Rounds are interleaved (bullmq, deckhand, bullmq, deckhand, ...) and the host
# load average is recorded before each, so both systems see the same host over the same minutes:
# the ratio of the medians is the comparable figure on a shared host.
# Usage: bench/bullmq-side-by-side.sh [--rounds 3] [--jobs 50000] [--concurrency 50] [--rate 1000] [--seconds 10]
# SKIP_BUILD=1 uses the bench jar as built; BENCH_JAR=path measures that jar instead (e.g. a copy of
# an earlier build, for a before/after in one window; implies SKIP_BUILD). Needs node 20+ and npm (installs bench/bullmq's pinned packages with `npm ci` on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=3 JOBS=50000 CONC=50 RATE=1000 SECS=10
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) ROUNDS=$2 ;; --jobs) JOBS=$2 ;; --concurrency) CONC=$2 ;; --rate) RATE=$2 ;; --seconds) SECS=$2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift 2
done
[ -n "${SKIP_BUILD:-}${BENCH_JAR:-}" ] || ./mvnw -B -q -o -pl bench -am package -DskipTests 2>/dev/null || ./mvnw -B -q -pl bench -am package -DskipTests
[ -d bench/bullmq/node_modules ] || (cd bench/bullmq && npm ci --no-audit --no-fund >/dev/null)
OUT=$(mktemp -d)
JAR=$OUT/deckhand-bench.jar # a copy: a rebuild during the run cannot change the code under test
cp "${BENCH_JAR:-bench/target/deckhand-bench.jar}" "$JAR"
java -cp "$JAR" dev.deckhand.bench.BenchRedisServer >"$OUT/redis.log" 2>&1 &
REDIS_PID=$!
trap 'kill $REDIS_PID 2>/dev/null; wait $REDIS_PID 2>/dev/null; rm -rf "$OUT"' EXIT
for _ in $(seq 1 300); do grep -q '^REDIS ' "$OUT/redis.log" && break; sleep 0.1; done
read -r _ URL REDIS_VERSION < <(grep '^REDIS ' "$OUT/redis.log")
echo "# side by side: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores; Redis $REDIS_VERSION ($URL);" \
  "node $(node --version), bullmq $(node -p "require('./bench/bullmq/node_modules/bullmq/package.json').version")," \
  "ioredis $(node -p "require('./bench/bullmq/node_modules/ioredis/package.json').version");" \
  "JDK $(java -XshowSettings:properties -version 2>&1 | sed -n 's/ *java.version = //p')"
echo "# jobs=$JOBS (backlog 20000 + 2 x jobs) concurrency=$CONC, one worker process; latency paced $RATE jobs/s for $SECS s; $ROUNDS interleaved rounds"

# field NAME from a SIDE line
field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$2"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

run() { # system -> SIDE lines on stdout
  case "$1" in
    bullmq)
      node bench/bullmq/bench.mjs --redis-url "$URL" --mode backlog --jobs "$JOBS" --concurrency "$CONC" &&
      node bench/bullmq/bench.mjs --redis-url "$URL" --mode latency --concurrency "$CONC" --rate "$RATE" --seconds "$SECS" ;;
    deckhand)
      java -Xmx1g -cp "$JAR" dev.deckhand.bench.QueueBench --redis-url "$URL" --only side --jobs "$JOBS" \
        --concurrency "$CONC" --rate "$RATE" --seconds "$SECS" | grep '^SIDE' ;;
  esac
}

printf '%-5s %-8s %-15s %10s %9s %9s %9s %9s %9s\n' round system "load(1/5/15)" "jobs/s" "cmd/job" "enq cmd" "p50 ms" "p99 ms" "max ms"
for r in $(seq 1 "$ROUNDS"); do
  for sys in bullmq deckhand; do
    load=$(cut -d' ' -f1-3 /proc/loadavg | tr ' ' /)
    lines=$(run "$sys") || { echo "$sys round $r failed" >&2; exit 1; }
    grep '^SIDE-COMMANDS' <<<"$lines" >&2 || true
    b=$(grep 'phase=backlog' <<<"$lines"); l=$(grep 'phase=latency' <<<"$lines")
    printf '%s %s %s %s %s %s %s %s %s\n' "$r" "$sys" "$load" "$(field jobs_per_s "$b")" "$(field cmds_per_job "$b")" \
      "$(field enqueue_cmds_per_job "$b")" "$(field p50_ms "$l")" "$(field p99_ms "$l")" "$(field max_ms "$l")" >>"$OUT/rows"
    tail -1 "$OUT/rows" | xargs printf '%-5s %-8s %-15s %10s %9s %9s %9s %9s %9s\n'
  done
done
echo "# medians over $ROUNDS rounds"
for sys in bullmq deckhand; do
  med() { awk -v s="$sys" -v c="$1" '$2 == s {print $c}' "$OUT/rows" | median; }
  printf '%-14s %-15s %10s %9s %9s %9s %9s %9s\n' median "$sys" "$(med 4)" "$(med 5)" "$(med 6)" "$(med 7)" "$(med 8)" "$(med 9)"
  printf '%s %s %s %s %s\n' "$sys" "$(med 4)" "$(med 5)" "$(med 6)" "$(med 8)" >>"$OUT/medians"
done
awk '{tp[$1]=$2; cmd[$1]=$3+$4; p99[$1]=$5} END {
  printf "deckhand / bullmq processed jobs/s (medians): %.2fx\n", tp["deckhand"] / tp["bullmq"]
  printf "Redis commands per job end to end (enqueue + fetch/ack, medians): bullmq %.2f, deckhand %.2f\n", cmd["bullmq"], cmd["deckhand"]
  printf "p99 enqueue->start at the paced rate (medians): bullmq %s ms, deckhand %s ms\n", p99["bullmq"], p99["deckhand"] }' "$OUT/medians"
