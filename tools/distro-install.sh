#!/usr/bin/env bash
# shellcheck disable=SC2034  # variables are read by the conditions that checkx evaluates
# Real installs on several Debian releases, each a debootstrap root booted under its own systemd
# (systemd-nspawn; tools/ci.d/lib/nspawn.sh). For every release, the package installs or is refused
# exactly as its declared glibc floor says:
#   refused:  dpkg -i stops with its ordinary dependency message (libc6 (>= floor)), apt refuses
#             before unpacking, install-linux.sh refuses before touching anything and names the
#             distributions that have the floor; nothing of the agent is left;
#   installs: install-linux.sh with the secret on standard input; the service runs under systemd and
#             talks to a host end (a socket bound in from this machine: handshake + metrics arrive),
#             `systemd-analyze verify` is clean, the restart back-off drop-in exists exactly where
#             systemd >= 254, `diagnose` is clean, the secret is in no log; dpkg -r keeps
#             configuration, dpkg --purge leaves nothing named infiniservice.
# --portable also builds the DEB inside a Debian 11 root with Debian 11's own OpenJDK 17 (the same
# build script; its runtime's floor is then Debian 11's glibc or lower) and installs it on Debian 11.
# --rpm installs the RPM into a copy of the Debian 12 root with `rpm --root` (refused without
# --nodeps: that root's rpm database has no glibc; with it: files, %config, scriptlets, erase).
#
#   tools/distro-install.sh [--portable] [--rpm] [RELEASE...]     RELEASE: bullseye bookworm trixie
#   (no RELEASE: bullseye bookworm trixie). tools/ci.d/36-distros.sh runs the default-run subset.
# Needs root and a built DEB/RPM (installers/target; built here when missing). Cold: ~1 min per new
# root (debootstrap), ~1 min for the Debian 11 JDK root; warm: ~30 s per release.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
[ "$(id -u)" -eq 0 ] || { echo "distro-install: needs root (debootstrap, systemd-nspawn, dpkg)"; exit 1; }
"$here/tools/setup.sh" systemd-container debootstrap debian-archive-keyring util-linux socat binutils rpm

portable=0 rpm_root=0 releases=()
for a in "$@"; do
  case "$a" in
    --portable) portable=1 ;;
    --rpm) rpm_root=1 ;;
    bullseye|bookworm|trixie) releases+=("$a") ;;
    *) echo "usage: $0 [--portable] [--rpm] [bullseye|bookworm|trixie ...]" >&2; exit 2 ;;
  esac
done
[ "${#releases[@]}" -gt 0 ] || releases=(bullseye bookworm trixie)

t_start=$(date +%s)
fails=0
ok() { echo "  ok   $*"; }
bad() { echo "  FAIL $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }
checkx() { if eval "$2" >/dev/null 2>&1; then ok "$1"; else bad "$1"; fi; }   # $2: a bash condition
has() { printf '%s' "$1" | grep -qF -- "$2"; }
. "$here/tools/ci.d/lib/nspawn.sh"
SECRET=$(printf 'ci-distros-secret' | sha256sum | cut -c1-64)
work=$DISTRO_CACHE/run-distros
mkdir -p "$work"
host=
cleanup() {
  [ -z "$host" ] || kill "$host" 2>/dev/null || true
  distro_stop
  if [ -d "$work/rpmroot/merged" ]; then umount "$work/rpmroot/merged/proc" "$work/rpmroot/merged" 2>/dev/null || true; fi
}
trap cleanup EXIT

echo "== packages"
if ! ls bootstrap/target/modules/bootstrap-*.jar >/dev/null 2>&1; then
  mvn -B -q -ntp -DskipTests package -pl bootstrap -am
fi
if ! ls installers/target/infiniservice_*.deb >/dev/null 2>&1 || { [ "$rpm_root" = 1 ] && ! ls installers/target/infiniservice-*.rpm >/dev/null 2>&1; }; then
  mvn -B -q -ntp -Pdeb,rpm -DskipTests package -pl installers
fi
deb=$(ls installers/target/infiniservice_*.deb | head -1)
deb_floor=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed -n 's/^ *libc6 (>= \([0-9.]*\))$/\1/p')
echo "  $deb: Depends $(dpkg-deb -f "$deb" Depends)"
[ -n "$deb_floor" ] || { bad "the DEB declares no libc6 floor"; exit 1; }

