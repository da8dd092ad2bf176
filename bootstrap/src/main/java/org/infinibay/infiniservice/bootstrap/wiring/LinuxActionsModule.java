package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import jakarta.inject.Named;
import org.infinibay.infiniservice.adapters.linux.actions.Commands;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxCleanupTargets;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxFirewallInspector;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxGoldenImagePreparer;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxIntegrityChecker;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxProcessControl;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxSecurityModuleInspector;
import org.infinibay.infiniservice.adapters.linux.actions.PackageManagerSelector;
import org.infinibay.infiniservice.adapters.linux.actions.PasswdAccounts;
import org.infinibay.infiniservice.adapters.linux.actions.Programs;
import org.infinibay.infiniservice.adapters.linux.actions.RealmDomainJoiner;
import org.infinibay.infiniservice.adapters.linux.actions.SystemdPowerControl;
import org.infinibay.infiniservice.adapters.linux.actions.SystemdServiceManager;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsProcessSource;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.service.MetricsObserver;
import org.infinibay.infiniservice.application.service.actions.CleanupActions;
import org.infinibay.infiniservice.application.service.actions.DiskSpaceAction;
import org.infinibay.infiniservice.application.service.actions.FirewallActions;
import org.infinibay.infiniservice.application.service.actions.GoldenImageAction;
import org.infinibay.infiniservice.application.service.actions.HealthCheckActions;
import org.infinibay.infiniservice.application.service.actions.IntegrityAction;
import org.infinibay.infiniservice.application.service.actions.JoinDomainAction;
import org.infinibay.infiniservice.application.service.actions.MaintenanceActions;
import org.infinibay.infiniservice.application.service.actions.NotSupportedExecutor;
import org.infinibay.infiniservice.application.service.actions.PackageActions;
import org.infinibay.infiniservice.application.service.actions.ProcessActions;
import org.infinibay.infiniservice.application.service.actions.RebootAction;
import org.infinibay.infiniservice.application.service.actions.ResourceHistory;
import org.infinibay.infiniservice.application.service.actions.ResourceOptimizationAction;
import org.infinibay.infiniservice.application.service.actions.SecurityModuleAction;
import org.infinibay.infiniservice.application.service.actions.ServiceActions;
import org.infinibay.infiniservice.application.service.actions.StandardHealthChecks;
import org.infinibay.infiniservice.application.service.actions.SystemInfoActions;
import org.infinibay.infiniservice.application.service.actions.UpdateActions;
import org.infinibay.infiniservice.domain.command.ParameterRule;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import org.infinibay.infiniservice.adapters.linux.audit.FileAuditTrail;
import org.infinibay.infiniservice.adapters.linux.exec.LinuxProcessLauncher;
import org.infinibay.infiniservice.adapters.linux.exec.PasswdUserDirectory;
import org.infinibay.infiniservice.application.exec.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.service.AgentSettings;
import org.infinibay.infiniservice.application.service.PendingScriptsHandler;
import org.infinibay.infiniservice.application.service.UnsafeCommandHandler;
import org.infinibay.infiniservice.application.service.exec.ExecutableLookup;
import org.infinibay.infiniservice.application.service.exec.ExecutionEngine;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.scripts.PendingScriptsService;
import org.infinibay.infiniservice.application.service.scripts.RetryPolicy;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.application.service.unsafe.ShellCommand;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.adapters.linux.self.ProcSelfMonitor;
import java.util.Optional;
import org.infinibay.infiniservice.application.service.unsafe.LinuxShells;
import org.infinibay.infiniservice.application.service.unsafe.ShellPlatform;
import org.infinibay.infiniservice.application.service.unsafe.UnsafeCommandService;
import org.infinibay.infiniservice.bootstrap.config.Configuration;

/** Command execution on Linux: the execution engine, unsafe commands, scripts and safe actions. */
@Module
public final class LinuxActionsModule {
    private LinuxActionsModule() {
    }

