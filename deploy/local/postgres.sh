#!/usr/bin/env bash
# Makes sure this machine's PostgreSQL cluster runs and holds the services' databases.
#   deploy/local/postgres.sh up|status
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres), GBA_DATABASES (gba_gz gba_hk gba_mo).
set -euo pipefail
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
DATABASES="${GBA_DATABASES:-gba_gz gba_hk gba_mo}"

log() { printf '[postgres] %s\n' "$*" >&2; }

ready() { pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; }

start() {
  ready && return 0
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    local version; version="$(ls /etc/postgresql | sort -V | tail -n 1)"
    log "starting cluster $version/main"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
  else
    log "PostgreSQL is not answering on $PGHOST:$PGPORT and no local cluster is installed"
    log "install PostgreSQL (apt-get install postgresql) or set PGHOST/PGPORT to a running server"
    exit 1
  fi
  for _ in $(seq 1 30); do ready && return 0; sleep 1; done
  log "PostgreSQL did not become ready in 30 s"; exit 1
}

create_databases() {
  for db in $DATABASES; do
    if [ "$(psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
      log "creating database $db"
      psql -d postgres -qc "CREATE DATABASE \"$db\""
    fi
  done
}

case "${1:-}" in
  up) start; create_databases; log "ready on $PGHOST:$PGPORT ($DATABASES)" ;;
  status) ready && echo "running on $PGHOST:$PGPORT" || { echo "not answering on $PGHOST:$PGPORT"; exit 3; } ;;
  *) echo "usage: $0 up|status" >&2; exit 2 ;;
esac
