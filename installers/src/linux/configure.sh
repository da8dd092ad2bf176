#!/bin/sh
# InfiniService package configuration, shared by the DEB's postinst/postrm, the RPM's scriptlets and
# install-linux.sh (installed as /opt/infiniservice/lib/configure.sh). POSIX sh, no bashisms.
#
#   configure.sh configure   permissions, secret and VM id (below), restart back-off, CDS archive,
#                            and a plain warning when the agent has no secret (metrics-only)
#   configure.sh env         only the secret and VM id (below), then the same warning
#   configure.sh cleanup     removes what configure generated (CDS archives, back-off drop-in)
#
# Secret and VM id come from the environment of the package manager (or of install-linux.sh):
#   INFINISERVICE_SHARED_SECRET        the per-VM secret itself
#   INFINISERVICE_SHARED_SECRET_FILE   a file whose first line is the secret ("-": standard input)
#   INFINIBAY_VM_ID                    the VM's id
# e.g.  INFINISERVICE_SHARED_SECRET_FILE=/run/secret INFINIBAY_VM_ID=<uuid> apt install ./infiniservice_*.deb
# They are written into /etc/infiniservice/agent.env (root only, 0600, in a 0700 directory), merged
# with what is already there (a value not given is kept). The secret is never printed, logged or
# passed on a command line: it is read and written by shell builtins only, with tracing switched off.
set -eu
{ set +x; } 2>/dev/null
etc=/etc/infiniservice
env_file=$etc/agent.env
base=/opt/infiniservice/lib
unit=infiniservice.service
say() { echo "infiniservice: $*"; }

ensure_dirs() {
	install -d -o root -g root -m 0700 "$etc"
	chown root:root "$etc"
	chmod 0700 "$etc"
	if [ -e "$env_file" ]; then
		chown root:root "$env_file"
		chmod 0600 "$env_file"
	fi
}

# Writes agent.env from the environment; exit 1 (nothing written) on a value it cannot store safely.
write_env() {
	secret=${INFINISERVICE_SHARED_SECRET:-}
	if [ -z "$secret" ] && [ -n "${INFINISERVICE_SHARED_SECRET_FILE:-}" ]; then
		if [ "$INFINISERVICE_SHARED_SECRET_FILE" = - ]; then
			IFS= read -r secret || [ -n "$secret" ] || true
		elif [ -r "$INFINISERVICE_SHARED_SECRET_FILE" ]; then
			IFS= read -r secret < "$INFINISERVICE_SHARED_SECRET_FILE" || [ -n "$secret" ] || true
		else
			say "ERROR: cannot read the secret file named by INFINISERVICE_SHARED_SECRET_FILE" >&2
			return 1
		fi
		cr=$(printf '\r')
		secret=${secret%"${secret##*[! 	$cr]}"}   # trailing blanks and CR (a file written by echo or on Windows)
		[ -n "$secret" ] || { say "ERROR: the secret file is empty" >&2; return 1; }
	fi
	vm_id=${INFINIBAY_VM_ID:-}
	case "$vm_id" in
		*[!A-Za-z0-9-]*) say "ERROR: INFINIBAY_VM_ID must be letters, digits and '-' (a UUID)" >&2; return 1 ;;
	esac
	if [ -n "$secret" ]; then
		# one line of printable ASCII without blanks, quotes, backslash or '$': stored and read back
		# unchanged by systemd's EnvironmentFile= and by /usr/bin/infiniservice
		case "$secret" in
			*[!!-~]*|*[\"\'\\\$\`]*) say "ERROR: the secret has characters that agent.env cannot hold (blanks, quotes, '\\', '\$', control characters); it is normally 64 hex characters" >&2; return 1 ;;
		esac
		case "$secret" in
			*[!0-9a-f]*) say "WARNING: the secret is not 64 lower-case hex characters; used as given" ;;
			*) [ "${#secret}" -eq 64 ] || say "WARNING: the secret is not 64 lower-case hex characters; used as given" ;;
		esac
	fi
	[ -n "$secret" ] || [ -n "$vm_id" ] || return 0
	ensure_dirs
	old_umask=$(umask)
	umask 077
	tmp=$(mktemp "$env_file.tmp.XXXXXX")
	umask "$old_umask"
	{
		echo "# /etc/infiniservice/agent.env: the agent's VM id and secret. Root only (0600)."
		if [ -f "$env_file" ]; then
			# everything else already there stays (e.g. lines an administrator added)
			while IFS= read -r line || [ -n "$line" ]; do
				case "$line" in
					"# /etc/infiniservice/agent.env:"*|"# Written by"*) ;;
					INFINIBAY_VM_ID=*) [ -n "$vm_id" ] || printf '%s\n' "$line" ;;
					INFINISERVICE_SHARED_SECRET=*) [ -n "$secret" ] || printf '%s\n' "$line" ;;
					*) printf '%s\n' "$line" ;;
				esac
			done < "$env_file"
		fi
		[ -z "$vm_id" ] || printf 'INFINIBAY_VM_ID=%s\n' "$vm_id"
		[ -z "$secret" ] || printf 'INFINISERVICE_SHARED_SECRET=%s\n' "$secret"
	} > "$tmp"
	chmod 0600 "$tmp"
	mv -f "$tmp" "$env_file"
	what=${vm_id:+"vm id $vm_id"}
	[ -z "$secret" ] || what="${what:+$what and }the secret (value not shown)"
	say "wrote $env_file (0600): $what"
}

