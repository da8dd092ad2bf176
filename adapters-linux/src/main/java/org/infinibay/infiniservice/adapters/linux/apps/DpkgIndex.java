package org.infinibay.infiniservice.adapters.linux.apps;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * File owners from dpkg's own database, without running dpkg: {@code info/<pkg>[:arch].list} maps
 * files to packages and {@code status} gives each package's Version, Maintainer and Description.
 *
 * <p>Only files in the watched directories (and the desktop executables) are indexed, keyed by real
 * path: dpkg lists {@code /bin/sleep} while the kernel reports {@code /usr/bin/sleep} on merged-/usr
 * systems, so each listed directory is canonicalised once. The index is rebuilt only when
 * {@code status} changes (every package operation rewrites it).
 */
final class DpkgIndex implements PackageOwners {
    private static final System.Logger LOG = System.getLogger(DpkgIndex.class.getName());

    private final Path dpkgDir;
    private final List<Path> watchedDirs;
    private FileTime builtFor;
    private Set<String> builtKnown = Set.of();
    private Map<String, PackageRef> owners = Map.of();

    DpkgIndex(Path dpkgDir, List<Path> watchedDirs) {
        this.dpkgDir = dpkgDir;
        this.watchedDirs = List.copyOf(watchedDirs);
    }

    static boolean present(Path dpkgDir) {
        return Files.isRegularFile(dpkgDir.resolve("status"));
    }

    @Override
    public void refresh(Collection<String> knownPaths) {
        FileTime mtime;
        try {
            mtime = Files.getLastModifiedTime(dpkgDir.resolve("status"));
        } catch (IOException e) {
            owners = Map.of();
            return;
        }
        Set<String> known = new HashSet<>(knownPaths);
        if (mtime.equals(builtFor) && builtKnown.containsAll(known)) {
            return;
        }
        try {
            Map<String, PackageRef> packages = readStatus(readFile(dpkgDir.resolve("status")));
            owners = readLists(packages, known);
            builtFor = mtime;
            builtKnown = known;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "dpkg database unreadable: {0}", e.getMessage());
        }
    }

    @Override
    public PackageRef owner(String realPath) {
        return owners.get(realPath);
    }

    /** Installed packages by name (and {@code name:arch}) from a status file. */
    static Map<String, PackageRef> readStatus(byte[] status) {
        Map<String, PackageRef> out = new HashMap<>();
        String text = new String(status, StandardCharsets.UTF_8);
        String pkg = null;
        String version = null;
        String maintainer = null;
        String description = null;
        String arch = null;
        boolean installed = false;
        int start = 0;
        int n = text.length();
        while (start <= n) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            String line = text.substring(start, end);
            start = end + 1;
            if (line.isEmpty()) {
                if (pkg != null && installed) {
                    PackageRef ref = new PackageRef(pkg, version, PackageRef.publisherOf(maintainer), description);
                    out.putIfAbsent(pkg, ref);
                    if (arch != null) {
                        out.put(pkg + ":" + arch, ref);
                    }
                }
                pkg = version = maintainer = description = arch = null;
                installed = false;
                if (end == n) {
                    break;
                }
                continue;
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                continue; // continuation of a multi-line field
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String value = line.substring(colon + 1).strip();
            switch (line.substring(0, colon)) {
                case "Package" -> pkg = value;
                case "Status" -> installed = value.endsWith(" installed");
                case "Version" -> version = value;
                case "Maintainer" -> maintainer = value;
                case "Description" -> description = value.isEmpty() ? null : value;
                case "Architecture" -> arch = value;
                default -> { }
            }
        }
        return out;
    }

    private Map<String, PackageRef> readLists(Map<String, PackageRef> packages, Set<String> known) throws IOException {
        Set<String> wantedDirs = new HashSet<>();
        for (Path d : watchedDirs) {
            wantedDirs.add(real(d));
        }
        for (String k : known) {
            int slash = k.lastIndexOf('/');
            if (slash > 0) {
                wantedDirs.add(k.substring(0, slash));
            }
        }
        // Canonicalising every listed directory would cost thousands of syscalls; only directories
        // whose last component matches a wanted one ("bin", "sbin", "firefox", ...) can qualify.
        Set<String> wantedNames = new HashSet<>();
        for (String d : wantedDirs) {
            wantedNames.add(d.substring(d.lastIndexOf('/') + 1));
        }
        Map<String, String> canonical = new HashMap<>();
        Map<String, PackageRef> out = new HashMap<>();
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(dpkgDir.resolve("info"), "*.list")) {
            for (Path list : lists) {
                String file = list.getFileName().toString();
                PackageRef ref = packages.get(file.substring(0, file.length() - ".list".length()));
                if (ref == null) {
                    continue; // removed but not purged
                }
                byte[] bytes;
                try {
                    bytes = readFile(list);
                } catch (IOException e) {
                    continue;
                }
                index(bytes, ref, wantedDirs, wantedNames, canonical, out);
            }
        }
        return out;
    }

    private static void index(byte[] b, PackageRef ref, Set<String> wantedDirs, Set<String> wantedNames,
                              Map<String, String> canonical, Map<String, PackageRef> out) {
        int start = 0;
        while (start < b.length) {
            int end = start;
            while (end < b.length && b[end] != '\n') {
                end++;
            }
            int slash = -1;
            int prevSlash = -1;
            for (int i = start; i < end; i++) {
                if (b[i] == '/') {
                    prevSlash = slash;
                    slash = i;
                }
            }
            if (slash > start && prevSlash >= start && end > slash + 1) {
                String dirName = new String(b, prevSlash + 1, slash - prevSlash - 1, StandardCharsets.UTF_8);
                if (wantedNames.contains(dirName)) {
                    String dir = new String(b, start, slash - start, StandardCharsets.UTF_8);
                    String realDir = canonical.computeIfAbsent(dir, DpkgIndex::real);
                    if (wantedDirs.contains(realDir)) {
                        String name = new String(b, slash + 1, end - slash - 1, StandardCharsets.UTF_8);
                        out.putIfAbsent(realDir + "/" + name, ref);
                    }
                }
            }
            start = end + 1;
        }
    }

    /**
     * The whole file, read 8 KiB at a time: {@code Files.readAllBytes} copies through a native buffer
     * as large as the file (0.7 MiB for a typical status), which glibc then keeps in the thread's
     * arena for the life of the agent (docs/performance.md); 8 KiB requests reuse NIO's small
     * per-thread buffer.
     */
    static byte[] readFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = new byte[(int) Math.min(Math.max(Files.size(file), 1), Integer.MAX_VALUE - 16)];
            int len = 0;
            while (true) {
                if (len == b.length) {
                    int next = in.read();
                    if (next < 0) {
                        return b; // the usual case: exactly the size stat reported, no copy
                    }
                    b = Arrays.copyOf(b, b.length * 2);
                    b[len++] = (byte) next;
                }
                int n = in.read(b, len, Math.min(8192, b.length - len));
                if (n < 0) {
                    return Arrays.copyOf(b, len);
                }
                len += n;
            }
        }
    }

    static String real(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException | SecurityException e) {
            return p.toString();
        }
    }

    private static String real(String p) {
        return real(Path.of(p));
    }
}
