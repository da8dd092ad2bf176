package org.infinibay.infiniservice.bootstrap.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.service.command.ActionRequest;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.service.actions.InventoryCache;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationLoader;
import org.infinibay.infiniservice.bootstrap.config.GuestDefaults;
import org.infinibay.infiniservice.bootstrap.guest.GuestOsFactory;
import org.infinibay.infiniservice.bootstrap.os.linux.LinuxSystem;
import org.infinibay.infiniservice.bootstrap.os.windows.WindowsServiceBoot;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.SafeAction;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real components' safe-action registrations, built here on Linux (the Windows one too: its native
 * libraries load at first use, not when the component or its handlers are made): every CONTRACT §8.4
 * action has exactly one handler or is one of the "not supported" ones the contract names for the other
 * OS (§8.5), and the handlers that only exist with an OS's optional ports are where they belong.
 * Building the handlers runs no program.
 */
class RegisteredActionsTest {
    /** Every action of the §8.4 catalogue, as the contract lists them. */
    static final Set<String> CATALOGUE = Set.of(
            "ServiceList", "ServiceControl", "PackageList", "PackageSearch", "PackageInstall", "PackageRemove",
            "PackageUpdate", "UpdateSystemSoftware", "ProcessList", "ProcessTop", "ProcessKill", "SystemInfo",
            "OsInfo", "UserList", "CheckWindowsUpdates", "CheckLinuxUpdates", "GetPendingUpdates",
            "GetUpdateHistory", "CheckWindowsDefender", "GetDefenderStatus", "RunDefenderQuickScan",
            "GetThreatHistory", "CheckFirewallStatus", "GetLinuxFirewallStatus", "CheckSecurityModules",
            "GetInstalledApplicationsWMI", "CheckApplicationUpdates", "GetApplicationDetails", "CheckDiskSpace",
            "CheckResourceOptimization", "RunHealthCheck", "RunAllHealthChecks", "ValidateSystemHealth",
            "DiskCleanup", "CleanTemporaryFiles", "AutoOptimizeDisk", "AutoFixWindowsUpdates", "AutoFixDefender",
            "RunMaintenanceTask", "RestartServices", "CheckSystemIntegrity", "ExecutePowerShellScript",
            "PrepareGoldenImage", "JoinDomain", "RebootSystem");

    /** §8.5 "Platform-specific actions": what runs only on Windows. */
    static final Set<String> WINDOWS_ONLY = Set.of("CheckWindowsUpdates", "GetPendingUpdates",
            "CheckWindowsDefender", "GetDefenderStatus", "RunDefenderQuickScan", "GetThreatHistory", "AutoFixDefender",
            "AutoFixWindowsUpdates", "ExecutePowerShellScript");

    /** §8.5: what runs only on Linux. */
    static final Set<String> LINUX_ONLY = Set.of("CheckLinuxUpdates", "CheckSecurityModules");

    @TempDir
    Path tmp;

    private AgentComponent agent(GuestOsFactory guest, GuestDefaults defaults) {
        Map<String, String> env = new HashMap<>();
        env.put("INFINISERVICE_VM_ID", "wiring-test");
        Configuration c = new ConfigurationLoader(env, defaults, tmp.resolve("absent.toml"))
                .load(new ConfigurationLoader.CliValues(null, null, tmp.resolve("state").toString(), false, null));
        return Assembly.assemble(guest, c, "0.0.0-test", new PolicyLocation(tmp.resolve("no-policy.toml"), false));
    }

    /** Action name to the simple class name of its one handler; fails on an action registered twice. */
    private static Map<String, String> handlers(Set<SafeActionExecutor> executors) {
        Map<String, String> byAction = new TreeMap<>();
        for (SafeActionExecutor e : executors) {
            for (String action : e.actions()) {
                String previous = byAction.put(action, InventoryCache.unwrap(e).getClass().getSimpleName());
                assertTrue(previous == null, action + " registered by " + previous + " and " + e.getClass());
            }
        }
        return byAction;
    }

