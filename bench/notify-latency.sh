#!/usr/bin/env bash
# Notification latency: from a change's commit to its notification.created frame at the
# recipient's WebSocket, with N agents connected (each on `notifications` and `tickets`, as the
# agent app), under assignments, requester replies and @mentions at fixed rates. Prints
# p50/p95/p99/max (a lower and an upper bound of commit → frame), notifications expected vs
# received (lost, duplicated, to a wrong agent), and the service's and PostgreSQL's CPU per change.
# Not part of the test suite.
#
#   bench/notify-latency.sh [rates=20,100] [seconds=20] [agents=200]
#
# Needs a local PostgreSQL (127.0.0.1:5432, user postgres, trust auth; BENCH_PG_* override),
# psql, curl and a JDK (javac). Service, database and clients share this machine.
# Knobs: BENCH_DB (helpdesk_notify_bench), BENCH_PORT (18300), BENCH_JAVA_OPTS (-Xmx1g),
# BENCH_WARMUP_SECONDS (10, at 20 changes/s), BENCH_KEEP_DB=1, BENCH_TOPICS (notifications,tickets;
# `notifications` alone shows what the `tickets` fan-out to every agent adds).
set -euo pipefail
cd "$(dirname "$0")/.."

RATES=${1:-20,100}
SECONDS_PER_RUN=${2:-20}
AGENTS=${3:-200}
WARMUP=${BENCH_WARMUP_SECONDS:-10}
CONTACTS=2000
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
DB=${BENCH_DB:-helpdesk_notify_bench}
SECRET=bench-secret-bench-secret-bench-secret-0123
PORT=${BENCH_PORT:-18300}
JAVA_OPTS="${BENCH_JAVA_OPTS:--Xmx1g}"
psql_() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -q -v ON_ERROR_STOP=1 "$@"; }

# one ticket per change (warm-up included), so that each notification names its change
TICKETS=$(( WARMUP * 20 + 10 ))
for r in ${RATES//,/ }; do TICKETS=$(( TICKETS + r * SECONDS_PER_RUN )); done

ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ -f target/helpdesk.jar ] || mvn -B -q -DskipTests package
CLASSES=bench/out/notify-classes
rm -rf "$CLASSES" && mkdir -p "$CLASSES"
javac -nowarn -cp target/helpdesk.jar -d "$CLASSES" bench/live/LiveBroadcast.java bench/live/NotifyLatency.java
psql_ -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

mkdir -p bench/out
HELPDESK_PORT=$PORT HELPDESK_DB_URL="postgresql://$PG_USER@$PG_HOST:$PG_PORT/$DB" HELPDESK_JWT_SECRET=$SECRET \
  HELPDESK_ADMIN_EMAIL=bench@bench.example HELPDESK_ADMIN_PASSWORD=bench-password-1 \
  java $JAVA_OPTS -jar target/helpdesk.jar > bench/out/notify-service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null || true; [ -n "${BENCH_KEEP_DB:-}" ] || psql_ -c "DROP DATABASE IF EXISTS $DB"' EXIT
UP=0
for _ in $(seq 1 360); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && { UP=1; break; }
  sleep 0.5
done
[ $UP = 1 ] || { echo "the service did not answer /health within 3 minutes; see bench/out/notify-service.log"; exit 1; }
# the admin (whose password hash the agents share) is made at start-up, after the migrations
for _ in $(seq 1 60); do
  [ "$(psql_ -d "$DB" -tAc "SELECT count(*) FROM users WHERE role = 'admin'" 2>/dev/null)" = 1 ] && break
  sleep 0.5
done

