#!/usr/bin/env bash
# Reply benchmark: a public staff reply, with its mail to the requester, the service against PostgreSQL
# alone doing the equivalent one transaction per change (bench/pgbench/reply-equivalent.sql).
#
#   bench/reply-tickets.sh [concurrency=32] [seconds=30]
#
# Seeds tickets with a few seconds of creates, then runs the same steps, knobs and
# output as bench/create-tickets.sh (see bench/README.md), with BENCH_MODE=reply.
exec env BENCH_MODE=reply "$(dirname "${BASH_SOURCE[0]}")/create-tickets.sh" "$@"
