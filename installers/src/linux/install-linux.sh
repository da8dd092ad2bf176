#!/usr/bin/env bash
# InfiniService one-command installer, run as root by the VM's unattended setup:
#
#   install-linux.sh normal <VM_ID> --secret-file /path/to/secret    # the secret's first line
#   install-linux.sh normal <VM_ID> --secret-file - < secret         # from standard input
#   INFINISERVICE_SHARED_SECRET=<hex> install-linux.sh normal <VM_ID>
#   install-linux.sh normal <VM_ID> --secret <hex>                   # works, but see below
#
# The secret is the per-VM HMAC key (64 hex characters). Prefer a file, standard input or the
# environment: a value given with --secret is on this process's command line, which any local user
# can read (ps, /proc/PID/cmdline) while the installer runs. The secret is never printed or logged,
# and never passed on to another command's command line; tracing (bash -x) is switched off here.
# Without a secret (none given, none kept in agent.env) the agent runs METRICS-ONLY: it sends
# metrics but refuses every host command; this script says so.
#
# Checks first that this system's glibc is at least the package's floor (computed from the bundled
# Java runtime when the package was built) and names the distributions that have it; then installs
# the package lying next to this script (DEB, or RPM on rpm-based systems) with the VM id and secret
# handed to the package's configuration (/etc/infiniservice/agent.env, root only, 0600 in a 0700
# directory), enables the service and (re)starts it when systemd runs. Idempotent: running it again
# upgrades in place; a value not given again is kept. Everything is logged to
# /var/log/infiniservice_install.log.
# Optional: INFINISERVICE_PACKAGE=/path/to/package overrides the package search.
{ set +x; } 2>/dev/null
set -euo pipefail
export LC_ALL=C   # byte-wise patterns for the secret check; English messages in the log

LOG=/var/log/infiniservice_install.log
ETC=/etc/infiniservice
ENV_FILE=$ETC/agent.env
UNIT=infiniservice.service
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  echo "usage: $0 normal <VM_ID> [--secret-file FILE|-] [--secret SECRET]" >&2
  echo "       (or the secret in INFINISERVICE_SHARED_SECRET / INFINISERVICE_SHARED_SECRET_FILE)" >&2
  exit 2
}

[ "$(id -u)" -eq 0 ] || { echo "install-linux.sh: must run as root" >&2; exit 1; }
umask 022
touch "$LOG" && chmod 0640 "$LOG"
exec 3<&0   # standard input stays readable for --secret-file -
exec > >(while IFS= read -r l; do printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$l"; done | tee -a "$LOG") 2>&1
log() { echo "install-linux: $*"; }
fail() { log "ERROR: $*"; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || log "failed (exit $rc); see $LOG"' EXIT

[ $# -ge 2 ] || usage
mode=$1 vm_id=$2
shift 2
case "$mode" in
  normal) ;;
  *) log "unknown mode '$mode' (supported: normal)"; usage ;;
esac
# The vmId is the VM's database id, a lower-case UUID (CONTRACT §1.2). Refuse anything that could
# break the env file; warn about the unexpected.
case "$vm_id" in
  ""|*[!A-Za-z0-9-]*) fail "VM_ID must be letters, digits and '-' (a UUID), got '$vm_id'" ;;
esac
[[ "$vm_id" =~ ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$ ]] \
  || log "WARNING: VM_ID '$vm_id' is not a lower-case UUID; used as given"

# -- the secret: --secret-file / --secret > INFINISERVICE_SHARED_SECRET[_FILE] > kept in agent.env ----
secret_from=
secret=
read_secret_file() { # $1: a path or "-"; the first line, trailing blanks and CR dropped
  local line=
  if [ "$1" = - ]; then IFS= read -r line <&3 || [ -n "$line" ] || true
  else
    [ -r "$1" ] || fail "cannot read the secret file $1"
    IFS= read -r line < "$1" || [ -n "$line" ] || true
  fi
  line=${line%%$'\r'}
  line=${line%"${line##*[![:blank:]]}"}
  [ -n "$line" ] || fail "the secret file $1 is empty"
  secret=$line
}
while [ $# -gt 0 ]; do
  case "$1" in
    --secret-file) [ $# -ge 2 ] || usage; read_secret_file "$2"; secret_from="file $2"; shift 2 ;;
    --secret-file=*) read_secret_file "${1#*=}"; secret_from="file ${1#*=}"; shift ;;
    --secret) [ $# -ge 2 ] || usage; secret=$2; secret_from="command line"; shift 2
      log "WARNING: --secret puts the secret on this process's command line, readable by local users while it runs; prefer --secret-file or INFINISERVICE_SHARED_SECRET" ;;
    --secret=*) secret=${1#*=}; secret_from="command line"; shift
      log "WARNING: --secret puts the secret on this process's command line, readable by local users while it runs; prefer --secret-file or INFINISERVICE_SHARED_SECRET" ;;
    *) log "unknown argument '$1'"; usage ;;
  esac
