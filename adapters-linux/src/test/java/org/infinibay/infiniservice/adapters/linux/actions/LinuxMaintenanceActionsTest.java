package org.infinibay.infiniservice.adapters.linux.actions;

import org.infinibay.infiniservice.adapters.posix.accounts.PasswdAccounts;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.service.actions.CleanupActions;
import org.infinibay.infiniservice.application.service.actions.HealthCheckActions;
import org.infinibay.infiniservice.application.service.actions.IntegrityAction;
import org.infinibay.infiniservice.application.service.actions.MaintenanceActions;
import org.infinibay.infiniservice.application.service.actions.PackageActions;
import org.infinibay.infiniservice.application.service.actions.ServiceActions;
import org.infinibay.infiniservice.application.service.actions.StandardHealthChecks;
import org.infinibay.infiniservice.application.service.actions.SystemInfoActions;
import org.infinibay.infiniservice.application.service.actions.PackageUpdateActions;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Linux actions that had no test of their own: OsInfo, PackageUpdate, CheckSystemIntegrity,
 * RunMaintenanceTask, AutoOptimizeDisk, RestartServices (without systemd here; with the real systemd in
 * tools/ci.d/35-systemd.sh). Real programs on this machine, cleanup on temp trees.
 */
class LinuxMaintenanceActionsTest {
    @TempDir
    Path tmp;

    @Test
    void osInfoIsSystemInfoPlusPackageManagersAndShell() {
        SystemInfoActions info = new SystemInfoActions(LinuxActionsTest.FACTS, new PasswdAccounts(), "1.2.3");
        JsonObject system = (JsonObject) info.execute(ActionHarness.request("SystemInfo", 30)).data();
        ActionResult os = info.execute(ActionHarness.request("OsInfo", 30));
        assertTrue(os.success(), os.error());
        JsonObject d = (JsonObject) os.data();
        Set<String> expected = new HashSet<>(system.fields().keySet());
        expected.add("available_package_managers");
        expected.add("default_shell");
        assertEquals(expected, d.fields().keySet());
        List<String> managers = strings(d.array("available_package_managers").orElseThrow());
        assertTrue(managers.contains("apt"), "this machine is Debian: " + managers);
        String shell = d.string("default_shell").orElseThrow();
        assertTrue(Programs.system().has(shell), "a shell name found on this machine (\"bash\"): " + shell);
        assertEquals(system.string("hostname"), d.string("hostname"));
    }

    /** Needs the Debian archive (skipped without it): installs {@code sl} when absent, then updates it. */
    @Test
    void packageUpdateOfAnInstalledPackageChangesNothingWhenNewest() throws Exception {
        PackageActions actions = new PackageActions(LinuxActionsTest.APT);
        ExecResult probe = ActionHarness.COMMANDS.run(ActionHarness.deadline(60), "apt-get", "-q", "--print-uris",
                "download", "sl");
        Assumptions.assumeTrue(probe.exitCode() == 0 && reachable(),
                "skipped: the Debian archive (deb.debian.org) is not reachable; PackageUpdate needs it");
        boolean wasInstalled = Files.exists(Path.of("/usr/games/sl"));
        try {
            if (!wasInstalled) {
                ActionResult in = actions.execute(ActionHarness.request("PackageInstall", 120, "package", "sl"));
                assertTrue(in.success(), in.error() + in.stderr());
            }
            ActionResult up = actions.execute(ActionHarness.request("PackageUpdate", 120, "package", "sl"));
            assertTrue(up.success(), up.error() + up.stderr());
            JsonObject d = (JsonObject) up.data();
            assertEquals("sl", d.string("package").orElseThrow());
            assertEquals("update", d.string("operation").orElseThrow());
            assertFalse(d.bool("changed").orElseThrow(), "sl from the archive is already the newest: " + up.stdout());
            assertFalse(d.bool("reboot_required").isEmpty());
            assertTrue(Files.exists(Path.of("/usr/games/sl")));

            ActionResult bad = actions.execute(ActionHarness.request("PackageUpdate", 120, "package", "-sl"));
            assertEquals(2, bad.exitCode(), "option injection refused");
        } finally {
            if (!wasInstalled) {
                actions.execute(ActionHarness.request("PackageRemove", 60, "package", "sl"));
            }
        }
    }

