package org.infinibay.infiniservice.adapters.linux.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.os.InstalledApplication;
import org.infinibay.infiniservice.application.port.out.AppCatalog;
import org.infinibay.infiniservice.application.port.out.AppInfo;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.adapters.linux.system.SystemClocks;

/**
 * The Linux installed-application inventory behind the OS-neutral usage tracking
 * ({@link org.infinibay.infiniservice.application.service.apps.TrackedApplicationSource}): desktop
 * entries (system and per user) resolved to real executable paths, listed even before they run, plus
 * executables of the watched binary directories once they are seen running, with their package's
 * version and publisher (dpkg's database, or rpm in one batch per cycle).
 *
 * <p>Cost model: {@link #lookup} is one hash lookup for any executable seen before (including "not
 * an application"); the first sighting of an executable costs a few stats. The desktop scan and the
 * package index are rebuilt at most every {@link #RESCAN_MILLIS}, or sooner when a watched directory's
 * modification time changes (checked at most every {@link #CHECK_MILLIS}).
 */
public final class LinuxAppCatalog implements AppCatalog {
    static final long RESCAN_MILLIS = TimeUnit.MINUTES.toMillis(10);
    static final long CHECK_MILLIS = TimeUnit.MINUTES.toMillis(1);
    /** Memo of non-application executables; cleared when full (one rescan's worth of stats). */
    private static final int MEMO_MAX = 8192;
    private static final AppInfo NOT_AN_APP = new AppInfo("", "", null, null, null, null, null);
    private static final System.Logger LOG = Logs.get(LinuxAppCatalog.class);

    private final AppLocations where;
    private final PackageOwners owners;

    private Map<String, AppInfo> desktop = Map.of();
    private final Map<String, AppInfo> memo = new HashMap<>();
    private List<String> binaryDirs = List.of();
    private List<String> unownedDirs = List.of();
    private Map<Path, Long> dirStamps = Map.of();
    private long scannedAt = Long.MIN_VALUE / 2;
    private long checkedAt = Long.MIN_VALUE / 2;
    private long generation;

    LinuxAppCatalog(AppLocations where, PackageOwners owners) {
        this.where = where;
        this.owners = owners;
    }

    /** The real system's inventory; {@code runner} runs rpm where there is no dpkg database. */
    public static LinuxAppCatalog standard(ProgramRunner runner) {
        AppLocations where = AppLocations.standard();
        return new LinuxAppCatalog(where, owners(where, runner, SystemClocks.NANOS));
    }

    /** dpkg's database when present, else rpm through the execution engine, else no package data. */
    static PackageOwners owners(AppLocations where, ProgramRunner runner, LongSupplier nanoClock) {
        if (DpkgIndex.present(where.dpkgDir())) {
            List<Path> dirs = new ArrayList<>(where.binaryDirs());
            return new DpkgIndex(where.dpkgDir(), dirs);
        }
        for (Path dir : where.searchPath()) {
            if (Files.isExecutable(dir.resolve("rpm"))) {
                return new RpmOwners(runner, nanoClock);
            }
        }
        return PackageOwners.NONE;
    }

    /** Rescans when due; returns whether the inventory was rebuilt (so every app's metadata may differ). */
    @Override
    public boolean refreshIfDue(long nowMillis) {
        boolean due = nowMillis - scannedAt >= RESCAN_MILLIS;
        if (!due && nowMillis - checkedAt >= CHECK_MILLIS) {
            checkedAt = nowMillis;
            due = !stamps(watchedDirs()).equals(dirStamps);
        }
        if (!due) {
            return false;
        }
        rescan(nowMillis);
        return true;
    }

    /** Every application known from desktop entries, in a stable order. */
    @Override
    public Collection<AppInfo> installed() {
        return desktop.values();
    }

    long generation() {
        return generation;
    }

    /** The application a running executable belongs to, or {@code null} (one map lookup once known). */
    @Override
    public AppInfo lookup(String exePath) {
        AppInfo d = desktop.get(exePath);
        if (d != null) {
            return d;
        }
        AppInfo m = memo.get(exePath);
        if (m == null) {
            m = classify(exePath);
            if (m == null) {
                return null; // ownership still being looked up (rpm): ask again next cycle
            }
            if (memo.size() >= MEMO_MAX) {
                memo.clear();
            }
            memo.put(exePath, m);
        }
        return m == NOT_AN_APP ? null : m;
    }

    /** After {@link #lookup} returned {@code null}: whether it did so only because rpm has not answered yet. */
    @Override
    public boolean pending(String exePath) {
        return !desktop.containsKey(exePath) && !memo.containsKey(exePath);
    }

