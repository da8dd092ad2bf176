package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;
import org.infinibay.infiniservice.application.port.out.Deadline;

/**
 * The OS update service that is not a package manager (the Windows Update Agent): searches the
 * software updates not yet installed, reads the installation history and repairs the service.
 */
public interface UpdateAgent {

    /** The update-status object's {@code package_manager} value (e.g. {@code windows_update}). */
    String name();

    /** How replies name the service (e.g. {@code Windows Update}). */
    String displayName();

    UpdateScan scan(Deadline deadline) throws OsOperationException, InterruptedException;

    /** Entries of the update history at or after {@code sinceMillis}, newest first. */
    List<UpdateRecord> history(long sinceMillis, Deadline deadline) throws OsOperationException, InterruptedException;

    /** Restarts the update services and triggers a scan (AutoFixWindowsUpdates, §8.5.9). */
    List<RemediationStep> repair(Deadline deadline) throws InterruptedException;
}
