#!/usr/bin/env bash
# Loads a realistic desk of N tickets (default 1,000,000) into a fresh database.
#
#   bench/generate-desk.sh [database=helpdesk_1m] [tickets=1000000]
#
# 1. builds target/helpdesk.jar if it is missing;
# 2. creates the database and starts the service on it once, so that Flyway migrates it
#    and the admin (BENCH_ADMIN_EMAIL / BENCH_ADMIN_PASSWORD) exists, then stops it;
# 3. drops the secondary indexes of tickets and messages (keeping their definitions),
#    generates everything inside PostgreSQL in one transaction (bench/desk.sql: 20 agents
#    who sign in with the admin's password, 50,000 contacts, the tickets with their SLA
#    marks, tags, threads and the tickets' search words), compacts the tickets, rebuilds the indexes,
#    VACUUM ANALYZE.
# About 8-10 minutes for a million tickets (5,000,000 messages) on 2 cores.
#
# Environment: BENCH_PG_HOST / BENCH_PG_PORT / BENCH_PG_USER (127.0.0.1 / 5432 / postgres, trust auth),
# BENCH_ADMIN_EMAIL (bench-admin@example.com), BENCH_ADMIN_PASSWORD (bench-password-1).
set -euo pipefail

DB=${1:-helpdesk_1m}
TICKETS=${2:-1000000}
export PGHOST=${BENCH_PG_HOST:-127.0.0.1}
export PGPORT=${BENCH_PG_PORT:-5432}
export PGUSER=${BENCH_PG_USER:-postgres}
ADMIN_EMAIL=${BENCH_ADMIN_EMAIL:-bench-admin@example.com}
ADMIN_PASSWORD=${BENCH_ADMIN_PASSWORD:-bench-password-1}

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/helpdesk.jar"
log() { printf '[desk] %s\n' "$*" >&2; }
psql_q() { psql -X -v ON_ERROR_STOP=1 -q -At "$@"; }

[[ -f "$JAR" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)

log "creating database $DB"
psql_q -d postgres -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
log "migrating through the service (port $PORT)"
HELPDESK_DB_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/$DB" HELPDESK_PORT=$PORT HELPDESK_DATA_DIR=$(mktemp -d) \
  HELPDESK_ADMIN_EMAIL=$ADMIN_EMAIL HELPDESK_ADMIN_PASSWORD=$ADMIN_PASSWORD \
  java -Xmx256m -jar "$JAR" >/tmp/generate-desk-service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/health" >/dev/null || { log "the service did not start"; cat /tmp/generate-desk-service.log; exit 1; }
kill $SERVICE; wait $SERVICE 2>/dev/null || true
trap - EXIT

log "dropping secondary indexes for the load"
psql_q -d "$DB" -c "CREATE TABLE bench_saved_indexes AS SELECT indexname, indexdef FROM pg_indexes
  WHERE schemaname = 'public' AND tablename IN ('tickets', 'messages')
    AND indexname NOT IN (SELECT conname FROM pg_constraint)"
psql_q -d "$DB" -c "SELECT 'DROP INDEX ' || quote_ident(indexname) || ';' FROM bench_saved_indexes" | psql_q -d "$DB"

log "generating $TICKETS tickets"
start=$(date +%s)
psql -X -q -v ON_ERROR_STOP=1 -v tickets="$TICKETS" -d "$DB" -1 -f "$BENCH_DIR/desk.sql"
log "generated in $(( $(date +%s) - start )) s; compacting tickets (their words were added last), rebuilding indexes"
psql_q -d "$DB" -c "VACUUM FULL tickets"
psql_q -d "$DB" -c "SET maintenance_work_mem = '512MB'" -c "SELECT indexdef FROM bench_saved_indexes" \
  | sed 's/$/;/' | (echo "SET maintenance_work_mem = '512MB';"; cat) | psql_q -d "$DB"
psql_q -d "$DB" -c "DROP TABLE bench_saved_indexes" -c "VACUUM ANALYZE"
# the tickets were written without events: the service's report folder recounts every day at its next start
psql_q -d "$DB" -c "UPDATE report_state SET calendar = NULL" 2>/dev/null || true
log "done in $(( $(date +%s) - start )) s: $(psql_q -d "$DB" -c 'SELECT count(*) FROM tickets') tickets,"\
" $(psql_q -d "$DB" -c 'SELECT count(*) FROM messages') messages; sign in as $ADMIN_EMAIL or agent01@bench.example"\
" with $ADMIN_PASSWORD"
