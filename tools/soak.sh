#!/usr/bin/env bash
# Soak: the real agent at a 1 s metrics interval with a signed command every 100 ms (keep-alive,
# SystemInfo, ProcessList, UnsafeCommand `true`) for N minutes (default 10). Samples the agent's
# RSS, threads and fds from /proc every 10 s and fails when, after a 2-minute warm-up, RSS grows
# faster than 1 MiB/min or threads/fds trend upwards, or a command goes unanswered.
# Usage: tools/soak.sh [minutes] [--build]   Prints the figures and SOAK PASS / SOAK FAIL.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
minutes=${1:-10}
if [ "${2:-}" = --build ] || [ ! -d bootstrap/target/modules ] || [ ! -d bootstrap/target/test-classes/org/infinibay/infiniservice/soak ]; then
  echo "== soak: building the modules"
  mvn -B -q -ntp -DskipTests package -pl bootstrap -am
fi
work=$(mktemp -d /tmp/infiniservice-soak.XXXXXX)
trap 'rm -rf "$work"' EXIT
# the build's own output: test classes (SoakRunner, no test framework) + the agent's module jars
cp="bootstrap/target/test-classes:bootstrap/target/modules/*"
echo "== soak: $minutes min"
java -Xmx512m -XX:+UseSerialGC -Dinfiniservice.modules=bootstrap/target/modules -Dinfiniservice.jvmOptions=bootstrap/jvm.options \
  -cp "$cp" org.infinibay.infiniservice.soak.SoakRunner "$minutes" "$work/run"
