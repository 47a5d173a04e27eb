#!/usr/bin/env bash
# Ticket-creation benchmark: the service under load, and PostgreSQL alone for scale.
# bench/update-tickets.sh and bench/reply-tickets.sh run this script with BENCH_MODE
# set to update (PATCH status and priority) or reply (a public reply with its mail).
#
#   bench/create-tickets.sh [concurrency=32] [seconds=30]
#
# 1. builds target/helpdesk.jar if it is missing;
# 2. creates a fresh database helpdesk_bench, starts the service jar on it, logs in
#    and creates one contact;
# 3. warm-up, then wrk (bench/create-tickets.lua) POSTs /api/tickets at the given
#    concurrency: throughput, p50/p99 latency, non-2xx answers;
# 4. stops the service, copies its freshly migrated database (schema, admin,
#    contact) into helpdesk_pgbench and runs pgbench there with the equivalent
#    transaction (bench/pgbench/equivalent.sql) and a plain variant without the
#    event-order lock (bench/pgbench/plain.sql) over several client counts;
# 5. prints a Markdown table row for the README, and drops both databases.
#
# Environment (all optional):
#   BENCH_PG_HOST / BENCH_PG_PORT / BENCH_PG_USER  PostgreSQL (127.0.0.1 / 5432 / postgres, trust auth)
#   BENCH_WARMUP_SECONDS      warm-up before the measured run (20)
#   BENCH_PGBENCH_CLIENTS     client counts tried by pgbench ("8 16 32 64")
#   BENCH_PGBENCH_SECONDS     seconds per pgbench run (8)
#   BENCH_PGBENCH_PLAIN=0     skip the plain (no lock) pgbench variant
#   BENCH_JAVA_OPTS           JVM options of the service (-Xmx512m)
#   BENCH_KEEP_DB=1           keep the two databases afterwards
#   BENCH_MODE                create (default), update or reply
#   BENCH_DB                  the service's database (helpdesk_bench); pgbench uses <BENCH_DB>_pgbench
#   BENCH_PORT                the service's port (a free one)
#   BENCH_SEED_SECONDS        update/reply: seconds of creates that seed the tickets (6)
#
# Exit status: 0 when every request got a 2xx answer, 1 otherwise (or on a set-up failure).
# Durability is never touched: the run checks that fsync and synchronous_commit are on.
set -euo pipefail

MODE=${BENCH_MODE:-create}
case "$MODE" in
  create) WHAT="POST /api/tickets"; LUA=create-tickets.lua; PGB_SCRIPT=equivalent.sql; UNIT=ticket ;;
  update) WHAT="PATCH /api/tickets/{id} (status and priority)"; LUA=update-tickets.lua; PGB_SCRIPT=update-equivalent.sql; UNIT=change ;;
  reply)  WHAT="POST /api/tickets/{id}/messages (public reply, with its mail)"; LUA=reply-tickets.lua; PGB_SCRIPT=reply-equivalent.sql; UNIT=reply ;;
  *) echo "BENCH_MODE must be create, update or reply" >&2; exit 1 ;;
esac
SEED_SECONDS=${BENCH_SEED_SECONDS:-6}
CONCURRENCY=${1:-32}
SECONDS_LOAD=${2:-30}
WARMUP=${BENCH_WARMUP_SECONDS:-20}
PGB_CLIENTS=${BENCH_PGBENCH_CLIENTS:-"8 16 32 64"}
PGB_SECONDS=${BENCH_PGBENCH_SECONDS:-8}
PGB_PLAIN=${BENCH_PGBENCH_PLAIN:-1}
JAVA_OPTS=${BENCH_JAVA_OPTS:-"-Xmx512m"}

export PGHOST=${BENCH_PG_HOST:-127.0.0.1}
export PGPORT=${BENCH_PG_PORT:-5432}
export PGUSER=${BENCH_PG_USER:-postgres}
export PGDATABASE=postgres
unset PGOPTIONS PGSERVICE || true

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
JAR="$ROOT/target/helpdesk.jar"
DB=${BENCH_DB:-helpdesk_bench}
PGB_DB=${DB}_pgbench
ADMIN_EMAIL=bench-admin@example.com
ADMIN_PASSWORD="bench-$(date +%s)-$RANDOM$RANDOM"

