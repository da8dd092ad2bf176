package org.infinibay.infiniservice.adapters.linux.actions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageChange;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry;

/**
 * SUSE: {@code zypper --non-interactive}. A name is acted on only when it names exactly one package
 * ({@link PackageNames}); install and remove select by plain name ({@code --name}), never by capability.
 */
public final class ZypperPackageManager implements DetectablePackageManager {
    private final Commands commands;
    private final RpmDatabase rpm;

    public ZypperPackageManager(Commands commands) {
        this.commands = commands;
        this.rpm = new RpmDatabase(commands, "zypper");
    }

    @Override
    public String name() {
        return "zypper";
    }

    @Override
    public boolean detected() {
        return commands.programs().has("zypper") && commands.programs().has("rpm");
    }

    @Override
    public List<PackageInfo> installed(Deadline deadline) throws OsOperationException, InterruptedException {
        return new ArrayList<>(rpm.installed(deadline).values());
    }

    @Override
    public List<PackageInfo> search(String query, Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, "zypper", "--non-interactive", "--quiet", "search", query);
        if (r.exitCode() != 0 && r.exitCode() != 104) { // 104: nothing found
            throw Commands.failed("zypper", r);
        }
        Map<String, PackageInfo> installed = rpm.installed(deadline);
        List<PackageInfo> list = new ArrayList<>();
        for (String[] row : table(r.stdout())) {
            if (row.length >= 3 && !row[1].equals("Name")) {
                PackageInfo inst = installed.get(row[1]);
                list.add(new PackageInfo(row[1], inst == null ? "" : inst.version(), row[2], inst != null,
                        inst == null ? "" : inst.publisher(), "zypper", row[1]));
            }
        }
        return list;
    }

    @Override
    public PackageChange install(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        PackageNames.rpm(pkg);
        if (!rpm.installedExactly(pkg, deadline) && !available(pkg, deadline)) {
            throw PackageNames.notExact(pkg, null);
        }
        return change(pkg, deadline, "install", "--name");
    }

    @Override
    public PackageChange remove(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        PackageNames.rpm(pkg);
        if (!rpm.installedExactly(pkg, deadline)) {
            return notInstalled(pkg, deadline);
        }
        return change(pkg, deadline, "remove", "--name");
    }

    @Override
    public PackageChange update(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        PackageNames.rpm(pkg);
        if (!rpm.installedExactly(pkg, deadline)) {
            return notInstalled(pkg, deadline);
        }
        return change(pkg, deadline, "update");
    }

    /** {@code search --match-exact --type package}: a package of exactly this name exists in a repository. */
    private boolean available(String pkg, Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, "zypper", "--non-interactive", "--quiet", "search", "--match-exact",
                "--type", "package", "--", pkg);
        if (r.exitCode() != 0) {
            return false; // 104: nothing found
        }
        return exactRow(pkg, r.stdout());
    }

    /** A table row whose Name column is exactly {@code pkg}. */
    static boolean exactRow(String pkg, String out) {
        for (String[] row : table(out)) {
            if (row.length >= 3 && row[1].equals(pkg)) {
                return true;
            }
        }
        return false;
    }

    private PackageChange change(String pkg, Deadline deadline, String op, String... exact)
            throws OsOperationException, InterruptedException {
        String before = rpm.version(pkg, deadline);
        List<String> argv = new ArrayList<>(List.of("--non-interactive", op));
        argv.addAll(List.of(exact));
        argv.addAll(List.of("--", pkg));
        CommandOutput out = commands.require(deadline, Map.of(), "zypper", argv);
        String after = rpm.version(pkg, deadline);
        boolean changed = before == null ? after != null : !before.equals(after);
        return new PackageChange(changed, rebootRequired(deadline), changed ? 1 : 0, out);
    }

    private PackageChange notInstalled(String pkg, Deadline deadline) {
        return new PackageChange(false, rebootRequired(deadline), 0,
                new CommandOutput(0, "Package '" + pkg + "' is not installed, so nothing was changed.\n", ""));
    }

    @Override
    public PackageChange upgradeAll(Deadline deadline) throws OsOperationException, InterruptedException {
        commands.run(deadline, "zypper", "--non-interactive", "refresh");
        int before = pendingUpdates(deadline).size();
        CommandOutput out = commands.require(deadline, "zypper", "--non-interactive", "update");
        return new PackageChange(before > 0, rebootRequired(deadline), before, out);
    }

    @Override
    public List<PendingUpdate> pendingUpdates(Deadline deadline) throws OsOperationException, InterruptedException {
        ExecResult r = commands.run(deadline, "zypper", "--non-interactive", "--quiet", "list-updates");
        if (r.exitCode() != 0) {
            throw Commands.failed("zypper", r);
        }
        return parseListUpdates(r.stdout());
    }

    /** {@code S | Repository | Name | Current Version | Available Version | Arch}. */
    static List<PendingUpdate> parseListUpdates(String out) {
        List<PendingUpdate> list = new ArrayList<>();
        for (String[] row : table(out)) {
            if (row.length >= 6 && !row[2].equals("Name")) {
                list.add(new PendingUpdate(row[2], row[3], row[4], row[1], row[5],
                        row[1].toLowerCase(java.util.Locale.ROOT).contains("security"), null));
            }
        }
        return list;
    }

    static List<String[]> table(String out) {
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.contains("|") || line.startsWith("--")) {
                continue;
            }
            String[] cells = line.split("\\|", -1);
            for (int i = 0; i < cells.length; i++) {
                cells[i] = cells[i].strip();
            }
            rows.add(cells);
        }
        return rows;
    }

    @Override
    public List<UpdateHistoryEntry> history(long sinceMillis, Deadline deadline)
            throws OsOperationException, InterruptedException {
        return rpm.history(sinceMillis, deadline);
    }

    @Override
    public CommandOutput cleanCache(Deadline deadline) throws OsOperationException, InterruptedException {
        return commands.require(deadline, "zypper", "--non-interactive", "clean");
    }

    @Override
    public boolean rebootRequired(Deadline deadline) {
        return Files.exists(Path.of("/run/reboot-needed")) || Files.exists(Path.of("/var/run/reboot-needed"));
    }
}
