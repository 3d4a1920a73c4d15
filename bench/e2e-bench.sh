#!/usr/bin/env bash
# End to end: a plan of 10 `http` steps against a local HTTP target, started JOBS times at once
# through the web API (POST /api/plans/{id}/jobs) and run by the worker proctype:
# jobs/min, job duration (created -> finished, so it includes the wait in the queue) p50/p99,
# and CPU per job of PostgreSQL (postmaster and backends), Redis, web and worker (/proc/<pid>/stat).
#
# Deploy: web and worker jars through docker/entrypoint.sh with production settings
# (bench/lib/system.sh); OAUTH_API_BASE_URL is dev.deckhand.bench.system.HttpTarget on 127.0.0.1
# (200 at once to everything), named by another name of 127.0.0.1 (TARGET_HOST);
# RATE_LIMIT_API_PER_MINUTE=1000000 (200 starts come from one IP); the worker's
# WORKER_QUEUES=default=$CONCURRENCY. The user signs in through the local OAuth provider (which
# connects the account the http steps call the API with); the plan is created through the admin
# API by a seeded admin.
#
# Usage: bench/e2e-bench.sh [JOBS]   (default 200; build web, worker, bench, local-stack first)
#   WARMUP=0 jobs run first and not measured (steady state: e.g. WARMUP=1000)
#   CONCURRENCY=10 (worker's default queue concurrency) JAVA_OPTS=... WORKER_JAVA_OPTS=(default JAVA_OPTS)
source "$(dirname "$0")/lib/system.sh"
JOBS=${1:-200}
WARMUP=${WARMUP:-0}
CONCURRENCY=${CONCURRENCY:-10}
WEB_PORT=${WEB_PORT:-28100}
WORKER_PORT=${WORKER_PORT:-28181}
TARGET_PORT=${TARGET_PORT:-28199}
BENCH_JAR=$(bench_jar bench)
[ -f "$BENCH_JAR" ] || { echo "missing $BENCH_JAR: mvn -B -q -pl bench -am package -DskipTests" >&2; exit 1; }
bench_require_jars web worker
trap bench_cleanup EXIT
bench_services_start
bench_production_env
# Production refuses a loopback OAUTH_API_BASE_URL written as such (127.x, localhost: the local demo
# API by mistake); the target is on this host, so it is named by another of loopback's names in
# /etc/hosts (TARGET_HOST; e.g. the machine's own name).
TARGET_HOST=${TARGET_HOST:-$(awk '$1 ~ /^127\./ { for (i = 2; i <= NF; i++) if ($i !~ /localhost/) { print $i; exit } }' /etc/hosts)}
[ -n "$TARGET_HOST" ] || { echo "no name for 127.0.0.1 other than localhost in /etc/hosts: set TARGET_HOST" >&2; exit 1; }
export RATE_LIMIT_API_PER_MINUTE=1000000 OAUTH_API_BASE_URL="http://$TARGET_HOST:$TARGET_PORT"

bench_spawn target java -XX:TieredStopAtLevel=1 -cp "$BENCH_JAR" dev.deckhand.bench.system.HttpTarget "$TARGET_PORT" 1200
bench_spawn web env PORT=$WEB_PORT JAVA_OPTS="${JAVA_OPTS:-}" $(bench_proctype_cmd web)
web_pid=$BENCH_LAST_PID
bench_spawn worker env PORT=$WORKER_PORT WORKER_QUEUES="default=$CONCURRENCY" JAVA_OPTS="${WORKER_JAVA_OPTS:-${JAVA_OPTS:-}}" \
  $(bench_proctype_cmd worker)
worker_pid=$BENCH_LAST_PID
bench_wait_http "http://127.0.0.1:$WEB_PORT/health/readiness" "$web_pid" 180
bench_wait_http "http://127.0.0.1:$WORKER_PORT/health/readiness" "$worker_pid" 180

bench_seed_admin
steps=$(jq -nc '[range(1; 11) | {name: "call-\(.)", kind: "http", config: {method: "GET", path: "/things/\(.)"}}]')
plan=$(bench_create_plan "$WEB_PORT" e2e "$steps")

