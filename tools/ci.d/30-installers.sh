#!/usr/bin/env bash
# CI suite: the Linux packages for real. Builds the DEB and the RPM (mvn -Pdeb,rpm), installs the
# DEB with dpkg, checks files, permissions, the unit (systemd-analyze verify), runs the installed
# agent (diagnose, metrics --once, demo), runs install-linux.sh with every way of giving the secret
# (file, standard input, environment, argument, none: METRICS-ONLY said) and twice for an upgrade,
# then dpkg -r and dpkg --purge and checks that nothing is left behind. Checks the native floor
# (Depends/Requires against objdump and rpm's elfdeps) and inspects the RPM (file list, scripts).
# Needs root (dpkg). Costs about 2-3 minutes on two cores; prints sizes and timings.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$here"
[ "$(id -u)" -eq 0 ] || { echo "30-installers: needs root (dpkg -i)"; exit 1; }
"$here/tools/setup.sh" fakeroot rpm binutils systemd init-system-helpers

t_start=$(date +%s)
fails=0
ok() { echo "  ok   $*"; }
bad() { echo "  FAIL $*"; fails=$((fails + 1)); }
check() { local what=$1; shift; if "$@" >/dev/null 2>&1; then ok "$what"; else bad "$what"; fi; }
secs() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN{printf "%.2f", b-a}'; }
mode() { stat -c '%a %U:%G' "$1"; }
# Everything named *infiniservice* where a package or its scripts put files (outside the work tree),
# to prove purge leaves nothing. Not all of /usr: a cold walk of it costs up to a minute here, and
# what the package itself owns anywhere is checked path by path (dpkg -L) after the purge.
footprint() {
  { find /etc /opt /var /run /usr/bin /usr/sbin /usr/local /usr/lib/systemd /usr/lib/tmpfiles.d \
      /usr/share/doc /usr/share/man -xdev \( -path /var/tmp -o -path /var/cache/apt \) -prune -o \
      -iname '*infiniservice*' -print 2>/dev/null || true; ls /var/lib/dpkg/info/infiniservice.* 2>/dev/null || true; } | sort
}
SECRET=$(printf 'ci-secret' | sha256sum | cut -c1-64)
VM_ID=$(cat /proc/sys/kernel/random/uuid)

# a previous, interrupted run
if dpkg -s infiniservice >/dev/null 2>&1; then dpkg --purge infiniservice >/dev/null; fi
before=$(footprint)

echo "== build (bootstrap modules + DEB + RPM)"
t=$(date +%s.%N)
if ! ls bootstrap/target/modules/bootstrap-*.jar >/dev/null 2>&1; then
  mvn -B -q -ntp -DskipTests package -pl bootstrap -am
fi
mvn -B -q -ntp -Pdeb,rpm -DskipTests package -pl installers
echo "  build: $(secs "$t") s"
deb=$(ls installers/target/infiniservice_*.deb)
rpm=$(ls installers/target/infiniservice-*.rpm)
echo "  DEB $(du -h "$deb" | cut -f1) ($deb), RPM $(du -h "$rpm" | cut -f1)"
echo "  runtime $(du -sh installers/target/stage/root/opt/infiniservice/lib/runtime | cut -f1) (jlink: $(grep -c . installers/target/stage/root/opt/infiniservice/lib/runtime/release >/dev/null; sed -n 's/^MODULES=//p' installers/target/stage/root/opt/infiniservice/lib/runtime/release))"

