#!/usr/bin/env bash
# Records the agent's class-data-sharing archive: one static archive holding exactly the JDK and
# agent classes the agent loads (docs/performance.md, "CDS"). Used by ./infiniservice (once per
# build) and by the Linux package build (the class list) and its post-install script (the archive).
#
#   tools/record-cds.sh classlist JAVA MODULE_DIR JVM_OPTIONS_FILE OUT.classlist
#       records (-XX:DumpLoadedClassList) the classes of the service in its steady state: `run`
#       with the shipped config.toml, attached to a socat host end, for a few collections
#       (without socat: the `demo`, minus the host simulator's classes)
#   tools/record-cds.sh archive JAVA MODULE_DIR JVM_OPTIONS_FILE CLASSLIST OUT.jsa
#       dumps the static archive for that runtime and module directory
#
# Why static and why the steady state only: an archive is resident as a whole (every page is
# touched when it is mapped), so it should hold what a running agent uses and nothing else. The
# JDK's default archive (12 MB resident, ~1 300 classes, of which the agent uses ~1 150) plus a
# dynamic archive of the rest cost ~2 MiB more than one archive of exactly the agent's classes.
set -euo pipefail
mode=$1 java=$2 mods=$3 opts_file=$4
main=org.infinibay.infiniservice.bootstrap/org.infinibay.infiniservice.bootstrap.Main
# JVM_OPTIONS_FILE is bootstrap/jvm.options: one option per line, '#' comments
mapfile -t opts < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$opts_file")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case "$mode" in
  classlist)
    out=$5
    config="$(cd "$(dirname "$0")/.." && pwd)/installers/src/linux/config.toml"
    if command -v socat >/dev/null; then
      # The service's steady state: `run` as the unit starts it, with the shipped config.toml, attached
      # to a host end (socat) for a few collections. Rarely used paths (commands, scripts, diagnose)
      # are left out on purpose: an archive is resident as a whole, a class outside it costs memory
      # only once something loads it.
      socat -u UNIX-LISTEN:"$tmp/host.sock" - >/dev/null 2>&1 &
      host=$!
      for _ in $(seq 50); do [ -S "$tmp/host.sock" ] && break; sleep 0.1; done
      INFINISERVICE_DEVICE="unix:$tmp/host.sock" INFINISERVICE_STATE_DIR="$tmp/state" INFINISERVICE_CONFIG="$config" \
        INFINISERVICE_COLLECTION_INTERVAL=1 INFINISERVICE_SHARED_SECRET=0000000000000000000000000000000000000000000000000000000000000000 \
        "$java" "${opts[@]}" -Xshare:off -XX:DumpLoadedClassList="$tmp/all" -p "$mods" -m "$main" run \
        >"$tmp/run.out" 2>&1 &
      agent=$!
      sleep "${RECORD_SECONDS:-6}"
      kill -TERM "$agent" 2>/dev/null || true
      wait "$agent" 2>/dev/null || true
      kill "$host" 2>/dev/null || true
      grep -q 'org/infinibay/infiniservice/application/service/metrics/' "$tmp/all" 2>/dev/null \
        || { echo "record-cds: the agent did not run: $(tail -n 3 "$tmp/run.out")" >&2; exit 1; }
      cp "$tmp/all" "$out"
    else
      # No socat (a developer machine): the demo, the real agent against the embedded host
      # simulator in the same JVM, without the simulator's own classes.
      INFINISERVICE_STATE_DIR="$tmp/state" "$java" "${opts[@]}" -Xshare:off -XX:DumpLoadedClassList="$tmp/all" \
        -p "$mods" -m "$main" demo --seconds 6 --interval 1 >"$tmp/demo.out" 2>&1 \
        || { echo "record-cds: demo failed: $(tail -n 3 "$tmp/demo.out")" >&2; exit 1; }
      grep -v -e 'org/infinibay/infiniservice/bootstrap/hostsim/' -e 'org/infinibay/infiniservice/bootstrap/cli/DemoCommand' \
        "$tmp/all" > "$out"
    fi
    ;;
  archive)
    list=$5 out=$6
    rm -f "$out"
    "$java" "${opts[@]}" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$out" \
      -p "$mods" -m "$main" >"$tmp/dump.out" 2>&1 && [ -s "$out" ] \
      || { echo "record-cds: archive not dumped: $(grep -v -i warning "$tmp/dump.out" | tail -n 2)" >&2; rm -f "$out"; exit 1; }
    ;;
  *) echo "usage: record-cds.sh classlist|archive ..." >&2; exit 2 ;;
esac
