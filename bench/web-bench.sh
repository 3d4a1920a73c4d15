#!/usr/bin/env bash
# web: requests/s and latency of GET /api/jobs/{id} (a job's status: token lookup + job read in
# PostgreSQL, JSON view) next to GET /health (no I/O) through the same filter chain, in the same
# run, with wrk. Target: job status >= 50% of /health's requests/s.
#
# Deploy: the web jar through docker/entrypoint.sh, production settings (bench/lib/system.sh),
# RATE_LIMIT_API_PER_MINUTE raised to 1,000,000 (the maximum the settings allow) so the limiter still runs (one Redis EVAL per
# /api request) but never answers 429. Requests carry Host: localhost (ALLOWED_HOSTS) and
# X-Forwarded-Proto: https from the trusted proxy address, as behind nginx; the API request also a
# Bearer token of a seeded admin (the job belongs to that user).
#
# Usage: bench/web-bench.sh            (build web, local-stack, migrations first)
#   DURATION=20 CONNECTIONS=32 THREADS=2 ROUNDS=2 JAVA_OPTS=... (rounds alternate the endpoints)
source "$(dirname "$0")/lib/system.sh"
DURATION=${DURATION:-20}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
ROUNDS=${ROUNDS:-2}
WEB_PORT=${WEB_PORT:-28000}
command -v wrk > /dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
bench_require_jars web
trap bench_cleanup EXIT
bench_web_with_finished_job
job=$BENCH_JOB
bench_api "$WEB_PORT" GET "/api/jobs/$job" "$BENCH_ADMIN_TOKEN" > "$BENCH_WORK/job.json"
bench_log "job status body ($(wc -c < "$BENCH_WORK/job.json") bytes): $(head -c 200 "$BENCH_WORK/job.json")"

# wrk -> "req/s p50_ms p99_ms non2xx cpu_us_per_request(web/pg/redis)"
measure() {
  local before after
  before=$(cpu_snapshot)
  bench_wrk "$@"
  after=$(cpu_snapshot)
  echo "$(cat "$BENCH_WORK/wrk.stats") $(echo "$before $after $(cat "$BENCH_WORK/wrk.count")" \
    | awk -v t="$TICK_US" '{printf "%d/%d/%d", ($4-$1)*t/$7, ($5-$2)*t/$7, ($6-$3)*t/$7}')"
}

cpu_snapshot() { echo "$(bench_cpu_ticks "$web_pid") $(bench_cpu_ticks "$pg_pid") $(bench_cpu_ticks "$redis_pid")"; }

TICK_US=$((1000000 / $(getconf CLK_TCK)))
pg_pid=$(bench_pg_pid); redis_pid=$(bench_redis_pid)
health_url="http://127.0.0.1:$WEB_PORT/health"
job_url="http://127.0.0.1:$WEB_PORT/api/jobs/$job"
auth="Authorization: Bearer $BENCH_ADMIN_TOKEN"
bench_log "warm-up: 15 s each"
bench_wrk "$health_url" 15
bench_wrk "$job_url" 15 -H "$auth"
echo "web: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency; JAVA_OPTS='${JAVA_OPTS:-}'; $(date -u +%FT%H:%MZ)"
echo "| round | endpoint | requests/s | p50 ms | p99 ms | non-2xx | CPU µs per request: web/PostgreSQL/Redis | load |"
echo "|---|---|---|---|---|---|---|---|"
: > "$BENCH_WORK/health.rps"; : > "$BENCH_WORK/job.rps"
for round in $(seq 1 "$ROUNDS"); do
  read -r rps p50 p99 bad cpu < <(measure "$health_url" "$DURATION")
  echo "$rps" >> "$BENCH_WORK/health.rps"
  echo "| $round | GET /health | $rps | $p50 | $p99 | $bad | $cpu | $(bench_load) |"
  read -r rps p50 p99 bad cpu < <(measure "$job_url" "$DURATION" -H "$auth")
  echo "$rps" >> "$BENCH_WORK/job.rps"
  echo "| $round | GET /api/jobs/{id} | $rps | $p50 | $p99 | $bad | $cpu | $(bench_load) |"
done
h=$(awk '{s += $1} END {print s / NR}' "$BENCH_WORK/health.rps")
j=$(awk '{s += $1} END {print s / NR}' "$BENCH_WORK/job.rps")
awk -v h="$h" -v j="$j" 'BEGIN {printf "job status / health (mean requests/s): %.0f / %.0f = %.0f%% (target >= 50%%)\n", j, h, 100 * j / h}'
