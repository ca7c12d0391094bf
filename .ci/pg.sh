# A throwaway PostgreSQL server for the tests' PostgreSQL half (sourced by .ci/run; usable by hand):
#
#   source .ci/pg.sh && pg_install && pg_start && trap pg_stop EXIT
#   → exports CRMDESK_TEST_PG=postgresql://crmdesk@/postgres?host=<socket folder>
#
# Debian's packages without their default cluster (create_main_cluster = false); one cluster in a
# temporary folder: UTF8 with the C.UTF-8 locale (pg_trgm sees Chinese characters as word characters
# only under a UTF-8 LC_CTYPE), a Unix socket only (nothing listens on TCP), trust authentication on
# that socket, durability off (the data is thrown away; cloning a template database with fsync on
# takes seconds instead of milliseconds). initdb refuses root: as root it runs as the packages'
# postgres user. Without the binaries nothing starts and the tests skip their PostgreSQL half.

pg_install() {
  command -v apt-get >/dev/null 2>&1 || return 0
  ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 && return 0
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

pg_start() {
  local bin owner=""
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  if [ -z "$bin" ]; then echo "pg: no PostgreSQL binaries; the PostgreSQL tests will be skipped" >&2; return 0; fi
  PG_DIR="$(mktemp -d /tmp/crmdesk-pg.XXXXXX)"
  PG_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    owner=postgres
    id -u "$owner" >/dev/null 2>&1 || { owner=crmdesk-pg; id -u "$owner" >/dev/null 2>&1 || useradd --system "$owner"; }
    PG_AS=(runuser -u "$owner" --)
  fi
  chmod 755 "$PG_DIR"; mkdir -p "$PG_DIR/socket"
  [ -n "$owner" ] && chown -R "$owner" "$PG_DIR"
  "${PG_AS[@]}" "$bin/initdb" -D "$PG_DIR/data" -U crmdesk -E UTF8 --locale=C.UTF-8 \
    --auth=trust --no-sync >"$PG_DIR/initdb.log" 2>&1 || { cat "$PG_DIR/initdb.log" >&2; return 1; }
  "${PG_AS[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 -o \
    "-c listen_addresses='' -c unix_socket_directories='$PG_DIR/socket' -c fsync=off \
     -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=128MB" \
    start >/dev/null || { cat "$PG_DIR/server.log" >&2; return 1; }
  PG_BIN="$bin"
  export CRMDESK_TEST_PG="postgresql://crmdesk@/postgres?host=$PG_DIR/socket"
  echo "pg: PostgreSQL $("$bin/psql" "$CRMDESK_TEST_PG" -Atc 'SHOW server_version') on $PG_DIR/socket" >&2
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  unset PG_DIR CRMDESK_TEST_PG
}
