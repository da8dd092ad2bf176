package org.infinibay.infiniservice.adapters.windows.winget;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds {@code winget.exe}. LocalSystem has no per-user App Execution Alias, so the service must use
 * the App Installer package directory (CONTRACT §8.5.2):
 * {@code %ProgramFiles%\WindowsApps\Microsoft.DesktopAppInstaller_<version>_<arch>__8wekyb3d8bbwe},
 * choosing the highest version for the machine's architecture.
 */
public final class WingetLocator {
    private static final Pattern DIR = Pattern.compile(
            "Microsoft\\.DesktopAppInstaller_([0-9]+(?:\\.[0-9]+)*)_(x64|x86|arm64|neutral)__8wekyb3d8bbwe",
            Pattern.CASE_INSENSITIVE);

    private WingetLocator() {
    }

    public static Optional<Path> locate(Path windowsApps, String arch) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(windowsApps, "Microsoft.DesktopAppInstaller_*")) {
            for (Path p : ds) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
        return best(names, arch).map(windowsApps::resolve).map(d -> d.resolve("winget.exe")).filter(Files::isRegularFile);
    }

    /** The newest package directory for {@code arch} ({@code x64}, {@code arm64}, {@code x86}). */
    public static Optional<String> best(List<String> directoryNames, String arch) {
        return directoryNames.stream().filter(n -> {
            Matcher m = DIR.matcher(n);
            return m.matches() && m.group(2).equalsIgnoreCase(arch);
        }).max(Comparator.comparing(WingetLocator::version, WingetLocator::compareVersions));
    }

    private static int[] version(String name) {
        Matcher m = DIR.matcher(name);
        if (!m.matches()) {
            return new int[0];
        }
        String[] parts = m.group(1).split("\\.");
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                v[i] = 0;
            }
        }
        return v;
    }

    private static int compareVersions(int[] a, int[] b) {
        for (int i = 0; i < Math.max(a.length, b.length); i++) {
            int x = i < a.length ? a[i] : 0;
            int y = i < b.length ? b[i] : 0;
            if (x != y) {
                return Integer.compare(x, y);
            }
        }
        return 0;
    }
}
