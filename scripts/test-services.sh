#!/usr/bin/env bash
# Real test servers for the database tests: PostgreSQL 15 and MariaDB on
# 127.0.0.1, each with its own data directory, started without systemd.
#   bash scripts/test-services.sh start|stop|status
# `start` is idempotent (a running server is left alone) and writes the
# connection facts to .test-services/env (DSNs, user, password) for the tests;
# it exports nothing. Data lives in $CPAN_BRIDGE_SERVICES_DIR (default
# /tmp/cpan-bridge-test-services) so every checkout shares one pair of servers.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)

BASE=${CPAN_BRIDGE_SERVICES_DIR:-/tmp/cpan-bridge-test-services}
PG_PORT=${CPAN_BRIDGE_PG_PORT:-54329}
MY_PORT=${CPAN_BRIDGE_MYSQL_PORT:-33069}
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
PGDATA=$BASE/pg/data
PGSOCK=$BASE/pg/sock
MYDATA=$BASE/mariadb/data
MYRUN=$BASE/mariadb/run
DB=cbtest
DBUSER=cbtest
ENV_FILE=$REPO/.test-services/env

log () { printf 'test-services: %s\n' "$*"; }
die () { printf 'test-services: %s\n' "$*" >&2; exit 1; }

port_open () { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_port () { # port, want (open|closed), seconds
  local i
  for i in $(seq 1 $(( $3 * 20 ))); do
    if [ "$2" = open ]; then port_open "$1" && return 0; else port_open "$1" || return 0; fi
    sleep 0.05
  done
  return 1
}

need_packages () {
  if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ]; then
    log "installing the missing server packages"
    bash scripts/install-deps.sh
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  else
    die "PostgreSQL or MariaDB is not installed; as root run: apt-get install -y postgresql mariadb-server mariadb-client"
  fi
}