# The DEB made in a Debian 11 root with Debian 11's OpenJDK 17, by the same build script.
portable_deb=
if [ "$portable" = 1 ]; then
  echo "== portable DEB: built on Debian 11 with its own OpenJDK 17"
  jdk_root=$(distro_jdk_root) || { bad "Debian 11 root with OpenJDK 17"; exit 1; }
  out="$work/portable"
  mkdir -p "$out"
  t=$(date +%s)
  version=$(sed -n 's/^Version: //p' <(dpkg-deb -f "$deb"))
  systemd-nspawn -q -D "$jdk_root" --register=no --keep-unit --private-network --bind-ro="$here:/src" --bind="$out:/out" \
    sh -c "java -version 2>&1 | head -1; bash /src/installers/src/build/build-linux-package.sh deb $version /src/bootstrap/target/modules /src/bootstrap/jvm.options /out" \
    2>&1 | sed 's/^/  | /'
  portable_deb=$(ls "$out"/infiniservice_*.deb 2>/dev/null | head -1)
  [ -n "$portable_deb" ] || { bad "portable DEB not built"; exit 1; }
  echo "  built in $(( $(date +%s) - t )) s: Depends $(dpkg-deb -f "$portable_deb" Depends)"
fi

# Inside the running container: everything named *infiniservice* (binds and pseudo-filesystems left out).
footprint() {
  C sh -c "find / -xdev \\( -path /mnt -o -path /proc -o -path /sys -o -path /run/hostsim \\) -prune -o -iname '*infiniservice*' -print; ls /var/lib/dpkg/info/infiniservice.* 2>/dev/null" | sort || true
}

