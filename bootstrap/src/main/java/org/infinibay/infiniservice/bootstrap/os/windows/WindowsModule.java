package org.infinibay.infiniservice.bootstrap.os.windows;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.infinibay.infiniservice.adapters.windows.actions.DismIntegrityChecker;
import org.infinibay.infiniservice.adapters.windows.actions.PowerShellDomainJoiner;
import org.infinibay.infiniservice.adapters.windows.actions.SysprepLauncher;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsFirewallInspector;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsGoldenImagePreparer;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsLocalAccounts;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsPowerControl;
import org.infinibay.infiniservice.adapters.windows.actions.WindowsProcessControl;
import org.infinibay.infiniservice.adapters.windows.apps.WindowsAppCatalog;
import org.infinibay.infiniservice.adapters.windows.apps.WindowsApplicationInventory;
import org.infinibay.infiniservice.adapters.windows.cleanup.WindowsCleanupTargets;
import org.infinibay.infiniservice.adapters.windows.defender.DefenderPowerShell;
import org.infinibay.infiniservice.adapters.windows.exec.NoLocalAccounts;
import org.infinibay.infiniservice.adapters.windows.exec.WindowsProcessLauncher;
import org.infinibay.infiniservice.adapters.windows.exec.WindowsShells;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiPortSource;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiProcessSource;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiSelfMonitor;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiSystemMetricsSource;
import org.infinibay.infiniservice.adapters.windows.powershell.PowerShell;
import org.infinibay.infiniservice.adapters.windows.powershell.WindowsScriptHost;
import org.infinibay.infiniservice.adapters.windows.registry.RegistryUninstallReader;
import org.infinibay.infiniservice.adapters.windows.registry.UninstallEntry;
import org.infinibay.infiniservice.adapters.windows.scripts.WindowsScriptFiles;
import org.infinibay.infiniservice.adapters.windows.services.ScmServiceManager;
import org.infinibay.infiniservice.adapters.windows.services.WindowsServiceInventory;
import org.infinibay.infiniservice.adapters.windows.state.WindowsAuditTrail;
import org.infinibay.infiniservice.adapters.windows.state.WindowsStateStore;
import org.infinibay.infiniservice.adapters.windows.system.WindowsSystemFactsSource;
import org.infinibay.infiniservice.adapters.windows.update.WuaSystemUpdates;
import org.infinibay.infiniservice.adapters.windows.update.WuaUpdateAgent;
import org.infinibay.infiniservice.adapters.windows.winget.WingetLocator;
import org.infinibay.infiniservice.adapters.windows.winget.WingetPackageManager;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AppCatalog;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.GuestPlatform;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.PortSource;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.port.out.ScriptFiles;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.ServiceInventorySource;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.port.out.os.AntivirusInspector;
import org.infinibay.infiniservice.application.port.out.os.ApplicationInventory;
import org.infinibay.infiniservice.application.port.out.os.CleanupTargets;
import org.infinibay.infiniservice.application.port.out.os.DomainJoiner;
import org.infinibay.infiniservice.application.port.out.os.FirewallInspector;
import org.infinibay.infiniservice.application.port.out.os.GoldenImagePreparer;
import org.infinibay.infiniservice.application.port.out.os.GoldenImageShutdown;
import org.infinibay.infiniservice.application.port.out.os.IntegrityChecker;
import org.infinibay.infiniservice.application.port.out.os.LocalAccounts;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.application.port.out.os.ScriptHost;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.application.port.out.os.UpdateAgent;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.bootstrap.guest.ForActions;

/**
 * The Windows adapters (adapters-windows) behind every port: OSHI metrics, the SYSTEM/Administrators-only
 * state directory and audit file (NTFS ACLs), system facts, the Job-object launcher with the Windows
 * shell table, SCM services ({@code windows_services}, §7.7), winget packages, firewall profiles, cleanup
 * targets, sysprep, domain join, and the ports only Windows has: the Windows Update Agent, Defender,
 * the PowerShell script host, DISM. {@code applications} usage is tracked from the process samples (§7.8).
 */
@Module
public abstract class WindowsModule {
    private WindowsModule() {
    }

    static String systemRoot() {
        String r = System.getenv("SystemRoot");
        return r == null || r.isBlank() ? "C:\\Windows" : r;
    }

    static String systemDrive() {
        String d = System.getenv("SystemDrive");
        return d == null || d.isBlank() ? "C:" : d;
    }

