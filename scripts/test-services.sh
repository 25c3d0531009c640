#!/usr/bin/env bash
# Real test servers on 127.0.0.1, each with its own data directory and config,
# started without systemd: PostgreSQL 15 and MariaDB for the database tests,
# OpenSSH sshd (with the packaged sftp-server) and vsftpd (plain/explicit TLS
# and implicit TLS) for the transfer tests, an HTTP/HTTPS/proxy server
# (scripts/http-test-server.mjs) and an SMTP capture server
# (scripts/smtp-capture.py, aiosmtpd) for the HTTP and mail tests. One system user, cbxfer, logs in
# over SSH (password or ed25519 key) and FTP.
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
SSH_PORT=${CPAN_BRIDGE_SSH_PORT:-2222}
FTP_PORT=${CPAN_BRIDGE_FTP_PORT:-2121}
FTPS_PORT=${CPAN_BRIDGE_FTPS_PORT:-2990}
HTTP_PORT=${CPAN_BRIDGE_HTTP_PORT:-18080}
HTTPS_PORT=${CPAN_BRIDGE_HTTPS_PORT:-18443}
PROXY_PORT=${CPAN_BRIDGE_PROXY_PORT:-18081}
SMTP_PORT=${CPAN_BRIDGE_SMTP_PORT:-2525}
SMTPS_PORT=${CPAN_BRIDGE_SMTPS_PORT:-2465}
XUSER=cbxfer
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
  if [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] && command -v mariadbd >/dev/null && command -v mariadb-install-db >/dev/null \
    && [ -x /usr/sbin/sshd ] && [ -x /usr/lib/openssh/sftp-server ] && [ -x /usr/sbin/vsftpd ] \
    && /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then return 0; fi
  if [ "$(id -u)" = 0 ]; then
    log "installing the missing server packages"
    bash scripts/install-deps.sh
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  else
    die "a test server is not installed; as root run: bash scripts/install-deps.sh"
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

# --- SSH and FTP: one non-root user (root ignores file modes, so a
# permission-denied test needs someone else), home under $BASE.
XHOME=$BASE/home/$XUSER
SSHDIR=$BASE/ssh
FTPDIR=$BASE/ftp

xfer_user () {
  local pw=$1
  [ "$(id -u)" = 0 ] || die "creating the $XUSER test user needs root"
  mkdir -p "$BASE/home"; chmod 755 "$BASE/home"
  if ! id "$XUSER" >/dev/null 2>&1; then
    useradd --home-dir "$XHOME" --no-create-home --shell /bin/bash --user-group "$XUSER"
  fi
  mkdir -p "$XHOME"; chown "$XUSER:$XUSER" "$XHOME"; chmod 755 "$XHOME"
  printf '%s:%s\n' "$XUSER" "$pw" | chpasswd
}

ssh_pid () { # our sshd's pid, only while it is really sshd
  local pid
  [ -s "$SSHDIR/sshd.pid" ] || return 1
  pid=$(cat "$SSHDIR/sshd.pid")
  kill -0 "$pid" 2>/dev/null && grep -q sshd "/proc/$pid/comm" 2>/dev/null && echo "$pid"
}

