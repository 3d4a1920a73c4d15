#!/usr/bin/env bash
# Job queue benchmark: builds the bench jar (offline if deps are cached) and runs it. Prints figures.
# Starts its own embedded Redis unless --redis-url is given (that database is FLUSHED).
# Usage: bench/run-queue-bench.sh [--jobs 50000] [--concurrency 50] [--processes 1,2,4] [--rate 1000] [--seconds 10]
#                                 [--only all|enqueue|throughput|latency] [--redis-url redis://host:port]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o -pl bench -am package -DskipTests 2>/dev/null || mvn -B -q -pl bench -am package -DskipTests
exec java -Xmx1g -cp bench/target/deckhand-bench.jar dev.deckhand.bench.QueueBench "$@"
