package org.infinibay.infiniservice.adapters.linux.apps;

import java.nio.file.Path;
import java.util.List;

/**
 * Where installed applications are looked for. {@link #standard()} is the real system; tests point
 * every place at a temporary tree holding real files.
 *
 * @param desktopDirs  system directories of {@code .desktop} entries
 * @param passwd       the account database, for each user's {@code ~/.local/share/applications}
 * @param binaryDirs   directories whose running executables count as applications
 * @param unownedDirs  those of {@code binaryDirs} whose executables need no package owner (local installs)
 * @param optDir       its {@code *}{@code /bin} subdirectories are added to {@code binaryDirs} (unowned)
 * @param dpkgDir      {@code /var/lib/dpkg} ({@code status} and {@code info/*.list})
 * @param searchPath   where a bare {@code Exec=} program name is looked up
 */
public record AppLocations(List<Path> desktopDirs, Path passwd, List<Path> binaryDirs, List<Path> unownedDirs,
                           Path optDir, Path dpkgDir, List<Path> searchPath) {
    public AppLocations {
        desktopDirs = List.copyOf(desktopDirs);
        binaryDirs = List.copyOf(binaryDirs);
        unownedDirs = List.copyOf(unownedDirs);
        searchPath = List.copyOf(searchPath);
    }

    public static AppLocations standard() {
        return new AppLocations(
                List.of(Path.of("/usr/share/applications"), Path.of("/usr/local/share/applications"),
                        Path.of("/var/lib/flatpak/exports/share/applications"),
                        Path.of("/var/lib/snapd/desktop/applications")),
                Path.of("/etc/passwd"),
                List.of(Path.of("/usr/bin"), Path.of("/usr/sbin"), Path.of("/usr/local/bin")),
                List.of(Path.of("/usr/local/bin")),
                Path.of("/opt"),
                Path.of("/var/lib/dpkg"),
                // A fixed path, not the agent's environment: the service manager's PATH is minimal and
                // desktop sessions resolve against the standard directories.
                List.of(Path.of("/usr/local/sbin"), Path.of("/usr/local/bin"), Path.of("/usr/sbin"), Path.of("/usr/bin"),
                        Path.of("/sbin"), Path.of("/bin"), Path.of("/snap/bin"), Path.of("/var/lib/flatpak/exports/bin")));
    }
}
