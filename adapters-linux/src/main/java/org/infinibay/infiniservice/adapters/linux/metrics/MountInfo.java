package org.infinibay.infiniservice.adapters.linux.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses /proc/self/mountinfo and selects the real filesystems of CONTRACT §7.3: pseudo and virtual
 * types are skipped, each device is reported once, and {@code /} is always included.
 */
final class MountInfo {
    /** Types that never hold user data (or are images/overlays that duplicate another filesystem). */
    private static final Set<String> PSEUDO = Set.of(
            "tmpfs", "devtmpfs", "sysfs", "proc", "cgroup", "cgroup2", "overlay", "squashfs", "devpts",
            "mqueue", "hugetlbfs", "debugfs", "tracefs", "securityfs", "pstore", "bpf", "configfs", "fusectl",
            "autofs", "binfmt_misc", "rpc_pipefs", "nsfs", "efivarfs", "ramfs", "selinuxfs", "rootfs",
            "aufs", "devfs", "iso9660", "udf", "nfsd", "fuse.lxcfs", "fuse.gvfsd-fuse", "fuse.portal",
            "fuse.snapfuse", "overlayfs", "zonefs");

    private MountInfo() {
    }

    static List<MountEntry> parse(ProcFile f) {
        List<MountEntry> out = new ArrayList<>();
        f.position(0);
        while (!f.atEnd()) {
            // id parent major:minor root mount-point options [optional...] - type source super-options
            f.skipTokens(2);
            String device = f.token();
            String root = f.token();
            String mountPoint = f.token();
            String fsType = null;
            String source = null;
            String t;
            while ((t = f.token()) != null) {
                if (t.equals("-")) {
                    fsType = f.token();
                    source = f.token();
                    break;
                }
            }
            if (device != null && mountPoint != null && fsType != null) {
                out.add(new MountEntry(device, root == null ? "/" : unescape(root), unescape(mountPoint), fsType, source == null ? "" : unescape(source)));
            }
            f.nextLine();
        }
        return out;
    }

    /** Filesystems worth reporting, {@code /} first. */
    static List<MountEntry> realFilesystems(List<MountEntry> all) {
        List<MountEntry> out = new ArrayList<>();
        Set<String> seenDevices = new HashSet<>();
        MountEntry root = null;
        for (MountEntry m : all) {
            if (m.mountPoint().equals("/")) {
                root = m; // the last mount on "/" is the visible one
            }
        }
        if (root != null) {
            out.add(root);
            seenDevices.add(root.device());
        }
        for (MountEntry m : all) {
            if (m == root || m.mountPoint().equals("/") || isPseudo(m.fsType())) {
                continue;
            }
            if (!m.root().equals("/")) {
                // A bind mount of a sub-tree or a single file (a container's /etc/hosts): the same
                // filesystem is, or is not meant to be, reported through its real mount.
                continue;
            }
            if (seenDevices.add(m.device())) {
                out.add(m);
            }
        }
        return out;
    }

    static boolean isPseudo(String type) {
        return PSEUDO.contains(type) || type.startsWith("cgroup");
    }

    /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()
                    && isOctal(s.charAt(i + 1)) && isOctal(s.charAt(i + 2)) && isOctal(s.charAt(i + 3))) {
                b.append((char) (((s.charAt(i + 1) - '0') << 6) | ((s.charAt(i + 2) - '0') << 3) | (s.charAt(i + 3) - '0')));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(char c) {
        return c >= '0' && c <= '7';
    }
}
