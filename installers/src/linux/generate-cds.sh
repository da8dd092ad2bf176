#!/bin/sh
# (Re)generates the class-data-sharing archive for this install path; run by the package's
# post-install script. An archive records the paths of the runtime and of the module jars, so it is
# made here, not at build time, from the class list recorded at build time (app.classlist: the JDK
# and agent classes the agent loads, docs/performance.md "CDS"). One static archive of exactly those
# classes: faster start-up and less resident memory than the JDK's default archive plus a dynamic
# one. Never fatal: without an archive the agent only starts slower.
set -u
base=/opt/infiniservice/lib
rt=$base/runtime
jsa=$base/app.jsa
list=$base/app.classlist
# classes.jsa: the base archive that earlier versions generated here
rm -f "$jsa" "$rt/lib/server/classes.jsa"
tmp=$(mktemp -d)
grep -v -e '^-XX:SharedArchiveFile=' -e '^-Xlog' "$base/infiniservice.args" > "$tmp/dump.args"
if "$rt/bin/java" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$jsa" @"$tmp/dump.args" \
     >"$tmp/out" 2>&1 && [ -s "$jsa" ]; then
  echo "infiniservice: CDS archive generated ($(du -k "$jsa" | cut -f1) KiB, $(grep -c -v '^[#@]' "$list") classes)"
else
  rm -f "$jsa"
  echo "infiniservice: CDS archive not generated: $(grep -v -i warning "$tmp/out" | tail -n 1)" >&2
fi
rm -rf "$tmp"
exit 0
