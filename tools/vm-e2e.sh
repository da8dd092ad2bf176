#!/usr/bin/env bash
# Real-VM end-to-end run: the agent (the runtime image tools/link-runtime.sh links from
# bootstrap/target/modules, as the packages ship it, with the flags of bootstrap/jvm.options) boots
# in a small Linux guest under QEMU with a real virtio-serial port
# org.infinibay.agent, and a Java host (bootstrap/src/test/.../vm/VmE2E) plays the Infinibay host
# on QEMU's socket: attach sequence, guest-kernel metrics, signed commands, detach/re-attach cycles
# with the agent's CPU measured inside the guest, a guest-side port reopen (QMP hot-unplug/replug).
# Uses the kit in ../shared/tools/qemu-e2e, relative to the repository root (QEMU_E2E_KIT overrides
# it), without copying it. Everything of this project comes from the reactor's own build output
# (bootstrap/target/modules, bootstrap/target/test-classes), never from the local Maven repository.
#
# Usage: tools/vm-e2e.sh [--build] [--cycles N]
#   --build     rebuild the Maven modules first (default: only when target/modules is missing)
# Env: VM_E2E_CACHE (default /tmp/infiniservice-vm-e2e): runtime, kernel and initrd, rebuilt when
#      the module jars, jvm.options or the guest script change. VM_E2E_KVM=1 uses /dev/kvm if
#      present (default: TCG; nested KVM fails on some hosts with "failed to set MSR").
# Prints "VM-E2E PASS" or "VM-E2E FAIL" with the figures; exit status 0 only on PASS.
# Needs: qemu-system-x86 busybox-static cpio zstd (tools/setup.sh installs them). About 2-3 min.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
kit="${QEMU_E2E_KIT:-$here/../shared/tools/qemu-e2e}"
cache="${VM_E2E_CACHE:-/tmp/infiniservice-vm-e2e}"
build=0 cycles=3
while [ $# -gt 0 ]; do
  case $1 in
    --build) build=1 ;;
    --cycles) cycles=$2; shift ;;
    *) echo "usage: $0 [--build] [--cycles N]" >&2; exit 2 ;;
  esac
  shift
done
start=$(date +%s)
"$here/tools/setup.sh" qemu-system-x86 busybox-static cpio zstd
[ -d "$kit" ] || { echo "vm-e2e: the qemu-e2e kit is missing at $kit" >&2; exit 2; }
cd "$here"
modules="$here/bootstrap/target/modules"
if [ "$build" = 1 ] || [ ! -d "$modules" ] || [ ! -d bootstrap/target/test-classes/org/infinibay/infiniservice/vm ]; then
  echo "== vm-e2e: building the modules"
  mvn -B -q -ntp -DskipTests package -pl bootstrap -am
fi
mkdir -p "$cache"

# 1. runtime: the image the packages ship, JDK modules + the agent's modules (tools/link-runtime.sh;
#    relinked only when the jars change)
runtime="$cache/runtime-linked"
"$here/tools/link-runtime.sh" "$modules" "$runtime"

