#!/usr/bin/env bash
# The project's test command (README, .ci/run): installs what the tests need, runs the Maven build
# with every unit, architecture and end-to-end test, then each extra suite in tools/ci.d/ in order.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
"$here/tools/setup.sh" socat
mvn -B -ntp verify
for suite in "$here"/tools/ci.d/*.sh; do
  [ -e "$suite" ] || continue
  echo "== suite $(basename "$suite")"
  bash "$suite"
done
echo "== all tests passed"
