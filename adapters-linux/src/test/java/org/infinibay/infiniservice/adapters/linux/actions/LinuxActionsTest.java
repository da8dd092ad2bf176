package org.infinibay.infiniservice.adapters.linux.actions;

import org.infinibay.infiniservice.adapters.posix.accounts.PasswdAccounts;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.adapters.posix.state.FileStateStore;
import org.infinibay.infiniservice.adapters.linux.system.LinuxSystemFactsSource;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.service.actions.CleanupActions;
import org.infinibay.infiniservice.application.service.actions.DiskSpaceAction;
import org.infinibay.infiniservice.application.service.actions.FirewallActions;
import org.infinibay.infiniservice.application.service.actions.GoldenImageAction;
import org.infinibay.infiniservice.application.service.actions.HealthCheckActions;
import org.infinibay.infiniservice.application.service.actions.JoinDomainAction;
import org.infinibay.infiniservice.application.service.actions.RebootAction;
import org.infinibay.infiniservice.application.service.actions.ResourceHistory;
import org.infinibay.infiniservice.application.service.actions.ResourceOptimizationAction;
import org.infinibay.infiniservice.application.service.actions.SecurityModuleAction;
import org.infinibay.infiniservice.application.service.actions.ServiceActions;
import org.infinibay.infiniservice.application.service.actions.StandardHealthChecks;
import org.infinibay.infiniservice.application.service.actions.SystemInfoActions;
import org.infinibay.infiniservice.application.service.actions.PackageUpdateActions;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonNull;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.metrics.CpuMetrics;
import org.infinibay.infiniservice.domain.metrics.DiskIoRates;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;
import org.infinibay.infiniservice.domain.metrics.LoadAverage;
import org.infinibay.infiniservice.domain.metrics.MemoryMetrics;
import org.infinibay.infiniservice.domain.metrics.MetricsSnapshot;
import org.infinibay.infiniservice.domain.metrics.SystemMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Actions in host wire form against this machine, temp trees and recording power control. */
class LinuxActionsTest {
    static final PackageManager APT = PackageManagerSelector.select(
            PackageManagerSelector.linuxDefaults(ActionHarness.COMMANDS));
    static final LinuxSystemFactsSource FACTS = new LinuxSystemFactsSource();

    @TempDir
    Path tmp;

    @Test
    void serviceActionsValidateFirstAndReportUnsupportedWithoutSystemd() throws Exception {
        ServiceActions s = new ServiceActions(new SystemdServiceManager(ActionHarness.COMMANDS, tmp.resolve("none")));
        ActionResult list = s.execute(ActionHarness.request("ServiceList", 30));
        assertTrue(list.success());
        assertEquals(false, ((JsonObject) list.data()).bool("supported").orElseThrow());
        // nested (host form) and flattened forms are read alike; bad names are refused before anything runs
        JsonObject nested = JsonObject.builder().put("action", "ServiceControl").put("params",
                JsonObject.builder().put("service", "a;b").put("operation", "restart").build()).build();
        ActionResult bad = s.execute(ActionHarness.withCommandType("ServiceControl", nested, null, 30));
        assertEquals(2, bad.exitCode());
        assertTrue(bad.error().startsWith("invalid service:"), bad.error());
        ActionResult flat = s.execute(ActionHarness.request("ServiceControl", 30, "service", "sshd", "operation",
                "RESTART"));
        assertEquals(126, flat.exitCode());
        ActionResult top = s.execute(ActionHarness.withCommandType("ServiceControl",
                JsonObject.builder().put("action", "ServiceControl").build(),
                JsonObject.builder().put("service", "sshd").put("operation", "explode").build(), 30));
        assertEquals("invalid operation: must be one of [disable, enable, restart, start, status, stop]", top.error());
        assertEquals(2, s.execute(ActionHarness.request("RestartServices", 30)).exitCode());
    }

