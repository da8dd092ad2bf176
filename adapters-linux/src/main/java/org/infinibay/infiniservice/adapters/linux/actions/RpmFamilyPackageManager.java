package org.infinibay.infiniservice.adapters.linux.actions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageChange;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry;

/**
 * dnf and yum share their command line; subclasses name the program. A name is acted on only when it
 * names exactly one package ({@link PackageNames}): installed under exactly that name ({@code rpm -q}),
 * or for an install, every package {@code list} selects for it has exactly that name.
 */
abstract class RpmFamilyPackageManager implements DetectablePackageManager {
    static final int SEARCH_LIMIT = 500;

    final Commands commands;
    private final String program;
    private final RpmDatabase rpm;

    RpmFamilyPackageManager(Commands commands, String program) {
        this.commands = commands;
        this.program = program;
        this.rpm = new RpmDatabase(commands, program);
    }

    @Override
    public String name() {
        return program;
    }

    @Override
    public boolean detected() {
        return commands.programs().has(program) && commands.programs().has("rpm");
    }

    @Override
    public List<PackageInfo> installed(Deadline deadline) throws OsOperationException, InterruptedException {
        return new ArrayList<>(rpm.installed(deadline).values());
    }

    @Override
    public List<PackageInfo> search(String query, Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, program, "-q", "-y", "search", query);
        if (r.exitCode() != 0 && !r.stdout().isBlank()) {
            throw Commands.failed(program, r);
        }
        return parseSearch(r.stdout(), rpm.installed(deadline), program);
    }

    @Override
    public PackageChange install(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        PackageNames.rpm(pkg);
        if (!rpm.installedExactly(pkg, deadline) && !RpmDatabase.exactly(pkg, listed(pkg, deadline))) {
            throw PackageNames.notExact(pkg, null);
        }
        return change(pkg, deadline, "install");
    }

    @Override
    public PackageChange remove(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        PackageNames.rpm(pkg);
        if (!rpm.installedExactly(pkg, deadline)) {
            return notInstalled(pkg, deadline);
        }
        return change(pkg, deadline, "remove");
    }

    @Override
    public PackageChange update(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        PackageNames.rpm(pkg);
        if (!rpm.installedExactly(pkg, deadline)) {
            return notInstalled(pkg, deadline);
        }
        return change(pkg, deadline, "upgrade");
    }

    /**
     * The names {@code <program> list} selects for {@code pkg}: the same spec matching install uses
     * (name, name-version, name.arch, ...), so "every name is {@code pkg}" means install acts on it alone.
     */
    private List<String> listed(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, program, "-q", "list", "--", pkg);
        return r.exitCode() == 0 ? parseListNames(r.stdout()) : List.of();
    }

    /** {@code name.arch  version  repo} rows (headers and wrapped continuation lines skipped). */
    static List<String> parseListNames(String out) {
        List<String> names = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0)) || line.startsWith("Last metadata")) {
                continue;
            }
            String first = line.split("\\s+", 2)[0];
            int dot = first.lastIndexOf('.');
            if (dot > 0 && !first.endsWith(":")) {
                String name = first.substring(0, dot);
                if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private PackageChange notInstalled(String pkg, Deadline deadline) throws InterruptedException {
        return new PackageChange(false, rebootRequired(deadline), 0,
                new CommandOutput(0, "Package '" + pkg + "' is not installed, so nothing was changed.\n", ""));
    }

    @Override
    public PackageChange upgradeAll(Deadline deadline) throws OsOperationException, InterruptedException {
        int before = pendingUpdates(deadline).size();
        CommandOutput out = commands.require(deadline, program, upgradeAllArgs().toArray(new String[0]));
        return new PackageChange(before > 0, rebootRequired(deadline), before, out);
    }

    /** {@code dnf upgrade --refresh}; yum has no {@code --refresh}. */
    abstract List<String> upgradeAllArgs();

    private PackageChange change(String pkg, Deadline deadline, String op)
            throws OsOperationException, InterruptedException {
        String before = rpm.version(pkg, deadline);
        CommandOutput out = commands.require(deadline, program, "-y", op, "--", pkg);
        String after = rpm.version(pkg, deadline);
        boolean changed = before == null ? after != null : !before.equals(after);
        return new PackageChange(changed, rebootRequired(deadline), changed ? 1 : 0, out);
    }

    @Override
    public List<PendingUpdate> pendingUpdates(Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, program, "-q", "check-update");
        if (r.exitCode() != 0 && r.exitCode() != 100) {
            throw Commands.failed(program, r);
        }
        Set<String> security = new HashSet<>();
        ExecResult sec = commands.run(deadline, program, "-q", "updateinfo", "list", "--security");
        if (sec.exitCode() == 0) {
            security = parseSecurityList(sec.stdout());
        }
        Map<String, PackageInfo> installed = rpm.installed(deadline);
        return parseCheckUpdate(r.stdout(), security, installed);
    }

    @Override
    public List<UpdateHistoryEntry> history(long sinceMillis, Deadline deadline)
            throws OsOperationException, InterruptedException {
        return rpm.history(sinceMillis, deadline);
    }

    @Override
    public CommandOutput cleanCache(Deadline deadline) throws OsOperationException, InterruptedException {
        return commands.require(deadline, program, "clean", "packages");
    }

    @Override
    public boolean rebootRequired(Deadline deadline) throws InterruptedException {
        if (Files.exists(Path.of("/run/reboot-required"))) {
            return true;
        }
        try {
            // needs-restarting -r: exit 1 = reboot needed (dnf-utils / yum-utils)
            return commands.programs().has("needs-restarting")
                    && commands.run(deadline, "needs-restarting", "-r").exitCode() == 1;
        } catch (OsOperationException e) {
            return false;
        }
    }

    /** {@code name.arch  [epoch:]version-release  repo}; stops at "Obsoleting Packages". */
    static List<PendingUpdate> parseCheckUpdate(String out, Set<String> security, Map<String, PackageInfo> installed) {
        List<PendingUpdate> list = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.startsWith("Obsoleting") || line.startsWith("Security:")) {
                break;
            }
            String[] f = line.strip().split("\\s+");
            if (f.length != 3 || !f[0].contains(".") || line.startsWith(" ") || line.startsWith("Last metadata")) {
                continue;
            }
            int dot = f[0].lastIndexOf('.');
            String name = f[0].substring(0, dot);
            PackageInfo inst = installed.get(name);
            list.add(new PendingUpdate(name, inst == null ? null : inst.version(), f[1], f[2],
                    f[0].substring(dot + 1), security.contains(name) || f[2].toLowerCase().contains("security"),
                    null));
        }
        return list;
    }

    /** {@code updateinfo list --security}: {@code ADVISORY  Severity/Sec.  nevra}. */
    static Set<String> parseSecurityList(String out) {
        Set<String> names = new HashSet<>();
        for (String line : out.split("\n")) {
            String[] f = line.strip().split("\\s+");
            if (f.length >= 3) {
                names.add(RpmDatabase.nameOfNevra(f[f.length - 1]));
            }
        }
        return names;
    }

    /** dnf/yum search: {@code name.arch : summary} lines between {@code ===} headers. */
    static List<PackageInfo> parseSearch(String out, Map<String, PackageInfo> installed, String source) {
        List<PackageInfo> list = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : out.split("\n")) {
            int sep = line.indexOf(" : ");
            if (sep <= 0 || line.startsWith("=") || line.startsWith(" ")) {
                continue;
            }
            String na = line.substring(0, sep).strip();
            int dot = na.lastIndexOf('.');
            String name = dot > 0 ? na.substring(0, dot) : na;
            if (!seen.add(name)) {
                continue;
            }
            PackageInfo inst = installed.get(name);
            list.add(new PackageInfo(name, inst == null ? "" : inst.version(), line.substring(sep + 3).strip(),
                    inst != null, inst == null ? "" : inst.publisher(), source, name));
            if (list.size() >= SEARCH_LIMIT) {
                break;
            }
        }
        return list;
    }
}
