package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;
import org.infinibay.infiniservice.adapters.linux.actions.Commands;
import org.infinibay.infiniservice.adapters.linux.apps.LinuxApplicationInventory;
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
import org.infinibay.infiniservice.adapters.linux.exec.LinuxProcessLauncher;
import org.infinibay.infiniservice.adapters.linux.exec.PasswdUserDirectory;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsProcessSource;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.adapters.linux.self.ProcSelfMonitor;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
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
import org.infinibay.infiniservice.application.service.actions.IntegrityAction;
import org.infinibay.infiniservice.application.service.actions.MaintenanceActions;
import org.infinibay.infiniservice.application.service.actions.NotSupportedExecutor;
import org.infinibay.infiniservice.application.service.actions.SecurityModuleAction;
import org.infinibay.infiniservice.application.service.actions.UpdateActions;
import org.infinibay.infiniservice.application.service.exec.ExecutableLookup;
import org.infinibay.infiniservice.application.service.unsafe.LinuxShells;
import org.infinibay.infiniservice.application.service.unsafe.ShellPlatform;
import org.infinibay.infiniservice.domain.command.ParameterRule;

/**
 * The Linux ports behind the shared actions and execution ({@link ActionsModule},
 * {@link ExecutionModule}): systemd, the distribution's package manager, nftables/iptables/firewalld,
 * realmd, /proc; and the Linux-only actions (CheckLinuxUpdates, security modules, integrity).
 */
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
    static ServiceManager services(Commands commands) {
        return new SystemdServiceManager(commands);
    }

    @Provides
    @Singleton
    static FirewallInspector firewall(Commands commands) {
        return new LinuxFirewallInspector(commands);
    }

    @Provides
    @Singleton
    static PowerControl power(Commands commands) {
        return new SystemdPowerControl(commands);
    }

    @Provides
    static CleanupTargets cleanupTargets(Commands commands, PackageManager packages) {
        return new LinuxCleanupTargets(commands, packages);
    }

    @Provides
    static DomainJoiner domainJoiner(Commands commands, PackageManager packages) {
        return new RealmDomainJoiner(commands, packages, true);
    }

    @Provides
    static GoldenImagePreparer goldenImage(Commands commands, PackageManager packages, StateStore store) {
        return new LinuxGoldenImagePreparer(commands, packages, store);
    }

    @Provides
    static ActionsModule.GoldenImageShutdown goldenImageShutdown(PowerControl power) {
        return new ActionsModule.GoldenImageShutdown(power, false);
    }

    @Provides
    static LocalAccounts localAccounts() {
        return new PasswdAccounts();
    }

    @Provides
    static ProcessControl processControl() {
        return new LinuxProcessControl();
    }

    @Provides
    @Named("actions")
    static SystemMetricsSource actionMetrics() {
        return new ProcfsSystemMetricsSource();
    }

    @Provides
    @Named("actions")
    static ProcessSource actionProcesses() {
        return new ProcfsProcessSource();
    }

    @Provides
    @Named("service")
    static ParameterRule serviceRule() {
        return ParameterRule.SERVICE_LINUX;
    }

    @Provides
    @Named("package")
    static ParameterRule packageRule() {
        return ParameterRule.PACKAGE_LINUX;
    }

    @Provides
    @Singleton
    static UpdateActions updates(PackageManager packages, SystemFactsSource facts, AgentClock clock,
                                 ProgramRunner runner) {
        // GetInstalledApplicationsWMI (§8.5.7): answered on Linux too, from the desktop entries' packages
        return new UpdateActions(packages, facts, clock, ParameterRule.PACKAGE_LINUX,
                LinuxApplicationInventory.standard(runner));
    }

    @Provides
    @Named("updates")
    static SafeActionExecutor updatesExecutor(UpdateActions updates) {
        return updates;
    }

    @Provides
    static MaintenanceActions.UpdateStatus updateStatus(UpdateActions updates) {
        return updates::updateStatus;
    }

    @Provides
    @Named("platform")
    static List<HealthCheck> platformHealthChecks() {
        return List.of();
    }

    /** The Linux-only actions, and the refusal of the Windows-only ones. */
    @Provides
    @ElementsIntoSet
    static Set<SafeActionExecutor> linuxExecutors(Commands commands) {
        return Set.of(
                new SecurityModuleAction(new LinuxSecurityModuleInspector(commands)),
                new IntegrityAction(new LinuxIntegrityChecker(commands)),
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
    static ShellPlatform shells() {
        return new LinuxShells(ExecutableLookup.onPath(System::getenv));
    }

    /** The guest policy on Linux: root is the agent account; a shell is usable when it can run {@code true}. */
    @Provides
    @Named("agentAccount")
    static String agentAccount() {
        return "root";
    }

    @Provides
    @Named("noOpCommand")
    static String noOpCommand() {
        return "true";
    }

    /** The agent's own RSS and threads from /proc/self (self-protection). */
    @Provides
    @Singleton
    static SelfMonitor selfMonitor() {
        return new ProcSelfMonitor();
    }
}
