# Shared helpers for the system benchmarks (proctype-startup.sh, web-bench.sh, scheduler-bench.sh,
# e2e-bench.sh). Source it; do not run it. Contract:
#   bench_services_start     starts the local stack in --services-only mode (embedded PostgreSQL 16,
#                            Redis 7, OAuth provider, migrations) in $BENCH_WORK and exports the
#                            variables of var/local/services.env; stopped by bench_cleanup.
#   bench_spawn NAME CMD...  starts a background process, logs to $BENCH_WORK/NAME.log, remembers
#                            its pid for bench_cleanup (SIGTERM, then wait).
#   bench_wait_http URL PID [SECONDS]  polls URL until 200; fails if PID dies or time runs out.
# Everything binds to 127.0.0.1 only; every loop is bounded.
set -euo pipefail

BENCH_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_WORK=${BENCH_WORK:-$(mktemp -d /tmp/deckhand-bench.XXXXXX)}
BENCH_PIDS=()
BENCH_STACK_PID=""
# Ports away from the defaults so a running bin/run-local does not collide.
BENCH_PG_PORT=${BENCH_PG_PORT:-55432}
BENCH_REDIS_PORT=${BENCH_REDIS_PORT:-56379}
BENCH_OAUTH_PORT=${BENCH_OAUTH_PORT:-58090}

bench_log() { printf '[bench %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# 1-minute load average, as printed next to every figure.
bench_load() { cut -d' ' -f1 /proc/loadavg; }

# A proctype's jar: $BENCH_JARS/deckhand-<p>.jar when BENCH_JARS is set (a snapshot, so that a
# build running meanwhile cannot swap a jar between two measurements), else <p>/target/.
bench_jar() { echo "${BENCH_JARS:-$BENCH_REPO/$1/target}/deckhand-$1.jar"; }

bench_require_jars() {
  local p
  for p in "$@"; do
    [ -f "$(bench_jar "$p")" ] || {
      echo "missing $(bench_jar "$p"): build with mvn -B -q -pl $p -am package -DskipTests" >&2; exit 1; }
  done
}

bench_spawn() {
  local name=$1; shift
  "$@" > "$BENCH_WORK/$name.log" 2>&1 &
  BENCH_PIDS+=($!)
  BENCH_LAST_PID=$!
}

bench_stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do bench_stop_pid "$pid"; done
  [ -n "$BENCH_STACK_PID" ] && bench_stop_pid "$BENCH_STACK_PID"
  if [ -z "${BENCH_KEEP_WORK:-}" ]; then rm -rf "$BENCH_WORK"; else bench_log "kept $BENCH_WORK"; fi
}

bench_services_start() {
  [ -f "$BENCH_REPO/local-stack/target/deckhand-local-stack.jar" ] && [ -f "$BENCH_REPO/migrations/target/deckhand-migrations.jar" ] \
    || { echo "build local-stack and migrations first (mvn -B -q -pl local-stack,migrations -am package -DskipTests)" >&2; exit 1; }
  mkdir -p "$BENCH_WORK"
  local port
  for port in "$BENCH_PG_PORT" "$BENCH_REDIS_PORT" "$BENCH_OAUTH_PORT"; do
    if ss -Hltn "sport = :$port" | grep -q .; then
      echo "port $port is in use (another benchmark?); set BENCH_PG_PORT/BENCH_REDIS_PORT/BENCH_OAUTH_PORT" >&2
      exit 1
    fi
  done
  bench_log "starting backing services in $BENCH_WORK (PostgreSQL :$BENCH_PG_PORT, Redis :$BENCH_REDIS_PORT)"
  ( cd "$BENCH_WORK" && LOCAL_POSTGRES_PORT=$BENCH_PG_PORT LOCAL_REDIS_PORT=$BENCH_REDIS_PORT \
      LOCAL_OAUTH_PORT=$BENCH_OAUTH_PORT exec java -XX:TieredStopAtLevel=1 -jar \
      "$BENCH_REPO/local-stack/target/deckhand-local-stack.jar" --services-only ) > "$BENCH_WORK/stack.log" 2>&1 &
  BENCH_STACK_PID=$!
  local i
  for i in $(seq 1 360); do
    [ -f "$BENCH_WORK/var/local/services.env" ] && break
    kill -0 "$BENCH_STACK_PID" 2>/dev/null || { tail -20 "$BENCH_WORK/stack.log" >&2; exit 1; }
    sleep 0.5
  done
  [ -f "$BENCH_WORK/var/local/services.env" ] || { tail -20 "$BENCH_WORK/stack.log" >&2; echo "backing services did not start" >&2; exit 1; }
  # shellcheck disable=SC1091
  source "$BENCH_WORK/var/local/services.env"
  export PROJECT_ROOT="$BENCH_WORK"
}

