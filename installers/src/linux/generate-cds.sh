#!/bin/sh
# (Re)generates the class-data-sharing archives for this install path; run by the package's
# post-install script. CDS archives record the paths of the runtime and of the module jars, so they
# are made here, not at build time. Never fatal: without archives the agent only starts slower.
set -u
base=/opt/infiniservice/lib
rt=$base/runtime
jsa=$base/app.jsa
rm -f "$jsa" "$rt/lib/server/classes.jsa"
# 1. the JDK's own classes (a jlink'd JDK 17 runtime ships no default archive)
if ! "$rt/bin/java" -Xshare:dump -XX:+UseSerialGC >/dev/null 2>&1; then
  echo "infiniservice: CDS base archive not generated (the agent works, starting slower)" >&2
  exit 0
fi
# 2. the agent's classes, recorded from one real metrics collection (which also reads config.toml)
tmp=$(mktemp -d)
grep -v -e '^-XX:SharedArchiveFile=' "$base/infiniservice.args" > "$tmp/dump.args"
if INFINISERVICE_STATE_DIR="$tmp/state" "$rt/bin/java" -XX:ArchiveClassesAtExit="$jsa" @"$tmp/dump.args" \
     metrics --once >/dev/null 2>"$tmp/err"; then
  echo "infiniservice: CDS archives generated ($(du -k "$rt/lib/server/classes.jsa" | cut -f1) KiB base, $(du -k "$jsa" | cut -f1) KiB app)"
else
  rm -f "$jsa"
  echo "infiniservice: CDS app archive not generated: $(tail -n 1 "$tmp/err")" >&2
fi
rm -rf "$tmp"
exit 0