# Sign in as a browser would: our /api/auth/signin -> provider -> our callback (answers the token).
hdr=(-H 'Host: localhost' -H 'X-Forwarded-Proto: https')
# The flow cookie set by the start must come back with the callback (the flow is bound to it).
start_headers=$(mktemp)
at_provider=$(curl -fsS -o /dev/null -D "$start_headers" -w '%{redirect_url}' "${hdr[@]}" "http://127.0.0.1:$WEB_PORT/api/auth/signin")
flow_cookie=$(grep -i '^set-cookie: [^=]*oauth_flow=' "$start_headers" | head -1 | sed -E 's/^[^:]*: *([^;]*).*/\1/' | tr -d '\r')
rm -f "$start_headers"
callback=$(curl -fsS -o /dev/null -w '%{redirect_url}' "$at_provider")
callback="http://127.0.0.1:$WEB_PORT/${callback#*://*/}"
user_token=$(curl -fsS "${hdr[@]}" -H "Cookie: $flow_cookie" "$callback" | jq -r .token)
[ -n "$user_token" ] && [ "$user_token" != null ] || { echo "sign-in failed" >&2; exit 1; }

# One job first (warm-up of both JVMs and a check that the plan succeeds).
bench_api "$WEB_PORT" POST "/api/plans/$plan/jobs" "$user_token" '{}' > "$BENCH_WORK/warm.json"
warm=$(jq -r .id "$BENCH_WORK/warm.json")
for _ in $(seq 1 600); do
  s=$(bench_psql -c "SELECT status FROM jobs WHERE id = '$warm'")
  [ "$s" != started ] && break
  sleep 0.1
done
[ "$s" = complete ] || { echo "warm-up job ended '$s': $(bench_psql -c "SELECT error, log FROM jobs WHERE id = '$warm'")" >&2; exit 1; }
bench_psql -c "DELETE FROM jobs WHERE id = '$warm'"

# N starts from ONE curl process (--parallel, up to 200 connections at once). Starting them with
# one curl process each (xargs -P) measured the launcher: a web JFR of a 1,000-plan run showed the
# web mostly idle (248 samples in 77 s) while the plans were created at ~15/s.
start_jobs() {
  local cfg; cfg=$(mktemp)
  for _ in $(seq 1 "$1"); do
    printf 'url = "http://127.0.0.1:%s/api/plans/%s/jobs"\noutput = "/dev/null"\n' \
      "$WEB_PORT" "$plan"
  done > "$cfg"
  curl -sS --parallel --parallel-max 200 "${hdr[@]}" -H "Authorization: Bearer $user_token" \
    -H 'Content-Type: application/json' --data '{}' -w '%{http_code}\n' -K "$cfg"
  rm -f "$cfg"
}
await_plan_idle() {
  for _ in $(seq 1 6000); do
    left=$(bench_psql -c "SELECT count(*) FROM jobs WHERE plan_id = '$plan' AND status = 'started'")
    [ "$left" = 0 ] && return 0
    sleep 0.1
  done
  return 1
}
# Then WARMUP jobs, not measured: the JIT compiles the run loop's code for several hundred plans
# (a JFR recording of a 600-plan run showed C1/C2 compiling through the whole window), so a short
# run without them measures warm-up, not the steady state.
if [ "$WARMUP" -gt 0 ]; then
  bench_log "warm-up: $WARMUP jobs (not measured)"
  start_jobs "$WARMUP" > /dev/null
  await_plan_idle || { echo "warm-up jobs still running after 600 s" >&2; exit 1; }
  bench_psql -c "DELETE FROM jobs WHERE plan_id = '$plan'"
fi

# PG_SETTINGS="name=value ..." (e.g. synchronous_commit=off): ALTER SYSTEM before the measured
# run, to attribute PostgreSQL's CPU (its commits' WAL flushes, say) by difference.
for kv in ${PG_SETTINGS:-}; do
  bench_psql -c "ALTER SYSTEM SET ${kv%%=*} = '${kv#*=}'" && bench_psql -c "SELECT pg_reload_conf()" > /dev/null
  bench_log "PostgreSQL: $kv ($(bench_psql -c "SHOW ${kv%%=*}"))"