# $1 release, $2 the package to try, $3 its glibc floor
one_release() {
  local release=$1 pkg=$2 floor=$3 rootfs glibc sysd verdict before out rc
  rootfs=$(distro_rootfs "$release") || { bad "$release root"; return; }
  glibc=$(chroot "$rootfs" getconf GNU_LIBC_VERSION | awk '{print $2}')
  if [ "$(printf '%s\n%s\n' "$floor" "$glibc" | sort -V | head -1)" = "$floor" ]; then verdict=installs; else verdict=refused; fi
  echo "== $release (glibc $glibc): $(basename "$pkg") needs glibc >= $floor: $verdict"
  rm -rf "$work/pkg" "$work/sock"; mkdir -p "$work/pkg" "$work/sock"
  cp "$pkg" installers/target/install-linux.sh "$work/pkg/"
  distro_boot "$rootfs" "infiniservice-$release" --bind-ro="$work/pkg:/mnt/pkg" --bind="$work/sock:/run/hostsim" \
    || { bad "$release boot"; return; }
  sysd=$(C systemctl --version | awk 'NR == 1 {print $2 + 0}')
  before=$(footprint)

  if [ "$verdict" = refused ]; then
    out=$(printf '%s\n' "$SECRET" | C bash /mnt/pkg/install-linux.sh normal 6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f5a41 --secret-file - 2>&1) && rc=0 || rc=$?
    printf '%s\n' "$out" | grep -E 'ERROR' | sed 's/^/  | /'
    check "install-linux.sh refuses (exit 1) before installing" test "$rc" -eq 1
    checkx "install-linux.sh names the floor and this system's glibc" 'has "$out" "needs glibc >= $floor" && has "$out" "has glibc $glibc"'
    checkx "install-linux.sh names the distributions that have it" 'has "$out" "this package runs on: Debian"'
    checkx "nothing installed, no agent.env (only the install log)" '[ "$(footprint | grep -v infiniservice_install.log)" = "$before" ]'
    out=$(C apt-get install -y --no-download "/mnt/pkg/$(basename "$pkg")" 2>&1) && rc=0 || rc=$?
    printf '%s\n' "$out" | grep -E 'Depends: libc6' | sed 's/^/  | /'
    checkx "apt refuses before unpacking: Depends: libc6 (>= $floor) but $glibc... is to be installed" \
      '[ $rc -ne 0 ] && has "$out" "Depends: libc6 (>= $floor) but $glibc" && ! C test -e /opt/infiniservice'
    out=$(C dpkg -i "/mnt/pkg/$(basename "$pkg")" 2>&1) && rc=0 || rc=$?
    printf '%s\n' "$out" | grep -E 'depends on libc6|Version of libc6' | sed 's/^/  | /'
    checkx "dpkg -i refuses to configure it: depends on libc6 (>= $floor), system has $glibc" \
      '[ $rc -ne 0 ] && has "$out" "infiniservice depends on libc6 (>= $floor)" && has "$out" "Version of libc6:amd64 on system is $glibc"'
    checkx "the refused package stays unconfigured, its service never ran" \
      '[ "$(C dpkg-query -W -f="\${Status}" infiniservice)" = "install ok unpacked" ] && ! C systemctl is-active --quiet infiniservice.service'
    C dpkg --purge infiniservice >/dev/null 2>&1 || true
    checkx "dpkg --purge of the refused package leaves nothing" '[ "$(footprint)" = "$before" ]'
    distro_stop
    return
  fi

  # the host end: a listener on this machine, bound into the container
  rm -f "$work/host.out"
  socat -u UNIX-LISTEN:"$work/sock/host.sock",fork OPEN:"$work/host.out",creat,append >/dev/null 2>&1 &
  host=$!
  for _ in $(seq 50); do [ -S "$work/sock/host.sock" ] && break; sleep 0.1; done
  # the device, in agent.env before the install: the service and the command line both read it, and
  # the package's configuration must keep a line it does not own when it writes the VM id and secret
  C sh -c 'mkdir -m 0700 /etc/infiniservice && printf "INFINISERVICE_DEVICE=unix:/run/hostsim/host.sock\n" > /etc/infiniservice/agent.env'
  local t vm_id
  vm_id=$(cat /proc/sys/kernel/random/uuid)
  t=$(date +%s)
  out=$(printf '%s\n' "$SECRET" | C bash -x /mnt/pkg/install-linux.sh normal "$vm_id" --secret-file - 2>&1) && rc=0 || rc=$?
  printf '%s\n' "$out" | grep -E 'install-linux: (glibc|done|service|WARNING|ERROR)|infiniservice: (wrote|CDS)' | sed 's/^[0-9TZ:-]* /  | /'
  check "install-linux.sh (bash -x, secret on stdin) exit 0 in $(( $(date +%s) - t )) s" test "$rc" -eq 0
  checkx "the secret is nowhere in its output, trace or log" '! has "$out" "$SECRET" && C test -s /var/log/infiniservice_install.log && ! C grep -q "$SECRET" /var/log/infiniservice_install.log'
  check "infiniservice.service is active (systemd $sysd)" C systemctl is-active --quiet infiniservice.service
  local got=0
  for _ in $(seq 1 150); do grep -q '"type":"metrics"' "$work/host.out" 2>/dev/null && { got=1; break; }; sleep 0.1; done
  checkx "the host end received a handshake and metrics from the service" '[ $got = 1 ] && grep -q "\"type\":\"handshake\"" "$work/host.out"'
  checkx "agent.env is 0600 root with the VM id and the secret, and keeps the line it does not own" \
    '[ "$(C stat -c "%a %U" /etc/infiniservice/agent.env)" = "600 root" ] && C grep -qx "INFINIBAY_VM_ID=$vm_id" /etc/infiniservice/agent.env && C grep -qx "INFINISERVICE_SHARED_SECRET=$SECRET" /etc/infiniservice/agent.env && C grep -qx "INFINISERVICE_DEVICE=unix:/run/hostsim/host.sock" /etc/infiniservice/agent.env'
  out=$(C systemd-analyze verify infiniservice.service 2>&1) && rc=0 || rc=$?
  if [ "$rc" -eq 0 ] && [ -z "$out" ]; then ok "systemd-analyze verify: no warning (systemd $sysd)"; else bad "systemd-analyze verify (systemd $sysd, rc $rc): $out"; fi
  local dropin=/lib/systemd/system/infiniservice.service.d/10-restart-backoff.conf
  if [ "$sysd" -ge 254 ]; then
    check "restart back-off drop-in written (systemd $sysd >= 254)" C test -f "$dropin"
    checkx "systemd applies it: RestartSteps=6" '[ "$(C systemctl show -p RestartSteps --value infiniservice.service)" = 6 ]'
  else
    check "no restart back-off drop-in (systemd $sysd < 254: fixed RestartSec=5s)" C test ! -e "$dropin"
  fi
  out=$(C infiniservice diagnose 2>&1) && rc=0 || rc=$?
  checkx "diagnose is clean (exit 0, result OK)" '[ $rc -eq 0 ] && printf "%s" "$out" | grep -q "result: *OK"'
  [ "$rc" -eq 0 ] || printf '%s\n' "$out" | sed 's/^/  | /'
  checkx "diagnose: secret present, never its value" 'printf "%s" "$out" | grep -q "secret: *present" && ! has "$out" "$SECRET"'
  checkx "the secret is not in the journal" '! C journalctl -u infiniservice --no-pager | grep -q "$SECRET"'
  kill "$host" 2>/dev/null || true; host=

  C dpkg -r infiniservice >/dev/null
  checkx "dpkg -r: program files and generated files gone, configuration kept" \
    'C test ! -e /opt/infiniservice && C test ! -e $dropin && C test -f /etc/infiniservice/agent.env && C test -f /etc/infiniservice/config.toml'
  C dpkg --purge infiniservice >/dev/null
  local after
  after=$(footprint)
  if [ "$after" = "$before" ]; then ok "dpkg --purge: nothing named infiniservice left"; else
    bad "left behind after purge:"; diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | sed 's/^/    /'; fi
  distro_stop
}

