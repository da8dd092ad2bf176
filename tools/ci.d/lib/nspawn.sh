# shellcheck shell=bash
# Sourced by the container suites (35-systemd, 36-distros): Debian root filesystems made with
# debootstrap from Debian's archive (cached), booted with systemd-nspawn under their own systemd.
# Needs root, systemd-container, debootstrap, debian-archive-keyring, util-linux (nsenter, flock).
#
#   distro_rootfs RELEASE        echoes the cached minbase root of RELEASE (bullseye, bookworm,
#                                trixie), made on first use (~1-2 min each, network: deb.debian.org;
#                                tools/distro-prefetch.sh makes them in the background beforehand)
#   distro_jdk_root              the same for a Debian 11 root with its OpenJDK 17 (portable build)
#   distro_boot ROOTFS NAME [nspawn args...]
#                                boots it with --volatile=overlay (every boot starts from the pristine
#                                tree; nothing written inside survives), waits until its systemd runs;
#                                then C CMD... runs CMD inside (as root, plain environment)
#   distro_stop                  powers the container off (also done at exit)
#   distro_log                   the running container's nspawn log
DISTRO_CACHE=${INFINISERVICE_DISTRO_CACHE:-/tmp/infiniservice-distros}
DISTRO_MIRROR=${INFINISERVICE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
_nspawn_pid=
_nspawn_leader=
_nspawn_log=

# Echoes $DISTRO_CACHE/$1/rootfs, made first by "$2 DIR" (its output in DIR/make.log) unless a
# previous run made it. One maker at a time: tools/distro-prefetch.sh may be making it right now.
_cached_root() {
  local dir="$DISTRO_CACHE/$1" t fd rc=0
  mkdir -p "$dir"
  exec {fd}>"$dir/.lock"
  flock "$fd"
  if [ ! -f "$dir/.rootfs-ready" ]; then
    t=$(date +%s)
    rm -rf "$dir/rootfs"
    if "$2" "$dir" > "$dir/make.log" 2>&1; then
      touch "$dir/.rootfs-ready"
      echo "  $1 root (cold cache): $(( $(date +%s) - t )) s, $(du -sh "$dir/rootfs" | cut -f1)" >&2
    else
      echo "  FAIL making the $1 root (see $dir/make.log)" >&2
      tail -5 "$dir/make.log" >&2
      rc=1
    fi
  fi
  exec {fd}>&-
  [ "$rc" -eq 0 ] && echo "$dir/rootfs"
}

_debootstrap() { debootstrap --variant=minbase --include=systemd,dbus,systemd-sysv "$(basename "$1")" "$1/rootfs" "$DISTRO_MIRROR"; }
distro_rootfs() { _cached_root "$1" _debootstrap; }

# A Debian 11 root with Debian 11's OpenJDK 17 (bullseye-security) and binutils: where the portable
# DEB is built. Echoes its path; made on first use from the bullseye root (~1 min).
_jdk_root() {
  cp -a "$_jdk_base" "$1/rootfs"
  printf 'deb %s bullseye main\ndeb %s-security bullseye-security main\n' "$DISTRO_MIRROR" "$DISTRO_MIRROR" \
    > "$1/rootfs/etc/apt/sources.list"
  systemd-nspawn -q -D "$1/rootfs" --register=no --keep-unit sh -c \
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends openjdk-17-jdk-headless binutils'
}
distro_jdk_root() {
  _jdk_base=$(distro_rootfs bullseye) || return 1
  _cached_root bullseye-jdk _jdk_root
}

distro_boot() {
  local rootfs=$1 name=$2 t pid1 state=
  shift 2
  t=$(date +%s.%N)
  _nspawn_log="$DISTRO_CACHE/$name.nspawn.log"
  systemd-nspawn -D "$rootfs" --volatile=overlay --register=no --keep-unit --private-network --console=passive \
    -M "$name" "$@" -b > "$_nspawn_log" 2>&1 &
  _nspawn_pid=$!
  _nspawn_leader=
  # nspawn's first child can be a short-lived helper: the container's leader is the child running
  # systemd. It exists before its bus socket does: retry until systemd answers (at most ~60 s).
  for _ in $(seq 1 600); do
    pid1=$(ps -o pid=,comm= --ppid "$_nspawn_pid" | awk '$2 == "systemd" {print $1}' | head -1)
    if [ -n "$pid1" ]; then
      _nspawn_leader=$pid1
      state=$(timeout 20 nsenter --target "$_nspawn_leader" --all -- systemctl is-system-running --wait 2>&1 || true)
      # "offline": asked before this systemd set itself up (no /run/systemd/system yet): ask again
      case "$state" in running|degraded|maintenance|stopping) break ;; esac
    fi
    kill -0 "$_nspawn_pid" 2>/dev/null || break
    sleep 0.1
  done
  case "$state" in
    running|degraded)
      echo "  $name booted to '$state' in $(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s ($(C systemctl --version | head -1))" ;;
    *)
      echo "  FAIL $name did not boot ('$state')"; tail -20 "$_nspawn_log"; distro_stop; return 1 ;;
  esac
}

C() { nsenter --target "$_nspawn_leader" --all -- env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C "$@"; }

distro_stop() {
  if [ -n "$_nspawn_pid" ] && kill -0 "$_nspawn_pid" 2>/dev/null; then
    kill -TERM "$_nspawn_pid" 2>/dev/null || true # nspawn asks the container's systemd to power off
    for _ in $(seq 1 100); do kill -0 "$_nspawn_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$_nspawn_pid" 2>/dev/null || true
    wait "$_nspawn_pid" 2>/dev/null || true
  fi
  _nspawn_pid=
  _nspawn_leader=
}

distro_log() { cat "$_nspawn_log"; }
