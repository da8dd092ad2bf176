package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import org.infinibay.infiniservice.adapters.windows.actions.DismIntegrityChecker;
import org.infinibay.infiniservice.application.service.actions.IntegrityAction;
import dagger.multibindings.ElementsIntoSet;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.infinibay.infiniservice.adapters.windows.actions.PowerShellDomainJoiner;
import org.infinibay.infiniservice.adapters.windows.actions.SysprepLauncher;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsFirewallInspector;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsGoldenImagePreparer;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsLocalAccounts;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsPowerControl;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsProcessControl;
import org.infinibay.infiniservice.adapters.windows.apps.WindowsApplicationInventory;
import org.infinibay.infiniservice.adapters.windows.cleanup.WindowsCleanupTargets;
import org.infinibay.infiniservice.adapters.windows.defender.DefenderPowerShell;
import org.infinibay.infiniservice.adapters.windows.exec.WindowsProcessLauncher;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiProcessSource;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiSystemMetricsSource;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.powershell.WindowsScriptHost;
import org.infinibay.infiniservice.adapters.windows.registry.RegistryUninstallReader;
import org.infinibay.infiniservice.adapters.windows.services.ScmServiceManager;
import org.infinibay.infiniservice.adapters.windows.update.WuaSystemUpdates;
import org.infinibay.infiniservice.adapters.windows.update.WuaUpdateAgent;
import org.infinibay.infiniservice.adapters.windows.winget.WingetLocator;
import org.infinibay.infiniservice.adapters.windows.winget.WingetPackageManager;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.port.out.os.CleanupTargets;
import org.infinibay.infiniservice.application.port.out.os.DomainJoiner;
import org.infinibay.infiniservice.application.port.out.os.FirewallInspector;
import org.infinibay.infiniservice.application.port.out.os.GoldenImagePreparer;
import org.infinibay.infiniservice.application.port.out.os.LocalAccounts;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.application.service.actions.HealthCheck;
import org.infinibay.infiniservice.application.service.actions.InventoryCache;
import org.infinibay.infiniservice.application.service.actions.MaintenanceActions;
import org.infinibay.infiniservice.application.service.actions.NotSupportedExecutor;
import org.infinibay.infiniservice.application.service.actions.windows.DefenderActions;
import org.infinibay.infiniservice.application.service.actions.windows.PowerShellScriptAction;
import org.infinibay.infiniservice.application.service.actions.windows.WindowsApplicationActions;
import org.infinibay.infiniservice.application.service.actions.windows.WindowsUpdateActions;
import org.infinibay.infiniservice.application.service.exec.ExecutableLookup;
import org.infinibay.infiniservice.application.service.unsafe.ShellPlatform;
import org.infinibay.infiniservice.application.service.unsafe.WindowsShells;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.domain.command.ParameterRule;

/**
 * The Windows ports behind the shared actions and execution ({@link ActionsModule},
 * {@link ExecutionModule}): the engine over Job objects with the Windows shell table, SCM services,
 * winget packages, firewall profiles, cleanup targets, sysprep, domain join, disk space; and the
 * Windows-only handlers (Windows Update Agent, Defender, application inventory,
 * ExecutePowerShellScript). Not implemented: CheckSystemIntegrity (DISM).
 */
@Module
public abstract class WindowsActionsModule {
    private WindowsActionsModule() {
    }

    static String systemRoot() {
        String r = System.getenv("SystemRoot");
        return r == null || r.isBlank() ? "C:\\Windows" : r;
    }