echo "== DEB metadata"
check "control: Depends on init-system-helpers" sh -c "dpkg-deb -f '$deb' Depends | grep -q init-system-helpers"
runtime=installers/target/stage/root/opt/infiniservice/lib/runtime
native=installers/src/build/native-requires.sh
floor=$("$native" glibc "$runtime")
highest=$( { find "$runtime" -type f -exec objdump -T {} + 2>/dev/null || true; } | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n 1)
echo "  glibc floor of the runtime: $floor (objdump -T over every ELF file: highest $highest)"
check "floor = the highest GLIBC_ version objdump -T finds" test "GLIBC_$floor" = "$highest"
check "control: Depends: libc6 (>= $floor)" sh -c "dpkg-deb -f '$deb' Depends | tr ',' '\n' | grep -qx ' *libc6 (>= $floor)'"
check "control: Depends names every system library the runtime needs" \
  test "$(dpkg-deb -f "$deb" Depends)" = "$("$native" deb "$runtime"), init-system-helpers (>= 1.50)"
check "conffiles: config.toml" sh -c "dpkg-deb --ctrl-tarfile '$deb' | tar -xO ./conffiles | grep -qx /etc/infiniservice/config.toml"
check "no AWT in the runtime" sh -c "! dpkg-deb -c '$deb' | grep -q 'libawt'"
check "no jpackage launcher" sh -c "! dpkg-deb -c '$deb' | grep -q 'opt/infiniservice/bin/'"

echo "== dpkg -i"
t=$(date +%s.%N)
dpkg -i "$deb" | sed 's/^/  | /'
owned=$(dpkg -L infiniservice | grep -i infiniservice || true)
echo "  dpkg -i (with CDS generation): $(secs "$t") s"
for f in /opt/infiniservice/lib/runtime/bin/java /opt/infiniservice/lib/infiniservice.args /usr/bin/infiniservice \
         /lib/systemd/system/infiniservice.service /etc/infiniservice/config.toml \
         /opt/infiniservice/lib/runtime/lib/modules; do
  check "file $f" test -e "$f"
done
# the agent's modules are linked into the runtime image (tools/link-runtime.sh): no module path
check "agent modules linked into the runtime" sh -c \
  "/opt/infiniservice/lib/runtime/bin/java --list-modules | grep -q '^org.infinibay.infiniservice.bootstrap@'"
check "descriptors added to the automatic jars" sh -c "/opt/infiniservice/lib/runtime/bin/java --list-modules | grep -qx dagger"
check "no module path in the argfile" sh -c "! grep -q -e '--module-path' -e '^-p$' /opt/infiniservice/lib/infiniservice.args"
check "/etc/infiniservice is 0700 root" test "$(mode /etc/infiniservice)" = "700 root:root"
check "/var/lib/infiniservice is 0700 root" test "$(mode /var/lib/infiniservice)" = "700 root:root"
check "config.toml is a conffile" sh -c "dpkg-query -W -f='\${Conffiles}' infiniservice | grep -q /etc/infiniservice/config.toml"
check "enabled (wants symlink) without systemd as PID 1" test -L /etc/systemd/system/multi-user.target.wants/infiniservice.service
check "CDS class list shipped" test -s /opt/infiniservice/lib/app.classlist
check "CDS archive generated" test -s /opt/infiniservice/lib/app.jsa
echo "  CDS archive: $(du -h /opt/infiniservice/lib/app.jsa | cut -f1), $(grep -c -v '^[#@]' /opt/infiniservice/lib/app.classlist) classes"
# -Xshare:on refuses to start when the archive cannot be mapped (auto would silently run without it)
grep -v -x -e '-Xshare:auto' /opt/infiniservice/lib/infiniservice.args > /tmp/cds-check.args
check "the service's JVM maps the CDS archive" /opt/infiniservice/lib/runtime/bin/java -Xshare:on @/tmp/cds-check.args --version
grep -q -- '-XX:+UseSerialGC' /opt/infiniservice/lib/infiniservice.args && ok "argfile carries bootstrap/jvm.options" || bad "argfile carries bootstrap/jvm.options"
while read -r opt; do
  grep -qxF -- "$opt" /opt/infiniservice/lib/infiniservice.args || bad "argfile lacks $opt"
