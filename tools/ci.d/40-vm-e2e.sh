#!/usr/bin/env bash
# Real-VM end-to-end suite: the agent inside a QEMU guest on a real virtio-serial port (tools/vm-e2e.sh).
# Costs about 1.5-2.5 min on 2 cores under TCG (first run: +40 s to fetch the kernel and build the image).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
"$here/tools/setup.sh" qemu-system-x86 busybox-static cpio zstd
exec "$here/tools/vm-e2e.sh"
