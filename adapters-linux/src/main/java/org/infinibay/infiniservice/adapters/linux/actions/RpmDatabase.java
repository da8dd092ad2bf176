package org.infinibay.infiniservice.adapters.linux.actions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry;

/** The rpm database, shared by dnf, yum and zypper. */
final class RpmDatabase {
    private final Commands commands;
    private final String source;

    RpmDatabase(Commands commands, String source) {
        this.commands = commands;
        this.source = source;
    }

    Map<String, PackageInfo> installed(Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, "rpm", "-qa", "--qf",
                "%{NAME}\\t%{VERSION}-%{RELEASE}\\t%{VENDOR}\\t%{SUMMARY}\\n");
        if (r.exitCode() != 0) {
            throw Commands.failed("rpm", r);
        }
        return parseQuery(r.stdout(), source);
    }

    String version(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, "rpm", "-q", "--qf", "%{VERSION}-%{RELEASE}\\n", "--", pkg);
        return r.exitCode() == 0 ? r.stdout().strip() : null;
    }

    /**
     * Whether exactly {@code name} is installed. rpm also matches {@code name-version[-release]}: when
     * the query selects a package of another name, the name is refused rather than taken for it.
     */
    boolean installedExactly(String name, Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, "rpm", "-q", "--qf", "%{NAME}\\n", "--", name);
        if (r.exitCode() != 0) {
            return false;
        }
        List<String> names = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        }
        return exactly(name, names);
    }

    /** Every selected name is {@code name} (and there is one); otherwise the name is refused. */
    static boolean exactly(String name, List<String> selected) throws OsOperationException {
        if (selected.isEmpty()) {
            return false;
        }
        for (String s : selected) {
            if (!s.equals(name)) {
                throw PackageNames.notExact(name, String.join(", ", selected.subList(0, Math.min(5, selected.size()))));
            }
        }
        return true;
    }

    List<UpdateHistoryEntry> history(long sinceMillis, Deadline deadline)
            throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, "rpm", "-qa", "--qf",
                "%{INSTALLTIME}\\t%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n");
        if (r.exitCode() != 0) {
            throw Commands.failed("rpm", r);
        }
        return parseInstallTimes(r.stdout(), sinceMillis);
    }

    static Map<String, PackageInfo> parseQuery(String out, String source) {
        Map<String, PackageInfo> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 4 || f[0].isEmpty() || f[0].startsWith("gpg-pubkey")) {
                continue;
            }
            m.putIfAbsent(f[0], new PackageInfo(f[0], f[1], f[3], true, f[2].equals("(none)") ? "" : f[2], source,
                    f[0]));
        }
        return m;
    }

    static List<UpdateHistoryEntry> parseInstallTimes(String out, long sinceMillis) {
        List<UpdateHistoryEntry> list = new ArrayList<>();
        for (String line : out.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length < 2) {
                continue;
            }
            try {
                long t = Long.parseLong(f[0].strip()) * 1000L;
                if (t >= sinceMillis) {
                    list.add(new UpdateHistoryEntry(f[1], t, "Install", "Succeeded"));
                }
            } catch (NumberFormatException e) {
                // skip malformed line
            }
        }
        return list;
    }

    /** {@code name-[epoch:]version-release.arch} → name. */
    static String nameOfNevra(String nevra) {
        String s = nevra;
        int dot = s.lastIndexOf('.');
        if (dot > 0) {
            s = s.substring(0, dot);
        }
        int r = s.lastIndexOf('-');
        if (r <= 0) {
            return s;
        }
        int v = s.lastIndexOf('-', r - 1);
        return v <= 0 ? s.substring(0, r) : s.substring(0, v);
    }
}