# 2. initrd: kernel + busybox + runtime + modules + guest script (cached by content hash)
vm_id=6f1c2a9e-3b7d-4e21-9a55-0c8d7e6f5a41
secret=$(printf '%s' "$vm_id" | openssl dgst -sha256 -hmac vm-e2e-master-secret -r | cut -d' ' -f1)
jvm_flags=$(grep -v '^[[:space:]]*#' bootstrap/jvm.options | grep -v '^[[:space:]]*$' | tr '\n' ' ')
guest_cmd=$(cat tools/vm-e2e/guest-run.sh)
key=$( { cat "$modules"/*.jar "$runtime/link.stamp"; echo "$jvm_flags$guest_cmd$runtime"; } | sha256sum | cut -c1-12)
img="$cache/build-$key"
if [ ! -f "$img/initrd.img" ]; then
  echo "== vm-e2e: building the guest image"
  rm -rf "$cache"/build-*
  # (-a: the kit copies an app path into /app; the agent is in the runtime, so only the guest script goes there)
  "$kit/build-initramfs.sh" -r "$runtime" -a "$here/tools/vm-e2e/guest-run.sh" -o "$img" -w "$cache/kernel" -p org.infinibay.agent -L 1 \
    -e "JVM_FLAGS=$jvm_flags" -e "INFINIBAY_VM_ID=$vm_id" -e "INFINISERVICE_SHARED_SECRET=$secret" \
    -e E2E_INTERVAL=30 -c "$guest_cmd" 2>&1 | grep -v '^build-initramfs: host libs' || true
  [ -f "$img/initrd.img" ] || { echo "vm-e2e: image build failed" >&2; exit 1; }
fi
kernel=$(sed -n 's/^kernel_version=//p' "$img/build-info.txt")

# 3. classpath of the host side: the test classes (VmE2E, the host simulator's helpers; no test
#    framework) and the agent's module jars, all from this build's output
cp="bootstrap/target/test-classes:$modules/*"

# 4. boot and drive
run="$cache/run"
rm -rf "$run"; mkdir -p "$run"
vcpus=2
accel=TCG
vm_cmd=("$kit/run-vm.sh" -d "$img" -s "org.infinibay.agent=$run/vm.sock" -q "$run/qmp.sock" -c "$vcpus" -m 512M
        -t 420 -P "$run/vm.pid")
qemu_start_ms=$(date +%s%3N)
if [ -e /dev/kvm ] && [ "${VM_E2E_KVM:-0}" != 1 ]; then
  # run-vm.sh picks KVM whenever /dev/kvm is writable; hide it in a private mount namespace
  touch "$cache/no-kvm"
  unshare -m bash -c 'mount --bind "$0" /dev/kvm && mount -o remount,ro,bind /dev/kvm && exec "$@"' \
    "$cache/no-kvm" "${vm_cmd[@]}" > "$run/console.log" 2> "$run/run-vm.err" < /dev/null &
elif [ -w /dev/kvm ]; then
  accel=KVM
  "${vm_cmd[@]}" > "$run/console.log" 2> "$run/run-vm.err" < /dev/null &
else
  "${vm_cmd[@]}" > "$run/console.log" 2> "$run/run-vm.err" < /dev/null &
fi
vm=$!
qemu_pid=""
for _ in $(seq 1 100); do
  qemu_pid=$(pgrep -n -f "qemu-system-x86_64 .*$run/vm.sock" || true)
  [ -n "$qemu_pid" ] && break
  sleep 0.1
done
set +e
java -Xmx256m -cp "$cp" org.infinibay.infiniservice.vm.VmE2E socket="$run/vm.sock" console="$run/console.log" \
  qmp="$run/qmp.sock" secret="$secret" vcpus="$vcpus" kernel="$kernel" qemuPid="$qemu_pid" cycles="$cycles" \
  qemuStartMs="$qemu_start_ms" accel="$accel"
hrc=$?
if [ "$hrc" != 0 ]; then
  # the host side failed before telling the guest to stop: stop the VM now instead of at its timeout
  sleep 2; kill "$(cat "$run/vm.pid" 2>/dev/null)" 2>/dev/null || true
fi
wait "$vm"; vrc=$?
set -e
grep -a '^VMAGENT exit=' "$run/console.log" || true
if [ "$hrc" != 0 ] || [ "$vrc" != 0 ]; then
  echo "---- guest console tail ($run/console.log) ----"; tail -n 60 "$run/console.log" | grep -av VMSAMPLE || true
  echo "---- run-vm ----"; tail -n 5 "$run/run-vm.err" || true
fi
echo "vm-e2e: host side rc=$hrc, guest rc=$vrc ($accel, $vcpus vCPU, kernel $kernel), total $(( $(date +%s) - start )) s"
[ "$hrc" = 0 ] && [ "$vrc" = 0 ] && echo "VM-E2E PASS" || { echo "VM-E2E FAIL"; exit 1; }
