#!/usr/bin/env bash
# Measures, per proctype jar: time from `java -jar` to /health/readiness = 200, and idle RSS
# 5 s after ready. Runs each proctype RUNS times (default 5) and prints the median and range.
# Backing services: the local stack in --services-only mode (embedded PostgreSQL 16, Redis 7).
# Usage: bench/proctype-startup.sh [RUNS]   (after ./mvnw -DskipTests package)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
JAVA_OPTS=${JAVA_OPTS:-"-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -XX:ReservedCodeCacheSize=48m -XX:MaxMetaspaceSize=128m"}
work=$(mktemp -d)
trap 'kill $stack 2>/dev/null || true; wait $stack 2>/dev/null || true; rm -rf "$work"' EXIT
( cd "$work" && LOCAL_POSTGRES_PORT=55432 LOCAL_REDIS_PORT=56379 LOCAL_OAUTH_PORT=58090 \
    exec java -jar "$OLDPWD/local-stack/target/deckhand-local-stack.jar" --services-only ) > "$work/stack.log" 2>&1 &
stack=$!
for _ in $(seq 1 240); do [ -f "$work/var/local/services.env" ] && break; sleep 0.5; done
# shellcheck disable=SC1091
source "$work/var/local/services.env"
export DECKHAND_ENV=test LOG_LEVEL=WARN PROJECT_ROOT="$work"

median() { sort -n | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%d (min %d, max %d)", m, a[1], a[NR]}'; }

printf "%-13s %-28s %-28s\n" proctype "ready ms (median)" "idle RSS MB (median)"
for p in web worker worker-short scheduler devworker; do
  : > "$work/ready.txt"; : > "$work/rss.txt"
  for _ in $(seq 1 "$RUNS"); do
    port=$((20000 + RANDOM % 20000))
    start=$(date +%s%N)
    # shellcheck disable=SC2086
    PORT=$port java $JAVA_OPTS -jar "$p/target/deckhand-$p.jar" > "$work/$p.log" 2>&1 &
    pid=$!
    until curl -fs "http://127.0.0.1:$port/health/readiness" >/dev/null 2>&1; do
      kill -0 $pid 2>/dev/null || { echo "$p died:"; tail -20 "$work/$p.log"; exit 1; }
      sleep 0.02
    done
    echo $(( ($(date +%s%N) - start) / 1000000 )) >> "$work/ready.txt"
    sleep 5
    awk '/VmRSS/ {print int($2/1024)}' /proc/$pid/status >> "$work/rss.txt"
    kill -TERM $pid; wait $pid 2>/dev/null || true
  done
  printf "%-13s %-28s %-28s\n" "$p" "$(median < "$work/ready.txt")" "$(median < "$work/rss.txt")"
done
