#!/usr/bin/env bash
# CI suite: real installs on Debian 11, 12 and 13 booted under their own systemd, and the RPM into a
# Debian 12 root with rpm --root (tools/distro-install.sh: what each checks). The DEB built here
# needs this JDK's glibc (2.34): refused on Debian 11 (glibc 2.31) by install-linux.sh, apt and
# dpkg with their ordinary messages; on Debian 12 (systemd 252) and 13 (systemd 257, with the
# restart back-off drop-in) it installs, runs, verifies, diagnoses clean, and purges to nothing.
# The portable build (the DEB made on Debian 11 with its own OpenJDK 17, installed there) is
# `tools/distro-install.sh --portable bullseye`, not part of the default run (~3 min more, cold).
# Needs root. Cold: the roots come from tools/distro-prefetch.sh, which tools/test.sh starts while
# Maven builds; warm: about 1 minute.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
exec "$here/tools/distro-install.sh" --rpm bullseye bookworm trixie
