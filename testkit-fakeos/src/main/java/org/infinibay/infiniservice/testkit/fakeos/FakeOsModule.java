package org.infinibay.infiniservice.testkit.fakeos;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.infinibay.infiniservice.application.port.out.AppCatalog;
import org.infinibay.infiniservice.application.port.out.AppInfo;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.GuestPlatform;
import org.infinibay.infiniservice.application.port.out.PortSource;
import org.infinibay.infiniservice.application.port.out.ProcessLauncher;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.port.out.ScriptFiles;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.SelfSample;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFacts;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.application.port.out.UserAccount;
import org.infinibay.infiniservice.application.port.out.UserDirectory;
import org.infinibay.infiniservice.application.port.out.os.ApplicationInventory;
import org.infinibay.infiniservice.application.port.out.os.CleanupOutcome;
import org.infinibay.infiniservice.application.port.out.os.CleanupTargets;
import org.infinibay.infiniservice.application.port.out.os.CommandOutput;
import org.infinibay.infiniservice.application.port.out.os.DomainJoinRequest;
import org.infinibay.infiniservice.application.port.out.os.DomainJoiner;
import org.infinibay.infiniservice.application.port.out.os.FirewallInspector;
import org.infinibay.infiniservice.application.port.out.os.FirewallStatus;
import org.infinibay.infiniservice.application.port.out.os.GoldenImagePreparer;
import org.infinibay.infiniservice.application.port.out.os.GoldenImageShutdown;
import org.infinibay.infiniservice.application.port.out.os.GoldenImageStep;
import org.infinibay.infiniservice.application.port.out.os.InstalledApplication;
import org.infinibay.infiniservice.application.port.out.os.LocalAccount;
import org.infinibay.infiniservice.application.port.out.os.LocalAccounts;
import org.infinibay.infiniservice.application.port.out.os.OsOperationException;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.bootstrap.guest.ForActions;
import org.infinibay.infiniservice.domain.metrics.CpuMetrics;
import org.infinibay.infiniservice.domain.metrics.DiskIoRates;
import org.infinibay.infiniservice.domain.metrics.DiskUsage;
import org.infinibay.infiniservice.domain.metrics.LoadAverage;
import org.infinibay.infiniservice.domain.metrics.MemoryMetrics;
import org.infinibay.infiniservice.domain.metrics.NetworkInterfaceMetrics;
import org.infinibay.infiniservice.domain.metrics.PortMetric;
import org.infinibay.infiniservice.domain.metrics.ProcessMetric;
import org.infinibay.infiniservice.domain.metrics.SystemMetrics;

/**
 * Step 2 of "Adding a guest OS" for the fake OS: every required port of {@code GuestOs}, in memory over
 * one {@link FakeMachine}. The channel and codec are adapters-serial's, reused by including bootstrap's
 * {@code SerialModule} in the component (this module never names an adapters-serial class). No optional port: every catalogue action that needs one answers "not supported on
 * FakeOS" by itself.
 */
@Module
public final class FakeOsModule {
    private static final long BOOT = 1_700_000_000_000L;

    private FakeOsModule() {
    }

    @Provides
    @Singleton
    static FakeMachine machine() {
        return new FakeMachine();
    }

    @Provides
    static GuestPlatform platform() {
        return new GuestPlatform("fakeos", "FakeOS");
    }

    @Provides
    @Singleton
    static StateStore stateStore(FakeMachine machine) {
        return new MemoryStateStore(machine);
    }

    @Provides
    static AuditTrail audit(FakeMachine machine) {
        return machine::audited;
    }

    @Provides
    static SelfMonitor selfMonitor() {
        return () -> new SelfSample(16L * 1024 * 1024, "fake", 0, 4L * 1024 * 1024, 8);
    }

    @Provides
    static SystemFactsSource facts() {
        return () -> new SystemFacts("FakeOS", "FakeOS 1.0", "x86_64", "fake-guest", "fake-kernel 1", null, null,
                3600, List.of("fakepkg"), FakeShells.SHELL);
    }

    @Provides
    @Singleton
    static SystemMetricsSource systemMetrics() {
        return new SystemMetricsSource() {
            @Override
            public void prime() {
            }

            @Override
            public SystemMetrics sample() {
                return new SystemMetrics(new CpuMetrics(12.5, List.of(10.0, 15.0), null),
                        new MemoryMetrics(4_194_304, 3_145_728, 0, 0),
                        List.of(new DiskUsage("/", 20_000_000_000L, 5_000_000_000L, 15_000_000_000L, "fakefs")),
                        DiskIoRates.ZERO,
                        List.of(new NetworkInterfaceMetrics("fake0", 1000, 2000, 10, 20, List.of("192.0.2.10"), true, true,
                                false, "52:54:00:00:00:01")),
                        3600, new LoadAverage(0.1, 0.2, 0.3));
            }
        };
    }