for r in "${releases[@]}"; do
  if [ "$r" = bullseye ] && [ -n "$portable_deb" ]; then
    one_release bullseye "$deb" "$deb_floor"
    one_release bullseye "$portable_deb" "$(dpkg-deb -f "$portable_deb" Depends | tr ',' '\n' | sed -n 's/^ *libc6 (>= \([0-9.]*\))$/\1/p')"
  else
    one_release "$r" "$deb" "$deb_floor"
  fi
done

if [ "$rpm_root" = 1 ]; then
  echo "== RPM into a Debian 12 root with rpm --root"
  rpm_pkg=$(ls installers/target/infiniservice-*.rpm | head -1)
  base=$(distro_rootfs bookworm)
  r="$work/rpmroot"
  umount "$r/merged/proc" "$r/merged" 2>/dev/null || true
  rm -rf "$r"; mkdir -p "$r/upper" "$r/work" "$r/merged"
  mount -t overlay overlay -o "lowerdir=$base,upperdir=$r/upper,workdir=$r/work" "$r/merged"
  # scriptlets run chrooted there: java finds its libraries through $ORIGIN, which needs /proc
  mount -t proc proc "$r/merged/proc"
  req=$(rpm -qp --requires "$rpm_pkg" 2>/dev/null)
  checkx "Requires: glibc >= $deb_floor (the floor the DEB declares too)" 'has "$req" "glibc >= $deb_floor"'
  out=$(rpm --root "$r/merged" -i "$rpm_pkg" 2>&1) && rc=0 || rc=$?
  printf '%s\n' "$out" | head -3 | sed 's/^/  | /'
  checkx "rpm refuses it where no glibc >= $deb_floor is known" '[ $rc -ne 0 ] && has "$out" "glibc >= $deb_floor is needed by infiniservice"'
  (umask 077; printf '%s\n' "$SECRET" > "$r/merged/tmp/ci-secret")
  out=$(INFINISERVICE_SHARED_SECRET_FILE=/tmp/ci-secret INFINIBAY_VM_ID=11111111-2222-4333-8444-555555555555 \
        rpm --root "$r/merged" -i --nodeps "$rpm_pkg" 2>&1) && rc=0 || rc=$?
  rm -f "$r/merged/tmp/ci-secret"
  printf '%s\n' "$out" | sed 's/^/  | /'
  check "rpm --root -i --nodeps: installed, %post ran" test "$rc" -eq 0
  checkx "%post wrote agent.env 0600 with the secret from INFINISERVICE_SHARED_SECRET_FILE" \
    '[ "$(stat -c %a "$r/merged/etc/infiniservice/agent.env")" = 600 ] && grep -qx "INFINISERVICE_SHARED_SECRET=$SECRET" "$r/merged/etc/infiniservice/agent.env" && ! has "$out" "$SECRET"'
  check "%post made the CDS archive" test -s "$r/merged/opt/infiniservice/lib/app.jsa"
  check "%post enabled the unit" test -L "$r/merged/etc/systemd/system/multi-user.target.wants/infiniservice.service"
  check "rpm -V: files as packaged" rpm --root "$r/merged" -V --nodeps infiniservice
  check "the installed runtime runs in that root" chroot "$r/merged" /usr/bin/infiniservice --version
  rpm --root "$r/merged" -e infiniservice >/dev/null 2>&1 || true
  left=$(cd "$r/merged" && find . -xdev -iname '*infiniservice*' -not -path './var/lib/rpm*' | grep -v -e '^./etc/infiniservice' -e '^./var/lib/infiniservice' || true)
  checkx "rpm -e: program files, unit and generated files gone (configuration and state kept: RPM has no purge)" \
    '[ -z "$left" ] && [ -f "$r/merged/etc/infiniservice/agent.env" ] && [ ! -e "$r/merged/etc/systemd/system/multi-user.target.wants/infiniservice.service" ]'
  [ -z "$left" ] || printf '%s\n' "$left" | sed 's/^/    left: /'
  umount "$r/merged/proc"; umount "$r/merged"; rm -rf "$r"
fi

echo "== distro-install: $(( $(date +%s) - t_start )) s, $fails failure(s)"
[ "$fails" -eq 0 ]
