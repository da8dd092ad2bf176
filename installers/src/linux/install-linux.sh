#!/usr/bin/env bash
# InfiniService one-command installer, run by the VM's unattended setup:
#   INFINISERVICE_SHARED_SECRET=<64 hex> install-linux.sh normal <VM_ID>
# Installs the package lying next to this script (DEB, or RPM on rpm-based systems), stores the
# VM id and secret in /etc/infiniservice/agent.env (root only, 0600 in a 0700 directory), enables
# the service and (re)starts it when systemd runs. Idempotent: running it again upgrades in place
# and rewrites agent.env. Everything is logged to /var/log/infiniservice_install.log; the secret
# never is.
# Optional: INFINISERVICE_PACKAGE=/path/to/package overrides the package search.
set -euo pipefail

LOG=/var/log/infiniservice_install.log
ETC=/etc/infiniservice
ENV_FILE=$ETC/agent.env
UNIT=infiniservice.service
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

usage() {
  echo "usage: INFINISERVICE_SHARED_SECRET=<secret> $0 normal <VM_ID>" >&2
  exit 2
}

[ "$(id -u)" -eq 0 ] || { echo "install-linux.sh: must run as root" >&2; exit 1; }
umask 022
touch "$LOG" && chmod 0640 "$LOG"
exec > >(while IFS= read -r l; do printf '%s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$l"; done | tee -a "$LOG") 2>&1
log() { echo "install-linux: $*"; }
fail() { log "ERROR: $*"; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || log "failed (exit $rc); see $LOG"' EXIT

[ $# -ge 2 ] || usage
mode=$1 vm_id=$2
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
shift 2
[ $# -eq 0 ] || log "ignoring extra arguments: $*"

secret=${INFINISERVICE_SHARED_SECRET:-}
if [ -z "$secret" ] && [ -r "$ENV_FILE" ]; then
  secret=$(sed -n 's/^INFINISERVICE_SHARED_SECRET=//p' "$ENV_FILE" | tail -n 1)
  [ -z "$secret" ] || log "INFINISERVICE_SHARED_SECRET not set: keeping the secret already in $ENV_FILE"
fi
if [ -z "$secret" ]; then
  log "WARNING: INFINISERVICE_SHARED_SECRET is not set: the agent will refuse every host command"
elif ! [[ "$secret" =~ ^[0-9a-f]{64}$ ]]; then
  case "$secret" in *[$'\n\r']*) fail "the secret contains a line break" ;; esac
  log "WARNING: the secret is not 64 lower-case hex characters; used as given"
fi

log "mode=$mode vm_id=$vm_id secret=$([ -n "$secret" ] && echo present || echo absent)"

# 1. secret and VM id first, so the service's first start already has them
install -d -o root -g root -m 0700 "$ETC"
chmod 0700 "$ETC"
tmp=$(mktemp "$ENV_FILE.tmp.XXXXXX")
chmod 0600 "$tmp"
{
  echo "# Written by install-linux.sh on $(date -u +%Y-%m-%dT%H:%M:%SZ). Root only (0600)."
  echo "INFINIBAY_VM_ID=$vm_id"
  [ -z "$secret" ] || echo "INFINISERVICE_SHARED_SECRET=$secret"
} > "$tmp"
mv -f "$tmp" "$ENV_FILE"
log "wrote $ENV_FILE (0600)"

# 2. the package
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
log "installing $pkg ($kind)"
if [ "$kind" = deb ]; then
  export DEBIAN_FRONTEND=noninteractive
  # keep a locally edited config.toml on upgrade (conffile), never prompt
  if ! dpkg -i --force-confdef --force-confold "$pkg"; then
    log "dpkg reported missing dependencies; asking apt to fix them"
    apt-get install -y -f -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
      || fail "package installation failed"
  fi
else
  if command -v dnf >/dev/null 2>&1; then dnf install -y "$pkg"
  elif command -v yum >/dev/null 2>&1; then yum install -y "$pkg"
  elif command -v zypper >/dev/null 2>&1; then zypper --non-interactive install --allow-unsigned-rpm "$pkg"
  else rpm -Uvh --replacepkgs "$pkg"
  fi || fail "package installation failed"
fi
chmod 0700 "$ETC"; chmod 0600 "$ENV_FILE"

# 3. the service
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
log "done: $(/usr/bin/infiniservice --version 2>/dev/null | head -n 1)"
