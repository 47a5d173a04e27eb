#!/usr/bin/env bash
# Live fan-out benchmark: latency from a change's HTTP answer to each WebSocket client's
# receipt, the service's own share of it (helpdesk_live_fanout_seconds), CPU of the service,
# PostgreSQL and the client, and the service's memory per connection. Not part of the test suite.
#
#   bench/live-broadcast.sh [broadcast-sockets=1000,2000,4000,6000,8000] [seconds=15] [desk-sockets=5000]
#   (0 for either skips that part)
#
# Needs a local PostgreSQL (127.0.0.1:5432, user postgres, trust auth; BENCH_PG_* override),
# psql, curl and a JDK (jcmd). Service, database and clients share this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

CLIENTS=${1:-1000,2000,4000,6000,8000}
SECONDS_PER_RUN=${2:-15}
DESK=${3:-5000}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
DB=${BENCH_DB:-helpdesk_live_bench}
SECRET=bench-secret-bench-secret-bench-secret-0123
PORT=${BENCH_PORT:-18200}
# one token drives up to thousands of sockets here: lift the per-person live connection cap (20 in production)
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g} -Dhelpdesk.live.maxSocketsPerUser=100000"
psql_() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -q -v ON_ERROR_STOP=1 "$@"; }

ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ -f target/helpdesk.jar ] || mvn -B -q -DskipTests package
psql_ -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

mkdir -p bench/out
HELPDESK_PORT=$PORT HELPDESK_DB_URL="postgresql://$PG_USER@$PG_HOST:$PG_PORT/$DB" HELPDESK_JWT_SECRET=$SECRET \
  HELPDESK_ADMIN_EMAIL=bench@bench.example HELPDESK_ADMIN_PASSWORD=bench-password-1 \
  java $JAVA_OPTS -jar target/helpdesk.jar > bench/out/live-service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null; [ -n "${BENCH_KEEP_DB:-}" ] || psql_ -c "DROP DATABASE IF EXISTS $DB"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break
  sleep 0.5
done

# One contact, one portal session (LiveBroadcast signs its token) and one ticket per requester
# socket (ticket i belongs to contact i), with the
# SLA marks every ticket carries (medium: first response in 8 h, resolution in 3 days).
REQUESTERS=$(( DESK > 270 ? DESK - 220 : 50 ))
psql_ -d "$DB" -c "INSERT INTO contacts (email, name) SELECT 'bench' || g || '@bench.example', 'Bench ' || g
                 FROM generate_series(1, $REQUESTERS) g" \
      -c "INSERT INTO tickets (subject, description, priority, category, channel, requester_contact_id,
                               sla_first_due_at, sla_resolution_due_at, sla_warn_at, sla_breach_at)
          SELECT 'desk ' || g, repeat('A realistic description. ', 20), 'medium', 'general', 'web', g,
                 now() + interval '8 hours', now() + interval '3 days', now() + interval '6 hours',
                 now() + interval '8 hours'
          FROM generate_series(1, $REQUESTERS) g" \
      -c "INSERT INTO sessions (id, subject, expires_at)
          SELECT 'bench-contact-' || g, 'contact:' || g, now() + interval '2 hours'
          FROM generate_series(1, $REQUESTERS) g" \
      -c "VACUUM ANALYZE tickets"

echo "# Live fan-out, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; service $JAVA_OPTS, PostgreSQL and clients on this machine"
echo
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows here)"
echo
echo "Broadcast: N staff sockets on \`tickets\`, writers at 20 changes/s (PATCH subject), ${SECONDS_PER_RUN} s per N."
echo "CPU columns: share of one core over the run (200 % = both cores of this box); PostgreSQL: the backends serving $DB."
echo
if [ "$CLIENTS" != 0 ]; then
  java -cp target/helpdesk.jar bench/live/LiveBroadcast.java "http://127.0.0.1:$PORT" $SERVICE $SECRET "$DB" \
    broadcast "$SECONDS_PER_RUN" "$CLIENTS"
fi
if [ "$DESK" -gt 0 ]; then
  java -cp target/helpdesk.jar bench/live/LiveBroadcast.java "http://127.0.0.1:$PORT" $SERVICE $SECRET "$DB" \
    desk "$DESK" "$SECONDS_PER_RUN"
fi
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Service log: $(grep -cE 'WARN|ERROR' bench/out/live-service.log) WARN/ERROR lines," \
  "$(grep -c 'blocked' bench/out/live-service.log) blocked-thread warnings"
