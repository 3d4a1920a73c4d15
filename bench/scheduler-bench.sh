#!/usr/bin/env bash
# Scheduler: delay from a trigger's scheduled fire time to the job being in Redis, p50/p99, with
# three scheduler replicas (clustered Quartz on one PostgreSQL) and an every-second schedule.
# Target: p99 <= 1 s.
#
# Each replica runs the scheduler jar through docker/entrypoint.sh with production settings and
# CRON_SCHEDULE='{"bench-tick": {"cron": "* * * * * ?", "type": "bench.tick", "queue": "bench"}}'
# (the built-in schedules stay on). No worker consumes the `bench` queue, so every firing stays in
# Redis; dev.deckhand.bench.system.SchedulerDelays then compares each job's scheduled time
# (args.scheduled_at) with `enq`, the Redis server time taken inside the enqueue script. Only
# firings scheduled inside the measured window count (not the boot-time catch-up ones).
#
# Usage: bench/scheduler-bench.sh [SECONDS]   (default 60; build scheduler, bench, local-stack first)
#   REPLICAS=3 JAVA_OPTS=...
source "$(dirname "$0")/lib/system.sh"
SECONDS_TO_RUN=${1:-60}
REPLICAS=${REPLICAS:-3}
BENCH_JAR=$(bench_jar bench)
[ -f "$BENCH_JAR" ] || { echo "missing $BENCH_JAR: mvn -B -q -pl bench -am package -DskipTests" >&2; exit 1; }
bench_require_jars scheduler
trap bench_cleanup EXIT
bench_services_start
bench_production_env
export CRON_SCHEDULE='{"bench-tick": {"cron": "* * * * * ?", "type": "bench.tick", "queue": "bench"}}'

pids=()
for i in $(seq 1 "$REPLICAS"); do
  bench_spawn "scheduler-$i" env PORT=$((28300 + i)) JAVA_OPTS="${JAVA_OPTS:-}" $(bench_proctype_cmd scheduler)
  pids+=("$BENCH_LAST_PID")
done
for i in $(seq 1 "$REPLICAS"); do
  bench_wait_http "http://127.0.0.1:$((28300 + i))/health/readiness" "${pids[$((i - 1))]}" 180
done
bench_log "$REPLICAS replicas ready; settling 5 s, then measuring for ${SECONDS_TO_RUN} s"
sleep 5
load_start=$(bench_load)
from_ms=$(date +%s%3N)
sleep "$SECONDS_TO_RUN"
to_ms=$(date +%s%3N)
sleep 3 # let the firings of the last second land
for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null || { echo "a scheduler replica died" >&2; exit 1; }; done
result=$(java -cp "$BENCH_JAR" dev.deckhand.bench.system.SchedulerDelays "$REDIS_URL" bench bench-tick "$from_ms" "$to_ms")
per_replica=""
for i in $(seq 1 "$REPLICAS"); do
  per_replica="$per_replica $(grep -c 'schedule bench-tick fired' "$BENCH_WORK/scheduler-$i.log" || true)"
done
echo "scheduler: $REPLICAS replicas, ${SECONDS_TO_RUN} s, JAVA_OPTS='${JAVA_OPTS:-}', load $load_start -> $(bench_load), $(date -u +%FT%H:%MZ)"
echo "$result"
echo "firings per replica (whole run, from their logs):$per_replica"
