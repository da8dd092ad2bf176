package org.infinibay.infiniservice.application.service.actions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.os.AntivirusInspector;
import org.infinibay.infiniservice.application.port.out.os.AntivirusStatus;
import org.infinibay.infiniservice.application.port.out.os.AvailableUpdate;
import org.infinibay.infiniservice.application.port.out.os.InstalledApplication;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PendingUpdate;
import org.infinibay.infiniservice.application.port.out.os.RemediationStep;
import org.infinibay.infiniservice.application.port.out.os.ScanOutcome;
import org.infinibay.infiniservice.application.port.out.os.ScriptHost;
import org.infinibay.infiniservice.application.port.out.os.ThreatRecord;
import org.infinibay.infiniservice.application.port.out.os.UpdateAgent;
import org.infinibay.infiniservice.application.port.out.os.UpdateRecord;
import org.infinibay.infiniservice.application.port.out.os.UpdateScan;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The §8.5 data shapes of the handlers that exist with an optional port (an update agent, an antivirus,
 * a script host, an application inventory beside an update agent). The ports stand in for Windows (which
 * cannot run here) with the names the Windows adapters give (WindowsPortNamesTest checks those);
 * ExecutePowerShellScript writes and deletes a real file.
 */
class OptionalPortHandlersTest {
    private static final long NOW = 1_700_000_000_000L;
    private static final AgentClock CLOCK = new AgentClock() {
        @Override
        public long nowMillis() {
            return NOW;
        }

        @Override
        public long monotonicNanos() {
            return System.nanoTime();
        }
    };

    @TempDir
    Path tmp;

    private static ActionRequest request(String action, JsonObject params) {
        JsonObject ct = JsonObject.builder().put("action", action).putAll(params).build();
        return new ActionRequest("id-1", action, new ActionParameters(ct, null),
                new Deadline(System.nanoTime() + TimeUnit.SECONDS.toNanos(60), 60), null);
    }

    private static void keys(JsonObject o, String... keys) {
        for (String k : keys) {
            assertTrue(o.fields().containsKey(k), "missing " + k + " in " + o.fields().keySet());
        }
    }

    private static final UpdateAgent UPDATES = new UpdateAgent() {
        @Override
        public String name() {
            return "windows_update";
        }

        @Override
        public String displayName() {
            return "Windows Update";
        }

        @Override
        public UpdateScan scan(Deadline d) {
            return new UpdateScan(List.of(
                    new AvailableUpdate("KB5031234 Cumulative Update", List.of("5031234"), "Critical", false, "…",
                            327_680_000L, List.of("Security Updates")),
                    new AvailableUpdate("Driver", List.of(), null, false, null, null, List.of("Drivers")),
                    new AvailableUpdate("Servicing stack", List.of("1"), null, true, "", 1L, List.of("Updates"))),
                    false, true, NOW - 1000, null, "1.0");
        }

        @Override
        public List<UpdateRecord> history(long since, Deadline d) {
            return List.of(new UpdateRecord("Old", null, since - 1, "Succeeded", 2, ""),
                    new UpdateRecord("KB1 update", "KB1", NOW - 5000, "Failed", 4, "Installation"));
        }

        @Override
        public List<RemediationStep> repair(Deadline d) {
            return List.of(new RemediationStep("restart_wuauserv", true, "ok"),
                    new RemediationStep("trigger_scan", false, "0x80240438"));
        }
    };

