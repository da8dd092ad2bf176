#!/usr/bin/env bash
# Makes the cached Debian roots of the container suites (tools/ci.d/lib/nspawn.sh) ahead of time:
# tools/test.sh starts it in the background while Maven builds, so the downloads (network-bound)
# overlap the build instead of following it. Safe to run next to the suites: each root is made
# under a lock, and a suite that needs a root still being made waits for it.
#   tools/distro-prefetch.sh [--jdk] RELEASE...      (--jdk: also the Debian 11 root with OpenJDK 17)
# Needs root, debootstrap, debian-archive-keyring, systemd-container (tools/setup.sh installs them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$here/tools/ci.d/lib/nspawn.sh"
jdk=0 rc=0
for r in "$@"; do
  case "$r" in
    --jdk) jdk=1 ;;
    *) distro_rootfs "$r" >/dev/null || rc=1 ;;
  esac
done
[ "$jdk" = 0 ] || distro_jdk_root >/dev/null || rc=1
exit "$rc"