    /** Runs deferred package lookups; once per cycle. */
    @Override
    public void afterCycle() {
        owners.resolvePending();
    }

    private AppInfo classify(String exePath) {
        String dir = parent(exePath);
        boolean unowned = unownedDirs.contains(dir);
        if (!unowned && !binaryDirs.contains(dir)) {
            return NOT_AN_APP;
        }
        PackageRef pkg = owners.owner(exePath);
        if (pkg == null && !unowned) {
            return owners.pending(exePath) ? null : NOT_AN_APP;
        }
        String name = exePath.substring(exePath.lastIndexOf('/') + 1);
        return describe(exePath, name, pkg == null ? null : pkg.summary(), pkg);
    }

    /**
     * The installed user applications for GetInstalledApplicationsWMI (CONTRACT §8.5.7), read afresh:
     * the desktop applications of this inventory, one item per owning package (the unit apt and dnf
     * install and update, and the name CheckApplicationUpdates reports, which the host merges into this
     * list by name), with the package's version, publisher and (dpkg) install date; applications no
     * package owns (Flatpak exports, /opt, local installs) under their desktop name. Sorted by name.
     */
    public List<InstalledApplication> installedApplications(long nowMillis) {
        Map<String, PackageRef> packages = rescan(nowMillis);
        Map<String, InstalledApplication> byName = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (AppInfo app : desktop.values()) {
            PackageRef pkg = packages.get(app.exePath());
            String location = parent(app.exePath());
            InstalledApplication item = pkg == null
                    ? new InstalledApplication(app.name(), app.version(), app.publisher(), null, location, null,
                            "Package", null)
                    : new InstalledApplication(pkg.name(), pkg.version(), pkg.publisher(), installDate(pkg.name()),
                            location, null, "Package", null);
            byName.putIfAbsent(item.name(), item);
        }
        return new ArrayList<>(byName.values());
    }

    /** dpkg writes {@code info/<package>[:arch].list} when it installs or upgrades the package. */
    private String installDate(String pkg) {
        Path info = where.dpkgDir().resolve("info");
        for (String file : new String[] {pkg + ".list", pkg + ":" + nativeArch() + ".list"}) {
            try {
                long ms = Files.getLastModifiedTime(info.resolve(file)).toMillis();
                return java.time.Instant.ofEpochMilli(ms).atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
            } catch (IOException | SecurityException | java.nio.file.InvalidPathException e) {
                // not this name (multi-arch packages carry the architecture), or no dpkg
            }
        }
        return null;
    }

    private static String nativeArch() {
        String a = System.getProperty("os.arch", "");
        return a.equals("x86_64") || a.equals("amd64") ? "amd64" : a.equals("aarch64") ? "arm64" : a;
    }

    /** Rebuilds the inventory; returns the owning package of each desktop executable (not kept). */
    private Map<String, PackageRef> rescan(long nowMillis) {
        List<Path> watched = watchedDirs();
        dirStamps = stamps(watched);
        scannedAt = nowMillis;
        checkedAt = nowMillis;
        List<String> bins = new ArrayList<>();
        for (Path p : where.binaryDirs()) {
            bins.add(DpkgIndex.real(p));
        }
        List<String> unowned = new ArrayList<>();
        for (Path p : where.unownedDirs()) {
            unowned.add(DpkgIndex.real(p));
        }
        for (Path opt : optBins()) {
            unowned.add(DpkgIndex.real(opt));
        }
        bins.addAll(unowned);
        binaryDirs = List.copyOf(bins);
        unownedDirs = List.copyOf(unowned);

        Map<String, DesktopEntry> entries = new LinkedHashMap<>();
        for (Path dir : desktopDirs()) {
            readEntries(dir, entries);
        }
        owners.refresh(entries.keySet());
        Map<String, AppInfo> apps = new LinkedHashMap<>();
        Map<String, PackageRef> packages = new HashMap<>();
        for (Map.Entry<String, DesktopEntry> e : entries.entrySet()) {
            DesktopEntry d = e.getValue();
            PackageRef pkg = owners.owner(e.getKey());
            if (pkg != null) {
                packages.put(e.getKey(), pkg);
            }
            apps.put(e.getKey(), describe(e.getKey(), d.name(), d.comment() != null ? d.comment()
                    : pkg == null ? null : pkg.summary(), pkg));
        }
        desktop = Map.copyOf(apps);
        memo.clear();
        generation++;
        LOG.log(System.Logger.Level.DEBUG, "application inventory: {0} desktop applications", apps.size());
        return packages;
    }