bench_wait_http() {
  local url=$1 pid=$2 seconds=${3:-120} i
  for i in $(seq 1 $((seconds * 50))); do
    curl -fs -o /dev/null -H 'Host: localhost' "$url" && return 0
    kill -0 "$pid" 2>/dev/null || { echo "process $pid died before $url answered" >&2; return 1; }
    sleep 0.02
  done
  echo "$url did not answer 200 within ${seconds}s" >&2
  return 1
}

# psql as the migration (superuser) role of the embedded PostgreSQL: seeding only.
bench_psql() {
  PGPASSWORD=postgres psql -X -q -A -t -h 127.0.0.1 -p "$BENCH_PG_PORT" -U postgres -d deckhand -v ON_ERROR_STOP=1 "$@"
}

# Cumulative CPU ticks (utime+stime, plus reaped children's) of a process and its live children.
bench_cpu_ticks() {
  local root=$1 total=0 pid
  for pid in $root $(pgrep -P "$root" 2>/dev/null || true); do
    [ -r "/proc/$pid/stat" ] || continue
    # Fields after the ")" of comm: utime=14, stime=15, cutime=16, cstime=17 (1-based, whole line).
    total=$((total + $(sed 's/^.*) //' "/proc/$pid/stat" | awk '{print $12 + $13 + $14 + $15}')))
  done
  echo "$total"
}

# Percentile (nearest rank) of numbers on stdin: bench_pct 99
bench_pct() { sort -n | awk -v p="$1" '{a[NR]=$1} END {if (NR==0) {print "n/a"; exit} i=int((p*NR+99)/100); if (i<1) i=1; if (i>NR) i=NR; print a[i]}'; }

# The backing servers' pids (for CPU accounting): the postmaster and the redis-server.
bench_pg_pid() { head -1 "$BENCH_WORK/var/local/postgres/postmaster.pid"; }
bench_redis_pid() { pgrep -f "redis-server.*127.0.0.1:$BENCH_REDIS_PORT" | head -1; }

# A production-like deploy of the proctypes on this host, as behind a TLS-terminating proxy on
# 127.0.0.1: fresh keys, JSON logs at INFO, ALLOWED_HOSTS=localhost, TRUSTED_PROXIES=127.0.0.1/32
# (clients send X-Forwarded-Proto: https, as nginx does). Call after bench_services_start.
bench_production_env() {
  export DECKHAND_ENV=production
  export SECRET_KEY=$(openssl rand -base64 48 | tr -d "\n")
  export DB_ENCRYPTION_KEY=$(openssl rand -base64 32 | tr -d "\n")
  export ALLOWED_HOSTS=localhost TRUSTED_PROXIES=127.0.0.1/32 LOG_FORMAT=json
}

# Runs a proctype jar the way the image does: through docker/entrypoint.sh (its JVM defaults,
# then $JAVA_OPTS), so figures include the production flags. Usage: bench_proctype_cmd PROCTYPE [JAR]
bench_proctype_cmd() {
  echo "env DECKHAND_JAR=${2:-$(bench_jar "$1")} bash $BENCH_REPO/docker/entrypoint.sh"
}

# HTTP to a proctype on 127.0.0.1 as a client behind the trusted proxy would: Host localhost,
# X-Forwarded-Proto https. Usage: bench_api PORT METHOD PATH TOKEN [JSON]; prints the body.
bench_api() {
  local port=$1 method=$2 path=$3 token=$4 body=${5:-}
  local args=(-fsS -X "$method" -H 'Host: localhost' -H 'X-Forwarded-Proto: https' -H "Authorization: Bearer $token")
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' --data "$body")
  curl "${args[@]}" "http://127.0.0.1:$port$path"
}