    @Provides
    @ForActions
    static SystemMetricsSource actionMetrics() {
        return systemMetrics();
    }

    @Provides
    static ProcessSource processes(FakeMachine machine) {
        return () -> new ArrayList<>(machine.processes.values());
    }

    @Provides
    @ForActions
    static ProcessSource actionProcesses(FakeMachine machine) {
        return processes(machine);
    }

    @Provides
    static PortSource ports() {
        return () -> List.<PortMetric>of();
    }

    @Provides
    static AppCatalog applicationCatalog() {
        return exe -> (AppInfo) null; // no user applications on FakeOS
    }

    @Provides
    @Singleton
    static ProcessLauncher launcher(FakeMachine machine) {
        return new FakeLauncher(machine);
    }

    @Provides
    static UserDirectory users() {
        return new UserDirectory() {
            @Override
            public Optional<UserAccount> find(String name) {
                return Optional.empty();
            }

            @Override
            public boolean isDirectory(String path) {
                return "/".equals(path);
            }
        };
    }

    @Provides
    static ShellPlatform shells() {
        return new FakeShells();
    }

    @Provides
    @Singleton
    static ScriptFiles scriptFiles(FakeMachine machine) {
        return new MemoryScriptFiles(machine);
    }

    @Provides
    static ProcessControl processControl(FakeMachine machine) {
        return new ProcessControl() {
            @Override
            public Optional<ProcessIdentity> identify(long pid) {
                ProcessMetric p = machine.processes.get((int) pid);
                return p == null ? Optional.empty() : Optional.of(new ProcessIdentity(pid, p.ppid(), p.name(), false));
            }

            @Override
            public boolean reservedPid(long pid) {
                return pid <= 1;
            }

            @Override
            public boolean isProtected(ProcessIdentity process) {
                return process.name().equals("init");
            }

            @Override
            public boolean signal(long pid, boolean force, Duration wait) {
                return machine.processes.remove((int) pid) != null;
            }
        };
    }

    @Provides
    static LocalAccounts localAccounts() {
        return () -> List.of(new LocalAccount("root", 0L, 0L, "the fake administrator", "/", FakeShells.SHELL, null,
                null, null, null));
    }

    @Provides
    @Singleton
    static ServiceManager services(FakeMachine machine) {
        return new FakeServices(machine);
    }

    @Provides
    @Singleton
    static PackageManager packages(FakeMachine machine) {
        return new FakePackages(machine);
    }

    @Provides
    static ApplicationInventory applicationInventory() {
        return deadline -> List.of(new InstalledApplication("fake-tools", "1.0", "FakeOS", null, "/fake", null,
                "Package", null));
    }

    @Provides
    static FirewallInspector firewall() {
        return deadline -> new FirewallStatus("fakewall", true, "active", 1, "deny", "allow", List.of(), "");
    }

    @Provides
    static CleanupTargets cleanupTargets() {
        return new CleanupTargets() {
            @Override
            public String systemDrive() {
                return "/";
            }

            @Override
            public List<String> supported() {
                return List.of("temp_files");
            }

            @Override
            public CleanupOutcome clean(String target, Deadline deadline) {
                return new CleanupOutcome(target, true, 0, 0, null);
            }
        };
    }

    /** Power requests are refused: a test never powers its machine off. */
    @Provides
    static PowerControl power() {
        return new PowerControl() {
            @Override
            public String unavailableReason() {
                return "FakeOS has no power to control";
            }

            @Override
            public void reboot(boolean force) throws OsOperationException {
                throw new OsOperationException("FakeOS has no power to control");
            }

            @Override
            public void powerOff() throws OsOperationException {
                throw new OsOperationException("FakeOS has no power to control");
            }
        };
    }

    @Provides
    static GoldenImagePreparer goldenImage() {
        return new GoldenImagePreparer() {
            @Override
            public String refusal() {
                return "FakeOS is never a template";
            }

            @Override
            public List<GoldenImageStep> prepare(String level, boolean sanitizeUserData, Deadline deadline) {
                return List.of();
            }
        };
    }

    @Provides
    static GoldenImageShutdown goldenImageShutdown(PowerControl power) {
        return GoldenImageShutdown.powerOff(power);
    }

    @Provides
    static DomainJoiner domainJoiner() {
        return new DomainJoiner() {
            @Override
            public CommandOutput join(DomainJoinRequest request, Deadline deadline) throws OsOperationException {
                throw new OsOperationException("FakeOS joins no domain");
            }
        };
    }
}
