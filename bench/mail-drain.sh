#!/usr/bin/env bash
# Outbox drain: how fast the service delivers a burst of queued mail to an SMTP server.
#
#   bench/mail-drain.sh [mails=600] [tickets=60] [smtp delay ms=0,20]
#
# Starts bench/SmtpSink.java (a sink that answers each SMTP command after the given delay) and
# the service on a fresh database `helpdesk_maildrain`, makes `tickets` tickets through the API,
# waits for their acknowledgements to go out, then queues `mails` mails spread over those tickets
# in one INSERT (as a bulk change that answers many requesters would) and reads the rate from the
# outbox itself: (mails - 1) / (last sent_at - first sent_at). Prints mails/s and the CPU the
# service and PostgreSQL spent per mail (from /proc). Once per delay.
# Environment: BENCH_PG_HOST / BENCH_PG_PORT / BENCH_PG_USER, BENCH_JAR (target/helpdesk.jar).
set -euo pipefail

MAILS=${1:-600}
TICKETS=${2:-60}
DELAYS=${3:-0,20}
PGHOST=${BENCH_PG_HOST:-127.0.0.1}
PGPORT=${BENCH_PG_PORT:-5432}
PGUSER=${BENCH_PG_USER:-postgres}
DB=helpdesk_maildrain
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR=${BENCH_JAR:-"$ROOT/target/helpdesk.jar"}
[[ -f "$JAR" ]] || (cd "$ROOT" && mvn -B -q -DskipTests package)
sql() { psql -X -At -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d "$DB" -c "$1"; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
pg_ticks() { # every PostgreSQL backend of the bench database, summed
  local sum=0 pid
  for pid in $(psql -X -At -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres \
      -c "SELECT pid FROM pg_stat_activity WHERE datname = '$DB'"); do
    [[ -r /proc/$pid/stat ]] && sum=$((sum + $(ticks "$pid")))
  done
  echo "$sum"
}
HZ=$(getconf CLK_TCK)

echo "| SMTP delay per reply | mails | mails/s | service CPU per mail | PostgreSQL CPU per mail |"
echo "|---|---|---|---|---|"
for DELAY in ${DELAYS//,/ }; do
  psql -X -q -h "$PGHOST" -p "$PGPORT" -U "$PGUSER" -d postgres \
    -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
  SMTP_PORT=$(free_port)
  PORT=$(free_port)
  java "${SINK_SRC:-$BENCH_DIR/SmtpSink.java}" "$SMTP_PORT" "$DELAY" >${SINK_OUT:-/dev/null} 2>&1 &
  SINK=$!
  LOG=$(mktemp /tmp/mail-drain-service.XXXXXX.log)
  HELPDESK_DB_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/$DB" HELPDESK_PORT=$PORT HELPDESK_DATA_DIR=$(mktemp -d) \
    HELPDESK_ADMIN_EMAIL=bench-admin@example.com HELPDESK_ADMIN_PASSWORD=bench-password-1 \
    HELPDESK_SMTP_HOST=127.0.0.1 HELPDESK_SMTP_PORT=$SMTP_PORT \
    java -Xmx512m -jar "$JAR" >"$LOG" 2>&1 &
  SERVICE=$!
  trap 'kill $SERVICE $SINK 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 1; done
  TOKEN=$(curl -fs -H 'Content-Type: application/json' -d '{"email":"bench-admin@example.com","password":"bench-password-1"}' \
    "http://127.0.0.1:$PORT/api/auth/login" | jq -r .token)
  api() { curl -fs -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d "$2" "http://127.0.0.1:$PORT$1"; }
  for i in $(seq 1 "$TICKETS"); do
    CONTACT=$(api /api/contacts "{\"name\":\"Requester $i\",\"email\":\"requester$i@example.com\"}" | jq -r .id)
    api /api/tickets "{\"subject\":\"Mail drain $i\",\"description\":\"Burst\",\"requester\":{\"type\":\"contact\",\"id\":$CONTACT},\"channel\":\"email\",\"priority\":\"medium\",\"category\":\"general\"}" >/dev/null
  done
  for _ in $(seq 1 120); do [[ $(sql "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0 ]] && break; sleep 1; done
  FIRST=$(sql "SELECT coalesce(max(id), 0) FROM outbox")
  s0=$(ticks "$SERVICE"); p0=$(pg_ticks)
  sql "INSERT INTO outbox (to_address, subject, text_body, html_body, ticket_id)
    SELECT 'requester' || (g % $TICKETS + 1) || '@example.com', 'Burst ' || g, repeat('An answer. ', 80),
      '<p>' || repeat('An answer. ', 80) || '</p>', (SELECT id FROM tickets ORDER BY id OFFSET (g % $TICKETS) LIMIT 1)
    FROM generate_series(1, $MAILS) g" >/dev/null
  for _ in $(seq 1 1200); do [[ $(sql "SELECT count(*) FROM outbox WHERE sent_at IS NULL") == 0 ]] && break; sleep 0.5; done
  s1=$(ticks "$SERVICE"); p1=$(pg_ticks)
  read -r SENT SPAN < <(sql "SELECT count(*), extract(epoch FROM max(sent_at) - min(sent_at)) FROM outbox
    WHERE id > $FIRST AND sent_at IS NOT NULL" | tr '|' ' ')
  awk -v d="$DELAY" -v n="$SENT" -v span="$SPAN" -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v hz="$HZ" 'BEGIN {
    printf "| %s ms | %d | %.0f | %.2f ms | %.2f ms |\n", d, n, (n - 1) / span, s * 1000 / hz / n, p * 1000 / hz / n }'
  kill $SERVICE $SINK 2>/dev/null || true
  wait $SERVICE 2>/dev/null || true
  echo "  (service log: $(grep -c -E 'WARN|ERROR' "$LOG") WARN/ERROR lines, $LOG)" >&2
done
