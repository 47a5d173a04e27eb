#!/usr/bin/env bash
# Search benchmark at scale: starts the service with its heap capped at 256 MB on a
# generated desk and runs bench/SearchBench.java against it through HTTP.
#
#   bench/generate-desk.sh helpdesk_1m 1000000     # once, ~4 minutes
#   bench/search-bench.sh [database=helpdesk_1m] [runs=40]
#
# Prints p50/p95 per list query (each token alone, combinations, subject words, presets,
# sorts, deep pages), then the time of a CSV export of ~100,000 tickets, a PDF of ~10,000
# and a bulk change of ~10,000 (which changes the desk: priorities of one ten-day stretch
# flip between low and high, and the threads of those tickets grow).
# Environment: BENCH_PG_HOST / BENCH_PG_PORT / BENCH_PG_USER, BENCH_JAVA_OPTS (-Xmx256m),
# BENCH_USER (agent01@bench.example), BENCH_PASSWORD (bench-password-1).
set -euo pipefail

DB=${1:-helpdesk_1m}
RUNS=${2:-40}
PGHOST=${BENCH_PG_HOST:-127.0.0.1}
PGPORT=${BENCH_PG_PORT:-5432}
PGUSER=${BENCH_PG_USER:-postgres}
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xmx256m"}
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/helpdesk.jar"
[[ -f "$JAR" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)

# The previous run's bulk change left ~20,000 dead ticket rows: vacuum them as autovacuum would
# (PostgreSQL here may run with autovacuum off, as in CI), or every later run is measured slower.
psql -X -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" -c 'VACUUM (ANALYZE) tickets'

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOG=$(mktemp /tmp/search-bench-service.XXXXXX.log)
# shellcheck disable=SC2086
HELPDESK_DB_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/$DB" HELPDESK_PORT=$PORT HELPDESK_DATA_DIR=$(mktemp -d) \
  java $JAVA_OPTS -jar "$JAR" >"$LOG" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 1
done
# Start-up work (the reports recounting days an earlier run's bulk change touched, the SLA
# watcher catching up) would run beside the first queries: wait until the service and its
# database are idle for 3 s in a row (at most 3 minutes).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$SERVICE/stat"; }
quiet=0
for _ in $(seq 1 180); do
  before=$(cpu_ticks); sleep 1; after=$(cpu_ticks)
  busy=$(psql -X -At -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" -c "SELECT count(*) FROM pg_stat_activity
    WHERE datname = current_database() AND state = 'active' AND pid <> pg_backend_pid()")
  if (( after - before <= 3 && busy == 0 )); then quiet=$((quiet + 1)); else quiet=0; fi
  (( quiet >= 3 )) && break
done
echo "service: java $JAVA_OPTS on $DB ($(psql -X -At -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" \
  -c 'SELECT count(*) FROM tickets') tickets), port $PORT, $(nproc) cores"
java "$BENCH_DIR/SearchBench.java" "http://127.0.0.1:$PORT" "${BENCH_USER:-agent01@bench.example}" \
  "${BENCH_PASSWORD:-bench-password-1}" "$RUNS"
echo
echo "service log: $(grep -c -E 'WARN|ERROR' "$LOG") WARN/ERROR lines, $(grep -c 'blocked' "$LOG") blocked-thread warnings," \
  "$(grep -c 'OutOfMemoryError' "$LOG") OutOfMemoryError ($LOG)"
