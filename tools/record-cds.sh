#!/usr/bin/env bash
# Records the agent's class-data-sharing archive: one static archive holding exactly the JDK and
# agent classes the agent loads (docs/performance.md, "CDS"). Used by ./infiniservice (once per
# build) and by the Linux package build (the class list) and its post-install script (the archive).
#
#   tools/record-cds.sh classlist JAVA MODULE_DIR JVM_OPTIONS_FILE OUT.classlist
#       runs `demo` (the real agent against the embedded host simulator: attach, metrics, signed
#       keep-alive and commands) and `metrics --once` with the shipped config.toml, with
#       -XX:DumpLoadedClassList, and keeps the agent's classes only
#   tools/record-cds.sh archive JAVA MODULE_DIR JVM_OPTIONS_FILE CLASSLIST OUT.jsa
#       dumps the static archive for that runtime and module directory
#
# Why static: the JDK's default archive (12 MB resident, ~1 300 classes of which the agent uses
# ~1 150) plus a dynamic archive of the rest (7 MB) cost 2 MiB more steady RSS than one archive of
# exactly the ~2 400 classes the agent loads, because archives are resident as a whole.
set -euo pipefail
mode=$1 java=$2 mods=$3 opts_file=$4
main=org.infinibay.infiniservice.bootstrap/org.infinibay.infiniservice.bootstrap.Main
mapfile -t opts < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' -e '/^-XX:SharedArchiveFile=/d' \
  -e '/^-Xlog/d' -e '/^--module-path$/,+1d' -e '/^--module$/,+1d' -e '/^-p$/,+1d' -e '/^-m$/,+1d' "$opts_file")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
case "$mode" in
  classlist)
    out=$5
    INFINISERVICE_STATE_DIR="$tmp/state" "$java" "${opts[@]}" -Xshare:off -XX:DumpLoadedClassList="$tmp/all" \
      -p "$mods" -m "$main" demo --seconds 6 --interval 1 >"$tmp/demo.out" 2>&1 \
      || { echo "record-cds: demo failed: $(tail -n 3 "$tmp/demo.out")" >&2; exit 1; }
    # The demo builds its configuration in code; the service reads the shipped config.toml.
    INFINISERVICE_STATE_DIR="$tmp/state2" INFINISERVICE_CONFIG="$(dirname "$0")/../installers/src/linux/config.toml" \
      "$java" "${opts[@]}" -Xshare:off -XX:DumpLoadedClassList="$tmp/config" -p "$mods" -m "$main" metrics --once \
      >"$tmp/metrics.out" 2>&1 || { echo "record-cds: metrics --once failed: $(tail -n 3 "$tmp/metrics.out")" >&2; exit 1; }
    # The host simulator and the demo's own command run in the same JVM but never in the service.
    cat "$tmp/all" "$tmp/config" | awk '!seen[$0]++' \
      | grep -v -e 'org/infinibay/infiniservice/bootstrap/hostsim/' -e 'org/infinibay/infiniservice/bootstrap/cli/DemoCommand' \
        -e 'org/infinibay/infiniservice/bootstrap/cli/MetricsCommand' > "$out"
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
