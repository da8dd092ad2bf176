package org.infinibay.infiniservice.bootstrap.wiring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.infinibay.infiniservice.adapters.linux.state.FileStateStore;
import org.infinibay.infiniservice.adapters.linux.system.LinuxSystemFactsSource;
import org.infinibay.infiniservice.adapters.windows.actions.SysprepLauncher;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.services.ScmServiceManager;
import org.infinibay.infiniservice.adapters.windows.update.WuaUpdateAgent;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;
import org.infinibay.infiniservice.application.service.actions.windows.DefenderActions;
import org.infinibay.infiniservice.application.service.actions.windows.WindowsUpdateActions;
import org.infinibay.infiniservice.application.service.actions.InventoryCache;
import org.infinibay.infiniservice.application.service.actions.NotSupportedExecutor;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.config.ConfigurationLoader;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The components' safe-action registrations: every CONTRACT §8.4 action has exactly one handler
 * on each platform, the other OS's actions are the "not supported" ones, and the handlers that
 * implement an action on one OS only are where they belong. Building the handlers runs no program.
 */
class RegisteredActionsTest {
    /** Every action of the §8.4 catalogue. */
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

    @TempDir
    Path tmp;

    private Configuration configuration(boolean windows) {
        Map<String, String> env = new HashMap<>();
        env.put("INFINISERVICE_VM_ID", "wiring-test");
        return new ConfigurationLoader(env, windows, tmp.resolve("absent.toml"))
                .load(new ConfigurationLoader.CliValues(null, null, tmp.resolve("state").toString(), false, null));
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

    private static void assertCatalogueCovered(Map<String, String> byAction, Set<String> otherOsOnly, String os,
                                               Set<String> knownGaps) {
        Set<String> missing = new TreeSet<>(CATALOGUE);
        missing.removeAll(byAction.keySet());
        assertEquals(knownGaps, missing, os + ": §8.4 actions without a handler");
        for (String action : otherOsOnly) {
            assertEquals("NotSupportedExecutor", byAction.get(action), os + ": " + action + " is the other OS's");
        }
    }

    private static void assertHandlers(Map<String, String> byAction, Map<String, String> expected) {
        expected.forEach((action, handler) -> assertEquals(handler, byAction.get(action), action));
    }

    @Test
    void linuxRegistersEveryCatalogueActionOnce() {
        AgentComponent linux = DaggerLinuxAgentComponent.factory()
                .create(configuration(false), "0.0.0-test", new PolicyLocation(tmp.resolve("no-policy.toml"), false));
        Map<String, String> byAction = handlers(linux.safeActions());
        assertCatalogueCovered(byAction, NotSupportedExecutor.WINDOWS_ONLY, "linux", Set.of());
        assertHandlers(byAction, Map.of("GetInstalledApplicationsWMI", "UpdateActions"));
        assertHandlers(byAction, Map.of("CheckLinuxUpdates", "UpdateActions",
                "CheckSecurityModules", "SecurityModuleAction", "CheckSystemIntegrity", "IntegrityAction",
                "ServiceControl", "ServiceActions", "PrepareGoldenImage", "GoldenImageAction",
                "JoinDomain", "JoinDomainAction", "RunMaintenanceTask", "MaintenanceActions"));
    }

    /**
     * The Windows component cannot be built on Linux: its process launcher loads kernel32 (Job objects)
     * when created, and every handler needs the engine. So the handler set is assembled here from the
     * same provider methods the component calls (WindowsActionsModule's ports into ActionsModule's
     * shared handlers, plus the Windows-only ones), over an engine that refuses to run anything.
     */
    @Test
    void windowsRegistersEveryCatalogueActionOnce() {
        Configuration c = configuration(true);
        ProgramRunner runner = request -> {
            throw new AssertionError("building the handlers runs no program");
        };
        AgentClock clock = AgentClock.SYSTEM;
        PowerShell ps = WindowsActionsModule.powershell(runner, SerialModule.codec());
        WuaUpdateAgent updateAgent = WindowsActionsModule.updateAgent(ps);
        ScmServiceManager scm = WindowsActionsModule.serviceManager();
        PackageManager packages = WindowsActionsModule.packageManager(runner, ps, updateAgent);
        PowerControl power = WindowsActionsModule.power(runner);
        SysprepLauncher sysprep = WindowsActionsModule.sysprep(power);
        WindowsUpdateActions updates = WindowsActionsModule.updates(updateAgent, clock);
        DefenderActions defender = WindowsActionsModule.defender(ps, clock);
        Set<SafeActionExecutor> all = new HashSet<>(ActionsModule.sharedExecutors(
                "windows", "0.0.0-test", new LinuxSystemFactsSource(), clock,
                ActionsModule.resourceHistory(new FileStateStore(tmp.resolve("state"))),
                WindowsActionsModule.actionMetrics(), WindowsActionsModule.actionProcesses(),
                WindowsActionsModule.processControl(runner), WindowsActionsModule.localAccounts(ps),
                scm, WindowsActionsModule.serviceRule(), packages, WindowsActionsModule.packageRule(),
                updates, WindowsActionsModule.updateStatus(updates),
                WindowsActionsModule.firewall(ps), WindowsActionsModule.platformHealthChecks(defender),
                WindowsActionsModule.cleanupTargets(scm), power, WindowsActionsModule.goldenImage(ps, c, sysprep),
                WindowsActionsModule.goldenImageShutdown(sysprep), WindowsActionsModule.domainJoiner(ps),
                org.infinibay.infiniservice.application.service.policy.PolicyEvaluator.permissive()));
        all.addAll(WindowsActionsModule.windowsExecutors(runner, ps, packages, updateAgent, defender, clock, c));
        Map<String, String> byAction = handlers(all);
        assertCatalogueCovered(byAction, NotSupportedExecutor.LINUX_ONLY, "windows", Set.of());
        assertHandlers(byAction, Map.of("CheckSystemIntegrity", "IntegrityAction"));
        assertHandlers(byAction, Map.of("CheckWindowsUpdates", "WindowsUpdateActions",
                "CheckWindowsDefender", "DefenderActions", "GetInstalledApplicationsWMI", "WindowsApplicationActions",
                "ExecutePowerShellScript", "PowerShellScriptAction", "ServiceControl", "ServiceActions",
                "PrepareGoldenImage", "GoldenImageAction", "JoinDomain", "JoinDomainAction",
                "RunMaintenanceTask", "MaintenanceActions"));
    }
}
