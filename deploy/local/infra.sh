#!/usr/bin/env bash
# Local infrastructure without Docker: this machine's PostgreSQL and an Apache Kafka broker.
#   deploy/local/infra.sh up|down|status
# `down` stops only Kafka (the machine's PostgreSQL cluster is shared and stays up).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
case "${1:-}" in
  up) "$here/postgres.sh" up && "$here/kafka.sh" up ;;
  down) "$here/kafka.sh" down ;;
  status) "$here/postgres.sh" status; "$here/kafka.sh" status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
