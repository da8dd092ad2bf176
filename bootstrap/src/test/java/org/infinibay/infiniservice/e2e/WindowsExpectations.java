package org.infinibay.infiniservice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.it.AgentProcess;

/**
 * The Windows side of the scenario. ServiceList/ServiceControl act on a throwaway service the test
 * creates with {@code sc.exe} and deletes afterwards: a second copy of the agent itself (a real
 * service program that answers the SCM), with its own state directory and a device that does not
 * exist, started on demand only. Needs an elevated prompt (GitHub's Windows runners are).
 */
final class WindowsExpectations implements PlatformExpectations {
    private final String service = "InfiniServiceE2E" + UUID.randomUUID().toString().substring(0, 8);
    private final Path work;
    private boolean created;

    WindowsExpectations(Path work) {
        this.work = work;
    }

    @Override
    public String platform() {
        return "windows";
    }

    @Override
    public void checkMetrics(JsonObject data) {
        JsonArray services = data.array("windows_services").orElseThrow(
                () -> new AssertionError("the attach metrics carry the full windows_services list (§7.7)"));
        assertFalse(services.items().isEmpty(), "a Windows machine has services");
        boolean eventLog = false;
        for (Json item : services.items()) {
            JsonObject s = (JsonObject) item;
            for (String k : new String[] {"name", "display_name", "state", "start_type"}) {
                assertTrue(s.has(k), "windows_services item has " + k + ": " + s);
            }
            eventLog |= "EventLog".equalsIgnoreCase(s.string("name").orElse(""));
        }
        assertTrue(eventLog, "the EventLog service is listed");
    }

    @Override
    public Process startKillable() throws IOException {
        String root = System.getenv().getOrDefault("SystemRoot", "C:\\Windows");
        return new ProcessBuilder(root + "\\System32\\PING.EXE", "-n", "600", "127.0.0.1")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Override
    public List<String> endlessTree() {
        // an unsafe PowerShell command: a grandchild (ping) and a child that never ends; the Job object
        // must take both down at the deadline
        return List.of("powershell",
                "Start-Process -NoNewWindow -FilePath ping.exe -ArgumentList '-n','300','127.0.0.1'; Start-Sleep 300");
    }

    @Override
    public void serviceSteps(Steps steps) throws Exception {
        createThrowawayService();
        JsonObject list = steps.safe("ServiceList", "", 30);
        assertEquals(true, list.bool("success").orElseThrow(), list.toString());
        JsonObject mine = null;
        for (Json item : list.object("data").orElseThrow().array("services").orElseThrow().items()) {
            JsonObject s = (JsonObject) item;
            if (service.equalsIgnoreCase(s.string("name").orElse(""))) {
                mine = s;
            }
        }
        assertNotNull(mine, "ServiceList lists the throwaway service " + service);
        assertEquals("Stopped", mine.string("state").orElseThrow());
        assertEquals("Manual", mine.string("start_type").orElseThrow());

        JsonObject start = control(steps, "start");
        assertEquals("Running", start.object("data").orElseThrow().string("state").orElseThrow(), start.toString());
        assertTrue(scQuery().contains("RUNNING"), "the SCM agrees: " + scQuery());
        JsonObject stop = control(steps, "stop");
        assertEquals("Stopped", stop.object("data").orElseThrow().string("state").orElseThrow(), stop.toString());
        assertTrue(scQuery().contains("STOPPED"), "the SCM agrees: " + scQuery());
        JsonObject status = control(steps, "status");
        assertEquals(0, status.integer("exit_code").getAsLong(), status.toString());
    }

    private JsonObject control(Steps steps, String operation) throws Exception {
        JsonObject r = steps.safe("ServiceControl",
                ",\"params\":{\"service\":\"" + service + "\",\"operation\":\"" + operation + "\"}", 60);
        assertEquals(true, r.bool("success").orElseThrow(), operation + ": " + r);
        return r;
    }

    /** {@code sc.exe create} a demand-start service running this build's agent, with a private environment. */
    private void createThrowawayService() throws Exception {
        List<String> java = AgentProcess.javaCommand(List.of("run"));
        StringBuilder binPath = new StringBuilder();
        for (String a : java) {
            binPath.append(binPath.length() == 0 ? "" : " ").append(a.contains(" ") ? "\"" + a + "\"" : a);
        }
        sc("create", service, "binPath=", binPath.toString(), "start=", "demand",
                "DisplayName=", "InfiniService e2e throwaway");
        created = true;
        Path state = work.resolve("throwaway-state");
        Files.createDirectories(state);
        run(List.of("reg.exe", "add", "HKLM\\SYSTEM\\CurrentControlSet\\Services\\" + service, "/v", "Environment",
                "/t", "REG_MULTI_SZ", "/d", "INFINISERVICE_STATE_DIR=" + state + "\\0INFINISERVICE_DEVICE=\\\\.\\pipe\\"
                        + service + "-absent", "/f"));
    }

    private String scQuery() throws Exception {
        return run(List.of("sc.exe", "query", service));
    }

    private void sc(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sc.exe"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private static String run(List<String> cmd) throws Exception {
        return run(cmd, true);
    }

    private static String run(List<String> cmd, boolean check) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd) + " hung");
        if (check && p.exitValue() != 0 && !cmd.get(1).equals("query")) {
            throw new AssertionError(String.join(" ", cmd) + " failed (" + p.exitValue() + "): " + out);
        }
        return out;
    }

    @Override
    public void powerShellStep(Steps steps) throws Exception {
        JsonObject r = steps.safe("ExecutePowerShellScript",
                ",\"script\":\"Write-Output ('e2e-' + (40 + 2)); $PSVersionTable.PSVersion.Major\","
                        + "\"script_type\":\"inline\",\"run_as_admin\":false,\"timeout_seconds\":60", 120);
        assertEquals(true, r.bool("success").orElseThrow(), r.toString());
        assertTrue(r.string("stdout").orElseThrow().contains("e2e-42"), r.toString());
        JsonObject data = r.object("data").orElseThrow();
        assertEquals(0, data.integer("exit_code").getAsLong());
        assertEquals(false, data.bool("timed_out").orElseThrow());
    }

    @Override
    public void close() throws Exception {
        if (created) {
            run(List.of("sc.exe", "stop", service), false); // may already be stopped
            Thread.sleep(2_000);
            run(List.of("sc.exe", "delete", service), false);
            String left = run(List.of("sc.exe", "query", service));
            assertTrue(left.toUpperCase(Locale.ROOT).contains("1060") || left.contains("DELETE"),
                    "the throwaway service is gone: " + left);
        }
    }
}
