#!/usr/bin/env bash
# Saved-view and preset counts at scale: 50 saved views (status/priority/agent/tag/category
# combinations, a few free words, a few sla:) owned by and visible to AGENTS agents who each
# follow the `counts` live topic, while changes (PATCH status/priority/assignee, replies,
# creates) run at a fixed rate. Prints changes/s, count queries per change, the database time
# of those queries per change, PostgreSQL and service CPU per change (from /proc), frames
# pushed, the old way's cost of one refresh of the 50 counts as a yardstick, and at the end
# every view's live count against a fresh count (exit 1 if an exact one differs).
#
#   bench/view-counts.sh [db=helpdesk_1m] [changes/s=20] [seconds=60]
#
# The desk is never changed: the script runs on a copy, ${db}_viewcounts (made with
# createdb -T when it does not exist; BENCH_FRESH_COPY=1 makes it again; the copy needs nothing
# connected to the source). Agents agent01..agentNN@bench.example of bench/generate-desk.sh sign
# in with BENCH_PASSWORD (bench-password-1). Environment: BENCH_PG_HOST / BENCH_PG_PORT /
# BENCH_PG_USER, BENCH_JAVA_OPTS (-Xmx512m), BENCH_AGENTS (20), BENCH_KEEP_COPY=1 keeps the copy.
set -euo pipefail

SOURCE=${1:-helpdesk_1m}
RATE=${2:-20}
SECONDS_RUN=${3:-60}
AGENTS=${BENCH_AGENTS:-20}
export PGHOST=${BENCH_PG_HOST:-127.0.0.1}
export PGPORT=${BENCH_PG_PORT:-5432}
export PGUSER=${BENCH_PG_USER:-postgres}
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xmx512m"}
DB=${BENCH_DB:-${SOURCE}_viewcounts}
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/helpdesk.jar"
if [[ ! -f "$JAR" ]] || [[ -n "$(find "$ROOT/src/main" "$ROOT/webroot" -newer "$JAR" -print -quit)" ]]; then
  (cd "$ROOT" && mvn -B -q -DskipTests package)
fi

exists=$(psql -X -At -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")
if [[ -n "${BENCH_FRESH_COPY:-}" && -n "$exists" ]]; then
  psql -X -q -d postgres -c "DROP DATABASE $DB"
  exists=""
fi
if [[ -z "$exists" ]]; then
  echo "copying $SOURCE to $DB (createdb -T; a few minutes at a million tickets)" >&2
  createdb -T "$SOURCE" "$DB"
fi

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
LOG=$(mktemp /tmp/view-counts-service.XXXXXX.log)
# shellcheck disable=SC2086
HELPDESK_DB_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/$DB" HELPDESK_PORT=$PORT HELPDESK_DATA_DIR=$(mktemp -d) \
  java $JAVA_OPTS -jar "$JAR" >"$LOG" 2>&1 &
SERVICE=$!
cleanup() {
  kill $SERVICE 2>/dev/null || true
  wait $SERVICE 2>/dev/null || true
  if [[ -z "${BENCH_KEEP_COPY:-}" && "$DB" != "$SOURCE" ]]; then psql -X -q -d postgres -c "DROP DATABASE IF EXISTS $DB"; fi
}
trap cleanup EXIT
for _ in $(seq 1 240); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break
  sleep 1
done

echo "# View counts, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores; service java $JAVA_OPTS on $DB" \
  "($(psql -X -At -d "$DB" -c 'SELECT count(*) FROM tickets') tickets), PostgreSQL and the driver on this machine"
echo
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine shows here)"
echo "$RATE changes/s for $SECONDS_RUN s: 30 % PATCH status, 20 % priority, 15 % assignee, 20 % replies, 15 % creates;"
echo "CPU: share of one core (200 % = both cores of a 2-core box); PostgreSQL: the backends serving $DB."
echo
status=0
java -cp "$JAR" "$BENCH_DIR/ViewCountsBench.java" "http://127.0.0.1:$PORT" $SERVICE "$DB" "$RATE" "$SECONDS_RUN" \
  "$AGENTS" || status=$?
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "service log: $(grep -c -E 'WARN|ERROR' "$LOG") WARN/ERROR lines, $(grep -c 'blocked' "$LOG") blocked-thread warnings ($LOG)"
exit $status
