package org.infinibay.infiniservice.application.service.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;
import org.infinibay.infiniservice.domain.metrics.ProcessStatus;
import org.junit.jupiter.api.Test;

class TrackedApplicationSourceTest {
    private static final String EDGE = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe";

    private static ProcessMetric proc(int pid, String exe, long start) {
        return new ProcessMetric(pid, 1, "p", exe, null, 0.0, 1, 0, 0, ProcessStatus.values()[0], start, "alice");
    }

    private static final class Memory implements StateStore {
        final Map<String, byte[]> docs = new HashMap<>();

        public Optional<byte[]> read(String name) {
            return Optional.ofNullable(docs.get(name));
        }

        public void write(String name, byte[] content) {
            docs.put(name, content);
        }

        public void delete(String name) {
            docs.remove(name);
        }

        public String location() {
            return "memory";
        }
    }

    @Test
    void usageFromSamplesChangeOnlyEveryFiveMinutes() {
        AppCatalog catalog = exe -> exe.startsWith("C:\\Windows") ? null
                : new AppInfo(exe, "Microsoft Edge", null, "120.0", "Microsoft Corporation", 4096L, 1L);
        Memory store = new Memory();
        TrackedApplicationSource src = new TrackedApplicationSource(store, catalog);
        long t = 1_700_000_000_000L;
        JsonArray first = src.applications(List.of(proc(10, EDGE, t - 1000), proc(11, EDGE, t - 900),
                proc(4, "C:\\Windows\\System32\\svchost.exe", t)), t);
        assertEquals(1, first.items().size(), "only applications, one item per executable");
        JsonObject edge = (JsonObject) first.items().get(0);
        assertEquals(EDGE, edge.string("exe_path").orElseThrow());
        assertEquals(2, edge.integer("access_count").orElse(-1));
        assertTrue(edge.bool("is_active").orElseThrow());
        assertNull(src.applications(List.of(proc(10, EDGE, t - 1000)), t + 60_000), "not due within 5 minutes");
        JsonArray later = src.applications(List.of(), t + 6 * 60_000);
        JsonObject stopped = (JsonObject) later.items().get(0);
        assertEquals(false, stopped.bool("is_active").orElseThrow());
        assertTrue(stopped.integer("usage_minutes").orElse(-1) >= 1, "observed runtime accumulates as whole minutes");
        src.flush();
        assertTrue(store.docs.containsKey(TrackedApplicationSource.DOCUMENT));
    }
}
