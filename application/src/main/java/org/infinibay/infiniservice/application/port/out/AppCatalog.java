package org.infinibay.infiniservice.application.port.out;

import java.util.Collection;
import java.util.List;

/**
 * Maps a running executable to the installed application it belongs to: the one OS-specific part of
 * {@link TrackedApplicationSource}. Only {@link #lookup} is required; the defaults suit an inventory
 * that answers every lookup at once and knows applications only once they run (Windows).
 */
public interface AppCatalog {

    /** The application of {@code exePath}, or {@code null} when it is no user application (system binaries). */
    AppInfo lookup(String exePath);

    /** Re-reads the inventory when it is due; returns whether it did (cached metadata is then stale). */
    default boolean refreshIfDue(long epochMillis) {
        return false;
    }

    /**
     * Applications listed even if never seen running (Linux: desktop entries), in a stable order; each
     * is sent in the full list after a start with zero usage until it runs.
     */
    default Collection<AppInfo> installed() {
        return List.of();
    }

    /**
     * Asked only after {@link #lookup} returned {@code null}: whether the answer is still being looked
     * up (Linux: rpm ownership, batched per cycle), so the same executable must be asked again next cycle
     * rather than remembered as "not an application" until the next refresh.
     */
    default boolean pending(String exePath) {
        return false;
    }

    /** Called once per cycle after the cycle's lookups: runs deferred lookups in one batch. */
    default void afterCycle() {
    }
}
