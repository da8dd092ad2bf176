#!/usr/bin/env bash
# Records the agent's class-data-sharing archive: one static archive holding exactly the JDK and
# agent classes the agent loads (docs/performance.md, "CDS"). Used by ./infiniservice (once per
# build) and by the Linux package build (the class list) and its post-install script (the archive).
#
#   tools/record-cds.sh classlist JAVA MODULE_DIR JVM_OPTIONS_FILE OUT.classlist
#       (MODULE_DIR "-": the agent's modules are linked into JAVA's runtime image, tools/link-runtime.sh)
#       records (-XX:DumpLoadedClassList) the classes of the service in its steady state: `run`
#       with the shipped config.toml, attached to a socat host end, through the first metrics line,
#       one signed keep_alive_request (signed with openssl), the next metrics line and the first
#       self-check (without socat: the `demo`, minus the host simulator's classes; it sends a keep-alive too)
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
if [ "$mods" = - ]; then launch=(-m "$main"); else launch=(-p "$mods" -m "$main"); fi
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
      # to a host end (socat) through the first metrics line, one signed keep_alive_request (the host
      # sends one every 120 s: its verifier and reply path are part of the steady state) and the next
      # metrics line. Rarely used paths (commands, scripts, diagnose) are left out on purpose: an
      # archive is resident as a whole, a class outside it costs memory only once something loads it.
      secret=0000000000000000000000000000000000000000000000000000000000000000
      mkfifo "$tmp/to-agent"
      # The port is a raw pseudo-terminal (a character device read through the virtio port's code,
      # not the unix: test channel, whose SocketChannel would put the JDK's selector provider and its
      # lambdas into the archive); socat joins its master to the host end once the agent opens it.
      socat PTY,link="$tmp/vport",rawer,wait-slave STDIO <"$tmp/to-agent" >"$tmp/host.out" 2>/dev/null &
      host=$!
      exec 3>"$tmp/to-agent"   # held open: socat ends the connection when its input ends
      for _ in $(seq 50); do [ -e "$tmp/vport" ] && break; sleep 0.1; done
      INFINISERVICE_DEVICE="$tmp/vport" INFINISERVICE_STATE_DIR="$tmp/state" INFINISERVICE_CONFIG="$config" \
        INFINISERVICE_COLLECTION_INTERVAL=1 INFINISERVICE_SHARED_SECRET=$secret \
        "$java" "${opts[@]}" -Xshare:off -XX:DumpLoadedClassList="$tmp/all" "${launch[@]}" run \
        >"$tmp/run.out" 2>&1 &
      agent=$!
      start=$SECONDS
      # lines of TYPE the host end has received so far
      seen() { local n; n=$(grep -c "^{\"type\":\"$1\"" "$tmp/host.out" 2>/dev/null) || true; echo "${n:-0}"; }
      # waits (at most 30 s after start) until the host end has received N lines of TYPE
      await() { while [ "$(seen "$1")" -lt "$2" ] && [ $((SECONDS - start)) -lt 30 ] && kill -0 "$agent" 2>/dev/null; do
                  sleep 0.2; done; [ "$(seen "$1")" -ge "$2" ]; }
      ka=no
      if await metrics 1; then
        if command -v openssl >/dev/null; then
          # CONTRACT 4.2: HMAC-SHA256 over v, ts, nonce and payload, keyed with the secret's ASCII bytes
          ts=$(date +%s%3N) nonce=$(cat /proc/sys/kernel/random/uuid)
          payload='{"type":"keep_alive_request","sequence_number":1}'
          sig=$(printf '1\n%s\n%s\n%s' "$ts" "$nonce" "$payload" | openssl dgst -sha256 -hmac "$secret" -r | cut -c1-64)
          printf '{"type":"signed","v":1,"ts":%s,"nonce":"%s","payload":"%s","sig":"%s"}\n' \
            "$ts" "$nonce" "${payload//\"/\\\"}" "$sig" >&3
          await keep_alive 1 && ka=yes
        fi
        # the metrics line after the keep-alive, then the replay cache's flush (<= 1 s after it)
        await metrics $(( $(seen metrics) + 1 )) || true
        sleep 1.5
      fi
      # and the first self-check (5 s after start, every 10 s after): it writes self-status.json.
      # Waiting for the file, not for a fixed time, keeps a loaded build machine's list complete.
      while { [ ! -s "$tmp/state/self-status.json" ] || [ $((SECONDS - start)) -lt "${RECORD_SECONDS:-0}" ]; } \
          && [ $((SECONDS - start)) -lt 30 ] && kill -0 "$agent" 2>/dev/null; do sleep 0.2; done
      sleep 0.5
      kill -TERM "$agent" 2>/dev/null || true
      wait "$agent" 2>/dev/null || true
      exec 3>&-
      kill "$host" 2>/dev/null || true
      wait "$host" 2>/dev/null || true
      grep -q 'org/infinibay/infiniservice/application/service/metrics/' "$tmp/all" 2>/dev/null \
        || { echo "record-cds: the agent did not run: $(tail -n 3 "$tmp/run.out")" >&2; exit 1; }
      [ "$ka" = yes ] || echo "record-cds: no signed keep-alive in the class list" \
        "($(command -v openssl >/dev/null && echo 'the agent did not answer' || echo 'openssl not found'));" \
        "the archive misses the verifier's classes" >&2
      cp "$tmp/all" "$out"
    else
      # No socat (a developer machine): the demo, the real agent against the embedded host
      # simulator in the same JVM, without the simulator's own classes.
      INFINISERVICE_STATE_DIR="$tmp/state" "$java" "${opts[@]}" -Xshare:off -XX:DumpLoadedClassList="$tmp/all" \
        "${launch[@]}" demo --seconds 6 --interval 1 >"$tmp/demo.out" 2>&1 \
        || { echo "record-cds: demo failed: $(tail -n 3 "$tmp/demo.out")" >&2; exit 1; }
      grep -v -e 'org/infinibay/infiniservice/bootstrap/hostsim/' -e 'org/infinibay/infiniservice/bootstrap/cli/DemoCommand' \
        "$tmp/all" > "$out"
    fi
    ;;
  archive)
    list=$5 out=$6
    rm -f "$out"
    "$java" "${opts[@]}" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$out" \
      "${launch[@]}" >"$tmp/dump.out" 2>&1 && [ -s "$out" ] \
      || { echo "record-cds: archive not dumped: $(grep -v -i warning "$tmp/dump.out" | tail -n 2)" >&2; rm -f "$out"; exit 1; }
    ;;
  *) echo "usage: record-cds.sh classlist|archive ..." >&2; exit 2 ;;
esac
