package org.infinibay.infiniservice.testkit.fakeos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageChange;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry;
import org.infinibay.infiniservice.domain.command.ParameterRule;

/** The fake OS's package manager, {@code fakepkg}: a name-to-version map on the machine; nothing is ever pending. */
final class FakePackages implements PackageManager {
    static final ParameterRule NAMES = new ParameterRule("PACKAGE_FAKEOS", "[a-z0-9.-]+", 64);

    private final FakeMachine machine;

    FakePackages(FakeMachine machine) {
        this.machine = machine;
    }

    @Override
    public String name() {
        return "fakepkg";
    }

    @Override
    public ParameterRule nameRule() {
        return NAMES;
    }

    @Override
    public List<PackageInfo> installed(Deadline deadline) {
        List<PackageInfo> out = new ArrayList<>();
        for (Map.Entry<String, String> e : machine.packages.entrySet()) {
            out.add(new PackageInfo(e.getKey(), e.getValue(), "a fake package", true, "FakeOS", "fake", e.getKey()));
        }
        return out;
    }

    @Override
    public List<PackageInfo> search(String query, Deadline deadline) {
        List<PackageInfo> out = new ArrayList<>();
        for (PackageInfo p : installed(deadline)) {
            if (p.name().contains(query)) {
                out.add(p);
            }
        }
        return out;
    }

    @Override
    public PackageChange install(String pkg, Deadline deadline) {
        boolean added = machine.packages.putIfAbsent(pkg, "1.0") == null;
        return new PackageChange(added, false, added ? 1 : 0, new CommandOutput(0, "installed " + pkg + "\n", ""));
    }

    @Override
    public PackageChange remove(String pkg, Deadline deadline) throws OsOperationException {
        if (machine.packages.remove(pkg) == null) {
            throw new OsOperationException("package " + pkg + " is not installed");
        }
        return new PackageChange(true, false, 1, new CommandOutput(0, "removed " + pkg + "\n", ""));
    }

    @Override
    public PackageChange update(String pkg, Deadline deadline) {
        return new PackageChange(false, false, 0, CommandOutput.NONE);
    }

    @Override
    public PackageChange upgradeAll(Deadline deadline) {
        return new PackageChange(false, false, 0, CommandOutput.NONE);
    }

    @Override
    public List<PendingUpdate> pendingUpdates(Deadline deadline) {
        return List.of();
    }

    @Override
    public List<UpdateHistoryEntry> history(long sinceMillis, Deadline deadline) {
        return List.of();
    }

    @Override
    public CommandOutput cleanCache(Deadline deadline) {
        return CommandOutput.NONE;
    }

    @Override
    public boolean rebootRequired(Deadline deadline) {
        return false;
    }
}