    @Test
    void updateStatusHasEveryKey() throws Exception {
        ActionResult r = new UpdateAgentActions(UPDATES, CLOCK).execute(request("CheckWindowsUpdates", JsonObject.EMPTY));
        assertTrue(r.success());
        JsonObject d = (JsonObject) r.data();
        keys(d, "pending_updates", "pending_count", "total_pending_count", "critical_count", "security_count",
                "security_updates_count", "reboot_required", "reboot_required_since", "pending_reboot_updates",
                "automatic_updates_enabled", "last_check", "last_check_date", "last_install", "package_manager", "distro",
                "update_agent_version");
        assertEquals(3, d.integer("pending_count").orElse(-1));
        assertEquals(2, d.integer("critical_count").orElse(-1), "MSRC Critical + mandatory");
        assertEquals(1, d.integer("security_count").orElse(-1));
        assertEquals("windows_update", d.string("package_manager").orElseThrow());
        JsonObject first = (JsonObject) d.array("pending_updates").orElseThrow().items().get(0);
        keys(first, "title", "kb_article", "kb_article_ids", "severity", "importance", "description", "size_mb",
                "size_bytes", "is_security_update", "categories", "package_name", "current_version", "available_version",
                "repository", "is_security", "architecture");
        assertEquals("KB5031234", first.string("kb_article").orElseThrow());
        assertEquals(312.5, ((org.infinibay.infiniservice.domain.json.JsonFloat) first.get("size_mb").orElseThrow()).value());
        JsonObject driver = (JsonObject) d.array("pending_updates").orElseThrow().items().get(1);
        assertEquals("Optional", driver.string("severity").orElseThrow());
        assertEquals("Critical", ((JsonObject) d.array("pending_updates").orElseThrow().items().get(2))
                .string("severity").orElseThrow(), "mandatory ⇒ Critical");
        // GetPendingUpdates is the same object
        assertEquals(d, new UpdateAgentActions(UPDATES, CLOCK).execute(request("GetPendingUpdates", JsonObject.EMPTY))
                .data());
    }

    @Test
    void historyAndAutoFix() throws Exception {
        UpdateAgentActions a = new UpdateAgentActions(UPDATES, CLOCK);
        JsonObject h = (JsonObject) a.execute(request("GetUpdateHistory", JsonObject.EMPTY)).data();
        assertEquals(1, h.integer("count").orElse(-1), "older than 30 days dropped");
        JsonObject e = (JsonObject) h.array("updates").orElseThrow().items().get(0);
        keys(e, "title", "kb_article", "install_date", "status", "result_code", "description");
        assertEquals("Failed", e.string("status").orElseThrow());
        ActionResult fix = a.execute(request("AutoFixWindowsUpdates", JsonObject.EMPTY));
        assertFalse(fix.success());
        keys((JsonObject) fix.data(), "actions", "succeeded", "failed");
        assertEquals(1, ((JsonObject) fix.data()).integer("failed").orElse(-1));
    }

    private static AntivirusInspector defender(boolean scanTimesOut) {
        return new AntivirusInspector() {
            @Override
            public String productName() {
                return "Defender";
            }

            @Override
            public String healthCheckName() {
                return "windows_defender";
            }

            @Override
            public AntivirusStatus status(Deadline d) {
                return new AntivirusStatus(true, true, true, true, "1.401.0.0", "1.1.23000.0", NOW - 9 * 86_400_000L,
                        null, NOW - 3_600_000L, null);
            }

            @Override
            public List<ThreatRecord> threats(Deadline d) {
                return List.of(new ThreatRecord("2147519003", "Virus:DOS/EICAR_Test_File", 5, "Quarantined", NOW - 10),
                        new ThreatRecord("7", "x", 1, "Allowed", null));
            }

            @Override
            public ScanOutcome quickScan(Deadline d) throws OsOperationException {
                if (scanTimesOut) {
                    throw new OsOperationException(124, "timed out after 1 s", "", "");
                }
                return new ScanOutcome("Completed", 0, 0, NOW - 84_200, NOW);
            }

            @Override
            public List<RemediationStep> repair(Deadline d) {
                return List.of(new RemediationStep("enable_realtime_protection", true, "True"));
            }
        };
    }

