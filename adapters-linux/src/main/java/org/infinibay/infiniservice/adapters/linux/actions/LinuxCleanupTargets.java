package org.infinibay.infiniservice.adapters.linux.actions;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CleanupOutcome;
import org.infinibay.infiniservice.application.port.out.os.CleanupTargets;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;

/**
 * The Linux cleanup targets of CONTRACT §8.5.9. Every path is resolved under {@code root} ("/" in
 * production, a temporary tree in tests).
 */
public final class LinuxCleanupTargets implements CleanupTargets {
    static final long DAY_MS = 86_400_000L;
    static final List<String> BROWSER_CACHES = List.of(".cache/mozilla", ".cache/google-chrome", ".cache/chromium",
            ".cache/BraveSoftware", ".cache/microsoft-edge", ".cache/opera", ".cache/vivaldi");
    static final List<String> PACKAGE_CACHES = List.of("var/cache/apt/archives", "var/cache/dnf", "var/cache/yum",
            "var/cache/zypp/packages");
    private static final Predicate<String> TEMP_EXCLUDED = new Hooks(Hooks.TEMP_EXCLUDED);
    private static final Predicate<String> NOTHING_EXCLUDED = new Hooks(Hooks.NOTHING_EXCLUDED);

    private final Commands commands;
    private final PackageManager packages;
    private final Path root;
    private final Supplier<Set<Path>> openFiles;

    public LinuxCleanupTargets(Commands commands, PackageManager packages) {
        this(commands, packages, Path.of("/"), new Hooks(Hooks.OPEN_FILES));
    }

    public LinuxCleanupTargets(Commands commands, PackageManager packages, Path root, Supplier<Set<Path>> openFiles) {
        this.commands = commands;
        this.packages = packages;
        this.root = root;
        this.openFiles = openFiles;
    }

    @Override
    public String systemDrive() {
        return "/";
    }

    @Override
    public List<String> supported() {
        return List.of("temp_files", "browser_cache", "system_cache", "recycle_bin", "logs");
    }

    @Override
    public CleanupOutcome clean(String target, Deadline deadline) throws InterruptedException {
        switch (target) {
            case "temp_files":
                return trees(target, List.of(root.resolve("tmp"), root.resolve("var/tmp")), DAY_MS, TEMP_EXCLUDED,
                        false);
            case "browser_cache":
                return trees(target, underHomes(BROWSER_CACHES), 0, NOTHING_EXCLUDED, false);
            case "recycle_bin":
                return trees(target, underHomes(List.of(".local/share/Trash/files", ".local/share/Trash/info",
                        ".local/share/Trash/expunged")), 0, NOTHING_EXCLUDED, false);
            case "system_cache":
                return systemCache(deadline);
            case "logs":
                return logs(deadline);
            default:
                return new CleanupOutcome(target, false, 0, 0, "unknown target");
        }
    }

    private CleanupOutcome trees(String target, List<Path> roots, long minAge, Predicate<String> skip,
                                 boolean removeRoot) throws InterruptedException {
        Set<Path> open = openFiles.get();
        TreeCleaner.Totals t = new TreeCleaner.Totals();
        for (Path r : roots) {
            TreeCleaner.clean(r, minAge, skip, open, t, removeRoot);
        }
        // Files that could not be removed (permissions, races) do not fail the target: it did its job.
        return new CleanupOutcome(target, true, t.bytes, t.files, null);
    }

    /** {@code /root} and every directory under {@code /home}, each joined with the relative paths. */
    List<Path> underHomes(List<String> relative) {
        List<Path> homes = new ArrayList<>();
        homes.add(root.resolve("root"));
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root.resolve("home"))) {
            for (Path h : ds) {
                if (Files.isDirectory(h, LinkOption.NOFOLLOW_LINKS)) {
                    homes.add(h);
                }
            }
        } catch (IOException e) {
            // no /home
        }
        List<Path> out = new ArrayList<>();
        for (Path h : homes) {
            for (String rel : relative) {
                Path p = h.resolve(rel);
                if (!hasSymlinkBetween(h, p)) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    /** A user could point {@code ~/.cache} at {@code /etc}: never follow such a link (§8.5.9). */
    static boolean hasSymlinkBetween(Path base, Path p) {
        Path cur = base;
        for (Path part : base.relativize(p)) {
            cur = cur.resolve(part);
            if (Files.isSymbolicLink(cur)) {
                return true;
            }
        }
        return Files.isSymbolicLink(base);
    }

    private CleanupOutcome systemCache(Deadline deadline) throws InterruptedException {
        long before = cacheSize();
        try {
            packages.cleanCache(deadline);
        } catch (OsOperationException e) {
            return new CleanupOutcome("system_cache", false, 0, 0, e.getMessage());
        }
        return new CleanupOutcome("system_cache", true, Math.max(0, before - cacheSize()), 0, null);
    }

    private long cacheSize() {
        long total = 0;
        for (String c : PACKAGE_CACHES) {
            total += TreeCleaner.size(root.resolve(c));
        }
        return total;
    }

    private CleanupOutcome logs(Deadline deadline) throws InterruptedException {
        long before = TreeCleaner.size(root.resolve("var/log/journal"));
        try {
            commands.require(deadline, "journalctl", "--vacuum-time=7d");
            long after = TreeCleaner.size(root.resolve("var/log/journal"));
            return new CleanupOutcome("logs", true, Math.max(0, before - after), 0, null);
        } catch (OsOperationException e) {
            return new CleanupOutcome("logs", false, 0, 0, e.getMessage());
        }
    }

    /**
     * The name filters and the open-files snapshot, as one named class with a switch instead of four lambdas:
     * this class is built with the agent's safe actions on its first command (issue #17).
     */
    private static final class Hooks implements Predicate<String>, Supplier<Set<Path>> {
        static final int TEMP_EXCLUDED = 0;
        static final int NOTHING_EXCLUDED = 1;
        static final int OPEN_FILES = 2;

        private final int kind;

        Hooks(int kind) {
            this.kind = kind;
        }

        @Override
        public boolean test(String n) {
            switch (kind) {
                case TEMP_EXCLUDED:
                    return n.equals(".X11-unix") || n.equals(".ICE-unix") || n.equals(".XIM-unix")
                            || n.equals(".font-unix") || n.equals(".Test-unix") || n.startsWith("systemd-private-")
                            || n.startsWith(".X") && n.endsWith("-lock");
                case NOTHING_EXCLUDED:
                    return false;
                default:
                    throw new IllegalStateException("not a name filter");
            }
        }

        @Override
        public Set<Path> get() {
            if (kind == OPEN_FILES) {
                return OpenFiles.snapshot(Path.of("/proc"));
            }
            throw new IllegalStateException("not the open-files snapshot");
        }
    }
}
