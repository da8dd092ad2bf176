#!/usr/bin/env bash
# Soak, shortened for CI: 2 minutes only (tools/soak.sh defaults to 10). With a 2-minute run the
# warm-up is cut to the first third, so this catches fast leaks (threads, fds, steep RSS growth),
# not slow ones: run tools/soak.sh 10 (or longer) before a release. Costs about 2.5 min.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$here/tools/soak.sh" 2