    @Test
    void defenderShapes() throws Exception {
        AntivirusActions a = new AntivirusActions(defender(false), CLOCK);
        JsonObject s = (JsonObject) a.execute(request("CheckWindowsDefender", JsonObject.EMPTY)).data();
        keys(s, "enabled", "antivirus_enabled", "antispyware_enabled", "real_time_protection", "signature_version",
                "antivirus_signature_version", "engine_version", "signature_last_updated", "last_signature_update",
                "last_definition_update", "signature_age_days", "definitions_outdated", "last_quick_scan",
                "last_full_scan", "threats_detected", "threats_quarantined", "scan_history", "recent_threats");
        assertEquals(9, s.integer("signature_age_days").orElse(-1));
        assertTrue(s.bool("definitions_outdated").orElseThrow(), "9 days > 7");
        assertEquals(2, s.integer("threats_detected").orElse(-1));
        assertEquals(1, s.integer("threats_quarantined").orElse(-1));
        keys((JsonObject) s.array("recent_threats").orElseThrow().items().get(0), "threat_id", "threat_name",
                "severity_id", "status", "detected_at", "detection_time");
        keys((JsonObject) s.array("scan_history").orElseThrow().items().get(0), "scan_type", "started_at", "threats_found");

        ActionResult scan = a.execute(request("RunDefenderQuickScan", JsonObject.EMPTY));
        assertTrue(scan.success());
        JsonObject sd = (JsonObject) scan.data();
        keys(sd, "scan_type", "status", "threats_found", "files_scanned", "scan_duration", "scan_duration_ms",
                "started_at", "completed_at");
        assertEquals(84_200, sd.integer("scan_duration_ms").orElse(-1));

        ActionResult late = new AntivirusActions(defender(true), CLOCK).execute(request("RunDefenderQuickScan",
                JsonObject.EMPTY));
        assertEquals(124, late.exitCode());
        assertEquals("Running", ((JsonObject) late.data()).string("status").orElseThrow());

        JsonObject th = (JsonObject) a.execute(request("GetThreatHistory", JsonObject.EMPTY)).data();
        assertEquals(2, th.integer("count").orElse(-1));
        assertEquals("warning", a.healthCheck().run(request("x", JsonObject.EMPTY).deadline()).status(),
                "outdated signatures ⇒ warning");
    }

    @Test
    void applicationsShapesAndStoreLines() throws Exception {
        org.infinibay.infiniservice.application.port.out.os.ApplicationInventory inv =
                new org.infinibay.infiniservice.application.port.out.os.ApplicationInventory() {
                    @Override
                    public List<InstalledApplication> applications(Deadline d) {
                        return List.of(new InstalledApplication("Git", "2.44.0", "The Git Development Community",
                                "2024-03-01", "C:\\Program Files\\Git\\", 300L * 1048576, "Registry",
                                "HKLM\\...\\Git_is1"), new InstalledApplication("Microsoft.WindowsCalculator", "11.2",
                                "Microsoft Corporation", null, null, null, "Store",
                                "Microsoft.WindowsCalculator_11.2_x64__8wekyb3d8bbwe"));
                    }

                    @Override
                    public String storeSource() {
                        return "msstore";
                    }

                    @Override
                    public String storeName() {
                        return "Microsoft Store";
                    }
                };
        FakePackages pk = new FakePackages(List.of(new PendingUpdate("Git", "2.44.0", "2.45.1", "winget", null, false, null),
                new PendingUpdate("Windows Calculator", "11.2", "11.3", "msstore", null, false, null)));
        ApplicationInventoryActions a = new ApplicationInventoryActions(inv, pk, UPDATES, CLOCK);
        ActionResult up = a.execute(request("CheckApplicationUpdates", JsonObject.EMPTY));
        assertTrue(up.success());
        assertTrue(up.stdout().contains("Windows Update: 3\n"), up.stdout());
        assertTrue(up.stdout().contains("Microsoft Store: 1\n"), up.stdout());
        JsonObject git = (JsonObject) ((JsonObject) up.data()).array("applications").orElseThrow().items().get(0);
        keys(git, "name", "application_name", "app_name", "version", "current_version", "available_version",
                "new_version", "update_available", "can_update", "update_type", "install_type", "update_source",
                "release_date", "download_url", "size_mb", "update_size_bytes", "vendor", "install_date",
                "install_location", "registry_key", "is_security_update", "last_update_check");
        assertEquals("2.45.1", git.string("update_available").orElseThrow());
        assertEquals("Registry", git.string("install_type").orElseThrow());
        assertEquals("The Git Development Community", git.string("vendor").orElseThrow());
        keys(((JsonObject) up.data()).object("summary").orElseThrow(), "total_updates", "security_updates", "sources",
                "last_check");

        JsonObject list = (JsonObject) a.execute(request("GetInstalledApplicationsWMI", JsonObject.EMPTY)).data();
        keys(list, "applications", "total_count", "last_scan", "scan_duration_ms");
        JsonObject first = (JsonObject) list.array("applications").orElseThrow().items().get(0);
        keys(first, "name", "version", "publisher", "vendor", "install_date", "install_location", "size_mb",
                "install_type", "registry_key", "can_update");
        assertTrue(first.bool("can_update").orElseThrow(), "known from the last winget check");

        ActionResult none = a.execute(request("GetApplicationDetails", JsonObject.builder().put("app_id", "Nope").build()));
        assertEquals("application not found", none.error());
        assertEquals(2, a.execute(request("GetApplicationDetails", JsonObject.EMPTY)).exitCode());
    }