password () {
  # one random password per data directory, kept beside it (mode 0600)
  mkdir -p "$BASE"; chmod 755 "$BASE"
  if [ ! -s "$BASE/password" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' | head -c 20 > "$BASE/password")
  fi
  cat "$BASE/password"
}

as_pg () { runuser -u postgres -- "$@"; }

pg_start () {
  local pw=$1
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA" "$PGSOCK"; chown -R postgres:postgres "$BASE/pg"; chmod 700 "$PGDATA"
    as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$BASE/pg/initdb.log" 2>&1 \
      || as_pg "$PG_BIN/initdb" -D "$PGDATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C >"$BASE/pg/initdb.log" 2>&1 \
      || die "initdb failed: see $BASE/pg/initdb.log"
  fi
  mkdir -p "$PGSOCK"; chown postgres:postgres "$PGSOCK"
  # a pid file left by a killed server whose pid now belongs to another process
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1 && ! port_open "$PG_PORT" && ! pgrep -u postgres -f "postgres -D $PGDATA" >/dev/null 2>&1; then
    rm -f "$PGDATA/postmaster.pid"
  fi
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    port_open "$PG_PORT" && die "port $PG_PORT is taken by another process (set CPAN_BRIDGE_PG_PORT)"
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$BASE/pg/server.log" -w -t 30 \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGSOCK -c password_encryption=scram-sha-256 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || die "PostgreSQL did not start: see $BASE/pg/server.log"
  fi
  wait_port "$PG_PORT" open 10 || die "PostgreSQL is not listening on $PG_PORT"
  local psql=("$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PGSOCK" -p "$PG_PORT" -U postgres -d postgres)
  # the role's password follows $BASE/password every start (cheap, and repairs a changed file)
  as_pg "${psql[@]}" -c "DO \$\$BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname='$DBUSER') THEN CREATE ROLE $DBUSER LOGIN; END IF; END\$\$" \
    -c "ALTER ROLE $DBUSER PASSWORD '$pw'" >/dev/null
  if [ "$(as_pg "${psql[@]}" -tA -c "SELECT 1 FROM pg_database WHERE datname='$DB'")" != 1 ]; then
    as_pg "${psql[@]}" -c "CREATE DATABASE $DB OWNER $DBUSER" >/dev/null
  fi
}

pg_stop () {
  [ -n "$PG_BIN" ] && [ -s "$PGDATA/PG_VERSION" ] || return 0
  if as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 30 stop >/dev/null
  fi
  wait_port "$PG_PORT" closed 10 || die "PostgreSQL still listens on $PG_PORT"
  log "PostgreSQL stopped"
}

my_pid () { # the pid in the pid file, only while it is really our mariadbd
  local pid
  [ -s "$MYRUN/mariadbd.pid" ] || return 1
  pid=$(cat "$MYRUN/mariadbd.pid")
  kill -0 "$pid" 2>/dev/null && grep -q "mariadbd\|mysqld" "/proc/$pid/comm" 2>/dev/null && echo "$pid"
}

my_client () { mariadb --no-defaults -uroot --socket="$MYRUN/mariadbd.sock" "$@"; }

my_start () {
  local pw=$1
  mkdir -p "$MYDATA" "$MYRUN"; chown -R mysql:mysql "$BASE/mariadb"
  if [ ! -d "$MYDATA/mysql" ]; then
    mariadb-install-db --no-defaults --user=mysql --datadir="$MYDATA" --auth-root-authentication-method=socket \
      --skip-test-db >"$BASE/mariadb/install.log" 2>&1 || die "mariadb-install-db failed: see $BASE/mariadb/install.log"
  fi
  if my_pid >/dev/null; then
    log "MariaDB already running on 127.0.0.1:$MY_PORT"
  else
    port_open "$MY_PORT" && die "port $MY_PORT is taken by another process (set CPAN_BRIDGE_MYSQL_PORT)"
    setsid mariadbd --no-defaults --user=mysql --datadir="$MYDATA" --socket="$MYRUN/mariadbd.sock" \
      --port="$MY_PORT" --bind-address=127.0.0.1 --pid-file="$MYRUN/mariadbd.pid" --log-error="$BASE/mariadb/error.log" \
      --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
      </dev/null >/dev/null 2>&1 &
    local i
    for i in $(seq 1 300); do
      [ -S "$MYRUN/mariadbd.sock" ] && my_client -e 'SELECT 1' >/dev/null 2>&1 && break
      sleep 0.05
    done
  fi
  wait_port "$MY_PORT" open 15 || die "MariaDB is not listening on $MY_PORT: see $BASE/mariadb/error.log"
  my_client -e "CREATE DATABASE IF NOT EXISTS $DB CHARACTER SET utf8mb4;
    CREATE USER IF NOT EXISTS '$DBUSER'@'127.0.0.1' IDENTIFIED BY '$pw';
    ALTER USER '$DBUSER'@'127.0.0.1' IDENTIFIED BY '$pw';
    GRANT ALL PRIVILEGES ON $DB.* TO '$DBUSER'@'127.0.0.1';"
}

my_stop () {
  local pid
  if pid=$(my_pid); then
    kill "$pid"
    local i
    for i in $(seq 1 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    kill -0 "$pid" 2>/dev/null && die "MariaDB (pid $pid) did not stop"
  fi
  wait_port "$MY_PORT" closed 10 || die "MariaDB still listens on $MY_PORT"
  log "MariaDB stopped"
}

write_env () {
  local pw=$1
  mkdir -p "$REPO/.test-services"
  (umask 077; cat > "$ENV_FILE.tmp" <<ENV
# written by scripts/test-services.sh start; read by test/database/* (shell syntax: set -a; . this file)
CB_PG_DSN='dbi:Pg:dbname=$DB;host=127.0.0.1;port=$PG_PORT'
CB_PG_USER='$DBUSER'
CB_PG_PASSWORD='$pw'
CB_MYSQL_DSN='dbi:mysql:database=$DB;host=127.0.0.1;port=$MY_PORT'
CB_MARIADB_DSN='dbi:MariaDB:database=$DB;host=127.0.0.1;port=$MY_PORT'
CB_MYSQL_USER='$DBUSER'
CB_MYSQL_PASSWORD='$pw'
ENV
  mv "$ENV_FILE.tmp" "$ENV_FILE")
}

case "${1:-}" in
  start)
    need_packages
    pw=$(password)
    pg_start "$pw" &
    pgjob=$!
    my_start "$pw"
    wait "$pgjob" || die "PostgreSQL failed to start"
    write_env "$pw"
    log "PostgreSQL dbi:Pg:dbname=$DB;host=127.0.0.1;port=$PG_PORT user $DBUSER"
    log "MariaDB    dbi:mysql:database=$DB;host=127.0.0.1;port=$MY_PORT user $DBUSER"
    log "password and DSNs: $ENV_FILE"
    ;;
  stop)
    pg_stop
    my_stop
    ;;
  status)
    rc=0
    if [ -n "$PG_BIN" ] && [ -s "$PGDATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      log "PostgreSQL running on 127.0.0.1:$PG_PORT"
    else log "PostgreSQL stopped"; rc=3; fi
    if pid=$(my_pid); then log "MariaDB running on 127.0.0.1:$MY_PORT (pid $pid)"; else log "MariaDB stopped"; rc=3; fi
    exit $rc
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