    @Provides
    @Singleton
    static PowerShell powershell(ProgramRunner runner, JsonCodec codec) {
        return new PowerShell(runner, codec, systemRoot() + "\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
    }

    @Provides
    @Singleton
    static WuaUpdateAgent updateAgent(PowerShell powershell) {
        return new WuaUpdateAgent(powershell);
    }

    @Provides
    @Singleton
    static ScmServiceManager serviceManager() {
        return new ScmServiceManager(systemRoot());
    }

    @Binds
    abstract ServiceManager services(ScmServiceManager services);

    @Provides
    @Singleton
    static PackageManager packageManager(ProgramRunner runner, PowerShell powershell, WuaUpdateAgent updates) {
        Path windowsApps = Path.of(Optional.ofNullable(System.getenv("ProgramFiles")).orElse("C:\\Program Files"),
                "WindowsApps");
        String arch = "aarch64".equals(System.getProperty("os.arch")) ? "arm64" : "x64";
        return new WingetPackageManager(runner, () -> WingetLocator.locate(windowsApps, arch).map(Path::toString)
                .orElse(null), powershell, new WuaSystemUpdates(updates));
    }

    @Provides
    @Singleton
    static FirewallInspector firewall(PowerShell powershell) {
        return new WindowsFirewallInspector(powershell);
    }

    @Provides
    @Singleton
    static PowerControl power(ProgramRunner runner) {
        return new WindowsPowerControl(runner, systemRoot());
    }

    @Provides
    @Singleton
    static SysprepLauncher sysprep(PowerControl power) {
        return new SysprepLauncher(systemRoot(), power);
    }

    @Provides
    static CleanupTargets cleanupTargets(ScmServiceManager services) {
        String drive = WindowsModule.systemDrive();
        return new WindowsCleanupTargets(Path.of(drive + "\\"), Path.of(systemRoot()), Path.of(drive + "\\", "Users"),
                services, System::nanoTime, System::currentTimeMillis);
    }

    @Provides
    static DomainJoiner domainJoiner(PowerShell powershell) {
        return new PowerShellDomainJoiner(powershell);
    }

    @Provides
    static GoldenImagePreparer goldenImage(PowerShell powershell, Configuration c, SysprepLauncher sysprep) {
        return new WindowsGoldenImagePreparer(powershell, c.stateDir().toString(), sysprep);
    }

    /** The golden image's "power-off" is the sysprep launch: sysprep shuts the guest down itself. */
    @Provides
    static ActionsModule.GoldenImageShutdown goldenImageShutdown(SysprepLauncher sysprep) {
        return new ActionsModule.GoldenImageShutdown(sysprep, true);
    }

    @Provides
    static LocalAccounts localAccounts(PowerShell powershell) {
        return new WindowsLocalAccounts(powershell);
    }

    @Provides
    static ProcessControl processControl(ProgramRunner runner) {
        return new WindowsProcessControl(runner, systemRoot());
    }

    @Provides
    @Named("actions")
    static SystemMetricsSource actionMetrics() {
        return new OshiSystemMetricsSource(WindowsModule.systemDrive());
    }

    @Provides
    @Named("actions")
    static ProcessSource actionProcesses() {
        return new OshiProcessSource();
    }

    @Provides
    @Named("service")
    static ParameterRule serviceRule() {
        return ParameterRule.SERVICE_WINDOWS;
    }

    @Provides
    @Named("package")
    static ParameterRule packageRule() {
        return ParameterRule.PACKAGE_WINDOWS;
    }

    @Provides
    @Singleton
    static WindowsUpdateActions updates(WuaUpdateAgent updateAgent, AgentClock clock) {
        return new WindowsUpdateActions(updateAgent, clock);
    }

    @Binds
    @Named("updates")
    abstract SafeActionExecutor updatesExecutor(WindowsUpdateActions updates);

    @Provides
    static MaintenanceActions.UpdateStatus updateStatus(WindowsUpdateActions updates) {
        return updates::updateStatus;
    }

    @Provides
    @Singleton
    static DefenderActions defender(PowerShell powershell, AgentClock clock) {
        return new DefenderActions(new DefenderPowerShell(powershell), clock);
    }

    /** Defender's state joins the standard health checks. */
    @Provides
    @Named("platform")
    static List<HealthCheck> platformHealthChecks(DefenderActions defender) {
        return List.of(defender.healthCheck());
    }

    /** The Windows-only actions, and the refusal of the Linux-only ones. */
    @Provides
    @ElementsIntoSet
    static Set<SafeActionExecutor> windowsExecutors(ProgramRunner runner, PowerShell powershell,
                                                    PackageManager packages, WuaUpdateAgent updateAgent,
                                                    DefenderActions defender, AgentClock clock, Configuration c) {
        return Set.of(
                defender,
                // §8.3: GetInstalledApplicationsWMI and CheckApplicationUpdates keep computing after a 124
                new InventoryCache(clock).wrap(new WindowsApplicationActions(
                        new WindowsApplicationInventory(new RegistryUninstallReader(), powershell),
                        packages, updateAgent, clock)),
                new PowerShellScriptAction(new WindowsScriptHost(c.stateDir().resolve("powershell"), System.getenv()),
                        runner, clock),
                new IntegrityAction(new DismIntegrityChecker(runner, systemRoot())),
                NotSupportedExecutor.forWindows());
    }

    @Provides
    @Singleton
    static UserDirectory users() {
        return UserDirectory.NONE; // run_as is refused on Windows (§10.2)
    }

    @Provides
    @Singleton
    static ProcessLauncher launcher() {
        return new WindowsProcessLauncher();
    }

    @Provides
    @Singleton
    static ShellPlatform shells() {
        return new WindowsShells(ExecutableLookup.onPath(System::getenv));
    }

    /** The guest policy on Windows: LocalSystem is the agent account; a shell is usable when it can run {@code rem}. */
    @Provides
    @Named("agentAccount")
    static String agentAccount() {
        return "system";
    }

    @Provides
    @Named("noOpCommand")
    static String noOpCommand() {
        return "rem";
    }
}
