#!/usr/bin/env bash
# The project's test command (README, .ci/run): static checks of the scripts, installs what the
# tests need, runs the Maven build with every unit, architecture and end-to-end test, then each
# extra suite in tools/ci.d/ in order.
#
# The whole run sees the local Maven repository without org/infinibay (a view: every other group is
# linked to the real repository, so downloads are shared and kept), exactly as on a fresh machine:
# a script that takes the project's modules from ~/.m2 instead of the reactor fails here, and one
# that installs them there is caught at the end (tools/check-hygiene.sh checks the scripts too).
# INFINISERVICE_SKIP_SUITES="40-vm-e2e ..." skips the named suites, each with a SKIPPED line (the
# GitHub workflow uses it for the suite whose QEMU kit lives outside the repository).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
t0=$(date +%s)
prefetch="" prefetch_log=""
"$here/tools/check-hygiene.sh"
# what the build and every suite of tools/ci.d need, in one apt round before anything runs in the
# background (each suite still names its own packages, so it also runs alone)
"$here/tools/setup.sh" socat systemd-container debootstrap debian-archive-keyring util-linux \
  fakeroot rpm binutils systemd init-system-helpers qemu-system-x86 busybox-static cpio zstd

# -- the local repository without the project ---------------------------------------------------
real_repo=${INFINISERVICE_M2_REPO:-$HOME/.m2/repository}
mkdir -p "$real_repo/org"
view=$(mktemp -d /tmp/infiniservice-m2view.XXXXXX)
link_children() { # $1 real dir, $2 view dir, $3 name to leave out
  local e
  for e in "$1"/* "$1"/.[!.]*; do
    [ -e "$e" ] || continue
    [ "$(basename "$e")" = "$3" ] && continue
    ln -s "$e" "$2/$(basename "$e")"
  done
}
link_children "$real_repo" "$view" org
mkdir "$view/org"
link_children "$real_repo/org" "$view/org" infinibay
# What Maven created in the view (new groups: not links) goes back into the real repository.
merge_back() { # $1 view dir, $2 real dir
  local e name
  for e in "$1"/* "$1"/.[!.]*; do
    [ -e "$e" ] && [ ! -L "$e" ] || continue
    name=$(basename "$e")
    if [ ! -e "$2/$name" ]; then mv "$e" "$2/$name" 2>/dev/null || true
    elif [ -d "$e" ] && [ -d "$2/$name" ] && [ ! -L "$2/$name" ]; then merge_back "$e" "$2/$name"
    fi
  done
}
finish() {
  local rc=$?
  if [ -n "$prefetch" ]; then
    if kill -0 "$prefetch" 2>/dev/null; then kill -- "-$prefetch" 2>/dev/null || true; fi
    cat "$prefetch_log" 2>/dev/null; rm -f "$prefetch_log"
  fi
  if [ -e "$view/org/infinibay" ]; then
    echo "== FAIL: something installed the project into the local Maven repository:"
    (cd "$view" && find org/infinibay -name '*.pom' | sed 's/^/     /')
    echo "   (scripts must use the reactor's output: mvn package -pl <module> -am, never mvn install)"
    rm -rf "$view/org/infinibay"
    rc=1
  fi
  merge_back "$view" "$real_repo"
  rm -rf "$view"
  if [ "$rc" -eq 0 ]; then echo "== all tests passed ($(( $(date +%s) - t0 )) s)"; fi
  exit "$rc"
}
trap finish EXIT
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dmaven.repo.local=$view"
echo "== local Maven repository: $real_repo without org/infinibay (view $view)"

# The container suites' Debian roots are downloaded while Maven builds (they wait for them).
case " ${INFINISERVICE_SKIP_SUITES:-} " in
  *" 35-systemd "*" 36-distros "*|*" 36-distros "*" 35-systemd "*) ;;
  *) if [ "$(id -u)" -eq 0 ]; then
       prefetch_log=$(mktemp /tmp/infiniservice-prefetch.XXXXXX)
       setsid "$here/tools/distro-prefetch.sh" bookworm bullseye trixie > "$prefetch_log" 2>&1 &
       prefetch=$!
     fi ;;
esac

mvn -B -ntp verify
for suite in "$here"/tools/ci.d/*.sh; do
  [ -e "$suite" ] || continue
  name=$(basename "$suite" .sh)
  case " ${INFINISERVICE_SKIP_SUITES:-} " in
    *" $name "*) echo "== suite $name.sh SKIPPED (INFINISERVICE_SKIP_SUITES)"; continue ;;
  esac
  echo "== suite $name.sh"
  t=$(date +%s)
  bash "$suite"
  echo "== suite $name.sh: $(( $(date +%s) - t )) s"
done
