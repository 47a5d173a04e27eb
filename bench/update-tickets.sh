#!/usr/bin/env bash
# PATCH benchmark: status and priority of seeded tickets, the service against PostgreSQL
# alone doing the equivalent one transaction per change (bench/pgbench/update-equivalent.sql).
#
#   bench/update-tickets.sh [concurrency=32] [seconds=30]
#
# Seeds tickets with a few seconds of creates, then runs the same steps, knobs and
# output as bench/create-tickets.sh (see bench/README.md), with BENCH_MODE=update.
exec env BENCH_MODE=update "$(dirname "${BASH_SOURCE[0]}")/create-tickets.sh" "$@"