done
if [ -z "$secret" ] && [ -n "${INFINISERVICE_SHARED_SECRET:-}" ]; then
  secret=$INFINISERVICE_SHARED_SECRET; secret_from="environment (INFINISERVICE_SHARED_SECRET)"
elif [ -z "$secret" ] && [ -n "${INFINISERVICE_SHARED_SECRET_FILE:-}" ]; then
  read_secret_file "$INFINISERVICE_SHARED_SECRET_FILE"; secret_from="file $INFINISERVICE_SHARED_SECRET_FILE"
fi
unset INFINISERVICE_SHARED_SECRET_FILE
if [ -n "$secret" ]; then
  # what agent.env (systemd's EnvironmentFile=) holds unchanged: printable ASCII, no blanks or quotes
  case "$secret" in
    *[!!-~]*|*[\"\'\\\$\`]*) fail "the secret has characters agent.env cannot hold (blanks, quotes, '\\', '\$', control characters); it is normally 64 hex characters" ;;
  esac
  [[ "$secret" =~ ^[0-9a-f]{64}$ ]] || log "WARNING: the secret is not 64 lower-case hex characters; used as given"
  # handed to the package's configuration (configure.sh) through the environment, never argv
  export INFINISERVICE_SHARED_SECRET="$secret"
else
  unset INFINISERVICE_SHARED_SECRET
  if [ -r "$ENV_FILE" ] && grep -q '^INFINISERVICE_SHARED_SECRET=.' "$ENV_FILE"; then
    secret_from="kept from $ENV_FILE"
  fi
fi
export INFINIBAY_VM_ID="$vm_id"
log "mode=$mode vm_id=$vm_id secret=$([ -n "$secret_from" ] && echo "present ($secret_from)" || echo ABSENT)"
if [ -z "$secret_from" ]; then
  log "WARNING: NO SECRET given (--secret-file, INFINISERVICE_SHARED_SECRET) and none in $ENV_FILE:"
  log "WARNING: the agent will run METRICS-ONLY and refuse every host command until it has one"
fi

# -- the package -----------------------------------------------------------------------------------
pick() { ls -1 "$here"/$1 2>/dev/null | sort -V | tail -n 1; }
if command -v dpkg >/dev/null 2>&1 && [ -e /etc/debian_version ] || { command -v dpkg >/dev/null 2>&1 && ! command -v rpm >/dev/null 2>&1; }; then
  kind=deb
else
  kind=rpm
fi
pkg=${INFINISERVICE_PACKAGE:-}
if [ -z "$pkg" ]; then
  if [ "$kind" = deb ]; then pkg=$(pick 'infiniservice_*.deb'); else pkg=$(pick 'infiniservice-*.rpm'); fi
fi
[ -n "$pkg" ] && [ -f "$pkg" ] || fail "no infiniservice .$kind package next to $0 (or set INFINISERVICE_PACKAGE)"

# -- the glibc floor: the package's own declaration (Depends: libc6 (>= x.y) / Requires: glibc >= x.y) --
if [ "$kind" = deb ]; then
  floor=$(dpkg-deb -f "$pkg" Depends | tr ',' '\n' | sed -n 's/^ *libc6 *(>= *\([0-9.]*\)).*/\1/p' | head -n 1)
else
  floor=$(rpm -qp --requires "$pkg" 2>/dev/null | sed -n 's/^glibc >= \([0-9.]*\)$/\1/p' | head -n 1)
fi
have=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}' || true)
[ -n "$have" ] || have=$(ldd --version 2>/dev/null | awk 'NR == 1 {print $NF}' || true)
system=$( (. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-$ID $VERSION_ID}") || uname -sr)
# The first release of each family with at least glibc $1.
distributions() {
  local f=$1 out=() fam list r g
  for fam in "Debian:10=2.28 11=2.31 12=2.36 13=2.41" "Ubuntu:18.04=2.27 20.04=2.31 22.04=2.35 24.04=2.39" \
             "RHEL/CentOS/Rocky/Alma:7=2.17 8=2.28 9=2.34 10=2.39" \
             "Fedora:33=2.32 34=2.33 35=2.34 36=2.35 37=2.36 38=2.37 39=2.38 40=2.39 41=2.40 42=2.41"; do
    list=${fam#*:}
    for r in $list; do
      g=${r#*=}
      if [ "$(printf '%s\n%s\n' "$f" "$g" | sort -V | head -n 1)" = "$f" ]; then out+=("${fam%%:*} ${r%%=*}+"); break; fi
    done
  done
  local IFS=,
  echo "${out[*]}" | sed 's/,/, /g'
}
if [ -z "$floor" ]; then
  log "WARNING: $pkg declares no glibc floor; installing without the check"
elif [ -z "$have" ]; then
  log "WARNING: cannot tell this system's glibc version; the package needs glibc >= $floor"
elif [ "$(printf '%s\n%s\n' "$floor" "$have" | sort -V | head -n 1)" != "$floor" ]; then
  log "ERROR: $(basename "$pkg") needs glibc >= $floor (its bundled Java runtime was built against it);"
  log "ERROR: this system, $system, has glibc $have. Nothing was installed."
  log "ERROR: this package runs on: $(distributions "$floor")."
  log "ERROR: for older systems use the package built with a portable JDK 17 (glibc 2.17: the Linux release workflow)."
  exit 1
else
  log "glibc $have on $system: the package needs >= $floor (runs on $(distributions "$floor"))"
fi

log "installing $pkg ($kind)"
if [ "$kind" = deb ]; then
  export DEBIAN_FRONTEND=noninteractive
  # Another package manager may hold dpkg's lock (unattended-upgrades on a VM's first boot): dpkg
  # does not wait for it, so wait here, up to 5 minutes; apt waits by itself (DPkg::Lock::Timeout).
  dpkg_err=$(mktemp)
  installed=0
  for try in $(seq 1 60); do
    # keep a locally edited config.toml on upgrade (conffile), never prompt
    if dpkg -i --force-confdef --force-confold "$pkg" 2> >(tee "$dpkg_err" >&2); then installed=1; break; fi
    sleep 0.2   # the tee above has written everything
    grep -q -e 'lock was locked by another process' -e 'Could not get lock' -e 'is locked by another process' "$dpkg_err" \
      || break
    log "dpkg is busy (another package manager holds its lock); waiting 5 s ($try/60)"
    sleep 5
  done
  rm -f "$dpkg_err"
  if [ "$installed" = 0 ]; then
    log "dpkg did not finish the installation (missing dependencies?); asking apt to fix it"
    apt-get install -y -f -o DPkg::Lock::Timeout=300 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
      || fail "package installation failed"
  fi
else
  if command -v dnf >/dev/null 2>&1; then dnf install -y "$pkg"
  elif command -v yum >/dev/null 2>&1; then yum install -y "$pkg"
  elif command -v zypper >/dev/null 2>&1; then zypper --non-interactive install --allow-unsigned-rpm "$pkg"
  else rpm -Uvh --replacepkgs "$pkg"
  fi || fail "package installation failed"
  # a package manager that found this version installed runs no scriptlet: write agent.env here
  /opt/infiniservice/lib/configure.sh env
fi
[ -f "$ENV_FILE" ] || fail "$ENV_FILE was not written"
chmod 0700 "$ETC"; chmod 0600 "$ENV_FILE"

# -- the service --------------------------------------------------------------------------------------
if [ -d /run/systemd/system ]; then
  systemctl daemon-reload
  systemctl enable "$UNIT"
  # restart, not start: a re-run must pick up a new secret, VM id or package
  systemctl restart "$UNIT"
  sleep 2
  if systemctl is-active --quiet "$UNIT"; then
    log "service $UNIT is running"
  else
    log "WARNING: service $UNIT is not active; see: journalctl -u $UNIT"
    systemctl --no-pager status "$UNIT" || true
  fi
else
  # image builds and containers: enabled now (systemctl edits the symlinks offline), started at boot
  if command -v systemctl >/dev/null 2>&1; then
    systemctl enable "$UNIT" 2>&1 || log "WARNING: systemctl enable $UNIT failed"
  fi
  if [ -e "/etc/systemd/system/multi-user.target.wants/$UNIT" ]; then
    log "systemd is not running here: $UNIT is enabled and starts at the next boot"
  else
    log "WARNING: $UNIT is not enabled (no systemd?); start /usr/bin/infiniservice run by other means"
  fi
fi
if grep -q '^INFINISERVICE_SHARED_SECRET=.' "$ENV_FILE"; then
  log "done: $(/usr/bin/infiniservice --version 2>/dev/null | head -n 1); secret present: host commands are accepted"
else
  log "done: $(/usr/bin/infiniservice --version 2>/dev/null | head -n 1)"
  log "WARNING: NO SECRET: the agent runs METRICS-ONLY (every host command is refused)."
  log "WARNING: give it the secret: $0 normal $vm_id --secret-file <file>"
fi
