package org.infinibay.infiniservice.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.infinibay.infiniservice.bootstrap.hostsim.HostSimulator;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Every action of CONTRACT §8.4 in exactly the host's wire form, through the real agent: one
 * response with the same id before the host's timeout, and the data shapes the host reads (§13 items
 * 24-27, 38, 41-45, 47, 48, 51, 53). Actions that would change this machine for real (reboot, golden
 * image, full upgrade, cleanup of the real /tmp) are covered by the adapter tests on temporary trees.
 */
class ActionsWireFormIT extends AgentHarness {

    /** command_type bodies (beside "action") exactly as the host formats them, and their host timeouts. */
    private static final Map<String, String[]> WIRE = new LinkedHashMap<>();

    static {
        String[] none = {"", "30"};
        for (String a : new String[] {"ServiceList", "PackageList", "SystemInfo", "OsInfo", "UserList",
                "CheckWindowsUpdates", "CheckLinuxUpdates", "GetPendingUpdates", "GetUpdateHistory",
                "CheckWindowsDefender", "GetDefenderStatus", "RunDefenderQuickScan", "GetThreatHistory",
                "CheckFirewallStatus", "GetLinuxFirewallStatus", "CheckSecurityModules", "GetInstalledApplicationsWMI",
                "CheckApplicationUpdates", "GetApplicationDetails", "CheckDiskSpace", "CheckResourceOptimization",
                "RunHealthCheck", "RunAllHealthChecks", "AutoFixWindowsUpdates", "AutoFixDefender",
                "CheckSystemIntegrity"}) {
            WIRE.put(a, none);
        }
        WIRE.put("ServiceControl", new String[] {",\"params\":{\"service\":\"a;b\",\"operation\":\"restart\"}", "30"});
        WIRE.put("PackageSearch", new String[] {",\"query\":\"\"", "15"});
        WIRE.put("PackageInstall", new String[] {",\"package\":\"-o evil\"", "120"});
        WIRE.put("PackageRemove", new String[] {",\"package\":\"\"", "60"});
        WIRE.put("PackageUpdate", new String[] {",\"package\":\"\"", "120"});
        WIRE.put("ProcessList", new String[] {",\"limit\":null", "30"});
        WIRE.put("ProcessTop", new String[] {",\"limit\":null,\"sort_by\":null", "30"});
        WIRE.put("ProcessKill", new String[] {",\"pid\":1,\"force\":null", "30"});
        WIRE.put("ValidateSystemHealth", new String[] {"", "120"});
        WIRE.put("RestartServices", new String[] {"", "30"});
        WIRE.put("ExecutePowerShellScript", new String[] {",\"script\":\"Get-Date\",\"script_type\":\"inline\","
                + "\"run_as_admin\":false", "120"});
        WIRE.put("JoinDomain", new String[] {",\"domain\":\"corp.example.com\",\"username\":\"admin\","
                + "\"password\":\"\",\"restart_after\":false", "300"});
    }