done < <(sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' bootstrap/jvm.options)

echo "== unit file"
unit=/lib/systemd/system/infiniservice.service
for d in 'ExecStart=/opt/infiniservice/lib/runtime/bin/java @/opt/infiniservice/lib/infiniservice.args run' \
         'Restart=always' 'RestartSec=5s' 'EnvironmentFile=-/etc/infiniservice/agent.env' 'StateDirectoryMode=0700' \
         'KillMode=process' 'StartLimitIntervalSec=0' 'WantedBy=multi-user.target'; do
  check "unit: $d" grep -qxF "$d" "$unit"
done
check "unit: no NoNewPrivileges (the agent runs admin commands)" sh -c "! grep -q '^NoNewPrivileges' $unit"
check "unit: no back-off key that systemd < 254 reports as unknown" sh -c "! grep -q -e '^RestartSteps' -e '^RestartMaxDelaySec' $unit"
sysd=$(systemctl --version | awk 'NR == 1 {print $2 + 0}')
if [ "$sysd" -ge 254 ]; then
  check "back-off drop-in written (systemd $sysd >= 254)" test -f /lib/systemd/system/infiniservice.service.d/10-restart-backoff.conf
else
  check "no back-off drop-in (systemd $sysd < 254)" test ! -e /lib/systemd/system/infiniservice.service.d
fi
verify_out=$(systemd-analyze verify "$unit" 2>&1) && verify_rc=0 || verify_rc=$?
if [ "$verify_rc" -eq 0 ] && [ -z "$verify_out" ]; then ok "systemd-analyze verify: no warning (systemd $sysd)"
else bad "systemd-analyze verify (rc $verify_rc): $verify_out"; fi

echo "== the installed agent"
t=$(date +%s.%N)
metrics=$(infiniservice metrics --once 2>/tmp/ci-installers-metrics.err) && m_rc=0 || m_rc=$?
m_time=$(secs "$t")
check "metrics --once exit 0" test "$m_rc" -eq 0
check "metrics --once: exactly one line on stdout" test "$(printf '%s\n' "$metrics" | wc -l)" -eq 1
check "metrics --once: a metrics message" sh -c "printf '%s' '${metrics:0:40}' | grep -q '^{\"type\":\"metrics\"'"
t=$(date +%s.%N)
/opt/infiniservice/lib/runtime/bin/java -Xshare:off $(grep -v SharedArchiveFile /opt/infiniservice/lib/infiniservice.args | grep -v '^#' | grep -v -e '-Xshare') metrics --once >/dev/null 2>&1 || true
echo "  metrics --once: $m_time s with CDS, $(secs "$t") s with -Xshare:off"
diag=$(infiniservice diagnose 2>&1) || true
check "diagnose reads /etc/infiniservice/config.toml" sh -c "printf '%s' \"\$0\" | grep -q 'config file:   /etc/infiniservice/config.toml'" "$diag"
check "diagnose shows the effective collection_interval and its source" sh -c "printf '%s' \"\$0\" | grep -q 'collection_interval = 30  (file /etc/infiniservice/config.toml)'" "$diag"
printf 'collection_interval = 30\nlog_levle = "info"\n' > /tmp/ci-installers-bad.toml
bad_out=$(infiniservice metrics --config /tmp/ci-installers-bad.toml 2>&1) && bad_rc=0 || bad_rc=$?
check "bad key: exit 2 naming key and file" sh -c "[ $bad_rc -eq 2 ] && printf '%s' \"\$0\" | grep -q \"unknown key 'log_levle' in /tmp/ci-installers-bad.toml\"" "$bad_out"
t=$(date +%s.%N)
check "demo (embedded host simulator) on the jlink'd runtime" infiniservice demo --seconds 5 --interval 2
echo "  demo: $(secs "$t") s"

echo "== install-linux.sh: the secret's ways in, and none"
installer=installers/target/install-linux.sh
inst() { bash "$installer" normal "$VM_ID" "$@" 2>&1; }
out=$(env -u INFINISERVICE_SHARED_SECRET bash "$installer" normal "$VM_ID" --secret-file /nonexistent 2>&1) && rc=0 || rc=$?
check "a missing secret file: exit 1, named, no agent.env written" sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'cannot read the secret file /nonexistent' && [ ! -e /etc/infiniservice/agent.env ]" "$out"
out=$(INFINISERVICE_SHARED_SECRET='ab"c' inst) && rc=0 || rc=$?
check "a secret agent.env cannot hold (a quote): refused, no agent.env written" sh -c "[ $rc -eq 1 ] && printf '%s' \"\$0\" | grep -q 'characters agent.env cannot hold' && [ ! -e /etc/infiniservice/agent.env ]" "$out"
out=$(inst) && rc=0 || rc=$?
check "no secret: installs (exit $rc)" test "$rc" -eq 0
check "no secret: says NO SECRET and METRICS-ONLY at install" sh -c "printf '%s' \"\$0\" | grep -q 'NO SECRET' && printf '%s' \"\$0\" | grep -q 'METRICS-ONLY'" "$out"
check "no secret: the package's configure step says it too" sh -c "printf '%s' \"\$0\" | grep -q 'infiniservice: WARNING: METRICS-ONLY'" "$out"
diag=$(infiniservice diagnose 2>&1) || true
check "no secret: diagnose says NOT SET ... METRICS-ONLY" sh -c "printf '%s' \"\$0\" | grep -q 'secret: *NOT SET.*METRICS-ONLY'" "$diag"
printf '%s\n' "$SECRET" > /tmp/ci-installers-secret; chmod 0600 /tmp/ci-installers-secret
out=$(bash -x "$installer" normal "$VM_ID" --secret-file /tmp/ci-installers-secret 2>&1) && rc=0 || rc=$?
check "--secret-file, under bash -x: exit 0" test "$rc" -eq 0
check "--secret-file: agent.env has the secret" grep -qx "INFINISERVICE_SHARED_SECRET=$SECRET" /etc/infiniservice/agent.env
check "bash -x: the secret is not in the output nor the log" sh -c "! printf '%s' \"\$0\" | grep -q '$SECRET' && ! grep -q '$SECRET' /var/log/infiniservice_install.log" "$out"
out=$(inst) && rc=0 || rc=$?
check "re-run without a secret keeps the one in agent.env (no METRICS-ONLY warning)" \
  sh -c "[ $rc -eq 0 ] && grep -qx 'INFINISERVICE_SHARED_SECRET=$SECRET' /etc/infiniservice/agent.env && ! printf '%s' \"\$0\" | grep -q METRICS-ONLY" "$out"
other=$(printf 'other' | sha256sum | cut -c1-64)
out=$(printf '%s\r\n' "$other" | inst --secret-file -) && rc=0 || rc=$?
check "--secret-file - (standard input, CRLF): exit 0, stored without the CR" sh -c "[ $rc -eq 0 ] && grep -qx 'INFINISERVICE_SHARED_SECRET=$other' /etc/infiniservice/agent.env"
out=$(inst --secret "$SECRET") && rc=0 || rc=$?
check "--secret VALUE works and warns about the command line" sh -c "[ $rc -eq 0 ] && printf '%s' \"\$0\" | grep -q 'puts the secret on this process.s command line' && grep -qx 'INFINISERVICE_SHARED_SECRET=$SECRET' /etc/infiniservice/agent.env" "$out"
check "no output line ever held a secret" sh -c "! grep -q -e '$SECRET' -e '$other' /var/log/infiniservice_install.log"
rm -f /tmp/ci-installers-secret
dpkg --purge infiniservice >/dev/null

echo "== install-linux.sh normal <uuid> (twice)"
t=$(date +%s.%N)
INFINISERVICE_SHARED_SECRET=$SECRET bash "$installer" normal "$VM_ID" | sed 's/^/  | /'
echo "  first run: $(secs "$t") s"
check "agent.env is 0600 root" test "$(mode /etc/infiniservice/agent.env)" = "600 root:root"
check "agent.env has the VM id" grep -qx "INFINIBAY_VM_ID=$VM_ID" /etc/infiniservice/agent.env
check "agent.env has the secret" grep -qx "INFINISERVICE_SHARED_SECRET=$SECRET" /etc/infiniservice/agent.env
check "install log exists" test -s /var/log/infiniservice_install.log
check "install log never holds the secret" sh -c "! grep -q '$SECRET' /var/log/infiniservice_install.log"
check "diagnose: secret present, vm id set" sh -c "infiniservice diagnose 2>&1 | grep -q 'secret:        present' && infiniservice diagnose 2>&1 | grep -q 'vm id:         $VM_ID'"
# an operator's edit of config.toml survives the re-run (conffile kept)
sed -i 's/^collection_interval = 30/collection_interval = 20/' /etc/infiniservice/config.toml
t=$(date +%s.%N)
INFINISERVICE_SHARED_SECRET=$SECRET bash "$installer" normal "$VM_ID" | sed 's/^/  | /'
echo "  second run (upgrade in place): $(secs "$t") s"
check "second run keeps the edited config.toml" grep -qx 'collection_interval = 20' /etc/infiniservice/config.toml
check "diagnose sees the edit" sh -c "infiniservice diagnose 2>&1 | grep -q 'collection_interval = 20  (file'"
check "still 0600 / 0700" sh -c "[ \"$(mode /etc/infiniservice/agent.env)\" = '600 root:root' ] && [ \"$(mode /etc/infiniservice)\" = '700 root:root' ]"
check "install-linux.sh refuses a bad VM id" sh -c "! bash $installer normal 'x;rm -rf /' >/dev/null 2>&1"
# another package manager holding dpkg's lock (as unattended-upgrades does on a VM's first boot):
# install-linux.sh waits for it instead of failing
python3 -c 'import fcntl, sys, time
f = open("/var/lib/dpkg/lock-frontend", "w"); fcntl.lockf(f, fcntl.LOCK_EX); print("locked", flush=True); time.sleep(7)' \
  > /tmp/ci-installers-lock.out &
locker=$!
for _ in $(seq 50); do grep -q locked /tmp/ci-installers-lock.out 2>/dev/null && break; sleep 0.1; done
t=$(date +%s.%N)
out=$(bash "$installer" normal "$VM_ID" 2>&1) && rc=0 || rc=$?
wait "$locker" || true
check "dpkg locked by another process for 7 s: install-linux.sh waits, then installs ($(secs "$t") s)" \
  sh -c "[ $rc -eq 0 ] && printf '%s' \"\$0\" | grep -q 'dpkg is busy'" "$out"
rm -f /tmp/ci-installers-lock.out
if [ -d /run/systemd/system ]; then
  check "service is active" systemctl is-active --quiet infiniservice.service
else
  echo "  (systemd is not PID 1 here: service start not checked; enablement is)"
fi

echo "== dpkg -r (configuration and state stay)"
dpkg -r infiniservice >/dev/null
check "program files gone" sh -c "[ ! -e /opt/infiniservice ] && [ ! -e /usr/bin/infiniservice ] && [ ! -e /lib/systemd/system/infiniservice.service ]"
check "config.toml kept" test -f /etc/infiniservice/config.toml
check "agent.env kept" test -f /etc/infiniservice/agent.env
check "state dir kept" test -d /var/lib/infiniservice

echo "== dpkg --purge (nothing left)"
dpkg --purge infiniservice >/dev/null
after=$(footprint)
if [ "$before" = "$after" ]; then ok "no file named *infiniservice* left"; else
  bad "left behind:"; diff <(printf '%s\n' "$before") <(printf '%s\n' "$after") | sed 's/^/    /'; fi
left=$(printf '%s\n' "$owned" | while IFS= read -r f; do [ -n "$f" ] && [ -e "$f" ] && echo "$f"; done || true)
if [ -z "$left" ] && [ -n "$owned" ]; then ok "none of the $(printf '%s\n' "$owned" | grep -c .) paths dpkg -L listed is left"
else bad "dpkg -L paths left: $left"; fi
check "no wants symlink" test ! -e /etc/systemd/system/multi-user.target.wants/infiniservice.service
check "dpkg forgot the package" sh -c "! dpkg -s infiniservice"

echo "== RPM inspection"
rpm_files=$(rpm -qlp "$rpm" 2>/dev/null)
for f in /opt/infiniservice/lib/runtime/bin/java /opt/infiniservice/lib/infiniservice.args /usr/bin/infiniservice \
         /usr/lib/systemd/system/infiniservice.service /etc/infiniservice/config.toml; do
  check "rpm has $f" sh -c "printf '%s\n' \"\$0\" | grep -qx '$f'" "$rpm_files"
done
check "rpm: config.toml is %config(noreplace)" sh -c "rpm -qp --configfiles '$rpm' 2>/dev/null | grep -qx /etc/infiniservice/config.toml"
check "rpm: /etc/infiniservice is 0700" sh -c "rpm -qlvp '$rpm' 2>/dev/null | grep -q '^drwx------ .* /etc/infiniservice$'"
scripts=$(rpm -qp --scripts "$rpm" 2>/dev/null)
check "rpm: %post configures (configure.sh: secret, back-off, CDS) and enables" sh -c "printf '%s' \"\$0\" | grep -q 'configure.sh configure' && printf '%s' \"\$0\" | grep -q 'systemctl enable'" "$scripts"
check "rpm: %preun removes what configure generated" sh -c "printf '%s' \"\$0\" | grep -q 'configure.sh cleanup'" "$scripts"
requires=$(rpm -qp --requires "$rpm" 2>/dev/null | sort -u)
check "rpm: Requires: glibc >= $floor" sh -c "printf '%s\n' \"\$0\" | grep -qx 'glibc >= $floor'" "$requires"
# rpm's own ELF dependency generator, run on the same runtime, minus what the runtime provides itself
# (elfdeps exits 1 when some input is not ELF, e.g. the jimage file)
elfdeps=$( { find "$runtime" -type f | /usr/lib/rpm/elfdeps --requires || true; } | sort -u \
  | grep -vxF -f <( { find "$runtime" -type f | /usr/lib/rpm/elfdeps --provides || true; } | sort -u) || true)
ours=$(printf '%s\n' "$requires" | grep -v -e '^glibc >= ' -e '^systemd$' -e '^/bin/sh$' -e '^rpmlib(')
if [ "$ours" = "$elfdeps" ]; then ok "rpm: Requires = what rpm's elfdeps generates ($(printf '%s\n' "$ours" | grep -c .) entries, e.g. $(printf '%s\n' "$ours" | grep 'GLIBC_' | sort -t_ -k2 -V | tail -n 1))"
else bad "rpm: Requires differ from elfdeps:"; diff <(printf '%s\n' "$ours") <(printf '%s\n' "$elfdeps") | sed 's/^/    /'; fi
check "rpm: %preun stops only on erase" sh -c "printf '%s' \"\$0\" | grep -q 'if \[ \"\$1\" -eq 0 \]'" "$scripts"
check "rpm: scripts guard on a running systemd" sh -c "printf '%s' \"\$0\" | grep -q '/run/systemd/system'" "$scripts"

rm -f /tmp/ci-installers-*.toml /tmp/ci-installers-*.err
echo "== 30-installers: $(( $(date +%s) - t_start )) s, $fails failure(s)"
[ "$fails" -eq 0 ]