# The desk: AGENTS agents (agent001@bench.example …, sessions for the tokens NotifyLatency signs),
# CONTACTS contacts with sessions (as live-broadcast.sh), and TICKETS tickets: ticket t belongs to
# contact ((t - 1) % CONTACTS) + 1 and is assigned to agent number (t % AGENTS) in id order, at
# version 1, with the SLA marks every ticket carries (medium).
psql_ -d "$DB" \
  -c "INSERT INTO users (email, name, role, password_hash)
      SELECT 'agent' || lpad(g::text, 3, '0') || '@bench.example', 'Agent ' || g, 'agent',
             (SELECT password_hash FROM users WHERE role = 'admin' ORDER BY id LIMIT 1)
      FROM generate_series(1, $AGENTS) g" \
  -c "INSERT INTO sessions (id, subject, user_id, expires_at)
      SELECT 'bench-agent-' || id, 'user:' || id, id, now() + interval '2 hours' FROM users WHERE role = 'agent'" \
  -c "INSERT INTO contacts (email, name) SELECT 'bench' || g || '@bench.example', 'Bench ' || g
      FROM generate_series(1, $CONTACTS) g" \
  -c "INSERT INTO sessions (id, subject, expires_at)
      SELECT 'bench-contact-' || g, 'contact:' || g, now() + interval '2 hours' FROM generate_series(1, $CONTACTS) g" \
  -c "WITH a AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS k FROM users WHERE role = 'agent')
      INSERT INTO tickets (subject, description, priority, category, channel, requester_contact_id, assignee_id,
                           sla_first_due_at, sla_resolution_due_at, sla_warn_at, sla_breach_at)
      SELECT 'notify ' || g, 'The printer on the second floor jams.', 'medium', 'general', 'web',
             (g - 1) % $CONTACTS + 1, a.id,
             now() + interval '8 hours', now() + interval '3 days', now() + interval '6 hours', now() + interval '8 hours'
      FROM generate_series(1, $TICKETS) g JOIN a ON a.k = g % $AGENTS ORDER BY g" \
  -c "VACUUM ANALYZE"
[ "$(psql_ -d "$DB" -tAc "SELECT max(id) = $TICKETS FROM tickets")" = t ] || { echo "tickets are not 1..$TICKETS"; exit 1; }

# The commit's time, as close as PostgreSQL shows it without track_commit_timestamp (a server
# setting of the shared cluster): in this bench database only, the trigger that publishes the
# queued events inside COMMIT stamps events.created_at with clock_timestamp() (the moment it runs,
# after the event-order lock, just before the commit's WAL flush) instead of the transaction's
# start. Nothing else of the function changes; without the pattern the column is left as it is.
FUNC=$(psql_ -d "$DB" -tAc "SELECT pg_get_functiondef('publish_queued_events'::regproc)")
if grep -q 'q.payload, q.queued_at' <<<"$FUNC"; then
  sed 's/q\.payload, q\.queued_at/q.payload, clock_timestamp()/' <<<"$FUNC" | psql_ -d "$DB"
  PUBLISHED=1
else
  echo "(publish_queued_events has changed: no publication time, the tight upper bound is left out)"
  PUBLISHED=0
fi

echo "# Notification latency, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo
echo "Service $JAVA_OPTS on a fresh database $DB: $AGENTS agents, $CONTACTS contacts, $TICKETS tickets (one per change),"
echo "PostgreSQL and the client on this machine. Changes in turn: an assignment by another agent (PATCH assignee),"
echo "a requester reply on an assigned ticket, a note naming two agents with @ (4 notifications per 3 changes)."
echo "Warm-up ${WARMUP} s at 20 changes/s, then ${SECONDS_PER_RUN} s per rate."
echo "commit → frame, three ways (the commit itself is not visible to a client):"
echo "- lower bound: the HTTP answer (sent after COMMIT returned) → frame; a frame before the answer counts as 0;"
echo "- upper bound (tight): the events' publication inside COMMIT (clock_timestamp() in the publishing trigger,"
echo "  just before the commit's WAL flush) → frame: over the truth by the WAL flush only;"
echo "- upper bound (loose): the notification's createdAt (the transaction's time, WriteTx.now, taken before the"
echo "  batch is planned and written) → frame: adds the batch's planning, writing and commit."
echo "CPU per change from /proc: the service JVM, and the PostgreSQL backends serving $DB (not the cluster's"
echo "WAL writer or checkpointer); client: share of one core."
echo
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows here)"
echo
java -Dcontacts=$CONTACTS -Dpublished=$PUBLISHED -Dtopics="${BENCH_TOPICS:-notifications,tickets}" -cp "target/helpdesk.jar:$CLASSES" NotifyLatency "http://127.0.0.1:$PORT" $SERVICE $SECRET "$DB" \
  "$AGENTS" "$RATES" "$SECONDS_PER_RUN" "$WARMUP"
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Service log: $(grep -cE 'WARN|ERROR' bench/out/notify-service.log) WARN/ERROR lines," \
  "$(grep -c 'blocked' bench/out/notify-service.log) blocked-thread warnings"
