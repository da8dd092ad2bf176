package org.infinibay.infiniservice.application.port.out;

import org.infinibay.infiniservice.domain.json.JsonArray;

/**
 * OS services for {@code data.windows_services} (CONTRACT §7.7), as wire items. Returns
 * {@code null} when the list is not due this cycle (first after attach, every 10 min, on change).
 */
public interface ServiceInventorySource {
    JsonArray services(boolean forceFull);
}
