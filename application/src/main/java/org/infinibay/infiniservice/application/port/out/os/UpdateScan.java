package org.infinibay.infiniservice.application.port.out.os;

import java.util.List;

/**
 * The result of one update search (CONTRACT §8.5.5). Times are epoch ms or {@code null} when
 * unknown; {@code agentVersion} is the update agent's own version or {@code null}.
 */
public record UpdateScan(List<AvailableUpdate> updates, boolean rebootRequired, boolean automaticUpdatesEnabled,
                         Long lastSearchMillis, Long lastInstallMillis, String agentVersion) {
    public UpdateScan {
        updates = List.copyOf(updates);
    }
}