    @Provides
    static GuestPlatform platform() {
        return new GuestPlatform("windows", "Windows");
    }

    @Provides
    @Singleton
    static StateStore stateStore(Configuration c) {
        return new WindowsStateStore(c.stateDir());
    }

    /** The audit file with the state directory's private ACL (no POSIX call on NTFS). */
    @Provides
    @Singleton
    static AuditTrail audit(Configuration c) {
        return new WindowsAuditTrail(c.stateDir().resolve("audit"));
    }

    @Provides
    @Singleton
    static SystemFactsSource facts() {
        return new WindowsSystemFactsSource();
    }

    @Provides
    @Singleton
    static SelfMonitor selfMonitor() {
        return new OshiSelfMonitor();
    }

    @Provides
    @Singleton
    static SystemMetricsSource systemMetrics() {
        return new OshiSystemMetricsSource(systemDrive());
    }

    @Provides
    @Singleton
    static ProcessSource processes() {
        return new OshiProcessSource();
    }

    @Provides
    @Singleton
    static PortSource ports() {
        return new OshiPortSource();
    }

    @Provides
    @Singleton
    static ServiceInventorySource serviceInventory(ScmServiceManager services) {
        return new WindowsServiceInventory(services, System::nanoTime);
    }

    /** Uninstall entries (machine and loaded user hives) and the Program Files roots. */
    @Provides
    @Singleton
    static AppCatalog applicationCatalog() {
        List<String> programRoots = new ArrayList<>();
        for (String v : List.of("ProgramFiles", "ProgramFiles(x86)", "ProgramW6432")) {
            String p = System.getenv(v);
            if (p != null && !p.isBlank() && !programRoots.contains(p)) {
                programRoots.add(p);
            }
        }
        if (programRoots.isEmpty()) {
            programRoots.add(systemDrive() + "\\Program Files");
        }
        RegistryUninstallReader registry = new RegistryUninstallReader();
        return new WindowsAppCatalog(() -> {
            List<UninstallEntry> all = new ArrayList<>(registry.read());
            all.addAll(registry.readLoadedUserHives());
            return all;
        }, systemRoot(), programRoots);
    }

    @Provides
    @Singleton
    static ProcessLauncher launcher() {
        return new WindowsProcessLauncher();
    }

    @Provides
    @Singleton
    static UserDirectory users() {
        return new NoLocalAccounts(); // run_as is refused on Windows (§10.2)
    }

    @Provides
    @Singleton
    static ShellPlatform shells() {
        return WindowsShells.onPath(System::getenv);
    }

    @Provides
    @Singleton
    static ScriptFiles scriptFiles(Configuration c) {
        return new WindowsScriptFiles(c.stateDir().resolve("scripts"));
    }

    @Provides
    @ForActions
    static SystemMetricsSource actionMetrics() {
        return new OshiSystemMetricsSource(systemDrive());
    }

    @Provides
    @ForActions
    static ProcessSource actionProcesses() {
        return new OshiProcessSource();
    }

    @Provides
    @Singleton
    static PowerShell powershell(ProgramRunner runner, JsonCodec codec) {
        return new PowerShell(runner, codec, systemRoot() + "\\System32\\WindowsPowerShell\\v1.0\\powershell.exe");
    }

    @Provides
    @Singleton
    static WuaUpdateAgent wua(PowerShell powershell) {
        return new WuaUpdateAgent(powershell);
    }

    @Binds
    abstract UpdateAgent updateAgent(WuaUpdateAgent agent);

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
        String drive = systemDrive();
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

    /** The golden image's "power-off" is the sysprep launch: sysprep generalises and shuts the guest down itself. */
    @Provides
    static GoldenImageShutdown goldenImageShutdown(SysprepLauncher sysprep) {
        return new GoldenImageShutdown(sysprep, "sysprep /generalize /oobe /shutdown", true);
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
    @Singleton
    static ApplicationInventory applicationInventory(PowerShell powershell) {
        return new WindowsApplicationInventory(new RegistryUninstallReader(), powershell);
    }

    @Provides
    @Singleton
    static AntivirusInspector antivirus(PowerShell powershell) {
        return new DefenderPowerShell(powershell);
    }

    @Provides
    @Singleton
    static ScriptHost scriptHost(Configuration c) {
        return new WindowsScriptHost(c.stateDir().resolve("powershell"), System.getenv());
    }

    @Provides
    static IntegrityChecker integrity(ProgramRunner runner) {
        return new DismIntegrityChecker(runner, systemRoot());
    }
}
