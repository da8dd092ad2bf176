package org.infinibay.infiniservice.adapters.linux.apps;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.infinibay.infiniservice.domain.log.Logs;

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
    private static final System.Logger LOG = Logs.get(DpkgIndex.class);

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
            Map<String, PackageRef> packages = readStatus(dpkgDir.resolve("status"));
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
        try {
            return readStatus(new ByteArrayInputStream(status));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
    }

    /** {@link #readStatus(byte[])} streamed from the file, line by line. */
    static Map<String, PackageRef> readStatus(Path status) throws IOException {
        try (InputStream in = Files.newInputStream(status)) {
            return readStatus(in);
        }
    }

    private static Map<String, PackageRef> readStatus(InputStream in) throws IOException {
        StatusParser p = new StatusParser();
        LineStream.read(in, p);
        return p.finish();
    }

    /** dpkg's status stanzas; strings are made only for the six fields kept. */
    private static final class StatusParser implements LineStream.Sink {
        final Map<String, PackageRef> out = new HashMap<>();
        String pkg;
        String version;
        String maintainer;
        String description;
        String arch;
        boolean installed;

        @Override
        public void line(byte[] b, int start, int end) {
            if (start == end) {
                flush();
                return;
            }
            if (b[start] == ' ' || b[start] == '\t') {
                return; // continuation of a multi-line field
            }
            int colon = start;
            while (colon < end && b[colon] != ':') {
                colon++;
            }
            if (colon == start || colon == end) {
                return;
            }
            String key = field(b, start, colon);
            if (key == null) {
                return;
            }
            String value = new String(b, colon + 1, end - colon - 1, StandardCharsets.UTF_8).strip();
            switch (key) {
                case "Package" -> pkg = value;
                case "Status" -> installed = value.endsWith(" installed");
                case "Version" -> version = value;
                case "Maintainer" -> maintainer = value;
                case "Description" -> description = value.isEmpty() ? null : value;
                case "Architecture" -> arch = value;
                default -> { }
            }
        }

        /** The field name if it is one of the six kept (compared as bytes: no string for the rest). */
        private static String field(byte[] b, int start, int end) {
            for (String k : KEPT) {
                if (k.length() == end - start) {
                    boolean same = true;
                    for (int i = 0; i < k.length() && same; i++) {
                        same = b[start + i] == k.charAt(i);
                    }
                    if (same) {
                        return k;
                    }
                }
            }
            return null;
        }

        private static final String[] KEPT = {"Package", "Status", "Version", "Maintainer", "Description", "Architecture"};

        private void flush() {
            if (pkg != null && installed) {
                PackageRef ref = new PackageRef(pkg, version, PackageRef.publisherOf(maintainer), description);
                out.putIfAbsent(pkg, ref);
                if (arch != null) {
                    out.put(pkg + ":" + arch, ref);
                }
            }
            pkg = version = maintainer = description = arch = null;
            installed = false;
        }

        Map<String, PackageRef> finish() {
            flush();
            return out;
        }
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
        ListIndexer indexer = new ListIndexer(wantedDirs, wantedNames);
        byte[] buffer = LineStream.newBuffer(); // one for all the lists (hundreds to thousands of files)
        // a plain listing and a name check, not the glob "*.list" (a PathMatcher and java.util.regex, issue #17)
        try (DirectoryStream<Path> lists = Files.newDirectoryStream(dpkgDir.resolve("info"))) {
            for (Path list : lists) {
                String file = list.getFileName().toString();
                if (!file.endsWith(".list")) {
                    continue;
                }
                PackageRef ref = packages.get(file.substring(0, file.length() - ".list".length()));
                if (ref == null) {
                    continue; // removed but not purged
                }
                indexer.ref = ref;
                try (InputStream in = Files.newInputStream(list)) {
                    LineStream.read(in, indexer, buffer);
                } catch (IOException e) {
                    // an unreadable list: that package's files stay unowned
                }
            }
        }
        return indexer.out;
    }

    /** The files of one package's {@code .list} (the current {@link #ref}) that lie in a wanted directory. */
    private static final class ListIndexer implements LineStream.Sink {
        final Set<String> wantedDirs;
        final Set<String> wantedNames;
        final Map<String, String> canonical = new HashMap<>();
        final Map<String, PackageRef> out = new HashMap<>();
        PackageRef ref;

        ListIndexer(Set<String> wantedDirs, Set<String> wantedNames) {
            this.wantedDirs = wantedDirs;
            this.wantedNames = wantedNames;
        }

        @Override
        public void line(byte[] b, int start, int end) {
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
                    String realDir = canonical.get(dir);
                    if (realDir == null) {
                        realDir = DpkgIndex.real(dir); // never null: the path itself when it cannot be resolved
                        canonical.put(dir, realDir);
                    }
                    if (wantedDirs.contains(realDir)) {
                        String name = new String(b, slash + 1, end - slash - 1, StandardCharsets.UTF_8);
                        out.putIfAbsent(realDir + "/" + name, ref);
                    }
                }
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
