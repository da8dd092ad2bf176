package org.infinibay.infiniservice.adapters.windows.update;

import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.adapters.windows.registry.RebootMarkers;
import org.infinibay.infiniservice.adapters.windows.winget.WingetPackageManager;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageChange;
import org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry;
import org.infinibay.infiniservice.application.port.out.os.UpdateRecord;

/**
 * The Windows Update side of the winget package port, through the update agent: UpdateSystemSoftware
 * without a package installs every pending software update (never rebooting), and the package
 * port's history and cache operations mean Windows Update's.
 */
public final class WuaSystemUpdates implements WingetPackageManager.SystemUpdates {
    private final WuaUpdateAgent agent;

    public WuaSystemUpdates(WuaUpdateAgent agent) {
        this.agent = agent;
    }

    @Override
    public PackageChange installAll(Deadline deadline) throws OsOperationException, InterruptedException {
        return agent.installAll(deadline);
    }

    @Override
    public List<UpdateHistoryEntry> history(long sinceMillis, Deadline deadline)
            throws OsOperationException, InterruptedException {
        List<UpdateHistoryEntry> out = new ArrayList<>();
        for (UpdateRecord r : agent.history(sinceMillis, deadline)) {
            out.add(new UpdateHistoryEntry(r.title(), r.dateMillis(), r.description(), r.status()));
        }
        return out;
    }

    @Override
    public CommandOutput cleanDownloadCache(Deadline deadline) throws OsOperationException, InterruptedException {
        return agent.cleanDownloadCache(deadline);
    }

    @Override
    public boolean rebootRequired() {
        return RebootMarkers.rebootRequired();
    }

    @Override
    public boolean automaticUpdatesEnabled() {
        return agent.automaticUpdatesEnabled();
    }

    @Override
    public Long lastInstallMillis() {
        return agent.lastInstallMillis();
    }
}
