package org.infinibay.infiniservice.adapters.windows.cleanup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CleanupOutcome;
import org.infinibay.infiniservice.application.port.out.os.CleanupTargets;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.ServiceInfo;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.domain.log.Logs;

/**
 * The §8.5.9 cleanup targets on Windows: {@code temp_files} (every profile's {@code AppData\Local\Temp}
 * and {@code %SystemRoot%\Temp}, files older than 24 h), {@code browser_cache} (Chrome, Edge,
 * Firefox cache folders of every profile), {@code system_cache} (Windows Update's download cache,
 * with the update service stopped meanwhile) and {@code recycle_bin} ({@code $Recycle.Bin} of the
 * system drive). Reparse points are never followed ({@link TreeCleaner}).
 */
public final class WindowsCleanupTargets implements CleanupTargets {
    static final long TEMP_AGE_MILLIS = TimeUnit.HOURS.toMillis(24);
    /** Cache folders under a profile's AppData\Local; "*" is one level of profile directories. */
    static final List<String> BROWSER_CACHES = List.of(
            "Google\\Chrome\\User Data\\*\\Cache", "Google\\Chrome\\User Data\\*\\Code Cache",
            "Microsoft\\Edge\\User Data\\*\\Cache", "Microsoft\\Edge\\User Data\\*\\Code Cache",
            "Mozilla\\Firefox\\Profiles\\*\\cache2");

    private final Path systemDrive;
    private final Path systemRoot;
    private final Path usersDir;
    private final ServiceManager services;
    private final TreeCleaner cleaner;
    private final LongSupplier wallClock;

    public WindowsCleanupTargets(Path systemDrive, Path systemRoot, Path usersDir, ServiceManager services,
                                 LongSupplier nanoClock, LongSupplier wallClock) {
        this.systemDrive = systemDrive;
        this.systemRoot = systemRoot;
        this.usersDir = usersDir;
        this.services = services;
        this.cleaner = new TreeCleaner(nanoClock);
        this.wallClock = wallClock;
    }

    @Override
    public String systemDrive() {
        String s = systemDrive.toString();
        return s.endsWith("\\") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public List<String> supported() {
        return List.of("temp_files", "browser_cache", "system_cache", "recycle_bin");
    }

    @Override
    public CleanupOutcome clean(String target, Deadline deadline) throws InterruptedException {
        switch (target) {
            case "temp_files": {
                List<Path> dirs = new ArrayList<>();
                for (Path profile : profiles()) {
                    dirs.add(profile.resolve("AppData").resolve("Local").resolve("Temp"));
                }
                dirs.add(systemRoot.resolve("Temp"));
                return run(target, dirs, wallClock.getAsLong() - TEMP_AGE_MILLIS, deadline);
            }
            case "browser_cache":
                return run(target, browserCaches(profiles()), Long.MAX_VALUE, deadline);
            case "system_cache":
                return systemCache(deadline);
            case "recycle_bin":
                return run(target, List.of(systemDrive.resolve("$Recycle.Bin")), Long.MAX_VALUE, deadline);
            default:
                return new CleanupOutcome(target, false, 0, 0, "not supported on Windows");
        }
    }

    /** Every directory under the users folder except the shared ones. */
    List<Path> profiles() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(usersDir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && !TreeCleaner.isLink(p)
                        && !n.equalsIgnoreCase("Public") && !n.equalsIgnoreCase("All Users")
                        && !n.equalsIgnoreCase("Default User")) {
                    out.add(p);
                }
            }
        } catch (IOException e) {
            // no users folder: only the system temp is cleaned
        }
        return out;
    }

    /** The browser cache folders that exist, the "*" segments expanded one level (links skipped). */
    static List<Path> browserCaches(List<Path> profiles) {
        List<Path> out = new ArrayList<>();
        for (Path profile : profiles) {
            Path local = profile.resolve("AppData").resolve("Local");
            for (String pattern : BROWSER_CACHES) {
                List<Path> level = List.of(local);
                for (String seg : pattern.split("\\\\")) {
                    List<Path> next = new ArrayList<>();
                    for (Path base : level) {
                        if (seg.equals("*")) {
                            try (DirectoryStream<Path> ds = Files.newDirectoryStream(base)) {
                                for (Path c : ds) {
                                    if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS) && !TreeCleaner.isLink(c)) {
                                        next.add(c);
                                    }
                                }
                            } catch (IOException e) {
                                // absent: nothing to expand
                            }
                        } else {
                            Path c = base.resolve(seg);
                            if (Files.isDirectory(c, LinkOption.NOFOLLOW_LINKS) && !TreeCleaner.isLink(c)) {
                                next.add(c);
                            }
                        }
                    }
                    level = next;
                }
                out.addAll(level);
            }
        }
        return out;
    }

    private CleanupOutcome run(String target, List<Path> dirs, long cutoff, Deadline deadline)
            throws InterruptedException {
        TreeCleaner.Tally total = new TreeCleaner.Tally(0, 0, 0);
        for (Path d : dirs) {
            TreeCleaner.Tally t = cleaner.clean(d, cutoff, deadline);
            total = new TreeCleaner.Tally(total.files() + t.files(), total.bytes() + t.bytes(),
                    total.skipped() + t.skipped());
        }
        return new CleanupOutcome(target, true, total.bytes(), total.files(), null);
    }

    private CleanupOutcome systemCache(Deadline deadline) throws InterruptedException {
        boolean wasRunning = false;
        try {
            wasRunning = services.find("wuauserv", deadline).map(ServiceInfo::state).orElse("").equals("Running");
            if (wasRunning) {
                services.control("wuauserv", "stop", deadline);
            }
        } catch (OsOperationException e) {
            return new CleanupOutcome("system_cache", false, 0, 0, "cannot stop Windows Update: " + e.getMessage());
        }
        try {
            return run("system_cache", List.of(systemRoot.resolve("SoftwareDistribution").resolve("Download")),
                    Long.MAX_VALUE, deadline);
        } finally {
            if (wasRunning) {
                try {
                    services.control("wuauserv", "start", deadline);
                } catch (OsOperationException e) {
                    Logs.get(WindowsCleanupTargets.class).log(System.Logger.Level.WARNING,
                            "Windows Update not restarted after cleanup: {0}", e.getMessage());
                }
            }
        }
    }
}
