package org.infinibay.infiniservice.application.service.apps;

import org.infinibay.infiniservice.application.port.out.AppCatalog;
import org.infinibay.infiniservice.application.port.out.AppInfo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /**
     * A catalog shaped like Linux's: installed applications listed before they run, and an owner lookup
     * that answers only after the cycle's batch ({@link AppCatalog#afterCycle()}).
     */
    private static final class Deferred implements AppCatalog {
        final List<AppInfo> installed = new ArrayList<>();
        final Set<String> owned = new HashSet<>();
        final Set<String> queued = new HashSet<>();
        final Set<String> answered = new HashSet<>();
        int lookups;
        int batches;

        @Override
        public AppInfo lookup(String exe) {
            lookups++;
            for (AppInfo a : installed) {
                if (a.exePath().equals(exe)) {
                    return a;
                }
            }
            if (!answered.contains(exe)) {
                queued.add(exe);
                return null;
            }
            return owned.contains(exe) ? new AppInfo(exe, null, null, "1.0", "Pkg Team", null, null) : null;
        }

        @Override
        public boolean pending(String exe) {
            return !answered.contains(exe);
        }

        @Override
        public Collection<AppInfo> installed() {
            return installed;
        }

        @Override
        public void afterCycle() {
            batches++;
            answered.addAll(queued);
            queued.clear();
        }
    }

    private static JsonObject item(JsonArray a, String exe) {
        return a.items().stream().map(j -> (JsonObject) j).filter(o -> o.string("exe_path").orElse("").equals(exe))
                .findFirst().orElse(null);
    }

    @Test
    void installedAppsFirstSendAndDeferredLookupsAreAskedAgain() {
        Deferred catalog = new Deferred();
        catalog.installed.add(new AppInfo("/usr/bin/editor", "Editor", "Edits", "2.0", "Team", 10L, 5L));
        catalog.owned.add("/usr/bin/owned");
        TrackedApplicationSource src = new TrackedApplicationSource(new Memory(), catalog);
        long t = 1_700_000_000_000L;

        JsonArray first = src.applications(List.of(proc(20, "/usr/bin/owned", t - 500),
                proc(21, "/usr/bin/system-daemon", t - 500)), t);
        assertEquals(1, first.size(), "the full first list holds the installed app not yet run: " + first);
        JsonObject editor = item(first, "/usr/bin/editor");
        assertEquals("Editor", editor.string("name").orElseThrow());
        assertEquals(0, editor.integer("access_count").orElse(-1));
        assertFalse(editor.bool("is_active").orElseThrow());
        assertEquals(1, catalog.batches, "one batch per cycle");

        int before = catalog.lookups;
        src.applications(List.of(proc(20, "/usr/bin/owned", t - 500), proc(21, "/usr/bin/system-daemon", t - 500)),
                t + 60_000);
        assertEquals(before + 2, catalog.lookups, "a pending answer is asked again in the next cycle");
        before = catalog.lookups;
        src.applications(List.of(proc(20, "/usr/bin/owned", t - 500), proc(21, "/usr/bin/system-daemon", t - 500),
                proc(22, "/usr/bin/editor", t + 100_000)), t + 120_000);
        assertEquals(before + 1, catalog.lookups, "answers, 'not an application' too, are remembered");

        JsonArray changed = src.applications(List.of(proc(20, "/usr/bin/owned", t - 500)), t + 6 * 60_000);
        assertNotNull(changed);
        JsonObject owned = item(changed, "/usr/bin/owned");
        assertEquals("owned", owned.string("name").orElseThrow(), "named after its file when the catalog has no name");
        assertEquals("1.0", owned.string("version").orElseThrow());
        assertEquals(1, owned.integer("access_count").orElse(-1));
        assertEquals(1, item(changed, "/usr/bin/editor").integer("access_count").orElse(-1));
        assertNull(item(changed, "/usr/bin/system-daemon"));
    }

    @Test
    void atMostOneThousandItemsPerSendTheRestNextTime() {
        Deferred catalog = new Deferred();
        for (int i = 0; i < 1200; i++) {
            catalog.installed.add(new AppInfo("C:\\Program Files\\App" + i + "\\app.exe", null, null, null, null,
                    null, null));
        }
        TrackedApplicationSource src = new TrackedApplicationSource(new Memory(), catalog);
        long t = 1_700_000_000_000L;
        JsonArray first = src.applications(List.of(), t);
        assertEquals(1000, first.size());
        assertEquals("app.exe", ((JsonObject) first.items().get(0)).string("name").orElseThrow(),
                "a Windows path is named after its file, without the directory");
        assertNull(src.applications(List.of(), t + 4 * 60_000), "not due within 5 minutes");
        assertEquals(200, src.applications(List.of(), t + 5 * 60_000).size(), "the rest waits for the next send");
        assertNull(src.applications(List.of(), t + 10 * 60_000), "nothing changed since");
    }

    @Test
    void usageSurvivesARestartThroughTheStateStore() {
        Memory store = new Memory();
        AppCatalog catalog = exe -> new AppInfo(exe, "App", null, null, null, null, null);
        long t = 1_700_000_000_000L;
        TrackedApplicationSource src = new TrackedApplicationSource(store, catalog);
        src.applications(List.of(proc(5, "/opt/app/bin/app", t - 1000)), t);
        src.applications(List.of(proc(5, "/opt/app/bin/app", t - 1000)), t + 120_000);
        src.flush();
        TrackedApplicationSource again = new TrackedApplicationSource(store, catalog);
        JsonArray full = again.applications(List.of(proc(5, "/opt/app/bin/app", t - 1000)), t + 180_000);
        JsonObject app = item(full, "/opt/app/bin/app");
        assertEquals(1, app.integer("access_count").orElse(-1), "a process alive across the restart is no new launch");
        assertEquals(2, app.integer("usage_minutes").orElse(-1));
    }

    /** The written-out order is the combinators' it replaced, on every pair of a varied set (absent keys too). */
    @Test
    void relevanceIsTheCombinatorsOrder() {
        java.util.Comparator<JsonObject> combinators = java.util.Comparator
                .comparing((JsonObject o) -> !o.bool("is_active").orElse(false))
                .thenComparing(o -> o.string("last_access").orElse(""), java.util.Comparator.reverseOrder())
                .thenComparing(o -> o.string("name").orElse(""));
        List<JsonObject> items = new ArrayList<>();
        Boolean[] active = {null, true, false};
        String[] access = {null, "", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"};
        String[] names = {null, "", "a", "b", "B"};
        for (Boolean a : active) {
            for (String l : access) {
                for (String n : names) {
                    JsonObject.Builder b = JsonObject.builder();
                    if (a != null) {
                        b.put("is_active", a);
                    }
                    if (l != null) {
                        b.put("last_access", l);
                    }
                    if (n != null) {
                        b.put("name", n);
                    }
                    items.add(b.build());
                }
            }
        }
        for (JsonObject x : items) {
            for (JsonObject y : items) {
                assertEquals(Integer.signum(combinators.compare(x, y)),
                        Integer.signum(TrackedApplicationSource.RELEVANCE.compare(x, y)), x + " vs " + y);
            }
        }
        assertEquals(60, items.size());
    }
}