    @Test
    void everyActionAnswersOnceInTheHostWireForm() throws Exception {
        startAgent();
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(10));
        Map<String, JsonObject> responses = new LinkedHashMap<>();
        for (Map.Entry<String, String[]> e : WIRE.entrySet()) {
            String id = UUID.randomUUID().toString();
            int timeout = Integer.parseInt(e.getValue()[1]);
            h.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + id + "\",\"command_type\":{\"action\":\""
                    + e.getKey() + "\"" + e.getValue()[0] + "},\"params\":null,\"timeout\":" + timeout + "}");
            JsonObject r = h.awaitResponse(id, Duration.ofSeconds(timeout)).json();
            CommandsIT.assertResponseShape(r);
            assertEquals(e.getKey(), r.string("command_type").orElseThrow());
            if (r.bool("success").orElseThrow()) {
                assertFalse(r.fields().get("data").isNull(), e.getKey() + ": success with data:null");
            }
            responses.put(e.getKey(), r);
        }
        for (String windowsOnly : new String[] {"CheckWindowsUpdates", "GetPendingUpdates", "CheckWindowsDefender",
                "GetDefenderStatus", "RunDefenderQuickScan", "GetThreatHistory", "AutoFixDefender",
                "AutoFixWindowsUpdates", "ExecutePowerShellScript"}) {
            JsonObject r = responses.get(windowsOnly);
            assertEquals(126, r.integer("exit_code").getAsLong(), windowsOnly);
            assertEquals(windowsOnly + " is not supported on Linux", r.string("error").orElseThrow());
            JsonObject data = r.object("data").orElseThrow();
            assertEquals(false, data.bool("supported").orElseThrow());
            assertEquals("linux", data.string("platform").orElseThrow());
        }
        for (String invalid : new String[] {"ServiceControl", "PackageSearch", "PackageInstall", "PackageRemove",
                "PackageUpdate", "GetApplicationDetails", "RestartServices", "JoinDomain"}) {
            assertEquals(2, responses.get(invalid).integer("exit_code").getAsLong(), invalid + " refuses bad input");
        }
        assertEquals(1, responses.get("ProcessKill").integer("exit_code").getAsLong(), "pid 1 is refused");
        assertInstanceOf(JsonObject.class, responses.get("ProcessKill").get("data").orElseThrow());

        JsonObject packages = responses.get("PackageList").object("data").orElseThrow();
        JsonObject pkg = (JsonObject) packages.array("packages").orElseThrow().items().get(0);
        for (String k : new String[] {"name", "Name", "version", "Version", "installed", "Installed"}) {
            assertTrue(pkg.has(k), "PackageList item has " + k);
        }
        Json processes = responses.get("ProcessList").get("data").orElseThrow();
        JsonObject proc = (JsonObject) ((JsonArray) processes).items().get(0);
        assertTrue(proc.has("cpu_usage") && proc.has("cpu_percent"));
        JsonObject disk = responses.get("CheckDiskSpace").object("data").orElseThrow();
        assertTrue(disk.has("drives") && disk.has("disks") && !disk.has("check_name"));
        JsonObject drive = (JsonObject) disk.array("drives").orElseThrow().items().get(0);
        assertTrue(drive.has("drive_letter") && drive.has("used_percent"));
        JsonObject all = responses.get("RunAllHealthChecks").object("data").orElseThrow();
        assertTrue(all.has("overall_health") && all.has("checks"));
        all.fields().values().forEach(v -> assertFalse(v.isNull(), "no null values in RunAllHealthChecks"));
        JsonObject one = responses.get("RunHealthCheck").object("data").orElseThrow();
        assertTrue(one.has("status") && one.has("message") && one.has("details"));
        JsonObject updates = responses.get("CheckLinuxUpdates").object("data").orElseThrow();
        assertTrue(updates.has("pending_count") && updates.has("reboot_required")
                && updates.has("automatic_updates_enabled"));
        assertTrue(responses.get("UserList").object("data").orElseThrow().has("users"));
        // §8.5.7: answered on Linux too (the host stores data as the VM's application list), Windows' shape
        JsonObject inventory = responses.get("GetInstalledApplicationsWMI").object("data").orElseThrow();
        assertTrue(responses.get("GetInstalledApplicationsWMI").bool("success").orElseThrow());
        assertFalse(inventory.has("supported"), "never supported:false on Linux");
        for (String k : new String[] {"applications", "total_count", "last_scan", "scan_duration_ms"}) {
            assertTrue(inventory.has(k), "GetInstalledApplicationsWMI data has " + k);
        }
        for (Json app : inventory.array("applications").orElseThrow().items()) {
            JsonObject a = (JsonObject) app;
            assertEquals(java.util.List.of("name", "version", "publisher", "vendor", "install_date", "install_location",
                    "size_mb", "install_type", "registry_key", "can_update"), new java.util.ArrayList<>(a.fields().keySet()));
            assertEquals("Package", a.string("install_type").orElseThrow());
        }
        // SystemInfo also causes an immediate metrics line (§6.5)
        assertTrue(h.received().stream().anyMatch(r -> "metrics".equals(r.type())
                && r.receivedAtMs() >= responseTime(h, "SystemInfo")), "metrics after SystemInfo");
    }

    private static long responseTime(HostSimulator h, String action) {
        return h.received().stream().filter(r -> "response".equals(r.type())
                && action.equals(r.json().string("command_type").orElse(null))).findFirst().orElseThrow().receivedAtMs();
    }

    @Test
    void serviceControlAcceptsNestedFlattenedAndTopLevelParams() throws Exception {
        startAgent();
        HostSimulator h = host();
        h.awaitConnection(1, Duration.ofSeconds(20));
        h.awaitType("request_pending_scripts", Duration.ofSeconds(10));
        String[] forms = {
            "{\"action\":\"ServiceControl\",\"params\":{\"service\":\"ssh\",\"operation\":\"status\"}},\"params\":null",
            "{\"action\":\"ServiceControl\",\"service\":\"ssh\",\"operation\":\"status\"},\"params\":null",
            "{\"action\":\"ServiceControl\"},\"params\":{\"service\":\"ssh\",\"operation\":\"STATUS\"}",
        };
        for (String form : forms) {
            String id = UUID.randomUUID().toString();
            h.sendSigned("{\"type\":\"SafeCommand\",\"id\":\"" + id + "\",\"command_type\":" + form + ",\"timeout\":30}");
            JsonObject r = h.awaitResponse(id, Duration.ofSeconds(30)).json();
            // systemd is not PID 1 here: the parameters were found and accepted, the service manager is absent
            assertEquals(126, r.integer("exit_code").getAsLong(), form + " -> " + r);
        }
    }
}