    private static void assertCatalogueCovered(AgentComponent agent, Map<String, String> byAction,
                                               Set<String> otherOsOnly, String os) {
        Set<String> missing = new TreeSet<>(CATALOGUE);
        missing.removeAll(byAction.keySet());
        missing.removeAll(agent.actions().notSupported());
        assertEquals(Set.of(), missing, os + ": §8.4 actions without a handler");
        assertEquals(new TreeSet<>(otherOsOnly), agent.actions().notSupported(),
                os + ": the other OS's actions are the \"not supported\" ones");
        assertEquals(new TreeSet<>(CATALOGUE), agent.actions().actions(), os + ": every name answered");
    }

    private static void assertHandlers(Map<String, String> byAction, Map<String, String> expected) {
        expected.forEach((action, handler) -> assertEquals(handler, byAction.get(action), action));
    }

    private static ActionRequest request(String action) {
        return new ActionRequest("id-1", action, new ActionParameters(JsonObject.builder().put("action", action)
                .build(), null), new Deadline(System.nanoTime() + TimeUnit.SECONDS.toNanos(30), 30), null);
    }

    @Test
    void theDomainCatalogueIsTheContracts() {
        assertEquals(new TreeSet<>(CATALOGUE), SafeAction.names());
    }

    @Test
    void linuxRegistersEveryCatalogueActionOnce() {
        AgentComponent linux = agent(LinuxSystem.guest(), LinuxSystem.defaults());
        Map<String, String> byAction = handlers(linux.safeActions());
        assertCatalogueCovered(linux, byAction, WINDOWS_ONLY, "linux");
        assertHandlers(byAction, Map.of("GetInstalledApplicationsWMI", "PackageUpdateActions"));
        assertHandlers(byAction, Map.of("CheckLinuxUpdates", "PackageUpdateActions",
                "CheckSecurityModules", "SecurityModuleAction", "CheckSystemIntegrity", "IntegrityAction",
                "ServiceControl", "ServiceActions", "PrepareGoldenImage", "GoldenImageAction",
                "JoinDomain", "JoinDomainAction", "RunMaintenanceTask", "MaintenanceActions"));
    }

    /** Moved from adapters-linux's LinuxActionsTest: the Windows-only actions answer 126 at once on Linux. */
    @Test
    void windowsOnlyActionsAnswer126() throws Exception {
        AgentComponent linux = agent(LinuxSystem.guest(), LinuxSystem.defaults());
        for (String a : linux.actions().notSupported()) {
            ActionResult r = linux.actions().find(a).orElseThrow().getValue().execute(request(a));
            assertEquals(126, r.exitCode());
            assertEquals(a + " is not supported on Linux", r.error());
            JsonObject d = (JsonObject) r.data();
            assertEquals(2, d.fields().size());
            assertEquals(false, d.bool("supported").orElseThrow());
            assertEquals("linux", d.string("platform").orElseThrow());
        }
        assertTrue(agent(WindowsServiceBoot.guest(), WindowsServiceBoot.defaults(Map.of())).actions().notSupported()
                .contains("CheckLinuxUpdates"));
    }

    /**
     * The real Windows component, built on Linux (it used to be replayed here by hand, ~30 providers, because
     * its process launcher loaded kernel32 when made): the same coverage check over what it really registers.
     */
    @Test
    void windowsRegistersEveryCatalogueActionOnce() throws Exception {
        AgentComponent windows = agent(WindowsServiceBoot.guest(), WindowsServiceBoot.defaults(Map.of()));
        Map<String, String> byAction = handlers(windows.safeActions());
        assertCatalogueCovered(windows, byAction, LINUX_ONLY, "windows");
        assertHandlers(byAction, Map.of("CheckSystemIntegrity", "IntegrityAction"));
        assertHandlers(byAction, Map.of("CheckWindowsUpdates", "UpdateAgentActions",
                "CheckWindowsDefender", "AntivirusActions", "GetInstalledApplicationsWMI", "ApplicationInventoryActions",
                "ExecutePowerShellScript", "ScriptHostAction", "ServiceControl", "ServiceActions",
                "PrepareGoldenImage", "GoldenImageAction", "JoinDomain", "JoinDomainAction",
                "RunMaintenanceTask", "MaintenanceActions"));
        ActionResult r = windows.actions().find("CheckLinuxUpdates").orElseThrow().getValue()
                .execute(request("CheckLinuxUpdates"));
        assertEquals("CheckLinuxUpdates is not supported on Windows", r.error());
        assertEquals("windows", ((JsonObject) r.data()).string("platform").orElseThrow());
    }
}
