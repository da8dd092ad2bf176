package org.infinibay.infiniservice.adapters.windows.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.infinibay.infiniservice.adapters.windows.registry.UninstallEntry;
import org.infinibay.infiniservice.application.port.out.AppCatalog;
import org.infinibay.infiniservice.application.port.out.AppInfo;

/**
 * Which running executables are applications on Windows (§7.8): an executable under the install
 * location of an Uninstall entry belongs to that product (name, version, publisher from the entry);
 * other executables under Program Files or a user's {@code AppData\Local\Programs} are applications
 * named after their file; anything under the Windows directory is the OS, not an application.
 */
public final class WindowsAppCatalog implements AppCatalog {
    static final long REFRESH_MILLIS = TimeUnit.MINUTES.toMillis(10);

    private final Supplier<List<UninstallEntry>> entries;
    private final String systemRoot;
    private final List<String> programRoots;
    private volatile List<Location> locations = List.of();
    private long refreshedAt = Long.MIN_VALUE / 2;

    /** An install location (lower case, ending in a backslash) and its entry. */
    record Location(String prefix, UninstallEntry entry) {
    }

    /** @param programRoots e.g. {@code C:\Program Files}, {@code C:\Program Files (x86)} */
    public WindowsAppCatalog(Supplier<List<UninstallEntry>> entries, String systemRoot, List<String> programRoots) {
        this.entries = entries;
        this.systemRoot = dir(systemRoot);
        this.programRoots = programRoots.stream().map(WindowsAppCatalog::dir).toList();
    }

    private static String dir(String p) {
        String l = p.toLowerCase(Locale.ROOT).replace('/', '\\');
        return l.endsWith("\\") ? l : l + "\\";
    }

    @Override
    public synchronized boolean refreshIfDue(long epochMillis) {
        if (epochMillis - refreshedAt < REFRESH_MILLIS) {
            return false;
        }
        refreshedAt = epochMillis;
        List<Location> out = new ArrayList<>();
        try {
            for (UninstallEntry e : entries.get()) {
                String loc = e.installLocation();
                if (loc == null || loc.length() < 4) {
                    continue;
                }
                String prefix = dir(loc.replace("\"", "").strip());
                if (!prefix.equals(systemRoot) && !programRoots.contains(prefix)) {
                    out.add(new Location(prefix, e)); // a location equal to a shared root says nothing
                }
            }
        } catch (RuntimeException e) {
            return false; // registry unreadable: keep the previous locations
        }
        out.sort(Comparator.comparingInt((Location l) -> l.prefix().length()).reversed());
        locations = List.copyOf(out);
        return true;
    }

    @Override
    public AppInfo lookup(String exePath) {
        String lower = exePath.toLowerCase(Locale.ROOT).replace('/', '\\');
        if (lower.startsWith(systemRoot) || !lower.endsWith(".exe")) {
            return null;
        }
        for (Location l : locations) {
            if (lower.startsWith(l.prefix())) {
                UninstallEntry e = l.entry();
                return withFile(exePath, e.name(), e.version(), e.publisher());
            }
        }
        boolean program = programRoots.stream().anyMatch(lower::startsWith)
                || lower.matches("[a-z]:\\\\users\\\\[^\\\\]+\\\\appdata\\\\local\\\\programs\\\\.*");
        if (!program) {
            return null;
        }
        String file = exePath.substring(Math.max(exePath.lastIndexOf('\\'), exePath.lastIndexOf('/')) + 1);
        return withFile(exePath, file.substring(0, file.length() - 4), null, null);
    }

    /** The application with the executable's size and write time where they can be read (a removed file has none). */
    private static AppInfo withFile(String exe, String name, String version, String publisher) {
        try {
            BasicFileAttributes file = Files.readAttributes(Path.of(exe), BasicFileAttributes.class);
            return new AppInfo(exe, name, null, version, publisher, file.size(), file.lastModifiedTime().toMillis());
        } catch (IOException | RuntimeException gone) {
            return new AppInfo(exe, name, null, version, publisher, null, null);
        }
    }
}
