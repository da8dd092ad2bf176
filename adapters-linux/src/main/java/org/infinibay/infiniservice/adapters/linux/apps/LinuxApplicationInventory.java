package org.infinibay.infiniservice.adapters.linux.apps;

import java.util.List;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.ApplicationInventory;
import org.infinibay.infiniservice.application.port.out.os.InstalledApplication;
import org.infinibay.infiniservice.adapters.linux.system.SystemClocks;

/**
 * GetInstalledApplicationsWMI on Linux (CONTRACT §8.5.7): the installed user applications, the same
 * set metrics {@code applications} start from (desktop entries and their packages), read afresh by a
 * catalog of its own for each request, so the metrics thread's catalog is never shared across threads
 * and nothing stays in memory between requests (the host asks once per health round).
 */
public final class LinuxApplicationInventory implements ApplicationInventory {
    private final AppLocations where;
    private final ProgramRunner runner;
    private final LongSupplier wallClock;

    LinuxApplicationInventory(AppLocations where, ProgramRunner runner, LongSupplier wallClock) {
        this.where = where;
        this.runner = runner;
        this.wallClock = wallClock;
    }

    /** The real system; {@code runner} runs rpm where there is no dpkg database. */
    public static LinuxApplicationInventory standard(ProgramRunner runner) {
        return new LinuxApplicationInventory(AppLocations.standard(), runner, SystemClocks.MILLIS);
    }

    @Override
    public List<InstalledApplication> applications(Deadline deadline) {
        LinuxAppCatalog catalog = new LinuxAppCatalog(where, LinuxAppCatalog.owners(where, runner, SystemClocks.NANOS));
        return catalog.installedApplications(wallClock.getAsLong());
    }
}
