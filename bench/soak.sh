#!/usr/bin/env bash
# Soak run: the jar (-Xmx512m) on a fresh database, N WebSocket clients and a steady API mix
# (~30 req/s) for M minutes; heap after GC, DB connections and sockets every 30 s, per-minute
# p50/p99 of the API and of event delivery; prints a table and PASS/FAIL. Not part of CI.
#
#   bench/soak.sh [minutes=10] [sockets=2000]
#
# Needs a local PostgreSQL (127.0.0.1:5432, user postgres, trust auth; BENCH_PG_* override),
# psql, curl and a JDK (jcmd). Service, database and clients share this machine.
# The figures go to bench/out/soak-<date>.md and bench/out/soak-last.md (read by bench/all.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

MINUTES=${1:-10}
SOCKETS=${2:-2000}
PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
DB=helpdesk_soak
SECRET=soak-secret-soak-secret-soak-secret-0123456
PORT=${BENCH_PORT:-18094}
# agents share the staff half of the sockets, at most 20 each (the service's per-person cap)
AGENTS=$(( (SOCKETS / 2 + 19) / 20 + 10 ))
REQUESTERS=$(( SOCKETS - SOCKETS / 2 ))
psql_() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -q -v ON_ERROR_STOP=1 "$@"; }

ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
[ -f target/helpdesk.jar ] || mvn -B -q -DskipTests package
psql_ -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"

mkdir -p bench/out
HELPDESK_PORT=$PORT HELPDESK_DB_URL="postgresql://$PG_USER@$PG_HOST:$PG_PORT/$DB" HELPDESK_JWT_SECRET=$SECRET \
  HELPDESK_DATA_DIR=bench/out/soak-data \
  HELPDESK_ADMIN_EMAIL=bench@bench.example HELPDESK_ADMIN_PASSWORD=bench-password-1 \
  java -Xmx512m -jar target/helpdesk.jar > bench/out/soak-service.log 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null; [ -n "${BENCH_KEEP_DB:-}" ] || psql_ -c "DROP DATABASE IF EXISTS $DB"' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/health" >/dev/null && break
  sleep 0.5
done

# agents are users 2..AGENTS+1 (user 1 is the admin); contact i gets ticket i (made by Soak.java through the API)
psql_ -d $DB -c "INSERT INTO users (email, name, role, password_hash)
                 SELECT 'agent' || g || '@bench.example', 'Agent ' || g, 'agent', 'x' FROM generate_series(2, $AGENTS + 1) g" \
      -c "INSERT INTO contacts (email, name) SELECT 'bench' || g || '@bench.example', 'Bench ' || g
          FROM generate_series(1, $REQUESTERS) g"

OUT=bench/out/soak-$(date -u +%Y%m%dT%H%MZ).md
{
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
    "$(psql_ -Atc 'SHOW server_version') PostgreSQL; service -Xmx512m, PostgreSQL and clients on this machine"
} > "$OUT.head"
java -Xmx1g -cp target/helpdesk.jar bench/soak/Soak.java "http://127.0.0.1:$PORT" $SERVICE $SECRET $DB \
  "$MINUTES" "$SOCKETS" "$AGENTS" "$REQUESTERS" "$OUT.body"
{
  cat "$OUT.body"
  echo
  cat "$OUT.head"
  echo "Service log: $(grep -cE ' WARN | ERROR ' bench/out/soak-service.log || true) WARN/ERROR lines," \
    "$(grep -c 'blocked' bench/out/soak-service.log || true) blocked-thread warnings"
  echo "Command: bench/soak.sh $MINUTES $SOCKETS"
} > "$OUT"
rm -f "$OUT.head" "$OUT.body"
cp "$OUT" bench/out/soak-last.md
echo
tail -n 4 "$OUT"
grep -q '^SOAK PASS' "$OUT"
