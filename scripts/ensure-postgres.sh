#!/usr/bin/env bash
# Start (or reuse) a private PostgreSQL server for the test suite and print its URL.
#
# The store must be tested against a real server, on a fresh Debian machine too, so
# this installs the server packages when they are missing, keeps its own cluster in
# .pg/ (gitignored) listening on 127.0.0.1 only, and is safe to run again: a running
# cluster is reused. initdb refuses to run as root, so as root the cluster belongs to
# the postgres user. Progress goes to stderr; stdout is only the URL.
# `ensure-postgres.sh --stop` stops the cluster again.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
PGHOME="$ROOT/.pg"
DATA="$PGHOME/data"
DB=social_audit_test
FIRST_PORT=${SOCIAL_AUDIT_PG_PORT:-55432}

say() { echo "ensure-postgres: $*" >&2; }

find_bindir() {
    local dir
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
        if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
            echo "$dir"
            return 0
        fi
    done
    return 1
}

if [ "$(id -u)" = 0 ]; then
    OWNER=postgres
    as_owner() { runuser -u postgres -- "$@"; }
else
    OWNER=$(id -un)
    as_owner() { "$@"; }
fi

BINDIR=$(find_bindir || true)
if [ "${1:-}" = "--stop" ]; then
    if [ -n "$BINDIR" ] && [ -s "$DATA/PG_VERSION" ] && as_owner "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
        as_owner "$BINDIR/pg_ctl" -D "$DATA" -m fast stop >/dev/null
        say "stopped"
    fi
    exit 0
fi
if [ -z "$BINDIR" ]; then
    if [ "$(id -u)" != 0 ]; then
        say "no PostgreSQL server found: install it (apt-get install postgresql) and run again"
        exit 1
    fi
    say "installing the PostgreSQL server packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    BINDIR=$(find_bindir)
fi

mkdir -p "$PGHOME"
chown "$OWNER" "$PGHOME"
chmod 700 "$PGHOME"
if ! as_owner test -w "$PGHOME"; then
    say "$OWNER cannot write to $PGHOME: a folder above it is not open to that user"
    exit 1
fi

if [ ! -s "$PGHOME/password" ]; then
    (umask 077 && head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$PGHOME/password")
    chown "$OWNER" "$PGHOME/password"
fi
PASSWORD=$(cat "$PGHOME/password")

if [ ! -s "$DATA/PG_VERSION" ]; then
    say "creating a cluster in $DATA"
    as_owner "$BINDIR/initdb" -D "$DATA" -U postgres --auth=scram-sha-256 \
        --pwfile="$PGHOME/password" --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$DATA/postgresql.conf" <<'EOF'
# test cluster: loopback only, no unix socket, durability traded for speed
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
fi

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if as_owner "$BINDIR/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
    PORT=$(cat "$PGHOME/port")
else
    PORT=$FIRST_PORT
    while port_in_use "$PORT"; do
        PORT=$((PORT + 1))
        if [ "$PORT" -ge $((FIRST_PORT + 20)) ]; then
            say "no free port in $FIRST_PORT..$PORT: set SOCIAL_AUDIT_PG_PORT"
            exit 1
        fi
    done
    say "starting PostgreSQL on 127.0.0.1:$PORT"
    as_owner "$BINDIR/pg_ctl" -D "$DATA" -l "$PGHOME/server.log" -o "-p $PORT" -w -t 60 \
        start >/dev/null
    echo "$PORT" > "$PGHOME/port"
fi

export PGPASSWORD="$PASSWORD"
PSQL=("$BINDIR/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
if [ -z "$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
    "${PSQL[@]}" -d postgres -c "CREATE DATABASE $DB" >/dev/null
fi

echo "postgresql+psycopg://postgres:$PASSWORD@127.0.0.1:$PORT/$DB"
