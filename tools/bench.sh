#!/usr/bin/env bash
# Footprint and speed bench (docs/performance.md). In one run, side by side: the real agent with the
# shipped flags (bootstrap/jvm.options) against a trivial JVM with the same flags and against qemu-ga.
# Prints, one line per figure with the ratio against its reference from the same run: steady RSS at
# the production interval (30 s, 60 s after attach) and at a 1 s interval, classes loaded (CDS archive
# / run time) and live threads beside each, a per-package class table (agent vs. trivial JVM), CPU per
# collection cycle (~100 and ~1000 processes) and idle CPU, exec->handshake and exec->first metrics,
# signed command round trips vs. qemu-ga guest-ping, bytes per metrics line.
#
#   tools/bench.sh                 # the full run (about 4-5 minutes; builds first if nothing is built)
#   tools/bench.sh --quick         # a short smoke variant (about 2 minutes; figures are rougher)
#   tools/bench.sh --only=steady,prod   # footprint only: RSS, classes, threads at 1 s and 30 s
#   tools/bench.sh --only=prod --prod-seconds=60 --classes=off   # the headline RSS alone
#   BENCH_JVM_OPTIONS=file tools/bench.sh   # try other flags without editing bootstrap/jvm.options
#   BENCH_RUNTIME=jdk tools/bench.sh   # the jars on a module path of the machine's java (not linked)
#   tools/bench.sh --channel=unix      # the agent on its unix: test channel instead of the default: a raw
#                                      # pseudo-terminal that socat joins to the host socket, read through
#                                      # the virtio port's code path (unix: when socat is missing);
#                                      # exec->handshake and round trips stay on unix: (--latency-channel=pty)
#
# Parts (--only=, comma-separated; all by default): startup, steady (1 s interval), prod (30 s interval),
# commands. Class figures come from twins started beside the measured pair with -Xlog:class+load
# (--classes=off skips them). Grep a figure: tools/bench.sh ... | awk '$1=="rss.30s"'.
# --causes adds, per package group, the agent's code paths that loaded its classes (a JVMTI agent in
# the class twins, tools/bench/loadcause.c; needs gcc).
# --launch=classpath (an experiment, docs/performance.md round 5) starts the agent from the class path
# instead of -p/-m; give it an archive dumped for that class path with BENCH_CDS=off BENCH_JVM_OPTIONS=.
#
# Needs: a build (mvn -B -q -DskipTests package) and, for the commands part, qemu-ga (tools/setup.sh
# qemu-guest-agent, root; without it the ratios against qemu-ga are left out).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mods="${BENCH_MODULES:-$here/bootstrap/target/modules}"
if ! ls "$mods"/bootstrap-*.jar >/dev/null 2>&1; then
  (cd "$here" && mvn -o -B -q -DskipTests package)
fi
args=()
commands=yes
causes=no
for a in "$@"; do
  case "$a" in
    --quick) args+=(--seconds=15 --runs=3 --requests=200 --prod-seconds=35) ;;
    --only=*) args+=("$a"); case ",${a#--only=}," in *,commands,*) ;; *) commands=no ;; esac ;;
    --runs=*|--seconds=*|--requests=*|--prod-seconds=*|--classes=*|--launch=*|--runtime=*|--trivial-runtime=*|--channel=*|--latency-channel=*) args+=("$a") ;;
    --causes) causes=yes ;;
    *) echo "usage: tools/bench.sh [--quick] [--only=startup,steady,prod,commands] [--runs=N] [--seconds=N]" \
            "[--requests=N] [--prod-seconds=N] [--classes=off] [--causes] [--launch=classpath] [--channel=pty|unix]" >&2; exit 2 ;;
  esac
done
if [ "$commands" = yes ] && ! command -v qemu-ga >/dev/null 2>&1 && [ ! -x /usr/sbin/qemu-ga ] \
    && [ "${BENCH_SETUP:-on}" != off ]; then
  "$here/tools/setup.sh" qemu-guest-agent || echo "bench: qemu-ga unavailable; its comparison is skipped" >&2
fi
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVAC="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
out="$here/bootstrap/target/bench"
work="$(mktemp -d /tmp/infiniservice-bench.XXXXXX)"
# BENCH_KEEP=DIR keeps the run's files there (the class+load logs and causes of the twins) for reading.
if [ -n "${BENCH_KEEP:-}" ]; then
  trap 'rm -rf "$BENCH_KEEP"; mkdir -p "$BENCH_KEEP"; cp -r "$work"/*.log "$work"/*.txt "$BENCH_KEEP"/ 2>/dev/null; rm -rf "$work"' EXIT
else
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$out/classes"
cp_jars="$(ls "$mods"/*.jar | tr '\n' ':')"
"$JAVAC" -nowarn -d "$out/classes" -cp "$cp_jars" "$here/tools/bench/Bench.java" "$here/tools/bench/Idle.java"
if [ "$causes" = yes ]; then
  # The twins also run the JVMTI agent that records, per class, the stack that loaded it (needs gcc).
  jhome="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.home = //p')"
  gcc -shared -fPIC -O2 -I"$jhome/include" -I"$jhome/include/linux" -o "$out/libloadcause.so" \
    "$here/tools/bench/loadcause.c"
  args+=(--causes="$out/libloadcause.so")
fi
# The agent runs as ./infiniservice runs it: jvm.options plus the AppCDS archive that the launcher
# records once per build (BENCH_CDS=off measures without it).
# The runtime, too, is ./infiniservice's: the image that tools/link-runtime.sh links from these jars
# (the packages' runtime), launched with -m alone; the trivial JVM runs on the same runtime, so the
# ratios are what the agent adds to that JVM. BENCH_RUNTIME=jdk measures the jars on a module path
# of the machine's java instead (the launch before round 5's linked runtime).
opts="${BENCH_JVM_OPTIONS:-$here/bootstrap/jvm.options}"
runtime_kind="${BENCH_RUNTIME:-linked}"
[ -n "${BENCH_MODULES:-}" ] && runtime_kind=jdk
if [ "$runtime_kind" = linked ]; then
  args+=(--runtime="$here/bootstrap/target/runtime")
  jsa="$here/bootstrap/target/infiniservice.jsa"
else
  jsa="$here/bootstrap/target/infiniservice-jdk.jsa"
fi
cds=on
{ [ "${BENCH_CDS:-on}" = off ] || [ -n "${BENCH_MODULES:-}" ]; } && cds=off
# one launcher start links bootstrap/target/runtime (linked) and records the archive (unless off)
if [ "$runtime_kind" = linked ] || [ "$cds" = on ]; then
  INFINISERVICE_RUNTIME=$runtime_kind INFINISERVICE_CDS=$([ "$cds" = on ] && echo auto || echo off) \
    "$here/infiniservice" --version >/dev/null
fi
if [ "$cds" = on ]; then
  if [ -f "$jsa" ]; then
    { cat "$opts"; printf '%s\n' "-XX:SharedArchiveFile=$jsa" -Xlog:disable -Xlog:all=warning:stderr; } > "$work/jvm.options"
    opts="$work/jvm.options"
  fi
fi
cd "$here"   # the agent reads the shipped installers/src/linux/config.toml, as the packages do
# The bench's own JVM stays small and out of the way (it shares the 2 cores with what it measures).
"$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx128m -cp "$out/classes:$cp_jars" Bench \
  --modules="$mods" --work="$work" --jvm-options="$opts" \
  --trivial-classes="$out/classes" "${args[@]}"
