package org.infinibay.infiniservice.adapters.linux.system;

import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.application.port.out.SystemFacts;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;

/**
 * SystemInfo / OsInfo facts (CONTRACT §8.5.4) from os-release, /proc/sys/kernel and the PATH.
 *
 * <p>SystemInfo is the host's prod, so it is cheap to answer: what cannot change while the kernel
 * runs (kernel release, architecture) is read once; what changes only through a package operation
 * (os-release, the package managers on the PATH, the default shell) is read again at most once a
 * minute, so a dist-upgrade or a newly installed snapd shows within a minute (the package manager
 * search alone is ~45 stat calls, 100 µs); hostname and uptime are read on every call through a
 * descriptor kept open on each file ({@code pread} at offset 0 regenerates the procfs value: 2-3 µs,
 * against 25-60 µs for {@code Files.readString} in the barely compiled agent).
 */
public final class LinuxSystemFactsSource implements SystemFactsSource {
    /** In §8.5.2's preference order (dnf before yum, pitfall P20). */
    private static final List<String> PACKAGE_MANAGERS = List.of("apt", "dnf", "yum", "zypper", "snap", "flatpak");
    /** Services often start with a minimal PATH; these are searched as well. */
    private static final List<String> STANDARD_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin", "/snap/bin");
    /** How long os-release, the package managers and the default shell are reused. */
    static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final String root;
    private final String pathVariable;
    private final String javaArch;
    private final LongSupplier nanoClock;
    private final LiveFile hostname;
    private final LiveFile uptime;
    /** Kernel release and architecture: fixed while the kernel runs. */
    private volatile Fixed fixed;
    /** What a package operation can change, with the time it was read. */
    private volatile Installed installed;

    private record Fixed(String kernel, String architecture) {
    }

    private record Installed(OsRelease os, List<String> packageManagers, String defaultShell, long readAtNanos) {
    }

    public LinuxSystemFactsSource() {
        this("/", System.getenv("PATH"), System.getProperty("os.arch"));
    }

    LinuxSystemFactsSource(String root, String pathVariable, String javaArch) {
        this(root, pathVariable, javaArch, SystemClocks.NANOS);
    }

    LinuxSystemFactsSource(String root, String pathVariable, String javaArch, LongSupplier nanoClock) {
        this.root = root.endsWith("/") ? root : root + "/";
        this.pathVariable = pathVariable == null ? "" : pathVariable;
        this.javaArch = javaArch == null ? "" : javaArch;
        this.nanoClock = nanoClock;
        this.hostname = new LiveFile(Path.of(this.root + "proc/sys/kernel/hostname"));
        this.uptime = new LiveFile(Path.of(this.root + "proc/uptime"));
    }

    @Override
    public SystemFacts facts() {
        Fixed f = fixed();
        Installed i = installed();
        String version = i.os().prettyName();
        return new SystemFacts("Linux", version != null ? version : "Linux " + f.kernel(), f.architecture(),
                hostname.read(), f.kernel(), i.os().distro(), null, uptimeSeconds(), i.packageManagers(),
                i.defaultShell());
    }

    private Fixed fixed() {
        Fixed f = fixed;
        if (f == null) {
            f = new Fixed(readLine("proc/sys/kernel/osrelease"), architecture());
            fixed = f;
        }
        return f;
    }

    private Installed installed() {
        Installed i = installed;
        long now = nanoClock.getAsLong();
        if (i == null || now - i.readAtNanos() >= REFRESH_NANOS) {
            // two workers may both re-read at the boundary: harmless, the values are the same
            i = new Installed(osRelease(), packageManagers(), new File(root + "bin/bash").exists() ? "bash" : "sh",
                    now);
            installed = i;
        }
        return i;
    }

    private OsRelease osRelease() {
        for (String p : new String[] {"etc/os-release", "usr/lib/os-release"}) {
            try {
                return OsRelease.parse(Files.readString(Path.of(root + p), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // try the next location
            }
        }
        return OsRelease.parse("");
    }

    /** uname -m: the kernel's own answer when exposed (Linux 6.1+), else the JVM's name mapped to uname's. */
    String architecture() {
        String arch = readLine("proc/sys/kernel/arch");
        if (arch != null && !arch.isEmpty()) {
            return arch;
        }
        switch (javaArch.toLowerCase(Locale.ROOT)) {
            case "amd64":
            case "x86_64":
                return "x86_64";
            case "x86":
            case "i386":
            case "i686":
                return "i686";
            case "arm":
                return "armv7l";
            default:
                return javaArch;
        }
    }

    private long uptimeSeconds() {
        String s = uptime.read();
        if (s == null) {
            return 0;
        }
        int dot = s.indexOf('.');
        int sp = s.indexOf(' ');
        int end = dot >= 0 ? dot : sp >= 0 ? sp : s.length();
        try {
            return Long.parseLong(s.substring(0, end));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    List<String> packageManagers() {
        Set<String> dirs = new LinkedHashSet<>();
        for (String d : pathVariable.split(":")) {
            if (d.startsWith("/")) {
                dirs.add(d);
            }
        }
        dirs.addAll(STANDARD_DIRS);
        List<String> out = new ArrayList<>();
        for (String pm : PACKAGE_MANAGERS) {
            for (String d : dirs) {
                File f = new File(root + d.substring(1), pm);
                if (f.isFile() && f.canExecute()) {
                    out.add(pm);
                    break;
                }
            }
        }
        return out;
    }

    /**
     * A small file read on every call through a descriptor kept open: {@code pread} at offset 0
     * returns the current value of a procfs file. The first 256 bytes, stripped; {@code null} when
     * empty or unreadable (the next call tries to open it again).
     */
    static final class LiveFile {
        private final Path path;
        private final ByteBuffer buffer = ByteBuffer.allocate(256);
        private FileChannel channel;

        LiveFile(Path path) {
            this.path = path;
        }

        synchronized String read() {
            try {
                if (channel == null) {
                    channel = FileChannel.open(path, StandardOpenOption.READ);
                }
                buffer.clear();
                int n;
                do { // positional reads: the buffer's position is also the file offset reached
                    n = channel.read(buffer, buffer.position());
                } while (n > 0 && buffer.hasRemaining());
                String s = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
                return s.isEmpty() ? null : s;
            } catch (IOException e) {
                close();
                return null;
            }
        }

        private void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing to do: the next read reopens it
                }
                channel = null;
            }
        }
    }

    private String readLine(String relative) {
        try {
            String s = Files.readString(Path.of(root + relative), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException e) {
            return null;
        }
    }
}