has_secret() {
	[ -r "$env_file" ] || return 1
	while IFS= read -r line || [ -n "$line" ]; do
		case "$line" in INFINISERVICE_SHARED_SECRET=?*) return 0 ;; esac
	done < "$env_file"
	return 1
}

warn_if_no_secret() {
	has_secret && return 0
	say "WARNING: NO SECRET: $env_file has no INFINISERVICE_SHARED_SECRET. The agent will run"
	say "WARNING: METRICS-ONLY: it sends metrics, but refuses every host command until the secret is set."
	say "WARNING: set it with: install-linux.sh normal <VM_ID> --secret-file <file>   (or see /usr/share/doc/infiniservice)"
}

unit_dir() {
	for d in /usr/lib/systemd/system /lib/systemd/system; do
		[ -f "$d/$unit" ] && { echo "$d"; return 0; }
	done
	echo /lib/systemd/system
}

# The back-off keys exist from systemd 254 on; older versions warn about them (systemd-analyze
# verify, the journal), so they go into a drop-in written only where the running systemd knows them.
restart_backoff() {
	dropin_dir="$(unit_dir)/$unit.d"
	dropin="$dropin_dir/10-restart-backoff.conf"
	version=$(systemctl --version 2>/dev/null | awk 'NR == 1 {print $2 + 0}') || version=0
	if [ "${version:-0}" -ge 254 ]; then
		mkdir -p "$dropin_dir"
		cat > "$dropin" <<-EOF
		# Written by /opt/infiniservice/lib/configure.sh for systemd $version (the keys need 254):
		# restart 5 s after the first failure, growing to 2 min. Removed with the package.
		[Service]
		RestartSteps=6
		RestartMaxDelaySec=2min
		EOF
		chmod 0644 "$dropin"
	else
		rm -f "$dropin"
		rmdir "$dropin_dir" 2>/dev/null || true
	fi
}

cleanup() {
	rm -f "$base/app.jsa" "$base/runtime/lib/server/classes.jsa"
	for d in /usr/lib/systemd/system /lib/systemd/system; do
		rm -f "$d/$unit.d/10-restart-backoff.conf"
		rmdir "$d/$unit.d" 2>/dev/null || true
	done
}

case "${1:-}" in
	configure)
		ensure_dirs
		install -d -o root -g root -m 0700 /var/lib/infiniservice
		write_env
		restart_backoff
		# CDS archives are tied to the install path and the exact jars: made here, on every upgrade.
		"$base/generate-cds.sh" || true
		warn_if_no_secret
		;;
	env)
		write_env
		warn_if_no_secret
		;;
	cleanup) cleanup ;;
	*) echo "usage: $0 configure|env|cleanup" >&2; exit 2 ;;
esac