    /** Needs {@code debsums} (tools/setup.sh debsums): the real {@code debsums -s} over every package. */
    @Test
    void checkSystemIntegrityRunsDebsums() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/debsums")),
                "skipped: debsums is not installed (tools/setup.sh debsums)");
        ActionResult r = new IntegrityAction(new LinuxIntegrityChecker(ActionHarness.COMMANDS))
                .execute(ActionHarness.request("CheckSystemIntegrity", 600));
        JsonObject d = (JsonObject) r.data();
        assertEquals("debsums", d.string("program").orElseThrow());
        assertTrue(d.bool("program_available").orElseThrow());
        long exit = d.integer("exit_code").orElseThrow();
        boolean issues = d.bool("issues_found").orElseThrow();
        // debsums -s prints only problems: no output and exit 0 is a clean system
        assertEquals(exit != 0 || !r.stdout().isBlank(), issues, "exit " + exit + ", stdout " + r.stdout().length());
        assertTrue(r.success(), "debsums ran: success, whatever it found (" + r.error() + ")");
        assertEquals(0, r.exitCode());
    }

    @Test
    void checkSystemIntegrityWithoutDebsumsSaysSo() throws Exception {
        Commands none = new Commands(ActionHarness.ENGINE, new Programs(List.of(tmp.resolve("empty-path"))));
        Files.createDirectories(tmp.resolve("empty-path"));
        ActionResult r = new IntegrityAction(new LinuxIntegrityChecker(none))
                .execute(ActionHarness.request("CheckSystemIntegrity", 30));
        assertFalse(r.success());
        JsonObject d = (JsonObject) r.data();
        assertFalse(d.bool("program_available").orElseThrow());
    }

    private LinuxCleanupTargets tempRoot(Path root) throws Exception {
        return new LinuxCleanupTargets(ActionHarness.COMMANDS, LinuxActionsTest.APT, root, Set::of);
    }

    private static Path old(Path p) throws Exception {
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 3 * 86_400_000L));
        return p;
    }

    @Test
    void runMaintenanceTaskOnATempRoot() throws Exception {
        Path root = tmp.resolve("root");
        Path t = Files.createDirectories(root.resolve("tmp"));
        Path oldFile = old(Files.writeString(t.resolve("old.txt"), "x".repeat(4096)));
        Path fresh = Files.writeString(t.resolve("fresh.txt"), "new");
        CleanupActions cleanup = new CleanupActions(tempRoot(root));
        PackageUpdateActions updates = new PackageUpdateActions(LinuxActionsTest.APT, LinuxActionsTest.FACTS, AgentClock.SYSTEM,
                org.infinibay.infiniservice.adapters.linux.apps.LinuxApplicationInventory.standard(ActionHarness.ENGINE));
        HealthCheckActions health = new HealthCheckActions(StandardHealthChecks.all(new ProcfsSystemMetricsSource(),
                updates::updateStatus, new LinuxFirewallInspector(ActionHarness.COMMANDS),
                new SystemdServiceManager(ActionHarness.COMMANDS, tmp.resolve("no-systemd")),
                new org.infinibay.infiniservice.application.service.actions.ResourceOptimizationAction(
                        new org.infinibay.infiniservice.application.service.actions.ResourceHistory(
                                new org.infinibay.infiniservice.adapters.posix.state.FileStateStore(tmp.resolve("s"))),
                        AgentClock.SYSTEM)));
        MaintenanceActions m = new MaintenanceActions(cleanup, health, updates::updateStatus);

        ActionResult r = m.execute(ActionHarness.request("RunMaintenanceTask", 120, "task_type", "CLEANUP",
                "task_name", "nightly", "validate_before", false, "validate_after", false));
        assertTrue(r.success(), r.error());
        JsonObject d = (JsonObject) r.data();
        assertEquals("cleanup", d.string("task_type").orElseThrow());
        assertEquals("nightly", d.string("task_name").orElseThrow());
        assertEquals(1, d.integer("steps_total").orElseThrow());
        assertEquals(1, d.integer("steps_succeeded").orElseThrow());
        JsonObject step = (JsonObject) d.array("steps").orElseThrow().items().get(0);
        for (String k : List.of("step", "success", "message", "error", "data")) {
            assertTrue(step.fields().containsKey(k), k);
        }
        assertEquals(1, ((JsonObject) step.get("data").orElseThrow()).integer("files_deleted").orElseThrow());
        assertFalse(Files.exists(oldFile));
        assertTrue(Files.exists(fresh));
        assertTrue(d.fields().containsKey("validation_before"), "present, null when not asked for");
        assertTrue(d.object("validation_before").isEmpty());

        // empty task_type: every step, validated before and after
        ActionResult all = m.execute(ActionHarness.request("RunMaintenanceTask", 300, "task_type", "",
                "task_name", "", "validate_before", true, "validate_after", true));
        JsonObject a = (JsonObject) all.data();
        assertEquals(List.of("cleanup", "updates_check", "health_check"), a.array("steps").orElseThrow().items()
                .stream().map(s -> ((JsonObject) s).string("step").orElseThrow()).toList());
        assertEquals(3, a.integer("steps_total").orElseThrow());
        assertEquals(a.integer("steps_succeeded").orElseThrow() == 3, all.success(), all.error());
        assertTrue(a.object("validation_before").orElseThrow().fields().containsKey("overall_health"));
        assertTrue(a.object("validation_after").orElseThrow().fields().containsKey("overall_health"));

        assertEquals(2, m.execute(ActionHarness.request("RunMaintenanceTask", 30, "validate_before", "maybe"))
                .exitCode());
    }

    @Test
    void autoOptimizeDiskOnATempRoot() throws Exception {
        Path root = tmp.resolve("root");
        Path t = Files.createDirectories(root.resolve("var/tmp"));
        Path oldFile = old(Files.writeString(t.resolve("stale.bin"), "y".repeat(8192)));
        Path trash = Files.createDirectories(root.resolve("home/alice/.local/share/Trash/files"));
        Path deleted = Files.writeString(trash.resolve("gone.doc"), "z");
        ActionResult r = new CleanupActions(tempRoot(root)).execute(ActionHarness.request("AutoOptimizeDisk", 120));
        JsonObject d = (JsonObject) r.data();
        JsonArray actions = d.array("actions").orElseThrow();
        long ok = d.integer("succeeded").orElseThrow();
        long failed = d.integer("failed").orElseThrow();
        assertEquals(actions.size(), ok + failed);
        assertTrue(ok >= 2, r.stdout() + r.stderr());
        for (Json j : actions.items()) {
            JsonObject o = (JsonObject) j;
            assertTrue(o.string("action").orElseThrow().startsWith("cleanup_"), o.toString());
            assertNotNull(o.bool("success").orElse(null));
            assertTrue(o.string("message").isPresent());
        }
        assertFalse(Files.exists(oldFile));
        assertFalse(Files.exists(deleted));
        assertEquals(failed == 0, r.success(), r.error());
    }

    @Test
    void restartServicesValidatesAndReportsUnsupportedWithoutSystemd() throws Exception {
        ServiceActions s = new ServiceActions(new SystemdServiceManager(ActionHarness.COMMANDS, tmp.resolve("none")));
        assertEquals(2, s.execute(ActionHarness.request("RestartServices", 30)).exitCode(), "no service named");
        assertEquals(2, s.execute(ActionHarness.request("RestartServices", 30, "service_name", "-x")).exitCode());
        assertEquals(2, s.execute(ActionHarness.request("RestartServices", 30, "services", List.of("ok", "a b")))
                .exitCode());
        ActionResult r = s.execute(ActionHarness.request("RestartServices", 30, "services", List.of("cron", "ssh")));
        assertEquals(126, r.exitCode(), "systemd is not running here");
        assertFalse(((JsonObject) r.data()).bool("supported").orElseThrow());
    }

    private static List<String> strings(JsonArray a) {
        return a.items().stream().map(j -> ((JsonString) j).value()).toList();
    }

    private static boolean reachable() {
        try (var s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("deb.debian.org", 80), 5000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
