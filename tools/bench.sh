#!/usr/bin/env bash
# Footprint and speed bench (docs/performance.md). In one run, side by side: the real agent with the
# shipped flags (bootstrap/jvm.options) against a trivial JVM with the same flags and against qemu-ga.
# Prints steady RSS, CPU per collection cycle (~100 and ~1000 processes) and idle CPU, exec->handshake
# and exec->first metrics, signed command round trips vs. qemu-ga guest-ping, bytes per metrics line.
#
#   tools/bench.sh                 # the full run (about 3 minutes; builds first if nothing is built)
#   tools/bench.sh --quick         # a short smoke variant (about 45 s; figures are rougher)
#   BENCH_JVM_OPTIONS=file tools/bench.sh   # try other flags without editing bootstrap/jvm.options
#
# Needs: a build (mvn -B -q -DskipTests package) and qemu-ga (tools/setup.sh qemu-guest-agent, root).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mods="${BENCH_MODULES:-$here/bootstrap/target/modules}"
if ! ls "$mods"/bootstrap-*.jar >/dev/null 2>&1; then
  (cd "$here" && mvn -o -B -q -DskipTests package)
fi
if ! command -v qemu-ga >/dev/null 2>&1 && [ ! -x /usr/sbin/qemu-ga ]; then
  "$here/tools/setup.sh" qemu-guest-agent || echo "bench: qemu-ga unavailable; its comparison is skipped" >&2
fi
args=()
for a in "$@"; do
  case "$a" in
    --quick) args+=(--seconds=15 --runs=3 --requests=200) ;;
    --only=*|--runs=*|--seconds=*|--requests=*) args+=("$a") ;;   # --only=startup,steady,commands: some parts only
    *) echo "usage: tools/bench.sh [--quick] [--only=startup,steady,commands]" >&2; exit 2 ;;
  esac
done
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
out="$here/bootstrap/target/bench"
work="$(mktemp -d /tmp/infiniservice-bench.XXXXXX)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out/classes"
cp_jars="$(ls "$mods"/*.jar | tr '\n' ':')"
"$JAVAC" -nowarn -d "$out/classes" -cp "$cp_jars" "$here/tools/bench/Bench.java" "$here/tools/bench/Idle.java"
# The agent runs as ./infiniservice runs it: jvm.options plus the AppCDS archive that the launcher
# records once per build (BENCH_CDS=off measures without it).
opts="${BENCH_JVM_OPTIONS:-$here/bootstrap/jvm.options}"
if [ "${BENCH_CDS:-on}" != off ] && [ -z "${BENCH_MODULES:-}" ]; then
  "$here/infiniservice" --version >/dev/null
  if [ -f "$here/bootstrap/target/infiniservice.jsa" ]; then
    { cat "$opts"; printf '%s\n' "-XX:SharedArchiveFile=$here/bootstrap/target/infiniservice.jsa" \
        -Xlog:disable -Xlog:all=warning:stderr; } > "$work/jvm.options"
    opts="$work/jvm.options"
  fi
fi
cd "$here"   # the agent reads the shipped installers/src/linux/config.toml, as the packages do
# The bench's own JVM stays small and out of the way (it shares the 2 cores with what it measures).
"$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx128m -cp "$out/classes:$cp_jars" Bench \
  --modules="$mods" --work="$work" --jvm-options="$opts" \
  --trivial-classes="$out/classes" "${args[@]}"
