package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;
import org.infinibay.infiniservice.application.port.out.Deadline;

/**
 * The cleanup targets of CONTRACT §8.5.9 on this OS. Implementations never follow symlinks, never
 * cross filesystems and skip files in use.
 */
public interface CleanupTargets {

    /** The system drive ({@code /} or {@code C:}). */
    String systemDrive();

    /** Canonical target names this OS can clean ({@code temp_files}, {@code browser_cache}, ...). */
    List<String> supported();

    /** Cleans one canonical target; failures are reported in the outcome, not thrown. */
    CleanupOutcome clean(String target, Deadline deadline) throws InterruptedException;
}