WORK=$(mktemp -d /tmp/helpdesk-bench.XXXXXX)
SERVICE_PID=""

log() { printf '[bench] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is not installed ($2)"; }

psql_q() { PGOPTIONS='-c client_min_messages=warning' psql -X -v ON_ERROR_STOP=1 -q -At "$@"; }

stop_service() {
  if [[ -n "$SERVICE_PID" ]] && kill -0 "$SERVICE_PID" 2>/dev/null; then
    kill "$SERVICE_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$SERVICE_PID" 2>/dev/null; then
      log "service did not stop in 10 s; killing it"
      kill -9 "$SERVICE_PID" 2>/dev/null || true
    fi
    wait "$SERVICE_PID" 2>/dev/null || true
  fi
  SERVICE_PID=""
}

cleanup() {
  local rc=$?
  stop_service
  if [[ "${BENCH_KEEP_DB:-0}" != 1 ]]; then
    psql_q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null || true
    psql_q -c "DROP DATABASE IF EXISTS $PGB_DB WITH (FORCE)" 2>/dev/null || true
  fi
  if [[ $rc -ne 0 && -s "$WORK/service.log" ]]; then
    log "last lines of the service log ($WORK/service.log kept):"
    tail -n 30 "$WORK/service.log" >&2 || true
  else
    rm -rf "$WORK"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  die "no free TCP port found"
}

# "pid ticks" lines: CPU ticks (user + system) used so far by each of the given processes.
pid_ticks() {
  local pid f
  for pid in "$@"; do
    f=$(cut -d')' -f2- "/proc/$pid/stat" 2>/dev/null) || continue
    set -- $f
    echo "$pid $(( ${12} + ${13} ))"
  done
}
# Ticks used between two pid_ticks samples by the processes present in both.
ticks_between() { awk 'NR==FNR {b[$1]=$2; next} ($1 in b) && $2>=b[$1] {s+=$2-b[$1]} END{print s+0}' "$1" "$2"; }
# CPU ticks per JVM thread group ("name ticks" lines; digits and '#n' stripped from thread names).
jvm_thread_ticks() {
  local t name f
  for t in /proc/"$1"/task/*; do
    name=$(tr -d '\n' < "$t/comm" 2>/dev/null) || continue
    f=$(cut -d')' -f2- "$t/stat" 2>/dev/null) || continue
    set -- $f
    printf '%s\t%s\n' "$(sed -E 's/[#-]?[0-9]+$//; s/ +$//' <<<"$name")" "$(( ${12} + ${13} ))"
  done | awk -F'\t' '{s[$1]+=$2} END{for (k in s) printf "%s\t%d\n", k, s[k]}' | sort
}
# PostgreSQL's processes that work for this run: the backends connected to the benchmark's
# database, and the cluster's own background processes (WAL writer, checkpointer, ...), which
# it shares with whatever else uses the cluster; backends of other databases are left out.
postgres_pids() {
  local p cmd out=""
  for p in $(pgrep -u postgres postgres 2>/dev/null); do
    cmd=$(tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null) || continue
    if [[ "$cmd" == *" $DB "* ]] || [[ ! "$cmd" =~ \(([0-9]+)\)|\[local\] ]]; then out+="$p "; fi
  done
  echo "$out"
}
machine_busy_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8; exit}' /proc/stat; }

# ---------------------------------------------------------------- checks
need curl "apt-get install -y curl"
need jq "apt-get install -y jq"
need psql "apt-get install -y postgresql-client"
need pgbench "apt-get install -y postgresql-contrib (Debian: postgresql-client ships pgbench)"
need pg_dump "apt-get install -y postgresql-client"
need wrk "apt-get install -y wrk"
need java "a JDK 17"
[[ "$CONCURRENCY" =~ ^[0-9]+$ && "$CONCURRENCY" -ge 1 ]] || die "concurrency must be a positive number"
[[ "$SECONDS_LOAD" =~ ^[0-9]+$ && "$SECONDS_LOAD" -ge 1 ]] || die "seconds must be a positive number"

psql_q -c "select 1" >/dev/null || die "cannot reach PostgreSQL at $PGUSER@$PGHOST:$PGPORT"
FSYNC=$(psql_q -c "show fsync")
SYNC_COMMIT=$(psql_q -c "show synchronous_commit")
[[ "$FSYNC" == on ]] || die "fsync is $FSYNC on this PostgreSQL: figures would not be for durable commits"
[[ "$SYNC_COMMIT" == on || "$SYNC_COMMIT" == remote_apply || "$SYNC_COMMIT" == remote_write ]] \
  || die "synchronous_commit is $SYNC_COMMIT on this PostgreSQL: figures would not be for durable commits"
PG_VERSION=$(psql_q -c "show server_version")
LOAD1=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$LOAD1" 'BEGIN{exit !(l > 1.0)}'; then
  log "WARNING: load average is $LOAD1 before the run: other work on this machine will lower the figures"
fi
MAX_CONN=$(psql_q -c "show max_connections")

# ---------------------------------------------------------------- build
if [[ ! -f "$JAR" ]]; then
  need mvn "apt-get install -y maven"
  log "target/helpdesk.jar is missing: building it (mvn -B -q -DskipTests package)"
  (cd "$ROOT" && mvn -B -q -DskipTests package) || die "build failed"
  [[ -f "$JAR" ]] || die "build did not produce $JAR"
fi

# ---------------------------------------------------------------- service
log "fresh database $DB on $PGUSER@$PGHOST:$PGPORT (PostgreSQL $PG_VERSION, fsync=$FSYNC, synchronous_commit=$SYNC_COMMIT)"
psql_q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)"
psql_q -c "DROP DATABASE IF EXISTS $PGB_DB WITH (FORCE)"
psql_q -c "CREATE DATABASE $DB"

PORT=${BENCH_PORT:-$(free_port)}
BASE="http://127.0.0.1:$PORT"
log "starting the service on port $PORT (java $JAVA_OPTS -jar target/helpdesk.jar)"
mkdir -p "$WORK/data"
(
  cd "$ROOT"
  export HELPDESK_DB_URL="postgresql://$PGUSER@$PGHOST:$PGPORT/$DB"
  export HELPDESK_PORT=$PORT
  export HELPDESK_ADMIN_EMAIL=$ADMIN_EMAIL
  export HELPDESK_ADMIN_PASSWORD=$ADMIN_PASSWORD
  export HELPDESK_DATA_DIR="$WORK/data"
  export HELPDESK_PUBLIC_URL=$BASE
  # shellcheck disable=SC2086
  exec java $JAVA_OPTS -jar "$JAR"
) >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!

started=$(date +%s%N)
for i in $(seq 1 1200); do
  kill -0 "$SERVICE_PID" 2>/dev/null || die "the service exited during start-up"
  code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$BASE/health" || true)
  [[ "$code" == 200 ]] && break
  [[ $i -eq 1200 ]] && die "GET /health did not answer 200 within 120 s (last: $code)"
  sleep 0.1
done
log "service healthy after $(( ($(date +%s%N) - started) / 1000000 )) ms"

http_json() { # method path [body] -> body on stdout; fails on non-2xx
  local method=$1 path=$2 body=${3:-} out code
  out=$(curl -s -w '\n%{http_code}' -X "$method" "$BASE$path" \
    -H 'Content-Type: application/json' -H 'Accept: application/json' \
    ${TOKEN:+-H "Authorization: Bearer $TOKEN"} ${body:+--data "$body"})
  code=${out##*$'\n'}
  out=${out%$'\n'*}
  [[ "$code" == 2* ]] || { log "$method $path -> HTTP $code: ${out:0:500}"; return 1; }
  printf '%s' "$out"
}

TOKEN=""
TOKEN=$(http_json POST /api/auth/login "$(jq -nc --arg e "$ADMIN_EMAIL" --arg p "$ADMIN_PASSWORD" '{email:$e,password:$p}')" | jq -r '.token // empty') \
  || die "login failed"
[[ -n "$TOKEN" ]] || die "login answered without a token"
CONTACT_ID=$(http_json POST /api/contacts '{"email":"bob.bench@example.com","name":"Bob Bench"}' | jq -r '.id // empty') \
  || die "creating the contact failed"
[[ -n "$CONTACT_ID" ]] || die "POST /api/contacts answered without an id"
log "logged in as $ADMIN_EMAIL, contact id $CONTACT_ID"

WRK_THREADS=2
(( CONCURRENCY < WRK_THREADS )) && WRK_THREADS=$CONCURRENCY
export BENCH_TOKEN=$TOKEN BENCH_CONTACT_ID=$CONTACT_ID BENCH_THREADS=$WRK_THREADS
MIN_ID=0; MAX_ID=0
if [[ "$MODE" != create ]]; then
  log "seeding: ${SEED_SECONDS} s of POST /api/tickets at 32 connections"
  wrk -t2 -c32 -d"${SEED_SECONDS}s" --timeout 10s -s "$BENCH_DIR/create-tickets.lua" "$BASE" >"$WORK/seed.txt" 2>&1 \
    || { cat "$WORK/seed.txt" >&2; die "wrk failed while seeding"; }
  psql_q -d "$DB" -c "select id from tickets order by id" >"$WORK/ids.txt"
  read -r MIN_ID MAX_ID < <(psql_q -d "$DB" -c "select min(id), max(id) from tickets" | tr '|' ' ')
  log "seeded $(wc -l <"$WORK/ids.txt") tickets (ids $MIN_ID..$MAX_ID)"
  export BENCH_IDS_FILE="$WORK/ids.txt"
fi

# Seed for pgbench: the database as the service migrated it, with the admin and the contact
# (and, for update and reply, the seeded tickets).
pg_dump -Fc -d "$DB" -f "$WORK/seed.dump" || die "pg_dump of $DB failed"


if (( WARMUP > 0 )); then
  log "warm-up: ${WARMUP} s at $CONCURRENCY connections"
  BENCH_IDS_PART=warm wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d"${WARMUP}s" --timeout 10s -s "$BENCH_DIR/$LUA" "$BASE" >"$WORK/warmup.txt" 2>&1 \
    || { cat "$WORK/warmup.txt" >&2; die "wrk failed during the warm-up"; }
  wline=$(grep '^BENCH ' "$WORK/warmup.txt" || true)
  log "warm-up: $(sed -E 's/.*requests=([0-9]+).*non2xx=([0-9]+).*/\1 requests, \2 non-2xx/' <<<"$wline")"
fi

kv() { sed -nE "s/.* $1=([0-9.]+).*/\1/p" <<<"$BENCH_LINE"; }
db_stat() { psql_q -d "$DB" -c "$1"; }

tickets_before=$(db_stat "select count(*) from tickets" 2>/dev/null || echo "?")
read -r commits_before ins_before < <(db_stat "select xact_commit, tup_inserted from pg_stat_database where datname = current_database()" | tr '|' ' ')
wal_sync_before=$(db_stat "select wal_sync from pg_stat_wal" 2>/dev/null || echo "")
pid_ticks "$SERVICE_PID" >"$WORK/jvm.before"
jvm_thread_ticks "$SERVICE_PID" >"$WORK/threads.before"
pg_pids=$(postgres_pids)
pid_ticks $pg_pids >"$WORK/pg.before"
busy_before=$(machine_busy_ticks)

events_before=$(db_stat "select count(*) from events" 2>/dev/null || echo "?")
log "load: $WHAT, ${SECONDS_LOAD} s at $CONCURRENCY connections (wrk -t$WRK_THREADS)"
(
  BENCH_IDS_PART=load wrk -t"$WRK_THREADS" -c"$CONCURRENCY" -d"${SECONDS_LOAD}s" --timeout 10s --latency \
    -s "$BENCH_DIR/$LUA" "$BASE"
  times   # CPU used by wrk (children of this subshell), second line
) >"$WORK/load.txt" 2>&1 || { cat "$WORK/load.txt" >&2; die "wrk failed"; }

busy_after=$(machine_busy_ticks)
SERVICE_DIED=""
if ! kill -0 "$SERVICE_PID" 2>/dev/null; then
  SERVICE_DIED="the service process exited during the load"
fi
pid_ticks "$SERVICE_PID" >"$WORK/jvm.after"
jvm_thread_ticks "$SERVICE_PID" >"$WORK/threads.after" 2>/dev/null || true
pid_ticks $pg_pids >"$WORK/pg.after"
jv_ticks=$(ticks_between "$WORK/jvm.before" "$WORK/jvm.after")
pg_ticks=$(ticks_between "$WORK/pg.before" "$WORK/pg.after")
read -r commits_after ins_after < <(db_stat "select xact_commit, tup_inserted from pg_stat_database where datname = current_database()" | tr '|' ' ')
wal_sync_after=$(db_stat "select wal_sync from pg_stat_wal" 2>/dev/null || echo "")
sleep 0.5
tickets_after=$(db_stat "select count(*) from tickets" 2>/dev/null || echo "?")
events_ticket=$(db_stat "select count(*) from events where kind = 'ticket.created'" 2>/dev/null || echo "?")
events_after=$(db_stat "select count(*) from events" 2>/dev/null || echo "?")
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

BENCH_LINE=$(grep '^BENCH ' "$WORK/load.txt" || true)
[[ -n "$BENCH_LINE" ]] || { cat "$WORK/load.txt" >&2; die "wrk printed no result line"; }
REQS=$(kv requests); DUR_US=$(kv duration_us)
P50_MS=$(awk -v v="$(kv p50_us)" 'BEGIN{printf "%.1f", v/1000}')
P90_MS=$(awk -v v="$(kv p90_us)" 'BEGIN{printf "%.1f", v/1000}')
P99_MS=$(awk -v v="$(kv p99_us)" 'BEGIN{printf "%.1f", v/1000}')
MAX_MS=$(awk -v v="$(kv max_us)" 'BEGIN{printf "%.1f", v/1000}')
NON2XX=$(kv non2xx)
SOCK_ERR=$(( $(kv connect_err) + $(kv read_err) + $(kv write_err) + $(kv timeouts) ))
SVC_TPS=$(awk -v r="$REQS" -v d="$DUR_US" 'BEGIN{printf "%.0f", r/(d/1e6)}')

hz=$(getconf CLK_TCK)
wall=$(awk -v d="$DUR_US" 'BEGIN{print d/1e6}')
wrk_cpu=$(sed -n 2p < <(grep -E '^[0-9]+m[0-9.]+s [0-9]+m[0-9.]+s$' "$WORK/load.txt") \
  | awk '{split($1,u,"m"); split($2,s,"m"); sub("s","",u[2]); sub("s","",s[2]); print u[1]*60+u[2]+s[1]*60+s[2]}')
cpu_line=$(awk -v hz="$hz" -v w="$wall" -v jv="$jv_ticks" -v pg="$pg_ticks" \
  -v all=$((busy_after - busy_before)) -v wk="${wrk_cpu:-0}" \
  'BEGIN{o = all/hz/w - jv/hz/w - pg/hz/w - wk/w; if (o < 0) o = 0;
         printf "machine %.0f%% busy of 2 cores: service JVM %.2f cores, PostgreSQL %.2f, wrk %.2f, everything else %.2f",
         100*all/hz/w/2, jv/hz/w, pg/hz/w, wk/w, o}')

echo
echo "== Service: $WHAT, $CONCURRENCY connections, ${SECONDS_LOAD} s (after ${WARMUP} s warm-up)"
sed -n '/^Running/,/^BENCH /p' "$WORK/load.txt" | grep -vE '^(BENCH|Running|  [0-9]+ threads)' | sed 's/^/   /'
printf '   throughput: %s req/s (%s requests in %.1f s)\n' "$SVC_TPS" "$REQS" "$wall"
printf '   latency:    p50 %s ms, p90 %s ms, p99 %s ms, max %s ms\n' "$P50_MS" "$P90_MS" "$P99_MS" "$MAX_MS"
printf '   non-2xx:    %s   socket errors/timeouts: %s\n' "$NON2XX" "$SOCK_ERR"
if grep -q '^BENCH_SAMPLES' "$WORK/load.txt"; then
  echo "   first non-2xx answers:"; sed -n '/^BENCH_SAMPLES/,$p' "$WORK/load.txt" | grep '^  HTTP' | head -6 | sed 's/^/   /'
fi
if [[ "$MODE" != create && "$events_after" =~ ^[0-9]+$ && "$events_before" =~ ^[0-9]+$ ]]; then
  printf '   database:   %s events during the run (≈%s per %s); ≈%s transactions per %s\n' \
    "$((events_after - events_before))" \
    "$(awk -v e=$((events_after - events_before)) -v n="$REQS" 'BEGIN{ if (n>0) printf "%.2f", e/n; else print "?" }')" "$UNIT" \
    "$(awk -v c=$((commits_after - commits_before)) -v n="$REQS" 'BEGIN{ if (n>0) printf "%.2f", c/n; else print "?" }')" "$UNIT"
fi
if [[ "$MODE" == create && "$tickets_after" =~ ^[0-9]+$ && "$tickets_before" =~ ^[0-9]+$ ]]; then
  printf '   database:   %s tickets created during the run; %s tickets and %s ticket.created events in all%s' \
    "$((tickets_after - tickets_before))" "$tickets_after" "$events_ticket" \
    "$([[ "$tickets_after" == "$events_ticket" ]] || echo " (MISMATCH)")"
  echo
  printf '               per ticket: ≈%s transactions (read-only ones included), ≈%s rows inserted' \
    "$(awk -v c=$((commits_after - commits_before)) -v t=$((tickets_after - tickets_before)) 'BEGIN{ if (t>0) printf "%.2f", c/t; else print "?" }')" \
    "$(awk -v c=$((ins_after - ins_before)) -v t=$((tickets_after - tickets_before)) 'BEGIN{ if (t>0) printf "%.2f", c/t; else print "?" }')"
  if [[ -n "$wal_sync_before" && -n "$wal_sync_after" ]]; then
    printf ', ≈%s WAL fsyncs (whole cluster)' "$(awk -v c=$((wal_sync_after - wal_sync_before)) -v t=$((tickets_after - tickets_before)) 'BEGIN{ if (t>0) printf "%.2f", c/t; else print "?" }')"
  fi
  echo
fi
if [[ -n "$SERVICE_DIED" ]]; then
  echo "   SERVICE DIED: $SERVICE_DIED; its log's last lines:"
  grep -vE '^\s+at |NoStackTraceThrowable' "$WORK/service.log" | tail -n 8 | cut -c1-240 | sed 's/^/     /'
fi
echo "   CPU:        $cpu_line"
awk -v hz="$hz" -v jv="$jv_ticks" -v pg="$pg_ticks" -v n="$REQS" \
  'BEGIN{ if (n>0) printf "               per request: service JVM %.2f ms CPU, PostgreSQL %.2f ms CPU\n", 1000*jv/hz/n, 1000*pg/hz/n }'
JVM_MS=$(awk -v hz="$hz" -v jv="$jv_ticks" -v n="$REQS" 'BEGIN{ if (n>0) printf "%.2f", 1000*jv/hz/n; else print "?" }')
PG_MS=$(awk -v hz="$hz" -v pg="$pg_ticks" -v n="$REQS" 'BEGIN{ if (n>0) printf "%.2f", 1000*pg/hz/n; else print "?" }')
# where the JVM's CPU went, by thread group
join -t $'\t' -a 2 -e 0 -o 0,1.2,2.2 "$WORK/threads.before" "$WORK/threads.after" \
  | awk -F'\t' -v hz="$hz" -v w="$wall" '{d=$3-$2; if (d>0) printf "%s\t%.2f\n", $1, d/hz/w}' | sort -t $'\t' -k2 -rn | head -6 \
  | awk -F'\t' 'BEGIN{ORS=""; print "               JVM threads (cores):"} {printf " %s %s;", $1, $2} END{print "\n"}'
awk -v c="$CONCURRENCY" -v t="$SVC_TPS" 'BEGIN{ if (t>0) printf "   closed loop: mean latency = clients / throughput = %.1f ms; a mean under 50 ms at %d clients needs more than %.0f req/s\n", 1000*c/t, c, c/0.05 }'
warn_n=$(grep -cE '\b(WARN|WARNING)\b' "$WORK/service.log" || true)
err_n=$(grep -cE '\bERROR\b' "$WORK/service.log" || true)
blocked_n=$(grep -c 'has been blocked for' "$WORK/service.log" || true)
echo "   service log: $warn_n WARN, $err_n ERROR, $blocked_n blocked-thread lines"
if (( warn_n + err_n + blocked_n > 0 )); then
  # the distinct messages, timestamps and thread names stripped
  grep -E '\b(WARN|WARNING|ERROR)\b|has been blocked for' "$WORK/service.log" \
    | sed -E 's/^[0-9:. T-]+(\[[^]]*\] )?//' | cut -c1-240 | sort | uniq -c | sort -rn | head -5 | sed 's/^/     /'
fi

log "stopping the service"
stop_service

# ---------------------------------------------------------------- PostgreSQL alone
psql_q -c "CREATE DATABASE $PGB_DB"
pg_restore -d "$PGB_DB" --no-owner --exit-on-error "$WORK/seed.dump" || die "restoring the seed into $PGB_DB failed"
psql_q -d "$PGB_DB" -c "VACUUM ANALYZE"

pgbench_best() { # script label -> sets BEST_TPS, BEST_CLIENTS
  local script=$1 label=$2 c out tps lat
  BEST_TPS=0; BEST_CLIENTS=0
  echo
  echo "== PostgreSQL alone, $label: pgbench -f bench/pgbench/$(basename "$script") -M prepared -j2 -T$PGB_SECONDS"
  for c in $PGB_CLIENTS; do
    if (( c + 5 > MAX_CONN )); then echo "   $c clients: skipped (max_connections=$MAX_CONN)"; continue; fi
    psql_q -c "CHECKPOINT" 2>/dev/null || true
    rm -f "$WORK"/pgblog*
    out=$(pgbench -n -M prepared -c "$c" -j $(( c < 2 ? c : 2 )) -T "$PGB_SECONDS" \
      --log --log-prefix="$WORK/pgblog" -D contact="$CONTACT_ID" -D minid="$MIN_ID" -D maxid="$MAX_ID" \
      -f "$script" "$PGB_DB" 2>&1) \
      || { echo "$out" | tail -n 20 >&2; die "pgbench failed ($label, $c clients)"; }
    tps=$(sed -nE 's/^tps = ([0-9.]+) .*/\1/p' <<<"$out" | head -1)
    lat=$(sed -nE 's/^latency average = ([0-9.]+) ms.*/\1/p' <<<"$out" | head -1)
    # per-transaction log: client, transaction, latency in us, ...
    pct=$(cat "$WORK"/pgblog* | awk '{print $3}' | sort -n | awk '{v[NR]=$1} END{ if (NR) printf "p50 %.1f ms, p99 %.1f ms", v[int(NR*0.50)+ (NR*0.50>int(NR*0.50))]/1000, v[int(NR*0.99)+(NR*0.99>int(NR*0.99))]/1000 }')
    printf '   %3s clients: %7.0f tps, latency average %s ms, %s\n' "$c" "$tps" "$lat" "$pct"
    if awk -v a="$tps" -v b="$BEST_TPS" 'BEGIN{exit !(a>b)}'; then BEST_TPS=$tps; BEST_CLIENTS=$c; fi
  done
  BEST_TPS=$(printf '%.0f' "$BEST_TPS")
  echo "   best: $BEST_TPS tps at $BEST_CLIENTS clients"
}

if [[ "$MODE" == create ]]; then
  pgbench_best "$BENCH_DIR/pgbench/equivalent.sql" "equivalent (ticket + queued event; ids, lock and NOTIFY at commit)"
else
  PGB_PLAIN=0
  pgbench_best "$BENCH_DIR/pgbench/$PGB_SCRIPT" "equivalent of one $UNIT, one transaction each"
fi
EQ_TPS=$BEST_TPS; EQ_CLIENTS=$BEST_CLIENTS
PLAIN_TPS=""; PLAIN_CLIENTS=""
if [[ "$PGB_PLAIN" == 1 ]]; then
  pgbench_best "$BENCH_DIR/pgbench/plain.sql" "plain (insert ticket + insert event + pg_notify, no lock)"
  PLAIN_TPS=$BEST_TPS; PLAIN_CLIENTS=$BEST_CLIENTS
fi

# ---------------------------------------------------------------- summary
RATIO=$(awk -v s="$SVC_TPS" -v p="$EQ_TPS" 'BEGIN{ if (p>0) printf "%.0f", 100*s/p; else print "?" }')
RATIO_PLAIN=""
[[ -n "$PLAIN_TPS" ]] && RATIO_PLAIN=$(awk -v s="$SVC_TPS" -v p="$PLAIN_TPS" 'BEGIN{ if (p>0) printf "%.0f", 100*s/p; else print "?" }')
missed=""
[[ "$RATIO" == "?" ]] || (( RATIO < 100 )) && missed+=", ratio ${RATIO} % < 100 %"
if [[ "$MODE" == create ]]; then
  awk -v v="$JVM_MS" 'BEGIN{exit !(v > 0.3)}' && missed+=", JVM CPU $JVM_MS ms > 0.3 ms per ticket"
  awk -v v="$PG_MS" 'BEGIN{exit !(v > 0.5)}' && missed+=", PostgreSQL CPU $PG_MS ms > 0.5 ms per ticket"
fi
awk -v p="$P99_MS" 'BEGIN{exit !(p>=50)}' && missed+=", p99 ${P99_MS} ms >= 50 ms"
(( NON2XX + SOCK_ERR > 0 )) && missed+=", $NON2XX non-2xx and $SOCK_ERR socket errors"
[[ -n "$SERVICE_DIED" ]] && missed+=", $SERVICE_DIED"
(( CONCURRENCY != 32 )) && missed+=" (note: measured at $CONCURRENCY clients, the target is stated at 32)"
if [[ -z "$missed" || "$missed" == " (note"* ]]; then met="met$missed"; else met="NOT met: ${missed#, }"; fi

echo
echo "== Summary"
echo "   mode $MODE: $WHAT"
echo "   service $SVC_TPS req/s = ${RATIO} % of PostgreSQL alone ($EQ_TPS tps equivalent, best at $EQ_CLIENTS clients)${RATIO_PLAIN:+; ${RATIO_PLAIN} % of the plain variant ($PLAIN_TPS tps at $PLAIN_CLIENTS clients)}"
echo "   per $UNIT: service JVM $JVM_MS ms CPU, PostgreSQL $PG_MS ms CPU (from /proc)"
echo "   target (ratio >= 1.0, p99 < 50 ms at 32 clients, 0 non-2xx$([[ "$MODE" == create ]] && echo ", JVM <= 0.3 ms and PostgreSQL <= 0.5 ms CPU per ticket")): $met"
echo "   machine: $(nproc) cores, load average $LOAD1 before the run, $LOAD_AFTER after the load; PostgreSQL $PG_VERSION, fsync=$FSYNC, synchronous_commit=$SYNC_COMMIT"
echo "   (other work on this machine, e.g. builds, shares the cores: figures are only comparable within one run)"
echo
echo "| date | mode | clients | service req/s | p50 ms | p99 ms | non-2xx | PostgreSQL alone tps (clients) | ratio | JVM ms CPU | PG ms CPU | load avg |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
ROW_DATE=$(date -u +%Y-%m-%d)
echo "| $ROW_DATE | $MODE | $CONCURRENCY | $SVC_TPS | $P50_MS | $P99_MS | $NON2XX | $EQ_TPS ($EQ_CLIENTS) | $(awk -v r="$RATIO" 'BEGIN{printf "%.2f", r/100}') | $JVM_MS | $PG_MS | $LOAD1 |"

[[ -n "$SERVICE_DIED" ]] && log "$SERVICE_DIED"
if [[ -n "$SERVICE_DIED" ]] || (( NON2XX > 0 || SOCK_ERR > 0 )); then
  log "$NON2XX non-2xx answers and $SOCK_ERR socket errors: failing"
  exit 1
fi
exit 0