# An admin user with an API token, straight into the database (production has no admin bootstrap
# endpoint): exports BENCH_ADMIN_TOKEN. Token format and SHA-256 hash as dev.deckhand.accounts.Sessions.
bench_seed_admin() {
  local token hash uid
  token="dh_$(openssl rand -base64 32 | tr '+/' '-_' | tr -d '=\n')"
  hash=$(printf '%s' "$token" | sha256sum | cut -d' ' -f1)
  uid=$(bench_psql -c "INSERT INTO users (issuer, subject, email, name, is_admin)
    VALUES ('bench', 'admin-$RANDOM$RANDOM', 'bench-admin@example.com', 'Bench admin', true) RETURNING id" | head -1)
  bench_psql -c "INSERT INTO api_tokens (user_id, token_hash, kind, expires_at)
    VALUES ('$uid', decode('$hash', 'hex'), 'api', now() + interval '1 day')" > /dev/null
  export BENCH_ADMIN_TOKEN=$token BENCH_ADMIN_ID=$uid
}

# A product/version/plan through the admin API, with the steps given as a JSON array of
# {name, kind, config}; prints the plan id. Usage: bench_create_plan WEB_PORT SLUG STEPS_JSON
bench_create_plan() {
  local port=$1 slug=$2 steps=$3 product version plan i n
  product=$(bench_api "$port" POST /api/admin/products "$BENCH_ADMIN_TOKEN" \
    "{\"slug\":\"$slug\",\"title\":\"Bench $slug\"}" | jq -r .id)
  version=$(bench_api "$port" POST "/api/admin/products/$product/versions" "$BENCH_ADMIN_TOKEN" '{"label":"1.0"}' | jq -r .id)
  plan=$(bench_api "$port" POST "/api/admin/versions/$version/plans" "$BENCH_ADMIN_TOKEN" \
    '{"slug":"install","title":"Install","preflightRequired":false}' | jq -r .id)
  n=$(jq length <<< "$steps")
  for i in $(seq 0 $((n - 1))); do
    bench_api "$port" POST "/api/admin/plans/$plan/steps" "$BENCH_ADMIN_TOKEN" \
      "$(jq -c --argjson o $((i + 1)) ".[$i] + {order: \$o}" <<< "$steps")" > /dev/null
  done
  echo "$plan"
}

# One wrk run against URL for SECONDS with $THREADS threads and $CONNECTIONS connections, as a
# client behind the trusted proxy (Host localhost, X-Forwarded-Proto https); extra wrk arguments
# (e.g. -H "Authorization: ...") follow. Writes "req/s p50_ms p99_ms non2xx" to $BENCH_WORK/wrk.stats
# and the request count to $BENCH_WORK/wrk.count. Usage: bench_wrk URL SECONDS [WRK_ARGS...]
bench_wrk() {
  local url=$1 seconds=$2; shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${seconds}s" --latency -H 'Host: localhost' -H 'X-Forwarded-Proto: https' "$@" "$url" \
    > "$BENCH_WORK/wrk.out" 2>&1
  awk 'function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       /Requests\/sec:/ {rps = $2}
       $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
       /Non-2xx or 3xx responses:/ {bad = $NF}
       END {printf "%d %.2f %.2f %d\n", rps, p50, p99, bad + 0}' "$BENCH_WORK/wrk.out" > "$BENCH_WORK/wrk.stats"
  awk '/requests in/ {print $1}' "$BENCH_WORK/wrk.out" > "$BENCH_WORK/wrk.count"
}

# A finished job of PLAN owned by USER, as a real one looks when polled: ten step results and ten
# log lines (job_log_lines). Prints the job id. Usage: bench_seed_finished_job PLAN USER
bench_seed_finished_job() {
  local job
  job=$(bench_psql -c "INSERT INTO jobs (plan_id, user_id, status, selected_steps, results, created_at, finished_at)
    SELECT '$1', '$2', 'complete', '[]',
           (SELECT jsonb_object_agg(gen_random_uuid()::text, jsonb_build_object('status', 'ok', 'message', 'GET /things returned 200'))
              FROM generate_series(1, 10)),
           now() - interval '5 seconds', now()
    RETURNING id" | head -1)
  bench_psql -c "INSERT INTO job_log_lines (job_id, line, at)
    SELECT '$job', 'GET /things/' || g || E' -> 200\n', now() FROM generate_series(1, 10) g" > /dev/null
  echo "$job"
}

# The web read path's deploy (web-bench.sh, web-vs-pgbench.sh): backing services, the web jar on
# WEB_PORT with production settings and RATE_LIMIT_API_PER_MINUTE at its maximum (the limiter runs,
# never answers 429), a seeded admin and a finished job of theirs. Sets web_pid and BENCH_JOB; the
# caller sets the EXIT trap (bench_cleanup) first. Usage: bench_web_with_finished_job
bench_web_with_finished_job() {
  local plan
  bench_services_start
  bench_production_env
  export RATE_LIMIT_API_PER_MINUTE=1000000
  bench_spawn web env PORT=$WEB_PORT JAVA_OPTS="${JAVA_OPTS:-}" $(bench_proctype_cmd web)
  web_pid=$BENCH_LAST_PID
  bench_wait_http "http://127.0.0.1:$WEB_PORT/health/readiness" "$web_pid" 120
  bench_seed_admin
  plan=$(bench_create_plan "$WEB_PORT" status-bench '[{"name":"call","kind":"http","config":{"path":"/things"}}]')
  BENCH_JOB=$(bench_seed_finished_job "$plan" "$BENCH_ADMIN_ID")
}
