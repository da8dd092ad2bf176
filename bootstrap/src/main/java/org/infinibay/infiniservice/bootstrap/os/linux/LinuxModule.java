package org.infinibay.infiniservice.bootstrap.os.linux;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.adapters.linux.actions.Commands;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxCleanupTargets;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxFirewallInspector;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxGoldenImagePreparer;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxIntegrityChecker;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxProcessControl;
import org.infinibay.infiniservice.adapters.linux.actions.LinuxSecurityModuleInspector;
import org.infinibay.infiniservice.adapters.linux.actions.PackageManagerSelector;
import org.infinibay.infiniservice.adapters.linux.actions.Programs;
import org.infinibay.infiniservice.adapters.linux.actions.RealmDomainJoiner;
import org.infinibay.infiniservice.adapters.linux.actions.SystemdPowerControl;
import org.infinibay.infiniservice.adapters.linux.actions.SystemdServiceManager;
import org.infinibay.infiniservice.adapters.linux.apps.LinuxAppCatalog;
import org.infinibay.infiniservice.adapters.linux.apps.LinuxApplicationInventory;
import org.infinibay.infiniservice.adapters.linux.exec.LinuxProcessLauncher;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsPortSource;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsProcessSource;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.adapters.linux.self.ProcSelfMonitor;
import org.infinibay.infiniservice.adapters.linux.system.LinuxSystemFactsSource;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AppCatalog;
import org.infinibay.infiniservice.application.port.out.GuestPlatform;
import org.infinibay.infiniservice.application.port.out.PortSource;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.port.out.os.ApplicationInventory;
import org.infinibay.infiniservice.application.port.out.os.CleanupTargets;
import org.infinibay.infiniservice.application.port.out.os.DomainJoiner;
import org.infinibay.infiniservice.application.port.out.os.FirewallInspector;
import org.infinibay.infiniservice.application.port.out.os.GoldenImagePreparer;
import org.infinibay.infiniservice.application.port.out.os.GoldenImageShutdown;
import org.infinibay.infiniservice.application.port.out.os.IntegrityChecker;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.application.port.out.os.SecurityModuleInspector;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.bootstrap.guest.ForActions;

/**
 * The Linux adapters (adapters-linux) behind the ports the POSIX module does not bind: procfs metrics
 * and facts, the cgroup/session launcher, systemd, the distribution's package manager,
 * nftables/iptables/firewalld, realmd, the desktop-entry application catalog, AppArmor/SELinux and
 * package verification (the two optional ports Linux has: CheckSecurityModules, CheckSystemIntegrity).
 */
@Module
public final class LinuxModule {
    private LinuxModule() {
    }

    @Provides
    static GuestPlatform platform() {
        return new GuestPlatform("linux", "Linux");
    }

    @Provides
    @Singleton
    static SystemFactsSource facts() {
        return new LinuxSystemFactsSource();
    }

    /** The agent's own RSS and threads from /proc/self (self-protection). */
    @Provides
    @Singleton
    static SelfMonitor selfMonitor() {
        return new ProcSelfMonitor();
    }

    @Provides
    @Singleton
    static SystemMetricsSource systemMetrics() {
        return new ProcfsSystemMetricsSource();
    }

    @Provides
    @Singleton
    static ProcessSource processes() {
        return new ProcfsProcessSource();
    }

    @Provides
    @Singleton
    static PortSource ports() {
        return new ProcfsPortSource();
    }

    /** Desktop entries and package-owned executables; rpm (where there is no dpkg) runs through the engine. */
    @Provides
    @Singleton
    static AppCatalog applicationCatalog(ProgramRunner runner) {
        return LinuxAppCatalog.standard(runner);
    }

    @Provides
    @Singleton
    static ProcessLauncher launcher(UserDirectory users) {
        return new LinuxProcessLauncher(users);
    }

    // the safe actions' own sources, so sampling for a command never shortens the collection's interval
    @Provides
    @ForActions
    static SystemMetricsSource actionMetrics() {
        return new ProcfsSystemMetricsSource();
    }

    @Provides
    @ForActions
    static ProcessSource actionProcesses() {
        return new ProcfsProcessSource();
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
    static GoldenImageShutdown goldenImageShutdown(PowerControl power) {
        return GoldenImageShutdown.powerOff(power);
    }

    @Provides
    static ProcessControl processControl() {
        return new LinuxProcessControl();
    }

    /** GetInstalledApplicationsWMI (§8.5.7): answered on Linux too, from the desktop entries' packages. */
    @Provides
    @Singleton
    static ApplicationInventory applicationInventory(ProgramRunner runner) {
        return LinuxApplicationInventory.standard(runner);
    }

    @Provides
    static SecurityModuleInspector securityModules(Commands commands) {
        return new LinuxSecurityModuleInspector(commands);
    }

    @Provides
    static IntegrityChecker integrity(Commands commands) {
        return new LinuxIntegrityChecker(commands);
    }
}
