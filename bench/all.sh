#!/usr/bin/env bash
# The whole benchmark and reliability table in one command, with the date and the machine.
#
#   bench/all.sh
#
# Runs, in turn: create-tickets.sh (ticket creation vs PostgreSQL alone), search-bench.sh (only if
# the helpdesk_1m database exists: bench/generate-desk.sh helpdesk_1m 1000000 makes it),
# live-broadcast.sh with a short setting, the crash test (CrashRecoveryIT through Maven), the
# fuzz, attack and limits tests, and prints the soak figures from bench/out/soak-last.md
# (bench/soak.sh is a separate run of 10+ minutes; it is not started here). Takes ~15 minutes.
# Environment: BENCH_PG_HOST / BENCH_PG_PORT / BENCH_PG_USER as for the other scripts.
set -uo pipefail
cd "$(dirname "$0")/.."

PG_HOST=${BENCH_PG_HOST:-127.0.0.1}
PG_PORT=${BENCH_PG_PORT:-5432}
PG_USER=${BENCH_PG_USER:-postgres}
psql_() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -Atq "$@"; }
mkdir -p bench/out
LOG=bench/out/all-$(date -u +%Y%m%dT%H%MZ).log
status=0

section() { echo; echo "## $1"; echo; }
run() { # name, command...: prints the command's output, notes failures
  local name=$1; shift
  if "$@" 2>&1 | tee -a "$LOG"; then :; else echo "**$name failed** (see $LOG)"; status=1; fi
}

echo "# Help desk: benchmarks and reliability"
echo
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GB memory, $(uname -sr)"
echo "- PostgreSQL: $(psql_ -c 'SHOW server_version' 2>/dev/null || echo unavailable); Java: $(java -version 2>&1 | head -1)"
echo "- commit: $(git rev-parse --short HEAD 2>/dev/null || echo '?'); service, database and load generators share this machine"

[ -f target/helpdesk.jar ] || mvn -B -q -DskipTests package

section "Ticket creation (bench/create-tickets.sh 32 30)"
run create-tickets bench/create-tickets.sh 32 30

section "Search at a million tickets (bench/search-bench.sh helpdesk_1m 20)"
if [ "$(psql_ -c "SELECT 1 FROM pg_database WHERE datname = 'helpdesk_1m'" 2>/dev/null)" = "1" ]; then
  run search-bench bench/search-bench.sh helpdesk_1m 20
else
  echo "skipped: no helpdesk_1m database (bench/generate-desk.sh helpdesk_1m 1000000 makes one in ~4 minutes)"
fi

section "Live fan-out (bench/live-broadcast.sh 100,1000,2000 10 2000)"
run live-broadcast bench/live-broadcast.sh 100,1000,2000 10 2000

section "Reliability"
echo "| what was thrown at the service | test | result |"
echo "|---|---|---|"
it() { # name, description, maven args...
  local name=$1 what=$2; shift 2
  local start=$SECONDS
  if mvn -B -q verify "$@" >> "$LOG" 2>&1; then
    echo "| $what | \`$name\` | passed ($((SECONDS - start)) s) |"
  else
    echo "| $what | \`$name\` | **FAILED** (see $LOG) |"; status=1
  fi
}
it CrashRecoveryIT "SIGKILL under load of creates/replies/updates, restart; PostgreSQL restart under load" \
  -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=CrashRecoveryIT
it FuzzTest "10,000 malformed, oversized, wrongly typed/encoded or hostile requests over every endpoint, and every live frame type" \
  -Dtest=FuzzTest -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false
fuzz=$(grep -ho 'FuzzTest: [^;]*; statuses {[^}]*}' "$LOG" target/surefire-reports/*FuzzTest*-output.txt 2>/dev/null | tail -1)
[ -n "$fuzz" ] && echo "| | ($fuzz) | |"
it AttackTest "SQL injection through every token/sort/cursor/preset, forged and expired tokens, cross-requester access, security headers, markup in the PDF" \
  -Dtest=AttackTest -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false
it XssBrowserTest "stored XSS in every text field and filename, on the agent list, ticket page, portal and wallboard (headless Chromium)" \
  -Dtest=XssBrowserTest -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false
it LimitsTest "every documented limit (docs/limits.md) answered with a clear error" \
  -Dtest=LimitsTest -Dit.test=none -Dfailsafe.failIfNoSpecifiedTests=false

section "Soak (bench/soak.sh 10 2000, run separately)"
if [ -f bench/out/soak-last.md ]; then
  cat bench/out/soak-last.md
else
  echo "no soak results yet: run bench/soak.sh 10 2000 (about 12 minutes)"
fi
exit $status
