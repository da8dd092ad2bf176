package org.infinibay.infiniservice.adapters.linux.actions;

import org.infinibay.infiniservice.domain.command.ParameterRule;
import java.util.List;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageChange;
import org.infinibay.infiniservice.application.port.out.os.PackageInfo;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry;
import org.infinibay.infiniservice.domain.command.ExitCodes;

/** Used when no supported package manager is installed: every operation fails with 127. */
final class NoPackageManager implements PackageManager {
    @Override
    public ParameterRule nameRule() {
        return LinuxNames.PACKAGE;
    }

    @Override
    public String name() {
        return "none";
    }

    private static OsOperationException none() {
        return new OsOperationException(ExitCodes.UNKNOWN_ACTION, "no supported package manager found", "", "");
    }

    @Override
    public List<PackageInfo> installed(Deadline d) throws OsOperationException {
        throw none();
    }

    @Override
    public List<PackageInfo> search(String q, Deadline d) throws OsOperationException {
        throw none();
    }

    @Override
    public PackageChange install(String p, Deadline d) throws OsOperationException {
        throw none();
    }

    @Override
    public PackageChange remove(String p, Deadline d) throws OsOperationException {
        throw none();
    }

    @Override
    public PackageChange update(String p, Deadline d) throws OsOperationException {
        throw none();
    }

    @Override
    public PackageChange upgradeAll(Deadline d) throws OsOperationException {
        throw none();
    }

    @Override
    public List<PendingUpdate> pendingUpdates(Deadline d) throws OsOperationException {
        throw none();
    }

    @Override
    public List<UpdateHistoryEntry> history(long since, Deadline d) throws OsOperationException {
        throw none();
    }

    @Override
    public CommandOutput cleanCache(Deadline d) throws OsOperationException {
        throw none();
    }

    @Override
    public boolean rebootRequired(Deadline d) {
        return false;
    }
}
