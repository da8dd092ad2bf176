package org.infinibay.infiniservice.adapters.linux.system;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.infinibay.infiniservice.application.port.out.SystemFacts;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;

/** SystemInfo / OsInfo facts (CONTRACT §8.5.4) from os-release, /proc/sys/kernel and the PATH. */
public final class LinuxSystemFactsSource implements SystemFactsSource {
    /** In §8.5.2's preference order (dnf before yum, pitfall P20). */
    private static final List<String> PACKAGE_MANAGERS = List.of("apt", "dnf", "yum", "zypper", "snap", "flatpak");
    /** Services often start with a minimal PATH; these are searched as well. */
    private static final List<String> STANDARD_DIRS = List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
            "/usr/bin", "/sbin", "/bin", "/snap/bin");

    private final String root;
    private final String pathVariable;
    private final String javaArch;

    public LinuxSystemFactsSource() {
        this("/", System.getenv("PATH"), System.getProperty("os.arch"));
    }

    LinuxSystemFactsSource(String root, String pathVariable, String javaArch) {
        this.root = root.endsWith("/") ? root : root + "/";
        this.pathVariable = pathVariable == null ? "" : pathVariable;
        this.javaArch = javaArch == null ? "" : javaArch;
    }

    @Override
    public SystemFacts facts() {
        OsRelease os = osRelease();
        String version = os.prettyName();
        return new SystemFacts("Linux", version != null ? version : "Linux " + kernel(), architecture(),
                readLine("proc/sys/kernel/hostname"), kernel(), os.distro(), null, uptimeSeconds(),
                packageManagers(), new File(root + "bin/bash").exists() ? "bash" : "sh");
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

    private String kernel() {
        return readLine("proc/sys/kernel/osrelease");
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
        String s = readLine("proc/uptime");
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

    private String readLine(String relative) {
        try {
            String s = Files.readString(Path.of(root + relative), StandardCharsets.UTF_8).strip();
            return s.isEmpty() ? null : s;
        } catch (IOException e) {
            return null;
        }
    }
}
