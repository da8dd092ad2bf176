package org.infinibay.infiniservice.adapters.windows.services;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.infinibay.infiniservice.application.port.out.ServiceInventorySource;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.metrics.MetricsTrim;

/**
 * {@code data.windows_services} (§7.7): the full list on the first call and whenever the caller
 * forces it (first metrics after attach), then every 10 minutes, and in any cycle where a service's
 * {@code state} or {@code start_type} changed (or a service appeared or vanished); otherwise
 * {@code null} (the collection is left out). Capped at 1000 items.
 */
public final class WindowsServiceInventory implements ServiceInventorySource {
    static final long FULL_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** Reads the services; a failure is a RuntimeException (the metrics cycle keeps its other parts). */
    public interface Reader {
        List<ServiceRecord> read();
    }

    private final Reader reader;
    private final LongSupplier nanoClock;
    private Map<String, String> lastStates;
    private long lastFullAt;

    public WindowsServiceInventory(Reader reader, LongSupplier nanoClock) {
        this.reader = reader;
        this.nanoClock = nanoClock;
    }

    @Override
    public synchronized JsonArray services(boolean forceFull) {
        List<ServiceRecord> now = reader.read();
        long t = nanoClock.getAsLong();
        Map<String, String> states = new HashMap<>();
        for (ServiceRecord r : now) {
            states.put(r.name(), r.state() + "|" + r.startType());
        }
        boolean due = forceFull || lastStates == null || t - lastFullAt >= FULL_EVERY_NANOS || !states.equals(lastStates);
        lastStates = states;
        if (!due) {
            return null;
        }
        lastFullAt = t;
        List<Json> items = new ArrayList<>();
        for (ServiceRecord r : now) {
            if (items.size() >= MetricsTrim.MAX_ITEMS) {
                break;
            }
            items.add(r.toJson());
        }
        return new JsonArray(items);
    }
}