    @Test
    void packageListAndSearchOnThisMachine() throws Exception {
        assertEquals("apt", APT.name());
        var actions = new org.infinibay.infiniservice.application.service.actions.PackageActions(APT);
        ActionResult list = actions.execute(ActionHarness.request("PackageList", 15));
        assertTrue(list.success(), list.error());
        JsonObject first = (JsonObject) ((JsonObject) list.data()).array("packages").orElseThrow().items().get(0);
        for (String k : List.of("name", "Name", "version", "Version", "installed", "Installed")) {
            assertTrue(first.has(k), k);
        }
        ActionResult search = actions.execute(ActionHarness.request("PackageSearch", 30, "query", "sl"));
        assertTrue(search.success(), search.error());
        assertTrue(((JsonObject) search.data()).integer("count").orElseThrow() > 0);
        assertEquals(2, actions.execute(ActionHarness.request("PackageSearch", 30, "query", "")).exitCode());
        ActionResult evil = actions.execute(ActionHarness.request("PackageInstall", 120, "package", "-o evil"));
        assertEquals(2, evil.exitCode());
        assertEquals("invalid package: must not start with '-'", evil.error());
    }

    /** Needs the Debian archive: installs and removes the tiny {@code sl} package. */
    @Test
    void installAndRemoveTinyPackage() throws Exception {
        var actions = new org.infinibay.infiniservice.application.service.actions.PackageActions(APT);
        var probe = ActionHarness.COMMANDS.run(ActionHarness.deadline(60), "apt-get", "-q", "--print-uris",
                "download", "sl");
        org.junit.jupiter.api.Assumptions.assumeTrue(probe.exitCode() == 0 && reachable(),
                "skipped: the Debian archive is not reachable (network needed)");
        // the machine is shared with other runs: start from "not installed" and leave it as found
        boolean wasInstalled = Files.exists(Path.of("/usr/games/sl"));
        try {
            if (wasInstalled) {
                ActionResult first = actions.execute(ActionHarness.request("PackageRemove", 60, "package", "sl"));
                assertTrue(first.success(), first.error() + first.stderr());
                assertTrue(((JsonObject) first.data()).bool("changed").orElseThrow());
            }
            ActionResult in = actions.execute(ActionHarness.request("PackageInstall", 120, "package", "sl"));
            assertTrue(in.success(), in.error() + in.stderr());
            assertTrue(((JsonObject) in.data()).bool("changed").orElseThrow());
            assertTrue(Files.exists(Path.of("/usr/games/sl")));
            ActionResult again = actions.execute(ActionHarness.request("PackageInstall", 120, "package", "sl"));
            assertFalse(((JsonObject) again.data()).bool("changed").orElseThrow());
            ActionResult out = actions.execute(ActionHarness.request("PackageRemove", 60, "package", "sl"));
            assertTrue(out.success(), out.error());
            assertTrue(((JsonObject) out.data()).bool("changed").orElseThrow());
            assertFalse(Files.exists(Path.of("/usr/games/sl")));
            ActionResult none = actions.execute(ActionHarness.request("PackageRemove", 60, "package", "sl"));
            assertTrue(none.success(), none.error());
            assertFalse(((JsonObject) none.data()).bool("changed").orElseThrow(), "not installed: nothing to do");
        } finally {
            if (wasInstalled && !Files.exists(Path.of("/usr/games/sl"))) {
                actions.execute(ActionHarness.request("PackageInstall", 120, "package", "sl"));
            }
        }
    }

