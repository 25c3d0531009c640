#!/usr/bin/env bash
# Runs the old bridge's own Test_Scripts (CodeAmalgamation/Perl_to_Python)
# unchanged, as migrated scripts run: only this project's perl/lib on @INC,
# a private daemon on a temp socket, the database ones on the local
# PostgreSQL of scripts/test-services.sh. Prints a table: script, module,
# PASS / FAIL / SKIPPED / EXCLUDED with the reason.
#
#   CPAN_BRIDGE_OLD_BRIDGE=/path/to/Perl_to_Python scripts/old-bridge-tests.sh [script.pl ...]
#
# CPAN_BRIDGE_OLD_BRIDGE: a work tree of the old repository, or its git dir
# (then HEAD is exported to a temp dir). Unset: says so and exits 0.
# Exit status: 1 when a script that ran failed, else 0. OLD_BRIDGE_TESTS_LOAD=1 also runs
# the load tests (minutes each); OLD_BRIDGE_TESTS_SHOW=1 prints a failing script's output,
# OLD_BRIDGE_TESTS_VERBOSE=1 every script's.
# The tables (which scripts are excluded and why, what a script needs, the
# SQL substitutions, the timeouts) are in scripts/old-bridge-tests.pl.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "${CPAN_BRIDGE_OLD_BRIDGE:-}" ]; then
  echo "old-bridge-tests: CPAN_BRIDGE_OLD_BRIDGE is not set (a checkout or git dir of CodeAmalgamation/Perl_to_Python); nothing to run"
  exit 0
fi
if [ ! -f "$root/dist/src/main.js" ]; then
  echo "old-bridge-tests: dist/src/main.js is missing; run npm run build first" >&2
  exit 2
fi
exec perl "$root/scripts/old-bridge-tests.pl" "$@"
