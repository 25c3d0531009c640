#!/usr/bin/env bash
# npm test: real test servers up, TypeScript tests (vitest), then the Perl
# tests (prove) against one daemon on a temp socket driven by the real client.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/test-services.sh start

npx vitest run

tmp=$(mktemp -d /tmp/cpan-bridge-test.XXXXXX)
sock="$tmp/bridge.sock"
node --max-semi-space-size=2 dist/src/main.js serve --socket "$sock" > "$tmp/daemon.out" 2>&1 &
daemon=$!
cleanup () { kill "$daemon" 2>/dev/null || true; wait "$daemon" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
for _ in $(seq 1 200); do [ -S "$sock" ] && break; sleep 0.05; done
[ -S "$sock" ] || { echo "daemon did not start:"; cat "$tmp/daemon.out"; exit 1; }

CPAN_BRIDGE_SOCKET="$sock" CPAN_BRIDGE_TEST_SOCKET=1 CPAN_BRIDGE_AUTOSTART=0 \
  prove -r -I perl/lib -I perl/t/lib perl/t