    /** Only pendingUpdates is used by these handlers. */
    private static final class FakePackages implements org.infinibay.infiniservice.application.port.out.os.PackageManager {
        private final List<PendingUpdate> pending;

        FakePackages(List<PendingUpdate> pending) {
            this.pending = pending;
        }

        public String name() {
            return "winget";
        }

        public org.infinibay.infiniservice.domain.command.ParameterRule nameRule() {
            return new org.infinibay.infiniservice.domain.command.ParameterRule("PACKAGE", "[A-Za-z0-9._+: -]+", 256);
        }

        public List<org.infinibay.infiniservice.application.port.out.os.PackageInfo> installed(Deadline d) {
            return List.of();
        }

        public List<org.infinibay.infiniservice.application.port.out.os.PackageInfo> search(String q, Deadline d) {
            return List.of();
        }

        public org.infinibay.infiniservice.application.port.out.os.PackageChange install(String p, Deadline d) {
            throw new UnsupportedOperationException();
        }

        public org.infinibay.infiniservice.application.port.out.os.PackageChange remove(String p, Deadline d) {
            throw new UnsupportedOperationException();
        }

        public org.infinibay.infiniservice.application.port.out.os.PackageChange update(String p, Deadline d) {
            throw new UnsupportedOperationException();
        }

        public org.infinibay.infiniservice.application.port.out.os.PackageChange upgradeAll(Deadline d) {
            throw new UnsupportedOperationException();
        }

        public List<PendingUpdate> pendingUpdates(Deadline d) {
            return pending;
        }

        public List<org.infinibay.infiniservice.application.port.out.os.UpdateHistoryEntry> history(long s, Deadline d) {
            return List.of();
        }

        public org.infinibay.infiniservice.application.port.out.os.CommandOutput cleanCache(Deadline d) {
            return null;
        }

        public boolean rebootRequired(Deadline d) {
            return false;
        }
    }

    /** A script host over a real directory; the interpreter is a name only (the runner records the argv). */
    private final class DirHost implements ScriptHost {
        final List<String> written = new ArrayList<>();

        public String language() {
            return "PowerShell";
        }

        public Optional<String> interpreter() {
            return Optional.of("C:\\Program Files\\PowerShell\\7\\pwsh.exe");
        }

        /** The argv the Windows script host builds (WindowsPortNamesTest checks the real one). */
        public List<String> command(String interpreter, String file) {
            return List.of(interpreter, "-NoProfile", "-NonInteractive", "-ExecutionPolicy", "Bypass", "-File", file);
        }

        public String writePrivateScript(String script) throws IOException {
            Path f = Files.writeString(tmp.resolve("s" + written.size() + ".ps1"), script, StandardCharsets.UTF_8);
            written.add(f.toString());
            return f.toString();
        }

