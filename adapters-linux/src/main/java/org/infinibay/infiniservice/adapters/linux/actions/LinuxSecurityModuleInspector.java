package org.infinibay.infiniservice.adapters.linux.actions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.SecurityModuleInspector;
import org.infinibay.infiniservice.application.port.out.os.SecurityModuleStatus;

/**
 * SELinux ({@code getenforce}/{@code sestatus}, {@code /sys/fs/selinux/enforce}) or AppArmor
 * ({@code /sys/module/apparmor/parameters/enabled}, {@code aa-status}, the securityfs profile list).
 */
public final class LinuxSecurityModuleInspector implements SecurityModuleInspector {
    private final Commands commands;
    private final Path sys;

    public LinuxSecurityModuleInspector(Commands commands) {
        this(commands, Path.of("/sys"));
    }

    /** @param sys the sysfs root (tests pass a recorded tree) */
    public LinuxSecurityModuleInspector(Commands commands, Path sys) {
        this.commands = commands;
        this.sys = sys;
    }

    @Override
    public SecurityModuleStatus inspect(Deadline deadline) throws OsOperationException, InterruptedException {
        String selinux = selinuxMode(deadline);
        if (selinux != null && !selinux.equals("disabled")) {
            return new SecurityModuleStatus("selinux", true, selinux, null, 0, 0, 0);
        }
        String enabled = read(sys.resolve("module/apparmor/parameters/enabled"));
        if (enabled != null && enabled.strip().startsWith("Y")) {
            int[] counts = null;
            if (commands.programs().has("aa-status")) {
                ExecResult r = commands.run(deadline, "aa-status");
                if (r.exitCode() == 0) {
                    counts = parseAaStatus(r.stdout());
                }
            }
            if (counts == null) {
                String profiles = read(sys.resolve("kernel/security/apparmor/profiles"));
                counts = parseProfiles(profiles == null ? "" : profiles);
            }
            String mode = counts[1] > 0 ? "enforce" : counts[2] > 0 ? "complain" : "enabled";
            return new SecurityModuleStatus("apparmor", true, selinux, mode, counts[0], counts[1], counts[2]);
        }
        return new SecurityModuleStatus("none", false, selinux, enabled == null ? null : "disabled", 0, 0, 0);
    }

    /** enforcing / permissive / disabled, or {@code null} when SELinux is not present at all. */
    private String selinuxMode(Deadline deadline) throws InterruptedException {
        String enforce = read(sys.resolve("fs/selinux/enforce"));
        if (enforce != null) {
            return enforce.strip().equals("1") ? "enforcing" : "permissive";
        }
        if (commands.programs().has("getenforce")) {
            try {
                ExecResult r = commands.run(deadline, "getenforce");
                if (r.exitCode() == 0) {
                    return parseGetenforce(r.stdout());
                }
            } catch (OsOperationException e) {
                return null;
            }
        }
        return null;
    }

    static String parseGetenforce(String out) {
        String v = out.strip().toLowerCase(Locale.ROOT);
        return v.isEmpty() ? null : v;
    }


    /** {@code aa-status}: {@code N profiles are loaded.}, {@code N profiles are in enforce mode.}, ... */
    static int[] parseAaStatus(String out) {
        int[] c = new int[3];
        for (String line : out.split("\n")) {
            Matcher m = Patterns.AA_COUNT.matcher(line.strip());
            if (m.find()) {
                int n = Integer.parseInt(m.group(1));
                switch (m.group(2)) {
                    case "loaded":
                        c[0] = n;
                        break;
                    case "in enforce mode":
                        c[1] = n;
                        break;
                    default:
                        c[2] = n;
                        break;
                }
            }
        }
        return c;
    }

    /** securityfs {@code apparmor/profiles}: {@code name (enforce)} per line. */
    static int[] parseProfiles(String text) {
        int[] c = new int[3];
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            c[0]++;
            if (line.endsWith("(enforce)")) {
                c[1]++;
            } else if (line.endsWith("(complain)")) {
                c[2]++;
            }
        }
        return c;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    /** Compiled by the first parse that needs it, not when the safe-action set is built (no regex machinery before). */
    private static final class Patterns {
        static final Pattern AA_COUNT = Pattern.compile("^(\\d+) profiles? (?:are|is) (loaded|in enforce mode|in complain mode)");

        private Patterns() {
        }
    }
}