ssh_start () {
  mkdir -p "$SSHDIR/authorized_keys"; chmod 755 "$SSHDIR" "$SSHDIR/authorized_keys"
  [ -s "$SSHDIR/ssh_host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C cpan-bridge-test-host -f "$SSHDIR/ssh_host_ed25519_key"
  [ -s "$SSHDIR/ssh_host_rsa_key" ] || ssh-keygen -q -t rsa -b 2048 -N '' -C cpan-bridge-test-host -f "$SSHDIR/ssh_host_rsa_key"
  # client keys: one plain, one behind a passphrase (the passphrase is the password file's text)
  [ -s "$SSHDIR/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C "$XUSER@cpan-bridge-test" -f "$SSHDIR/id_ed25519"
  [ -s "$SSHDIR/id_ed25519_pass" ] || ssh-keygen -q -t ed25519 -N "$(cat "$BASE/password")" -C "$XUSER@cpan-bridge-test" -f "$SSHDIR/id_ed25519_pass"
  cat "$SSHDIR/id_ed25519.pub" "$SSHDIR/id_ed25519_pass.pub" > "$SSHDIR/authorized_keys/$XUSER"
  cat "$SSHDIR/id_ed25519.pub" > "$SSHDIR/authorized_keys/root"
  chmod 644 "$SSHDIR"/authorized_keys/*
  # the known_hosts a client uses to trust this server (both key types)
  { printf '[127.0.0.1]:%s ' "$SSH_PORT"; cut -d' ' -f1,2 "$SSHDIR/ssh_host_ed25519_key.pub"
    printf '[127.0.0.1]:%s ' "$SSH_PORT"; cut -d' ' -f1,2 "$SSHDIR/ssh_host_rsa_key.pub"; } > "$SSHDIR/known_hosts"
  cat > "$SSHDIR/sshd_config" <<CONF
Port $SSH_PORT
ListenAddress 127.0.0.1
HostKey $SSHDIR/ssh_host_ed25519_key
HostKey $SSHDIR/ssh_host_rsa_key
PidFile $SSHDIR/sshd.pid
AuthorizedKeysFile $SSHDIR/authorized_keys/%u
StrictModes no
UsePAM no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
AllowUsers $XUSER root
MaxStartups 100:30:200
MaxSessions 64
UseDNS no
PrintMotd no
LogLevel INFO
Subsystem sftp /usr/lib/openssh/sftp-server
CONF
  mkdir -p /run/sshd; chmod 755 /run/sshd
  if ssh_pid >/dev/null; then
    log "sshd already running on 127.0.0.1:$SSH_PORT"
    kill -HUP "$(ssh_pid)" # picks up a rewritten config
  else
    port_open "$SSH_PORT" && die "port $SSH_PORT is taken by another process (set CPAN_BRIDGE_SSH_PORT)"
    /usr/sbin/sshd -t -f "$SSHDIR/sshd_config" || die "sshd rejects its config: $SSHDIR/sshd_config"
    /usr/sbin/sshd -f "$SSHDIR/sshd_config" -E "$SSHDIR/sshd.log"
  fi
  wait_port "$SSH_PORT" open 10 || die "sshd is not listening on $SSH_PORT: see $SSHDIR/sshd.log"
}

ssh_stop () {
  local pid i
  if pid=$(ssh_pid); then
    kill "$pid"
    for i in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  fi
  wait_port "$SSH_PORT" closed 10 || die "sshd still listens on $SSH_PORT"
  log "sshd stopped"
}

ftp_conf () { # name, port, pasv_min, pasv_max, implicit (YES|NO)
  cat > "$FTPDIR/$1.conf" <<CONF
listen=YES
listen_ipv6=NO
listen_address=127.0.0.1
listen_port=$2
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
dirmessage_enable=NO
use_localtime=NO
xferlog_enable=NO
vsftpd_log_file=$FTPDIR/$1.log
connect_from_port_20=NO
pasv_enable=YES
pasv_address=127.0.0.1
pasv_min_port=$3
pasv_max_port=$4
seccomp_sandbox=NO
secure_chroot_dir=$FTPDIR/empty
pam_service_name=vsftpd
max_per_ip=0
ssl_enable=YES
implicit_ssl=$5
rsa_cert_file=$FTPDIR/cert.pem
rsa_private_key_file=$FTPDIR/key.pem
allow_anon_ssl=NO
force_local_logins_ssl=NO
force_local_data_ssl=$5
require_ssl_reuse=NO
ssl_ciphers=HIGH
CONF
}

ftp_pid () { # name: our vsftpd's pid, only while it is really vsftpd
  local pid
  [ -s "$FTPDIR/$1.pid" ] || return 1
  pid=$(cat "$FTPDIR/$1.pid")
  kill -0 "$pid" 2>/dev/null && grep -q vsftpd "/proc/$pid/comm" 2>/dev/null && echo "$pid"
}

ftp_start () {
  mkdir -p "$FTPDIR/empty"; chmod 755 "$FTPDIR"; chmod 555 "$FTPDIR/empty"
  if [ ! -s "$FTPDIR/cert.pem" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
      -keyout "$FTPDIR/key.pem" -out "$FTPDIR/cert.pem" >/dev/null 2>&1 || die "openssl could not make the FTPS certificate"
    chmod 600 "$FTPDIR/key.pem"
  fi
  ftp_conf ftp "$FTP_PORT" 30000 30099 NO
  ftp_conf ftps "$FTPS_PORT" 30100 30199 YES
  local name port
  for name in ftp ftps; do
    [ $name = ftp ] && port=$FTP_PORT || port=$FTPS_PORT
    if ftp_pid $name >/dev/null; then
      log "vsftpd ($name) already running on 127.0.0.1:$port"
      continue
    fi
    port_open "$port" && die "port $port is taken by another process (set CPAN_BRIDGE_FTP_PORT / CPAN_BRIDGE_FTPS_PORT)"
    setsid /usr/sbin/vsftpd "$FTPDIR/$name.conf" </dev/null >"$FTPDIR/$name.out" 2>&1 &
    echo $! > "$FTPDIR/$name.pid"
    wait_port "$port" open 10 || die "vsftpd ($name) is not listening on $port: see $FTPDIR/$name.out"
  done
}

ftp_stop () {
  local name pid i
  for name in ftp ftps; do
    if pid=$(ftp_pid $name); then
      kill "$pid"
      for i in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
    fi
  done
  wait_port "$FTP_PORT" closed 10 || die "vsftpd still listens on $FTP_PORT"
  wait_port "$FTPS_PORT" closed 10 || die "vsftpd still listens on $FTPS_PORT"
  log "vsftpd stopped"
}

WEBDIR=$BASE/web
SMTPDIR=$BASE/smtp

# one self-signed certificate for the HTTPS and SMTP servers (IP and DNS SANs,
# so verify_hostname is tested for real); tests trust it through its PEM
web_cert () {
  mkdir -p "$WEBDIR"; chmod 755 "$WEBDIR"
  if [ ! -s "$WEBDIR/cert.pem" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=127.0.0.1 \
      -addext subjectAltName=IP:127.0.0.1,DNS:localhost \
      -keyout "$WEBDIR/key.pem" -out "$WEBDIR/cert.pem" >/dev/null 2>&1 || die "openssl could not make the web certificate"
    chmod 600 "$WEBDIR/key.pem"
  fi
}

pid_of () { # pid file, command-line fragment: the pid while it is still that program
  local pid
  [ -s "$1" ] || return 1
  pid=$(cat "$1")
  kill -0 "$pid" 2>/dev/null && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$2" && echo "$pid"
}

stop_pid () { # pid file, command-line fragment, ports...
  local pid i file=$1 what=$2 port
  shift 2
  if pid=$(pid_of "$file" "$what"); then
    kill "$pid"
    for i in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  fi
  for port in "$@"; do wait_port "$port" closed 10 || die "$what still listens on $port"; done
}

web_start () {
  web_cert
  if pid_of "$WEBDIR/server.pid" http-test-server.mjs >/dev/null; then
    log "HTTP test server already running on 127.0.0.1:$HTTP_PORT"
    return 0
  fi
  local port
  for port in "$HTTP_PORT" "$HTTPS_PORT" "$PROXY_PORT"; do
    port_open "$port" && die "port $port is taken by another process (set CPAN_BRIDGE_HTTP_PORT / _HTTPS_PORT / _PROXY_PORT)"
  done
  setsid node "$REPO/scripts/http-test-server.mjs" "$HTTP_PORT" "$HTTPS_PORT" "$PROXY_PORT" \
    "$WEBDIR/cert.pem" "$WEBDIR/key.pem" "$BASE/password" </dev/null >"$WEBDIR/server.out" 2>&1 &
  echo $! > "$WEBDIR/server.pid"
  for port in "$HTTP_PORT" "$HTTPS_PORT" "$PROXY_PORT"; do
    wait_port "$port" open 10 || die "the HTTP test server is not listening on $port: see $WEBDIR/server.out"
  done
}

web_stop () {
  stop_pid "$WEBDIR/server.pid" http-test-server.mjs "$HTTP_PORT" "$HTTPS_PORT" "$PROXY_PORT"
  log "HTTP test server stopped"
}

smtp_start () {
  web_cert
  mkdir -p "$SMTPDIR/spool"; chmod 755 "$SMTPDIR" "$SMTPDIR/spool"
  if pid_of "$SMTPDIR/server.pid" smtp-capture.py >/dev/null; then
    log "SMTP capture server already running on 127.0.0.1:$SMTP_PORT"
    return 0
  fi
  local port
  for port in "$SMTP_PORT" "$SMTPS_PORT"; do
    port_open "$port" && die "port $port is taken by another process (set CPAN_BRIDGE_SMTP_PORT / _SMTPS_PORT)"
  done
  setsid /usr/bin/python3 "$REPO/scripts/smtp-capture.py" "$SMTP_PORT" "$SMTPS_PORT" \
    "$WEBDIR/cert.pem" "$WEBDIR/key.pem" "$BASE/password" "$SMTPDIR/spool" </dev/null >"$SMTPDIR/server.out" 2>&1 &
  echo $! > "$SMTPDIR/server.pid"
  for port in "$SMTP_PORT" "$SMTPS_PORT"; do
    wait_port "$port" open 15 || die "the SMTP capture server is not listening on $port: see $SMTPDIR/server.out"
  done
}

smtp_stop () {
  stop_pid "$SMTPDIR/server.pid" smtp-capture.py "$SMTP_PORT" "$SMTPS_PORT"
  log "SMTP capture server stopped"
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
CB_SSH_HOST='127.0.0.1'
CB_SSH_PORT='$SSH_PORT'
CB_SSH_USER='$XUSER'
CB_SSH_PASSWORD='$pw'
CB_SSH_KEY='$SSHDIR/id_ed25519'
CB_SSH_KEY_PASS='$SSHDIR/id_ed25519_pass'
CB_SSH_KNOWN_HOSTS='$SSHDIR/known_hosts'
CB_SSH_HOME='$XHOME'
CB_FTP_HOST='127.0.0.1'
CB_FTP_PORT='$FTP_PORT'
CB_FTPS_PORT='$FTPS_PORT'
CB_FTP_USER='$XUSER'
CB_FTP_PASSWORD='$pw'
CB_FTP_CA='$FTPDIR/cert.pem'
CB_HTTP_URL='http://127.0.0.1:$HTTP_PORT'
CB_HTTPS_URL='https://127.0.0.1:$HTTPS_PORT'
CB_HTTP_PROXY='http://127.0.0.1:$PROXY_PORT'
CB_HTTP_CA='$WEBDIR/cert.pem'
CB_HTTP_USER='cbweb'
CB_HTTP_PASSWORD='$pw'
CB_SMTP_HOST='127.0.0.1'
CB_SMTP_PORT='$SMTP_PORT'
CB_SMTPS_PORT='$SMTPS_PORT'
CB_SMTP_CA='$WEBDIR/cert.pem'
CB_SMTP_USER='cbmail'
CB_SMTP_PASSWORD='$pw'
CB_SMTP_SPOOL='$SMTPDIR/spool'
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
    xfer_user "$pw"
    ssh_start
    ftp_start
    web_start
    smtp_start
    wait "$pgjob" || die "PostgreSQL failed to start"
    write_env "$pw"
    log "PostgreSQL dbi:Pg:dbname=$DB;host=127.0.0.1;port=$PG_PORT user $DBUSER"
    log "MariaDB    dbi:mysql:database=$DB;host=127.0.0.1;port=$MY_PORT user $DBUSER"
    log "sshd       127.0.0.1:$SSH_PORT user $XUSER (password or $SSHDIR/id_ed25519)"
    log "vsftpd     127.0.0.1:$FTP_PORT (explicit TLS allowed), 127.0.0.1:$FTPS_PORT (implicit TLS) user $XUSER"
    log "HTTP       http://127.0.0.1:$HTTP_PORT https://127.0.0.1:$HTTPS_PORT proxy 127.0.0.1:$PROXY_PORT"
    log "SMTP       127.0.0.1:$SMTP_PORT (STARTTLS, AUTH) 127.0.0.1:$SMTPS_PORT (implicit TLS) spool $SMTPDIR/spool"
    log "passwords, DSNs, keys: $ENV_FILE"
    ;;
  stop)
    pg_stop
    my_stop
    ssh_stop
    ftp_stop
    web_stop
    smtp_stop
    ;;
  status)
    rc=0
    if [ -n "$PG_BIN" ] && [ -s "$PGDATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
      log "PostgreSQL running on 127.0.0.1:$PG_PORT"
    else log "PostgreSQL stopped"; rc=3; fi
    if pid=$(my_pid); then log "MariaDB running on 127.0.0.1:$MY_PORT (pid $pid)"; else log "MariaDB stopped"; rc=3; fi
    if pid=$(ssh_pid); then log "sshd running on 127.0.0.1:$SSH_PORT (pid $pid)"; else log "sshd stopped"; rc=3; fi
    for name in ftp ftps; do
      if pid=$(ftp_pid $name); then log "vsftpd ($name) running (pid $pid)"; else log "vsftpd ($name) stopped"; rc=3; fi
    done
    if pid=$(pid_of "$WEBDIR/server.pid" http-test-server.mjs); then log "HTTP test server running (pid $pid)"; else log "HTTP test server stopped"; rc=3; fi
    if pid=$(pid_of "$SMTPDIR/server.pid" smtp-capture.py); then log "SMTP capture server running (pid $pid)"; else log "SMTP capture server stopped"; rc=3; fi
    exit $rc
    ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