done
# What the database did per job: commits (incl. the bench's own polling, ~10 read-only ones a
# second) and rows written, from pg_stat_database.
db_counts() { bench_psql -F ' ' -c "SELECT xact_commit, tup_inserted, tup_updated, tup_deleted FROM pg_stat_database WHERE datname = current_database()"; }
pg=$(bench_pg_pid); rd=$(bench_redis_pid)
read -r xc0 ins0 upd0 del0 < <(db_counts)
snapshot() { echo "$(bench_cpu_ticks "$pg") $(bench_cpu_ticks "$rd") $(bench_cpu_ticks "$web_pid") $(bench_cpu_ticks "$worker_pid")"; }
read -r pg0 rd0 web0 wk0 < <(snapshot)
load_start=$(bench_load)
bench_log "starting $JOBS jobs at once (worker concurrency $CONCURRENCY)"
start_jobs "$JOBS" > "$BENCH_WORK/starts.txt"
accepted=$(grep -c '^202$' "$BENCH_WORK/starts.txt" || true)
idle=0; await_plan_idle || idle=$?
read -r pg1 rd1 web1 wk1 < <(snapshot)
sleep 0.6 # pg_stat_database is reported by the backends at most every 500 ms
read -r xc1 ins1 upd1 del1 < <(db_counts)
[ "$idle" = 0 ] || { echo "$left jobs still running after 600 s" >&2; exit 1; }

stats=$(bench_psql -F ' ' -c "SELECT count(*) FILTER (WHERE status = 'complete'), count(*) FILTER (WHERE status <> 'complete'),
    round(extract(epoch FROM max(finished_at) - min(created_at)) * 1000),
    round(percentile_disc(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at) * 1000)),
    round(percentile_disc(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at) * 1000)),
    round(max(extract(epoch FROM finished_at - created_at) * 1000))
  FROM jobs WHERE plan_id = '$plan'")
read -r complete other span p50 p99 max <<< "$stats"
tick_ms=$((1000 / $(getconf CLK_TCK)))
echo "e2e: $JOBS jobs x 10 http steps, worker concurrency $CONCURRENCY, JAVA_OPTS='${JAVA_OPTS:-}', load $load_start -> $(bench_load), $(date -u +%FT%H:%MZ)"
echo "accepted (202): $accepted; complete: $complete; other: $other; $(grep -v '^202$' "$BENCH_WORK/starts.txt" | sort | uniq -c | tr '\n' ' ')"
awk -v n="$complete" -v span="$span" -v p50="$p50" -v p99="$p99" -v max="$max" 'BEGIN {
  printf "first created -> last finished: %d ms => %.0f jobs/min; duration p50 %d ms, p99 %d ms, max %d ms\n", span, n * 60000 / span, p50, p99, max }'
awk -v j="$JOBS" -v t="$tick_ms" -v a="$((pg1 - pg0))" -v b="$((rd1 - rd0))" -v c="$((web1 - web0))" -v d="$((wk1 - wk0))" 'BEGIN {
  printf "CPU ms per job: PostgreSQL %.1f, Redis %.2f, web %.1f, worker %.1f\n", a * t / j, b * t / j, c * t / j, d * t / j }'
awk -v j="$JOBS" -v x="$((xc1 - xc0))" -v i="$((ins1 - ins0))" -v u="$((upd1 - upd0))" -v d="$((del1 - del0))" 'BEGIN {
  printf "PostgreSQL per job: %.1f commits (incl. the bench'"'"'s polling), rows inserted %.1f, updated %.1f, deleted %.1f\n", x / j, i / j, u / j, d / j }'
echo "step results per job (min-max): $(bench_psql -F - -c "SELECT min(n), max(n) FROM (SELECT (SELECT count(*)
  FROM jsonb_object_keys(results)) AS n FROM jobs WHERE plan_id = '$plan') r")"
