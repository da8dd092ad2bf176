package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.domain.command.ParameterRule;

/**
 * The system's package manager (apt, dnf, yum, zypper; winget on Windows). Names and queries are
 * already validated against CONTRACT §8.2 when they reach an implementation; implementations are
 * non-interactive and pass every value as its own argv element.
 */
public interface PackageManager {

    /** Wire name: {@code apt}, {@code dnf}, {@code yum}, {@code zypper}, {@code winget}. */
    String name();

    /** What a package name may look like here (CONTRACT §8.2: the characters differ per OS). */
    ParameterRule nameRule();

    List<PackageInfo> installed(Deadline deadline) throws OsOperationException, InterruptedException;

    List<PackageInfo> search(String query, Deadline deadline) throws OsOperationException, InterruptedException;

    PackageChange install(String pkg, Deadline deadline) throws OsOperationException, InterruptedException;

    PackageChange remove(String pkg, Deadline deadline) throws OsOperationException, InterruptedException;

    PackageChange update(String pkg, Deadline deadline) throws OsOperationException, InterruptedException;

    /** Refresh metadata and upgrade everything; never reboots. */
    PackageChange upgradeAll(Deadline deadline) throws OsOperationException, InterruptedException;

    List<PendingUpdate> pendingUpdates(Deadline deadline) throws OsOperationException, InterruptedException;

    List<UpdateHistoryEntry> history(long sinceMillis, Deadline deadline) throws OsOperationException, InterruptedException;

    /** Removes downloaded package files (cleanup target {@code system_cache}). */
    CommandOutput cleanCache(Deadline deadline) throws OsOperationException, InterruptedException;

    /** A reboot is pending (e.g. {@code /run/reboot-required}, {@code needs-restarting -r}). */
    boolean rebootRequired(Deadline deadline) throws InterruptedException;

    /** When the last package transaction finished, or {@code null} when unknown. */
    default Long lastInstallMillis() {
        return null;
    }

    /** Whether unattended/automatic updates are configured. */
    default boolean automaticUpdatesEnabled() {
        return false;
    }
}
