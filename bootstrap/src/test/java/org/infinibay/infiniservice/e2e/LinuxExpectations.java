package org.infinibay.infiniservice.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.infinibay.infiniservice.domain.json.JsonObject;

/** The Linux side of the scenario: bash, systemd when it runs (else "unsupported"), no PowerShell. */
final class LinuxExpectations implements PlatformExpectations {

    @Override
    public String platform() {
        return "linux";
    }

    @Override
    public void checkMetrics(JsonObject data) {
        assertFalse(data.has("windows_services"), "windows_services is Windows only (§7.7)");
        assertTrue(data.has("processes"));
    }

    @Override
    public Process startKillable() throws IOException {
        return new ProcessBuilder("sleep", "600").start();
    }

    @Override
    public List<String> endlessTree() {
        return Arrays.asList(null, "sleep 300 & sleep 301");
    }

    @Override
    public void serviceSteps(Steps steps) throws Exception {
        boolean systemd = Files.isDirectory(Path.of("/run/systemd/system"));
        JsonObject list = steps.safe("ServiceList", "", 30);
        assertEquals(true, list.bool("success").orElseThrow(), list.toString());
        JsonObject data = list.object("data").orElseThrow();
        assertTrue(data.has("services") && data.has("count"));
        JsonObject status = steps.safe("ServiceControl", ",\"params\":{\"service\":\"ssh\",\"operation\":\"status\"}", 30);
        if (!systemd) {
            // §8.5.1: without a service manager ServiceControl answers 126 with supported:false
            assertEquals(126, status.integer("exit_code").getAsLong(), status.toString());
            assertEquals(false, status.object("data").orElseThrow().bool("supported").orElseThrow());
        } else {
            assertTrue(status.integer("exit_code").getAsLong() != 126, status.toString());
        }
    }

    @Override
    public void powerShellStep(Steps steps) throws Exception {
        JsonObject r = steps.safe("ExecutePowerShellScript",
                ",\"script\":\"Write-Output e2e\",\"script_type\":\"inline\",\"run_as_admin\":false", 60);
        assertEquals(126, r.integer("exit_code").getAsLong(), r.toString());
        assertEquals("ExecutePowerShellScript is not supported on Linux", r.string("error").orElseThrow());
    }
}
