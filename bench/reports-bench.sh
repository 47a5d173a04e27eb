#!/usr/bin/env bash
# Reports over a year, every grouping: wall p50/p95 and CPU per request (service + PostgreSQL).
#
#   bench/reports-bench.sh [base-url=http://127.0.0.1:18600] [service-pid] [database=helpdesk_1m] [requests=30]
#
# Against a running service on a generated desk (bench/generate-desk.sh): sign in as the bench
# admin (BENCH_ADMIN_EMAIL / BENCH_ADMIN_PASSWORD), 3 warm-ups then N timed requests per grouping;
# with the service's pid, the CPU it and the database's backends spent per request (/proc/<pid>/stat).
set -euo pipefail
BASE=${1:-http://127.0.0.1:18600}
PID=${2:-}
DB=${3:-helpdesk_1m}
N=${4:-30}
EMAIL=${BENCH_ADMIN_EMAIL:-bench-admin@example.com}
PASSWORD=${BENCH_ADMIN_PASSWORD:-bench-password-1}
HZ=$(getconf CLK_TCK)
TOKEN=$(curl -fs -H 'Content-Type: application/json' -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" \
  "$BASE/api/auth/login" | python3 -c 'import sys,json;print(json.load(sys.stdin)["token"])')
TO=$(date -u +%F); FROM=$(date -u -d '364 days ago' +%F)
cpu() { [[ -n "$PID" ]] && awk '{print $14+$15}' /proc/$PID/stat || echo 0; }
pgcpu() { { for p in $(pgrep -f "postgres: .*$DB" || true); do awk '{print $14+$15}' /proc/$p/stat 2>/dev/null; done; echo 0; } | paste -sd+ | bc; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); range $FROM..$TO"
for by in day week agent category channel priority; do
  url="$BASE/api/reports?by=$by&from=$FROM&to=$TO"
  for i in 1 2 3; do curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "$url"; done
  a=$(cpu); pa=$(pgcpu)
  times=$(for i in $(seq 1 "$N"); do curl -fs -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "$url"; done)
  b=$(cpu); pb=$(pgcpu)
  python3 - "$by" "$(( (b - a) * 1000 / HZ / N ))" "$(( (pb - pa) * 1000 / HZ / N ))" <<PY
import sys
t = sorted(float(x) * 1000 for x in """$times""".split())
p = lambda q: t[min(len(t) - 1, int(round(q * (len(t) - 1))))]
print(f"{sys.argv[1]:9s} n={len(t)} p50={p(0.5):.0f} ms p95={p(0.95):.0f} ms  cpu/request: service {sys.argv[2]} ms, postgres {sys.argv[3]} ms")
PY
done
