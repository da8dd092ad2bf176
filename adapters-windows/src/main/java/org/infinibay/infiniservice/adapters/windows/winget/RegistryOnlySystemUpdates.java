package org.infinibay.infiniservice.adapters.windows.winget;

import java.util.List;
import org.infinibay.infiniservice.adapters.windows.registry.RebootMarkers;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageChange;
import org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry;
import org.infinibay.infiniservice.domain.command.ExitCodes;

/**
 * The Windows Update side of the package port as far as this build goes: the pending-reboot
 * markers are real; installing all updates, history and the download cache need the Windows Update
 * Agent scripts, which are not part of this build and answer 126 with a clear reason.
 */
public final class RegistryOnlySystemUpdates implements WingetPackageManager.SystemUpdates {
    private static final String MISSING = "Windows Update Agent operations are not implemented in this build";

    @Override
    public PackageChange installAll(Deadline deadline) throws OsOperationException {
        throw new OsOperationException(ExitCodes.NOT_SUPPORTED, MISSING, "", "");
    }

    @Override
    public List<UpdateHistoryEntry> history(long sinceMillis, Deadline deadline) throws OsOperationException {
        throw new OsOperationException(ExitCodes.NOT_SUPPORTED, MISSING, "", "");
    }

    @Override
    public CommandOutput cleanDownloadCache(Deadline deadline) throws OsOperationException {
        throw new OsOperationException(ExitCodes.NOT_SUPPORTED, MISSING, "", "");
    }

    @Override
    public boolean rebootRequired() {
        return RebootMarkers.rebootRequired();
    }

    @Override
    public boolean automaticUpdatesEnabled() {
        return false;
    }

    @Override
    public Long lastInstallMillis() {
        return null;
    }
}