        public void delete(String path) {
            try {
                Files.deleteIfExists(Path.of(path));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        public boolean isDirectory(String path) {
            return Files.isDirectory(Path.of(path));
        }

        public boolean isFile(String path) {
            return Files.isRegularFile(Path.of(path));
        }
    }

    @Test
    void powerShellScriptRunsAsAFileThenDeletesIt() throws Exception {
        DirHost host = new DirHost();
        List<ExecRequest> seen = new ArrayList<>();
        List<Boolean> existedDuringRun = new ArrayList<>();
        ScriptHostAction a = new ScriptHostAction(host, req -> {
            seen.add(req);
            existedDuringRun.add(Files.exists(Path.of(req.command().get(req.command().size() - 1))));
            return new ExecResult(3, "out", "err", false, true, false, false, 5);
        }, CLOCK);
        String secretScript = "Write-Output $env:TOKEN; $x = 'p@ss'";
        ActionResult r = a.execute(request("ExecutePowerShellScript", JsonObject.builder().put("script", secretScript)
                .put("script_type", "INLINE").put("timeout_seconds", 0).put("working_directory", tmp.toString())
                .put("environment_vars", JsonObject.builder().put("TOKEN", "v").build()).build()));
        ExecRequest req = seen.get(0);
        assertEquals(List.of("C:\\Program Files\\PowerShell\\7\\pwsh.exe", "-NoProfile", "-NonInteractive",
                "-ExecutionPolicy", "Bypass", "-File", host.written.get(0)), req.command());
        assertTrue(existedDuringRun.get(0));
        assertFalse(Files.exists(Path.of(host.written.get(0))), "deleted afterwards");
        assertFalse(String.join(" ", req.command()).contains("p@ss"), "script text never in argv");
        assertEquals("v", req.extraEnvironment().get("TOKEN"));
        assertEquals(tmp.toString(), req.workingDirectory());
        assertEquals(60, req.deadline().seconds(), "0 ⇒ 600, capped by the (60 s) wire deadline");
        assertFalse(r.success());
        assertEquals(3, r.exitCode());
        JsonObject d = (JsonObject) r.data();
        keys(d, "exit_code", "timed_out", "stdout_truncated", "stderr_truncated");
        assertTrue(d.bool("stderr_truncated").orElseThrow());
    }

    @Test
    void powerShellScriptValidation() throws Exception {
        ScriptHostAction a = new ScriptHostAction(new DirHost(), req -> {
            throw new AssertionError("must not run");
        }, CLOCK);
        assertEquals(2, a.execute(request("ExecutePowerShellScript", JsonObject.EMPTY)).exitCode());
        assertEquals(2, a.execute(request("ExecutePowerShellScript", JsonObject.builder().put("script", "x")
                .put("environment_vars", JsonObject.builder().put("A=B", "v").build()).build())).exitCode());
        assertEquals(2, a.execute(request("ExecutePowerShellScript", JsonObject.builder().put("script", "x")
                .put("working_directory", tmp.resolve("absent").toString()).build())).exitCode());
        assertEquals(2, a.execute(request("ExecutePowerShellScript", JsonObject.builder().put("script", "x")
                .put("script_type", "bash").build())).exitCode());
        assertEquals(2, a.execute(request("ExecutePowerShellScript", JsonObject.builder().put("script", "C:\\no.ps1")
                .put("script_type", "file").build())).exitCode());
        ScriptHostAction.Plan p = ScriptHostAction.plan(new ActionParameters(JsonObject.builder()
                .put("script", "x").put("timeout_seconds", 30).build(), null));
        assertEquals(30, p.timeoutSeconds());
        assertFalse(p.toString().contains("x\""), "the plan never prints the script");
        Deadline wire = new Deadline(TimeUnit.SECONDS.toNanos(598), 598);
        assertEquals(30, ScriptHostAction.deadline(wire, 30, 0).seconds());
        assertEquals(598, ScriptHostAction.deadline(wire, 600, 0).seconds());
    }
}
