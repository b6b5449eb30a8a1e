#!/usr/bin/env bash
# The newcomer's entry point, behind `npm start`, `npm test` and `npm run bench`.
# From a fresh clone on a machine as it comes it: brings Node >= 22.12 (installs node@24 from the npm registry into
# .tools/ when the machine's Node is older and puts it first on PATH), installs the locked dependencies when they
# changed, builds, and then starts the app, runs the tests, or runs the benchmarks.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/setup.sh
source "$root/scripts/setup.sh"

command="${1:-}"
shift || true

case "$command" in
  start)
    ensure_node
    ensure_dependencies
    build
    if electron_runtime_present; then
      echo "Starting the desktop app (Electron)."
      exec "$root/node_modules/.bin/electron" "$root" "$@"
    fi
    echo "No Electron runtime here (its binary is not installed, or there is no display): starting the headless mode."
    echo "Open the URL printed below in a browser. Stop with Ctrl+C."
    STEADFAST_STOP_WITH_PARENT=1 exec node "$root/out/main/headless.js" "$@"
    ;;
  test)
    ensure_node
    ensure_dependencies
    ensure_chromium
    npm run --silent typecheck
    build
    npx vitest run --project unit --project integration
    npx playwright test
    ;;
  bench)
    ensure_node
    ensure_dependencies
    build
    npx vitest run --config test/bench/vitest.config.ts "$@"
    ;;
  *)
    echo "usage: scripts/steadfast.sh start|test|bench" >&2
    exit 2
    ;;
esac
