#!/usr/bin/env bash
# Metrics collection cost on Linux (docs/protocol-notes.md "Metrics on Linux"): CPU of one full cycle
# (system + processes + ports + applications + wire mapping) at ~100 and ~1000 real processes, and our
# procfs readers against OSHI 7.5.0's getProcesses()/getConnections() in the same run (ports twice: with
# the machine's own sockets, and with an IPv6 and an IPv4 TCP listener the bench opens). Not part of the
# test run. Takes about 1-2 minutes; the JVM uses the agent's shipped flags (bootstrap/jvm.options).
#
#   tools/bench-metrics.sh [iterations]     # default 21 measured iterations (median), after a warm-up
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
# One reactor run (-am): domain and application come from their target/classes, never from ~/.m2.
mvn -o -B -q -pl adapters-linux -am -Pbench test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
mod="$here/adapters-linux/target"
flags=()
while IFS= read -r line; do
  line="${line%%#*}"; line="${line// /}"
  [ -n "$line" ] && flags+=("$line")
done < "$here/bootstrap/jvm.options"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
ulimit -u 4096 2>/dev/null || true
"$JAVA" "${flags[@]}" -Xmx256m -cp "$mod/bench-classes:$mod/classes:$(cat "$mod/bench.classpath")" \
  org.infinibay.infiniservice.adapters.linux.bench.MetricsBench "$@"