    private static boolean reachable() {
        try (var s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("deb.debian.org", 80), 5000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void checkLinuxUpdatesHasEveryKey() throws Exception {
        PackageUpdateActions u = new PackageUpdateActions(APT, FACTS, AgentClock.SYSTEM,
                org.infinibay.infiniservice.adapters.linux.apps.LinuxApplicationInventory.standard(ActionHarness.ENGINE));
        ActionResult r = u.execute(ActionHarness.request("CheckLinuxUpdates", 120));
        assertTrue(r.success(), r.error());
        JsonObject d = (JsonObject) r.data();
        for (String k : List.of("pending_updates", "pending_count", "total_pending_count", "critical_count",
                "security_count", "security_updates_count", "reboot_required", "reboot_required_since",
                "pending_reboot_updates", "automatic_updates_enabled", "last_check", "last_check_date", "last_install",
                "package_manager", "distro", "update_agent_version")) {
            assertTrue(d.fields().containsKey(k), k);
        }
        for (Json item : d.array("pending_updates").orElseThrow().items()) {
            JsonObject o = (JsonObject) item;
            assertEquals(o.string("severity"), o.string("importance"));
            assertTrue(Set.of("Important", "Optional").contains(o.string("severity").orElseThrow()));
        }
        ActionResult hist = u.execute(ActionHarness.request("GetUpdateHistory", 60));
        assertTrue(hist.success());
        ActionResult apps = u.execute(ActionHarness.request("CheckApplicationUpdates", 120));
        assertTrue(((JsonObject) apps.data()).has("applications"));
        assertEquals(2, u.execute(ActionHarness.request("GetApplicationDetails", 30)).exitCode());
        assertEquals("application not found",
                u.execute(ActionHarness.request("GetApplicationDetails", 30, "app_id", "no-such-pkg")).error());
    }

    @Test
    void diskSpaceHealthAndInfo() throws Exception {
        ProcfsSystemMetricsSource metrics = new ProcfsSystemMetricsSource();
        metrics.prime();
        ActionResult disk = new DiskSpaceAction(metrics).execute(ActionHarness.request("CheckDiskSpace", 30));
        JsonObject d = (JsonObject) disk.data();
        assertFalse(d.fields().containsKey("check_name"));
        JsonObject drive = (JsonObject) d.array("drives").orElseThrow().items().get(0);
        assertTrue(drive.has("drive_letter") && drive.has("used_percent"));
        assertTrue(((JsonObject) d.array("disks").orElseThrow().items().get(0)).has("usage_percent"));
        assertFalse(disk.stdout().isEmpty());

        ResourceHistory history = new ResourceHistory(new FileStateStore(tmp.resolve("state")));
        PackageUpdateActions updates = new PackageUpdateActions(APT, FACTS, AgentClock.SYSTEM,
                org.infinibay.infiniservice.adapters.linux.apps.LinuxApplicationInventory.standard(ActionHarness.ENGINE));
        HealthCheckActions health = new HealthCheckActions(StandardHealthChecks.all(metrics, updates,
                new LinuxFirewallInspector(ActionHarness.COMMANDS),
                new SystemdServiceManager(ActionHarness.COMMANDS), new ResourceOptimizationAction(history,
                        AgentClock.SYSTEM)));
        JsonObject all = (JsonObject) health.execute(ActionHarness.request("RunAllHealthChecks", 120)).data();
        for (String check : List.of("disk_space", "memory", "os_updates", "firewall", "failed_services",
                "resource_optimization")) {
            assertTrue(all.has(check), check);
        }
        assertTrue(Set.of("Healthy", "Warning", "Critical").contains(all.string("overall_health").orElseThrow()));
        assertEquals(6, all.array("checks").orElseThrow().size());
        assertNoNulls(all);
        JsonObject one = (JsonObject) health.execute(ActionHarness.request("RunHealthCheck", 60)).data();
        assertEquals("all", one.string("check_name").orElseThrow());
        assertTrue(one.has("status") && one.has("message") && one.has("details"));
        JsonObject fw = (JsonObject) health.execute(ActionHarness.request("ValidateSystemHealth", 60, "check_name",
                "firewall")).data();
        assertEquals("firewall", fw.string("check_name").orElseThrow());

        JsonObject info = (JsonObject) new SystemInfoActions(FACTS, new PasswdAccounts(), "1.2.3")
                .execute(ActionHarness.request("SystemInfo", 30)).data();
        assertEquals("Linux", info.string("os_type").orElseThrow());
        assertEquals("1.2.3", info.string("agent_version").orElseThrow());
        JsonObject users = (JsonObject) new SystemInfoActions(FACTS, new PasswdAccounts(), "1")
                .execute(ActionHarness.request("UserList", 10)).data();
        assertEquals("root", ((JsonObject) users.array("users").orElseThrow().items().get(0)).string("name")
                .orElseThrow());
        JsonObject fwData = (JsonObject) new FirewallActions(new LinuxFirewallInspector(ActionHarness.COMMANDS))
                .execute(ActionHarness.request("CheckFirewallStatus", 30)).data();
        assertTrue(fwData.fields().containsKey("firewall_type"));
        JsonObject mac = (JsonObject) new SecurityModuleAction(new LinuxSecurityModuleInspector(ActionHarness.COMMANDS))
                .execute(ActionHarness.request("CheckSecurityModules", 30)).data();
        assertEquals("none", mac.string("module_type").orElseThrow(), "no MAC on this kernel");
    }

    @Test
    void slowCheckTimesOutAsWarning() throws Exception {
        HealthCheckActions health = new HealthCheckActions(List.of(new org.infinibay.infiniservice.application
                .service.actions.HealthCheck() {
            @Override
            public String name() {
                return "disk_space";
            }

            @Override
            public Result run(org.infinibay.infiniservice.application.port.out.Deadline d) throws Exception {
                Thread.sleep(60_000);
                return null;
            }
        }));
        JsonObject all = (JsonObject) health.execute(ActionHarness.request("RunAllHealthChecks", 5)).data();
        JsonObject r = all.object("disk_space").orElseThrow();
        assertEquals("warning", r.string("status").orElseThrow());
        assertEquals("check timed out", r.string("message").orElseThrow());
    }

    @Test
    void resourceHistoryNeedsAnHourAndSurvivesRestart() throws Exception {
        FileStateStore store = new FileStateStore(tmp.resolve("state"));
        long[] now = {1_700_000_000_000L};
        AgentClock clock = new AgentClock() {
            @Override
            public long nowMillis() {
                return now[0];
            }

            @Override
            public long monotonicNanos() {
                return System.nanoTime();
            }
        };
        ResourceHistory h = new ResourceHistory(store);
        for (int i = 0; i < 30; i++) {
            h.onSnapshot(snapshot(5, 8_000_000, 1_000_000), now[0] + i * 60_000L);
        }
        now[0] += 30 * 60_000L;
        ResourceOptimizationAction a = new ResourceOptimizationAction(h, clock);
        JsonObject early = (JsonObject) a.execute(ActionHarness.request("CheckResourceOptimization", 30)).data();
        assertEquals("optimal", early.string("status").orElseThrow());
        assertTrue(early.bool("insufficient_data").orElseThrow());
        for (int i = 30; i < 120; i++) {
            h.onSnapshot(snapshot(5, 8_000_000, 1_000_000), 1_700_000_000_000L + i * 60_000L);
        }
        h.persist();
        now[0] = 1_700_000_000_000L + 120 * 60_000L;
        ResourceHistory restarted = new ResourceHistory(store);
        JsonObject later = (JsonObject) new ResourceOptimizationAction(restarted, clock)
                .execute(ActionHarness.request("CheckResourceOptimization", 30)).data();
        assertEquals(120, later.integer("samples").orElseThrow());
        assertEquals("suboptimal", later.string("status").orElseThrow());
        assertTrue(later.bool("memory_optimization_available").orElseThrow());
        assertTrue(later.bool("cpu_optimization_available").orElseThrow(), "4 vCPUs at 5%");
    }

    private static MetricsSnapshot snapshot(double cpu, long memTotalKb, long memAvailUsedKb) {
        SystemMetrics s = new SystemMetrics(new CpuMetrics(cpu, List.of(cpu, cpu, cpu, cpu), null),
                new MemoryMetrics(memTotalKb, memTotalKb - memAvailUsedKb, 0, 0),
                List.of(new DiskUsage("/", 100L << 30, 50L << 30, 50L << 30, "ext4")),
                new DiskIoRates(0, 0, 0, 0, null), List.of(), 100, new LoadAverage(0, 0, 0));
        return MetricsSnapshot.of(s);
    }

    @Test
    void diskCleanupInTempTree() throws Exception {
        Path root = tmp.resolve("root");
        Path t = Files.createDirectories(root.resolve("tmp"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path precious = Files.writeString(outside.resolve("precious"), "keep");
        old(precious);
        Path oldFile = old(Files.writeString(t.resolve("old.txt"), "x".repeat(1000)));
        Path fresh = Files.writeString(t.resolve("fresh.txt"), "new");
        Path inUse = old(Files.writeString(t.resolve("in-use.log"), "open"));
        Files.createSymbolicLink(t.resolve("link-out"), outside);
        Path x11 = Files.createDirectories(t.resolve(".X11-unix"));
        Path x11f = old(Files.writeString(x11.resolve("X0"), "sock"));
        Path priv = Files.createDirectories(t.resolve("systemd-private-abc"));
        Path privf = old(Files.writeString(priv.resolve("f"), "p"));
        Path trash = Files.createDirectories(root.resolve("home/alice/.local/share/Trash/files"));
        Files.writeString(trash.resolve("deleted.doc"), "y".repeat(2000));
        Path cacheLink = Files.createDirectories(root.resolve("home/bob"));
        Files.createSymbolicLink(cacheLink.resolve(".cache"), outside); // ~/.cache -> elsewhere: never followed

        LinuxCleanupTargets targets = new LinuxCleanupTargets(ActionHarness.COMMANDS, APT, root,
                () -> Set.of(inUse.toAbsolutePath()));
        CleanupActions cleanup = new CleanupActions(targets);
        ActionResult r = cleanup.execute(ActionHarness.request("CleanTemporaryFiles", 60, "targets",
                List.of("temp-files", "recycle_bin", "browser_cache")));
        assertTrue(r.success(), r.error());
        assertFalse(Files.exists(oldFile));
        assertTrue(Files.exists(fresh) && Files.exists(inUse) && Files.exists(precious) && Files.exists(x11f)
                && Files.exists(privf));
        assertFalse(Files.exists(trash.resolve("deleted.doc")));
        JsonObject d = (JsonObject) r.data();
        assertEquals(2, d.integer("files_deleted").orElseThrow());
        assertEquals(List.of("temp_files", "recycle_bin", "browser_cache"), d.array("targets_processed").orElseThrow()
                .items().stream().map(j -> ((org.infinibay.infiniservice.domain.json.JsonString) j).value()).toList());
        assertEquals(2, cleanup.execute(ActionHarness.request("DiskCleanup", 60, "targets", List.of("everything")))
                .exitCode());
    }

    private static Path old(Path p) throws Exception {
        Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 3 * 86_400_000L));
        return p;
    }

    @Test
    void rebootRepliesFirstThenReboots() throws Exception {
        ActionHarness.RecordingPower power = new ActionHarness.RecordingPower();
        CountDownLatch written = new CountDownLatch(1);
        long[] writtenAt = new long[1];
        RebootAction reboot = new RebootAction(power, Duration.ofMillis(200));
        ActionResult r = reboot.execute(ActionHarness.request("RebootSystem", 30, (t, u) -> written.await(t, u),
                "force", null));
        assertTrue(r.success());
        assertEquals(5, ((JsonObject) r.data()).integer("delay_seconds").orElseThrow());
        Thread.sleep(300);
        assertNull(power.call, "nothing before the reply is written");
        writtenAt[0] = System.nanoTime();
        written.countDown();
        assertTrue(power.await(5));
        assertEquals("reboot", power.call);
        assertTrue(power.calledAtNanos - writtenAt[0] >= Duration.ofMillis(200).toNanos());

        ActionHarness.RecordingPower none = new ActionHarness.RecordingPower();
        none.unavailable = "systemd is not running";
        ActionResult refused = new RebootAction(none).execute(ActionHarness.request("RebootSystem", 30));
        assertFalse(refused.success());
        assertEquals("cannot schedule reboot: systemd is not running", refused.error());
        assertEquals("systemd is not running", new SystemdPowerControl(ActionHarness.COMMANDS).unavailableReason());
    }

    @Test
    void goldenImageInTempTreeThenPowerOff() throws Exception {
        Path root = tmp.resolve("img");
        Files.createDirectories(root.resolve("etc/ssh"));
        Files.writeString(root.resolve("etc/machine-id"), "0123456789abcdef\n");
        Files.writeString(root.resolve("etc/ssh/ssh_host_ed25519_key"), "k");
        Files.writeString(root.resolve("etc/ssh/sshd_config"), "c");
        Files.createDirectories(root.resolve("var/log"));
        Files.writeString(root.resolve("var/log/syslog"), "lines");
        Files.writeString(root.resolve("var/log/syslog.2.gz"), "old");
        Files.createDirectories(root.resolve("home/alice"));
        Files.writeString(root.resolve("home/alice/.bash_history"), "secret cmd");
        Files.createDirectories(root.resolve("etc/NetworkManager/system-connections"));
        Files.writeString(root.resolve("etc/NetworkManager/system-connections/eth0.nmconnection"), "n");
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "alice:x:1000:1000::/home/alice:/bin/bash\nnobody:x:65534:65534::/nonexistent:/bin/false\n");
        FileStateStore state = new FileStateStore(tmp.resolve("state"));
        state.write("replay-cache.txt", "n1".getBytes(StandardCharsets.UTF_8));
        LinuxGoldenImagePreparer prep = new LinuxGoldenImagePreparer(ActionHarness.COMMANDS, APT, state, root, false,
                Path.of("/proc/self/status"));
        ActionHarness.RecordingPower power = new ActionHarness.RecordingPower();
        CountDownLatch written = new CountDownLatch(1);
        GoldenImageAction action = new GoldenImageAction(prep, power, FACTS, Duration.ofMillis(100));
        ActionResult r = action.execute(ActionHarness.request("PrepareGoldenImage", 600, (t, u) -> written.await(t, u),
                "cleanup_level", "standard", "sanitize_user_data", true, "shutdown_after", true));
        assertTrue(r.success(), r.error() + r.stderr());
        assertEquals(0, Files.size(root.resolve("etc/machine-id")));
        assertFalse(Files.exists(root.resolve("etc/ssh/ssh_host_ed25519_key")));
        assertTrue(Files.exists(root.resolve("etc/ssh/sshd_config")));
        assertEquals(0, Files.size(root.resolve("var/log/syslog")));
        assertFalse(Files.exists(root.resolve("var/log/syslog.2.gz")));
        assertFalse(Files.exists(root.resolve("home/alice")));
        assertFalse(Files.readString(root.resolve("etc/passwd")).contains("alice"));
        assertTrue(Files.readString(root.resolve("etc/passwd")).contains("nobody"));
        assertFalse(Files.exists(root.resolve("etc/NetworkManager/system-connections/eth0.nmconnection")));
        assertTrue(state.read("replay-cache.txt").isEmpty());
        assertTrue(((JsonObject) r.data()).bool("shutdown_scheduled").orElseThrow());
        Thread.sleep(300);
        assertNull(power.call, "no power-off before the reply is written");
        written.countDown();
        assertTrue(power.await(5));
        assertEquals("poweroff", power.call);
        ActionResult bad = action.execute(ActionHarness.request("PrepareGoldenImage", 600, "cleanup_level", "nuke"));
        assertEquals(2, bad.exitCode());
        LinuxGoldenImagePreparer notRoot = new LinuxGoldenImagePreparer(ActionHarness.COMMANDS, APT, state, root,
                false, Files.writeString(tmp.resolve("status"), "Name:\tx\nUid:\t1000\t1000\t1000\t1000\n"));
        assertEquals("refused: PrepareGoldenImage must run as root", new GoldenImageAction(notRoot, power, FACTS)
                .execute(ActionHarness.request("PrepareGoldenImage", 600)).error());
    }

    @Test
    void joinDomainValidatesAndNeverEchoesThePassword() throws Exception {
        String secret = "S3cr3t-Pa55!";
        ActionHarness.RecordingPower power = new ActionHarness.RecordingPower();
        JoinDomainAction join = new JoinDomainAction(new RealmDomainJoiner(ActionHarness.COMMANDS, APT, false), power,
                FACTS);
        ActionResult badDomain = join.execute(ActionHarness.request("JoinDomain", 300, "domain", "corp;rm",
                "username", "admin", "password", secret, "restart_after", false));
        assertEquals(2, badDomain.exitCode());
        ActionResult noPw = join.execute(ActionHarness.request("JoinDomain", 300, "domain", "corp.example",
                "username", "admin", "password", null));
        assertEquals("invalid password: missing", noPw.error());
        ActionResult noRealm = join.execute(ActionHarness.request("JoinDomain", 300, "domain", "corp.example",
                "username", "admin", "password", secret, "ou", "OU=Servers,DC=corp,DC=example", "restart_after", true));
        assertEquals(127, noRealm.exitCode());
        assertTrue(noRealm.error().startsWith("realm is not installed"), noRealm.error());
        String all = noRealm.error() + noRealm.stdout() + noRealm.stderr() + noRealm.data();
        assertFalse(all.contains(secret));
        assertNull(power.call);
        byte[] line = RealmDomainJoiner.passwordLine(secret.toCharArray());
        assertEquals(secret + "\n", new String(line, StandardCharsets.UTF_8));
    }

    private static void assertNoNulls(Json j) {
        assertFalse(j instanceof JsonNull, "null value in health result");
        if (j instanceof JsonObject o) {
            o.fields().forEach((k, v) -> {
                if (!(v instanceof JsonNull) || !List.of("default_incoming", "default_outgoing", "profiles")
                        .contains(k)) {
                    assertNotNull(v, k);
                    if (!(v instanceof JsonNull)) {
                        assertNoNulls(v);
                    }
                }
            });
        } else if (j instanceof JsonArray a) {
            a.items().forEach(LinuxActionsTest::assertNoNulls);
        }
    }
}
