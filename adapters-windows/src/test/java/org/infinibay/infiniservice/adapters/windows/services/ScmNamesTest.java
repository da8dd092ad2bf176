package org.infinibay.infiniservice.adapters.windows.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;

/** SCM numbers → §7.7 names, image paths, and the windows_services sending schedule. */
class ScmNamesTest {
    @Test
    void enumsAreNamesNeverIntegers() {
        assertEquals("Running", ScmNames.state(4));
        assertEquals("Stopped", ScmNames.state(1));
        assertEquals("PausePending", ScmNames.state(6));
        assertEquals("Unknown", ScmNames.state(9));
        assertEquals("Automatic", ScmNames.startType(2));
        assertEquals("Manual", ScmNames.startType(3));
        assertEquals("Disabled", ScmNames.startType(4));
        assertEquals("Boot", ScmNames.startType(0));
        assertEquals("System", ScmNames.startType(1));
        assertEquals("Win32OwnProcess", ScmNames.serviceType(0x10));
        assertEquals("Win32ShareProcess", ScmNames.serviceType(0x20));
        assertEquals("Win32OwnProcess, InteractiveProcess", ScmNames.serviceType(0x110));
        assertEquals("KernelDriver", ScmNames.serviceType(1));
        assertEquals(2, ScmNames.startTypeCode("enable"));
        assertEquals(4, ScmNames.startTypeCode("disable"));
    }

    @Test
    void imagePathsOfTheCommandLineForms() {
        String root = "C:\\Windows";
        assertEquals("C:\\Windows\\system32\\svchost.exe",
                ScmNames.imagePath("C:\\Windows\\system32\\svchost.exe -k netsvcs -p", root));
        assertEquals("C:\\Program Files\\Mozilla Maintenance Service\\maintenanceservice.exe",
                ScmNames.imagePath("\"C:\\Program Files\\Mozilla Maintenance Service\\maintenanceservice.exe\"", root));
        assertEquals("C:\\Program Files\\My App\\svc.exe",
                ScmNames.imagePath("C:\\Program Files\\My App\\svc.exe /service", root));
        assertEquals("C:\\Windows\\System32\\drivers\\x.sys", ScmNames.imagePath("\\SystemRoot\\System32\\drivers\\x.sys", root));
        assertEquals("C:\\Windows\\System32\\drivers\\y.sys", ScmNames.imagePath("System32\\drivers\\y.sys", root));
        assertEquals("C:\\Windows\\system32\\lsass.exe", ScmNames.imagePath("%SystemRoot%\\system32\\lsass.exe", root));
        assertEquals("C:\\x\\y.exe", ScmNames.imagePath("\\??\\C:\\x\\y.exe", root));
        assertNull(ScmNames.imagePath("  ", root));
        assertTrue(ScmNames.isDefault("C:\\WINDOWS\\system32\\svchost.exe", root));
        assertFalse(ScmNames.isDefault("C:\\Program Files\\x.exe", root));
        assertFalse(ScmNames.isDefault("C:\\WindowsApps\\x.exe", root), "a sibling directory is not the system dir");
        assertEquals(List.of("RpcSs", "Tcpip"), ScmNames.dependencies(List.of("RpcSs", "+NetworkProvider", "Tcpip")));
    }

    private static ServiceRecord svc(String name, String state, String start) {
        return new ServiceRecord(name, name + " display", start, "Win32OwnProcess", state, null,
                "C:\\Windows\\system32\\" + name + ".exe", List.of(), state.equals("Running") ? 812 : 0, true, 0);
    }

    @Test
    void itemShapeFollows77() {
        JsonObject o = svc("Spooler", "Stopped", "Manual").toJson();
        for (String k : List.of("name", "display_name", "start_type", "service_type", "state", "exe_path",
                "dependencies", "pid", "is_default")) {
            assertTrue(o.fields().containsKey(k), k);
        }
        assertTrue(o.fields().get("pid") instanceof org.infinibay.infiniservice.domain.json.JsonNull, "pid 0 is null");
        assertTrue(o.string("start_type").isPresent() && o.string("state").isPresent(), "names, not integers");
        assertEquals(812, svc("W", "Running", "Automatic").toJson().integer("pid").orElse(-1));
    }

    @Test
    void fullOnFirstAndForcedThenOnChangeOrEveryTenMinutes() {
        List<ServiceRecord> now = new ArrayList<>(List.of(svc("A", "Running", "Automatic"), svc("B", "Stopped", "Manual")));
        AtomicLong t = new AtomicLong(0);
        WindowsServiceInventory inv = new WindowsServiceInventory(() -> List.copyOf(now), t::get);
        JsonArray first = inv.services(false);
        assertEquals(2, first.items().size());
        t.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertNull(inv.services(false), "nothing changed: left out");
        assertEquals(2, inv.services(true).items().size(), "forced after attach");
        t.addAndGet(TimeUnit.SECONDS.toNanos(60));
        now.set(1, svc("B", "Running", "Manual"));
        assertEquals(2, inv.services(false).items().size(), "a state change sends the list");
        t.addAndGet(TimeUnit.SECONDS.toNanos(60));
        now.set(0, svc("A", "Running", "Disabled"));
        assertEquals(2, inv.services(false).items().size(), "a start_type change sends the list");
        t.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertNull(inv.services(false));
        t.addAndGet(TimeUnit.MINUTES.toNanos(10));
        assertEquals(2, inv.services(false).items().size(), "every 10 minutes");
    }
}
