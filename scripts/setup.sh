#!/usr/bin/env bash
# Set-up steps shared by scripts/steadfast.sh and .ci/run. Source it; each function is idempotent and quick when
# there is nothing to do.

tools_dir="$root/.tools"

node_is_recent() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)'
}

# Node >= 22.12 is required (vitest 5, vite 8, node:sqlite). Where the machine has an older one, install the npm
# registry's node@24 package (a real binary with headers) into .tools/ and put it first on PATH. npm itself stays the
# machine's and runs on that Node.
ensure_node() {
  if node_is_recent; then return; fi
  local prefix="$tools_dir/node24"
  if [ ! -x "$prefix/node_modules/.bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo '(none)') is older than 22.12: installing Node 24 from the npm registry into .tools/."
    mkdir -p "$prefix"
    # Its own package.json, or npm would install into the project above.
    [ -f "$prefix/package.json" ] || echo '{ "private": true }' >"$prefix/package.json"
    (cd "$prefix" && npm install --no-save --no-package-lock --no-audit --no-fund --loglevel=error node@24 >/dev/null)
  fi
  export PATH="$prefix/node_modules/.bin:$PATH"
  node_is_recent || { echo "Node 24 could not be installed into $prefix" >&2; exit 1; }
}

# `npm ci` when node_modules does not match package-lock.json (or Node's major version changed since).
ensure_dependencies() {
  local stamp="$root/node_modules/.steadfast-installed"
  local want
  want="$(sha256sum "$root/package-lock.json" | cut -d' ' -f1) node-$(node -p 'process.versions.modules')"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return; fi
  echo "Installing dependencies (npm ci)."
  (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$stamp"
}

build() {
  (cd "$root" && npx electron-vite build --logLevel warn)
}

# The e2e tests drive Debian's Chromium (never a browser Playwright downloads).
ensure_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the end-to-end tests."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The end-to-end tests need Chromium at /usr/bin/chromium: run 'sudo apt-get install -y chromium' first." >&2
    exit 1
  fi
}

# True where Electron's binary is installed (it cannot be downloaded on every machine) and a display exists.
electron_runtime_present() {
  (cd "$root" && node -e '
    const fs = require("fs"), path = require("path");
    const dir = path.join("node_modules", "electron");
    const pathFile = path.join(dir, "path.txt");
    if (!fs.existsSync(pathFile)) process.exit(1);
    const binary = path.join(dir, "dist", fs.readFileSync(pathFile, "utf8"));
    process.exit(fs.existsSync(binary) ? 0 : 1);
  ') || return 1
  [ "$(uname)" != Linux ] || [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]
}