    @Provides
    @Singleton
    static Commands commands(ProgramRunner runner) {
        return new Commands(runner, Programs.system());
    }

    @Provides
    @Singleton
    static PackageManager packageManager(Commands commands) {
        return PackageManagerSelector.select(PackageManagerSelector.linuxDefaults(commands));
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

    /**
     * Every Linux action. Actions read their own metrics and process sources, so that sampling for a
     * command never shortens the interval of the periodic collection.
     */
    @Provides
    @ElementsIntoSet
    static Set<SafeActionExecutor> executors(Commands commands, PackageManager packages, SystemFactsSource facts,
                                             StateStore store, ResourceHistory history, AgentClock clock,
                                             @Named("version") String version) {
        SystemMetricsSource metrics = new ProcfsSystemMetricsSource();
        SystemdServiceManager services = new SystemdServiceManager(commands);
        LinuxFirewallInspector firewall = new LinuxFirewallInspector(commands);
        SystemdPowerControl power = new SystemdPowerControl(commands);
        UpdateActions updates = new UpdateActions(packages, facts, clock, ParameterRule.PACKAGE_LINUX);
        ResourceOptimizationAction optimization = new ResourceOptimizationAction(history, clock);
        HealthCheckActions health = new HealthCheckActions(
                StandardHealthChecks.all(metrics, updates, firewall, services, optimization));
        CleanupActions cleanup = new CleanupActions(new LinuxCleanupTargets(commands, packages));
        return Set.of(
                new SystemInfoActions(facts, new PasswdAccounts(), version),
                new ProcessActions(new ProcfsProcessSource(), new LinuxProcessControl(), "linux"),
                new ServiceActions(services, ParameterRule.SERVICE_LINUX),
                new PackageActions(packages, ParameterRule.PACKAGE_LINUX),
                updates,
                new FirewallActions(firewall),
                new SecurityModuleAction(new LinuxSecurityModuleInspector(commands)),
                new IntegrityAction(new LinuxIntegrityChecker(commands)),
                new DiskSpaceAction(metrics),
                optimization,
                health,
                cleanup,
                new MaintenanceActions(cleanup, health, updates::updateStatus),
                new RebootAction(power),
                new GoldenImageAction(new LinuxGoldenImagePreparer(commands, packages, store), power, facts),
                new JoinDomainAction(new RealmDomainJoiner(commands, packages, true), power, facts),
                NotSupportedExecutor.forLinux());
    }

    @Provides
    @Singleton
    static UserDirectory users() {
        return new PasswdUserDirectory();
    }

    @Provides
    @Singleton
    static ProcessLauncher launcher(UserDirectory users) {
        return new LinuxProcessLauncher(users);
    }

    @Provides
    @Singleton
    static ProgramRunner engine(ProcessLauncher launcher, AgentClock clock) {
        return new ExecutionEngine(launcher, System::getenv, clock);
    }

    @Provides
    @Singleton
    static ShellPlatform shells() {
        return new LinuxShells(ExecutableLookup.onPath(System::getenv));
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
        // the raw command text is logged (at DEBUG) only when the operator asked for --debug
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

    /** The guest policy on Linux: root is the agent account, shells as LinuxShells runs them. */
    @Provides
    @Singleton
    static PolicyEvaluator policyEvaluator(LoadedPolicy policy, ShellPlatform shells) {
        LinuxProcessControl processes = new LinuxProcessControl();
        return new PolicyEvaluator(policy, shells::isAgentAccount, "root", shell -> {
            ShellCommand c = shells.command(shell, "true");
            return c.isRefused() ? Optional.empty() : Optional.of(c.program());
        }, pid -> processes.identify(pid).map(ProcessControl.ProcessIdentity::name));
    }

    /** The agent's own RSS and threads from /proc/self (self-protection). */
    @Provides
    @Singleton
    static SelfMonitor selfMonitor() {
        return new ProcSelfMonitor();
    }
}
