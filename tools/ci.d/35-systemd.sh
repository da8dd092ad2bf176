#!/usr/bin/env bash
# CI suite: the installed agent under a real systemd. systemd is not PID 1 on the build machine, so
# this boots a Debian 12 minbase (debootstrap, cached under /tmp/infiniservice-distros) with
# systemd-nspawn, root overlaid by a tmpfs (--volatile=overlay: every run starts from the pristine
# tree), installs the agent's DEB with install-linux.sh, and checks with the container's systemd:
# the service is active running `java @argfile run`, comes back after kill -9 (Restart=always),
# stops cleanly; then points the agent at a host simulator (ServiceControlDriver.java, on the host,
# through a bound Unix socket) and drives ServiceList / ServiceControl against a test unit, checking
# each answer with the container's own systemctl.
# Needs root. First run: debootstrap (~1 min, network: deb.debian.org; tools/ci.d/lib/nspawn.sh,
# the root is shared with 36-distros); warm: about 1 minute.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
[ "$(id -u)" -eq 0 ] || { echo "35-systemd: needs root (debootstrap, systemd-nspawn)"; exit 1; }
"$here/tools/setup.sh" systemd-container debootstrap util-linux

t_start=$(date +%s.%N)
fails=0
ok() { echo "  ok   $*"; }
bad() { echo "  FAIL $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }
secs() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'; }

. "$here/tools/ci.d/lib/nspawn.sh"
sockdir=$DISTRO_CACHE/run-systemd
SECRET=$(printf 'ci-systemd-secret' | sha256sum | cut -c1-64)
VM_ID=$(cat /proc/sys/kernel/random/uuid)
mkdir -p "$sockdir"

echo "== container image (Debian 12, cached in $DISTRO_CACHE)"
rootfs=$(distro_rootfs bookworm)
echo "  $rootfs: $(du -sh "$rootfs" | cut -f1)"

echo "== agent DEB"
t=$(date +%s.%N)
if ! ls installers/target/infiniservice_*.deb >/dev/null 2>&1 || ! ls bootstrap/target/modules/bootstrap-*.jar >/dev/null 2>&1; then
  mvn -B -q -ntp -DskipTests package -pl bootstrap -am
  mvn -B -q -ntp -Pdeb -DskipTests package -pl installers
  echo "  built: $(secs "$t") s"
fi
deb=$(ls installers/target/infiniservice_*.deb | head -1)
echo "  $deb ($(du -h "$deb" | cut -f1))"

echo "== boot"
driver=
cleanup() {
  [ -z "$driver" ] || kill "$driver" 2>/dev/null || true
  distro_stop
  rm -f "$sockdir/host.sock"
}
trap cleanup EXIT
distro_boot "$rootfs" infiniservice-ci --bind="$sockdir:/run/hostsim" --bind-ro="$here/installers/target:/mnt/pkg" \
  || exit 1
leader=$_nspawn_leader

echo "== install-linux.sh normal <uuid> inside"
t=$(date +%s.%N)
printf '%s\n' "$SECRET" | C bash /mnt/pkg/install-linux.sh normal "$VM_ID" --secret-file - | sed 's/^/  | /'
echo "  install: $(secs "$t") s"
check "infiniservice.service is active" C systemctl is-active --quiet infiniservice.service
check "infiniservice.service is enabled" C systemctl is-enabled --quiet infiniservice.service
pid=$(C systemctl show -p MainPID --value infiniservice.service)
cmd=$(C cat "/proc/$pid/cmdline" | tr '\0' ' ')
check "main process runs java @argfile run ($cmd)" \
  test "$cmd" = "/opt/infiniservice/lib/runtime/bin/java @/opt/infiniservice/lib/infiniservice.args run "
secret_hidden() { ! { printf '%s' "$cmd"; C journalctl -u infiniservice --no-pager; } | grep -q "$SECRET"; }
check "the secret is not on the command line or in the journal" secret_hidden

echo "== kill -9 (Restart=always)"
t=$(date +%s.%N)
C sh -c "kill -9 $pid"
newpid=0
for _ in $(seq 1 300); do
  newpid=$(C systemctl show -p MainPID --value infiniservice.service)
  if [ "$newpid" != 0 ] && [ "$newpid" != "$pid" ] && C systemctl is-active --quiet infiniservice.service; then break; fi
  sleep 0.1
done
restart_s=$(secs "$t")
check "restarted after kill -9 (PID $pid -> $newpid, $restart_s s; RestartSec=5s)" \
  sh -c "[ '$newpid' != 0 ] && [ '$newpid' != '$pid' ]"
check "NRestarts counted" test "$(C systemctl show -p NRestarts --value infiniservice.service)" -ge 1

echo "== stop"
t=$(date +%s.%N)
C systemctl stop infiniservice.service
stop_s=$(secs "$t")
check "stopped cleanly in $stop_s s (inactive, not failed)" \
  test "$(C systemctl show -p ActiveState --value infiniservice.service)" = inactive
# minbase has no procps: look through the container's /proc
no_jvm() { [ -z "$(C sh -c 'grep -l '[i]nfiniservice[.]args' /proc/[0-9]*/cmdline 2>/dev/null')" ]; }
check "no agent JVM left" no_jvm
check "exit status clean (Result=success)" test "$(C systemctl show -p Result --value infiniservice.service)" = success

echo "== ServiceList / ServiceControl through the agent (host simulator on the host)"
C sh -c 'cat > /etc/systemd/system/itest.service <<EOF
[Unit]
Description=InfiniService CI test unit
[Service]
ExecStart=/bin/sleep infinity
[Install]
WantedBy=multi-user.target
EOF
systemctl daemon-reload && systemctl enable --now itest.service' 2>&1 | sed 's/^/  | /'
C sed -i 's|^virtio_serial_path = .*|virtio_serial_path = "unix:/run/hostsim/host.sock"|' /etc/infiniservice/config.toml
fifo=$DISTRO_CACHE/driver.out
rm -f "$fifo"
t=$(date +%s.%N)
java -cp "$here/bootstrap/target/modules/*" "$here/tools/ci.d/35-systemd/ServiceControlDriver.java" \
  "$sockdir/host.sock" "$SECRET" "$leader" itest.service > "$fifo" 2>&1 &
driver=$!
for _ in $(seq 1 300); do grep -q READY "$fifo" 2>/dev/null && break; kill -0 "$driver" 2>/dev/null || break; sleep 0.1; done
C systemctl start infiniservice.service
if wait "$driver"; then driver_rc=0; else driver_rc=$?; fi
driver=
grep -v '^READY$' "$fifo" | sed 's/^  //' | while IFS= read -r l; do echo "  $l"; done
grep -q '^  FAIL' "$fifo" && fails=$((fails + $(grep -c '^  FAIL' "$fifo")))
[ "$driver_rc" -eq 0 ] || { grep -q '^  FAIL' "$fifo" || bad "driver exited $driver_rc"; }
echo "  driver: $(secs "$t") s"
check "agent still active after the session" C systemctl is-active --quiet infiniservice.service

C systemctl stop infiniservice.service
echo "== 35-systemd: $(secs "$t_start") s, $fails failure(s)"
[ "$fails" -eq 0 ]
