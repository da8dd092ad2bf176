package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.adapters.windows.actions.PowerShellDomainJoiner;
import org.infinibay.infiniservice.adapters.windows.actions.SysprepLauncher;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsFirewallInspector;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsGoldenImagePreparer;
import org.infinibay.infiniservice.adapters.windows.apps.WindowsApplicationInventory;
import org.infinibay.infiniservice.adapters.windows.cleanup.WindowsCleanupTargets;
import org.infinibay.infiniservice.adapters.windows.defender.DefenderPowerShell;
import org.infinibay.infiniservice.adapters.windows.powershell.WindowsScriptHost;
import org.infinibay.infiniservice.adapters.windows.registry.RegistryUninstallReader;
import org.infinibay.infiniservice.adapters.windows.services.ScmServiceManager;
import org.infinibay.infiniservice.adapters.windows.update.WuaSystemUpdates;
import org.infinibay.infiniservice.adapters.windows.update.WuaUpdateAgent;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.application.service.MetricsObserver;
import org.infinibay.infiniservice.application.service.actions.CleanupActions;
import org.infinibay.infiniservice.application.service.actions.FirewallActions;
import org.infinibay.infiniservice.application.service.actions.GoldenImageAction;
import org.infinibay.infiniservice.application.service.actions.HealthCheck;
import org.infinibay.infiniservice.application.service.actions.HealthCheckActions;
import org.infinibay.infiniservice.application.service.actions.JoinDomainAction;
import org.infinibay.infiniservice.application.service.actions.MaintenanceActions;
import org.infinibay.infiniservice.application.service.actions.ResourceHistory;
import org.infinibay.infiniservice.application.service.actions.ResourceOptimizationAction;
import org.infinibay.infiniservice.application.service.actions.ServiceActions;
import org.infinibay.infiniservice.application.service.actions.StandardHealthChecks;
import org.infinibay.infiniservice.application.service.actions.windows.DefenderActions;
import org.infinibay.infiniservice.application.service.actions.windows.PowerShellScriptAction;
import org.infinibay.infiniservice.application.service.actions.windows.WindowsApplicationActions;
import org.infinibay.infiniservice.application.service.actions.windows.WindowsUpdateActions;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.adapters.linux.audit.FileAuditTrail;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsLocalAccounts;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsPowerControl;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsProcessControl;
import org.infinibay.infiniservice.adapters.windows.exec.WindowsProcessLauncher;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiProcessSource;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiSystemMetricsSource;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.winget.WingetLocator;
import org.infinibay.infiniservice.adapters.windows.winget.WingetPackageManager;
import org.infinibay.infiniservice.application.exec.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.application.service.AgentSettings;
import org.infinibay.infiniservice.application.service.PendingScriptsHandler;
import org.infinibay.infiniservice.application.service.UnsafeCommandHandler;
import org.infinibay.infiniservice.application.service.actions.DiskSpaceAction;
import org.infinibay.infiniservice.application.service.actions.NotSupportedExecutor;
import org.infinibay.infiniservice.application.service.actions.PackageActions;
import org.infinibay.infiniservice.application.service.actions.ProcessActions;
import org.infinibay.infiniservice.application.service.actions.RebootAction;
import org.infinibay.infiniservice.application.service.actions.SystemInfoActions;
import org.infinibay.infiniservice.application.service.exec.ExecutableLookup;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.application.service.scripts.PendingScriptsService;
import org.infinibay.infiniservice.application.service.scripts.RetryPolicy;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.application.service.unsafe.ShellCommand;
import org.infinibay.infiniservice.application.service.unsafe.ShellPlatform;
import org.infinibay.infiniservice.application.service.unsafe.UnsafeCommandService;
import org.infinibay.infiniservice.application.service.unsafe.WindowsShells;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.domain.command.ParameterRule;

/**
 * Command execution on Windows: the engine over Job objects, unsafe commands and scripts with the
 * Windows shell table, and the safe actions: the shared handlers over Windows implementations of
 * their ports (SCM services, winget packages, firewall profiles, cleanup targets, sysprep, domain
 * join, disk space) and the Windows-only handlers (Windows Update Agent, Defender, application
 * inventory, ExecutePowerShellScript). Not implemented: CheckSystemIntegrity (DISM).
 */
@Module
public final class WindowsActionsModule {
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

    @Provides
    @Singleton
    static ResourceHistory resourceHistory(StateStore store) {
        return new ResourceHistory(store);
    }

    @Provides
    @IntoSet
    static MetricsObserver resourceHistoryObserver(ResourceHistory history) {
        return history;
    }

    @Provides
    @Singleton
    static PackageManager packageManager(ProgramRunner runner, PowerShell powershell, WuaUpdateAgent updates) {
        Path windowsApps = Path.of(Optional.ofNullable(System.getenv("ProgramFiles")).orElse("C:\\Program Files"),
                "WindowsApps");
        String arch = "aarch64".equals(System.getProperty("os.arch")) ? "arm64" : "x64";
        return new WingetPackageManager(runner, () -> WingetLocator.locate(windowsApps, arch).map(Path::toString)
                .orElse(null), powershell, new WuaSystemUpdates(updates));
    }