    private static AppInfo describe(String exe, String name, String description, PackageRef pkg) {
        return withFileFacts(exe, name, description, pkg == null ? null : pkg.version(),
                pkg == null ? null : pkg.publisher());
    }

    /** Parses every {@code *.desktop} in a directory into {@code out} (keyed by real exe; first wins). */
    private void readEntries(Path dir, Map<String, DesktopEntry> out) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> files = new ArrayList<>();
        // a plain listing and a name check: a glob would load the glob-to-regex translation, a
        // PathMatcher and java.util.regex for the agent's life (issue #17); "*.desktop" = any name so ending
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path f : ds) {
                if (f.getFileName().toString().endsWith(".desktop")) {
                    files.add(f);
                }
            }
        } catch (IOException | SecurityException e) {
            return;
        }
        files.sort(null); // deterministic choice between entries of one executable
        for (Path f : files) {
            List<String> lines;
            try {
                if (Files.size(f) > 256 * 1024) {
                    continue; // not a desktop entry anyone wrote by hand
                }
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException | SecurityException | java.io.UncheckedIOException e) {
                continue; // unreadable or not UTF-8
            }
            Optional<DesktopEntry> entry = DesktopEntry.parse(lines);
            if (entry.isEmpty()) {
                continue;
            }
            DesktopEntry d = entry.get();
            if (d.tryExec() != null && resolve(d.tryExec()) == null) {
                continue; // the specification: ignore the entry when TryExec is not installed
            }
            Optional<String> program = ExecLine.program(d.exec(), flatpakExports());
            String exe = program.isPresent() ? resolve(program.get()) : null;
            if (exe != null) {
                out.putIfAbsent(exe, d);
            }
        }
    }

    /** An absolute path or a name on the search path, as a real executable path; {@code null} if none. */
    String resolve(String program) {
        if (program.indexOf('/') >= 0) {
            return program.startsWith("/") ? executable(Path.of(program)) : null;
        }
        for (Path dir : where.searchPath()) {
            String r = executable(dir.resolve(program));
            if (r != null) {
                return r;
            }
        }
        return null;
    }

    private String executable(Path p) {
        try {
            if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
                return null;
            }
            // A Flatpak launcher is a script behind a symlink chain; its exported name is the stable key.
            return p.startsWith(flatpakExports()) ? p.normalize().toString() : p.toRealPath().toString();
        } catch (IOException | SecurityException | java.nio.file.InvalidPathException e) {
            return null;
        }
    }

    private Path flatpakExports() {
        return Path.of("/var/lib/flatpak/exports/bin");
    }

    private List<Path> desktopDirs() {
        List<Path> dirs = new ArrayList<>(where.desktopDirs());
        for (Path home : UserHomes.read(where.passwd())) {
            dirs.add(home.resolve(".local/share/applications"));
        }
        return dirs;
    }

    private List<Path> watchedDirs() {
        List<Path> dirs = desktopDirs();
        dirs.add(where.dpkgDir());
        dirs.add(where.optDir());
        return dirs;
    }

    private List<Path> optBins() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(where.optDir())) {
            for (Path p : ds) {
                Path bin = p.resolve("bin");
                if (Files.isDirectory(bin)) {
                    out.add(bin);
                }
            }
        } catch (IOException | SecurityException e) {
            // no /opt
        }
        return out;
    }

    private static Map<Path, Long> stamps(List<Path> dirs) {
        Map<Path, Long> out = new HashMap<>();
        for (Path d : dirs) {
            try {
                out.put(d, Files.getLastModifiedTime(d).toMillis());
            } catch (IOException | SecurityException e) {
                out.put(d, -1L);
            }
        }
        return out;
    }

    private static String parent(String path) {
        int s = path.lastIndexOf('/');
        return s <= 0 ? "/" : path.substring(0, s);
    }

    /** The application with the executable's size and modification time; both left out when it is gone or unreadable. */
    static AppInfo withFileFacts(String exe, String name, String description, String version, String publisher) {
        Long size = null;
        Long modified = null;
        try {
            java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(java.nio.file.Path.of(exe),
                    java.nio.file.attribute.BasicFileAttributes.class);
            size = a.size();
            modified = a.lastModifiedTime().toMillis();
        } catch (java.io.IOException | RuntimeException e) {
            // gone, unreadable or not a path here: the item goes without size and date
        }
        return new AppInfo(exe, name, description, version, publisher, size, modified);
    }
}
