#!/usr/bin/env bash
# web read path against its real limit (issue 17 item 4): requests/s of GET /api/jobs/{id} through
# the web jar (wrk) next to PostgreSQL's own ceiling for the same reads: pgbench, prepared
# (-M prepared), 10 clients, of a script holding the statements the request needs (one pgbench
# "transaction" = one run of the script; each statement commits on its own, as the web's do), against
# the same PostgreSQL on the same host, in interleaved rounds (host load recorded before each).
# Prints both figures per round, the ratio per round and the ratio of the medians (goal >= 50%).
#
# The statements (bench/lib/web-read-path.pgbench, one each, as the web issues them):
#   1. the token's live user: api_tokens JOIN users by SHA-256 hash and expiry (Sessions.resolve)
#   2. the job row and the first page of its log in one statement (JobStatusReads; owner or admin
#      check in Java; ten lines here)
# Before the measurement the script prints what one request asks of PostgreSQL (scans per table
# and transactions, from PostgreSQL's statistics), so the pgbench script can be checked against
# what the web really runs.
# Not in pgbench: the rate limiter's Redis EVAL (Redis, not PostgreSQL; its CPU is printed).
#
# Deploy as bench/web-bench.sh: the web jar through docker/entrypoint.sh, production settings,
# RATE_LIMIT_API_PER_MINUTE=1,000,000 (the limiter runs, never answers 429), Bearer token of a
# seeded admin owning the job, Host localhost + X-Forwarded-Proto https from the trusted proxy.
#
# Usage: bench/web-vs-pgbench.sh   (build web, local-stack, migrations first; needs wrk, pgbench)
#   DURATION=20 ROUNDS=3 WARMUP=30 CONNECTIONS=32 THREADS=2 PGBENCH_CLIENTS=10 JAVA_OPTS=... BENCH_JARS=dir
source "$(dirname "$0")/lib/system.sh"
DURATION=${DURATION:-20}
ROUNDS=${ROUNDS:-3}
WARMUP=${WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PGBENCH_CLIENTS=${PGBENCH_CLIENTS:-10}
WEB_PORT=${WEB_PORT:-28000}
PGBENCH_SCRIPT="$BENCH_REPO/bench/lib/web-read-path.pgbench"
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
command -v pgbench > /dev/null || { echo "pgbench is needed: apt-get install postgresql-client" >&2; exit 1; }
bench_require_jars web
trap bench_cleanup EXIT
bench_web_with_finished_job
job=$BENCH_JOB
token_hash=$(printf '%s' "$BENCH_ADMIN_TOKEN" | sha256sum | cut -d' ' -f1)
job_url="http://127.0.0.1:$WEB_PORT/api/jobs/$job"
auth="Authorization: Bearer $BENCH_ADMIN_TOKEN"

# What one request asks of PostgreSQL, from its statistics: table scans (index or sequential) per
# table and transactions, over STAT_REQUESTS requests on one connection (curl), divided. Backends
# flush their statistics when idle, at most every 10 s (PostgreSQL >= 15): hence the pauses.
STAT_REQUESTS=${STAT_REQUESTS:-200}
pg_reads() {
  bench_psql -F ' ' -c "SELECT relname, seq_scan + coalesce(idx_scan, 0) FROM pg_stat_user_tables
    UNION ALL SELECT '(transactions)', xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'deckhand'
    ORDER BY 1"
}
reads_per_request() {
  local i
  sleep 11; pg_reads > "$BENCH_WORK/reads.before"
  for i in $(seq 1 "$STAT_REQUESTS"); do echo "url = \"$job_url\""; echo "output = /dev/null"; done > "$BENCH_WORK/curl.cfg"
  curl -fsS -H 'Host: localhost' -H 'X-Forwarded-Proto: https' -H "$auth" -K "$BENCH_WORK/curl.cfg"
  sleep 11; pg_reads > "$BENCH_WORK/reads.after"
  # psql's own transactions (one per pg_reads) are not the web's: subtract them.
  LC_ALL=C join <(LC_ALL=C sort "$BENCH_WORK/reads.before") <(LC_ALL=C sort "$BENCH_WORK/reads.after") | awk -v n="$STAT_REQUESTS" '
    {d = $3 - $2; if ($1 == "(transactions)") d -= 1; if (d > 0) printf "%s %.2f\n", $1, d / n}'
}
bench_api "$WEB_PORT" GET "/api/jobs/$job" "$BENCH_ADMIN_TOKEN" > "$BENCH_WORK/job.json"
reads_per_request > "$BENCH_WORK/statements.txt"
bench_log "job status body ($(wc -c < "$BENCH_WORK/job.json") bytes): $(head -c 200 "$BENCH_WORK/job.json")"

pgbench_once() {
  PGPASSWORD=deckhand_app pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j 2 -T "$1" -h 127.0.0.1 -p "$BENCH_PG_PORT" \
    -U deckhand_app -f "$PGBENCH_SCRIPT" -D "token_hash=\\x$token_hash" -D "job=$job" -D "now=$(date -u +%FT%TZ)" \
    deckhand > "$BENCH_WORK/pgbench.out" 2>&1 || { cat "$BENCH_WORK/pgbench.out" >&2; exit 1; }
  awk '/^tps = / {printf "%d\n", $3}' "$BENCH_WORK/pgbench.out"
}

TICK_US=$((1000000 / $(getconf CLK_TCK)))
pg_pid=$(bench_pg_pid); redis_pid=$(bench_redis_pid)
bench_log "warm-up: $WARMUP s each (on a loaded host the JIT needs it)"
bench_wrk "$job_url" "$WARMUP" -H "$auth"
pgbench_once "$WARMUP" > /dev/null

echo "web vs PostgreSQL, GET /api/jobs/{id}: $(date -u +%FT%H:%MZ); $(nproc) cores; $(pgbench --version);" \
  "server $(bench_psql -c 'SHOW server_version'); $(java -version 2>&1 | head -1); JAVA_OPTS='${JAVA_OPTS:-}'"
echo "PostgreSQL per request (pg_stat_user_tables scans by table, pg_stat_database transactions; mean of $STAT_REQUESTS): $(awk '{printf "%s%s %s", (NR > 1 ? "; " : ""), $1, $2}' "$BENCH_WORK/statements.txt")"
echo "web: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s; PostgreSQL: pgbench -M prepared -c $PGBENCH_CLIENTS -j 2 -T $DURATION -f bench/lib/web-read-path.pgbench"
echo "| round | web requests/s | p50 ms | p99 ms | non-2xx | CPU µs per request: web/PostgreSQL/Redis | load | pgbench transactions/s | load | web / pgbench |"
echo "|---|---|---|---|---|---|---|---|---|---|"
: > "$BENCH_WORK/web.rps"; : > "$BENCH_WORK/pg.tps"
for round in $(seq 1 "$ROUNDS"); do
  load_web=$(bench_load)
  before="$(bench_cpu_ticks "$web_pid") $(bench_cpu_ticks "$pg_pid") $(bench_cpu_ticks "$redis_pid")"
  bench_wrk "$job_url" "$DURATION" -H "$auth"
  after="$(bench_cpu_ticks "$web_pid") $(bench_cpu_ticks "$pg_pid") $(bench_cpu_ticks "$redis_pid")"
  read -r rps p50 p99 bad < "$BENCH_WORK/wrk.stats"
  cpu=$(echo "$before $after $(cat "$BENCH_WORK/wrk.count")" \
    | awk -v t="$TICK_US" '{printf "%d/%d/%d", ($4-$1)*t/$7, ($5-$2)*t/$7, ($6-$3)*t/$7}')
  load_pg=$(bench_load)
  tps=$(pgbench_once "$DURATION")
  echo "$rps" >> "$BENCH_WORK/web.rps"; echo "$tps" >> "$BENCH_WORK/pg.tps"
  echo "| $round | $rps | $p50 | $p99 | $bad | $cpu | $load_web | $tps | $load_pg | $(awk -v a="$rps" -v b="$tps" 'BEGIN {printf "%.0f%%", 100 * a / b}') |"
done
w=$(bench_pct 50 < "$BENCH_WORK/web.rps")
p=$(bench_pct 50 < "$BENCH_WORK/pg.tps")
awk -v w="$w" -v p="$p" 'BEGIN {printf "median web requests/s / median pgbench transactions/s: %d / %d = %.0f%% (goal >= 50%%)\n", w, p, 100 * w / p}'