    /**
     * Every Windows action. Actions read their own metrics source, so that sampling for a command never
     * shortens the interval of the periodic collection.
     */
    @Provides
    @ElementsIntoSet
    static Set<SafeActionExecutor> executors(ProgramRunner runner, PowerShell powershell, PackageManager packages,
                                             SystemFactsSource facts, @Named("version") String version,
                                             WuaUpdateAgent updateAgent, ScmServiceManager services,
                                             ResourceHistory history, AgentClock clock, Configuration c) {
        String root = systemRoot();
        SystemMetricsSource metrics = new OshiSystemMetricsSource(WindowsModule.systemDrive());
        WindowsPowerControl power = new WindowsPowerControl(runner, root);
        WindowsFirewallInspector firewall = new WindowsFirewallInspector(powershell);
        WindowsUpdateActions updates = new WindowsUpdateActions(updateAgent, clock);
        DefenderActions defender = new DefenderActions(new DefenderPowerShell(powershell), clock);
        ResourceOptimizationAction optimization = new ResourceOptimizationAction(history, clock);
        List<HealthCheck> checks = new ArrayList<>(StandardHealthChecks.all(metrics,
                (MaintenanceActions.UpdateStatus) updates::updateStatus, firewall, services, optimization));
        checks.add(defender.healthCheck());
        HealthCheckActions health = new HealthCheckActions(checks);
        String drive = WindowsModule.systemDrive();
        CleanupActions cleanup = new CleanupActions(new WindowsCleanupTargets(Path.of(drive + "\\"), Path.of(root),
                Path.of(drive + "\\", "Users"), services, System::nanoTime, System::currentTimeMillis));
        SysprepLauncher sysprep = new SysprepLauncher(root, power);
        return Set.of(
                new SystemInfoActions(facts, new WindowsLocalAccounts(powershell), version),
                new ProcessActions(new OshiProcessSource(), new WindowsProcessControl(runner, root), "windows"),
                new ServiceActions(services, ParameterRule.SERVICE_WINDOWS),
                new PackageActions(packages, ParameterRule.PACKAGE_WINDOWS),
                updates,
                defender,
                new WindowsApplicationActions(new WindowsApplicationInventory(new RegistryUninstallReader(), powershell),
                        packages, updateAgent, clock),
                new PowerShellScriptAction(new WindowsScriptHost(c.stateDir().resolve("powershell"), System.getenv()),
                        runner, clock),
                new FirewallActions(firewall),
                new DiskSpaceAction(metrics),
                optimization,
                health,
                cleanup,
                new MaintenanceActions(cleanup, health, updates::updateStatus),
                new RebootAction(power),
                new GoldenImageAction(new WindowsGoldenImagePreparer(powershell, c.stateDir().toString(), sysprep),
                        sysprep, facts, Duration.ofSeconds(3), true),
                new JoinDomainAction(new PowerShellDomainJoiner(powershell), power, facts),
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
    static ProgramRunner engine(ProcessLauncher launcher, AgentClock clock) {
        return new ExecutionEngine(launcher, System::getenv, clock);
    }

    @Provides
    @Singleton
    static ShellPlatform shells() {
        return new WindowsShells(ExecutableLookup.onPath(System::getenv));
    }

    @Provides
    @Singleton
    static AccountResolver accounts(ShellPlatform shells, UserDirectory users) {
        return new AccountResolver(shells, users, System.getProperty("user.home"));
    }

    @Provides
    @Singleton
    static AuditTrail audit(Configuration c) {
        return new FileAuditTrail(c.stateDir().resolve("audit"));
    }

    @Provides
    @Singleton
    static UnsafeCommandHandler unsafe(ProgramRunner runner, ShellPlatform shells, AccountResolver accounts,
                                       AuditTrail audit, AgentClock clock, Configuration c) {
        return new UnsafeCommandService(runner, shells, accounts, audit, clock, c.debug());
    }

    @Provides
    @Singleton
    static PendingScriptsHandler scripts(OutboundQueue queue, ProgramRunner runner, ShellPlatform shells,
                                         AccountResolver accounts, AuditTrail audit, AgentClock clock,
                                         ScheduledExecutorService timers, AgentSettings settings, Configuration c,
                                         PolicyEvaluator policy) {
        return new PendingScriptsService(queue, runner, shells, accounts, audit, clock, timers, settings.vmId(),
                c.stateDir().resolve("scripts"), RetryPolicy.DEFAULT, policy);
    }

    /** The guest policy on Windows: LocalSystem is the agent account, shells as WindowsShells runs them. */
    @Provides
    @Singleton
    static PolicyEvaluator policyEvaluator(LoadedPolicy policy, ShellPlatform shells, ProgramRunner runner) {
        ProcessControl processes = new WindowsProcessControl(runner, systemRoot());
        return new PolicyEvaluator(policy, shells::isAgentAccount, "system", shell -> {
            ShellCommand c = shells.command(shell, "rem");
            return c.isRefused() ? Optional.empty() : Optional.of(c.program());
        }, pid -> processes.identify(pid).map(ProcessControl.ProcessIdentity::name));
    }
}
