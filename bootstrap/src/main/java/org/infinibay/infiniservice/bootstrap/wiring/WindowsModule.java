package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import java.util.ArrayList;
import java.util.List;
import org.infinibay.infiniservice.adapters.windows.apps.WindowsAppCatalog;
import org.infinibay.infiniservice.adapters.windows.registry.RegistryUninstallReader;
import org.infinibay.infiniservice.adapters.windows.registry.UninstallEntry;
import org.infinibay.infiniservice.adapters.windows.services.ScmServiceManager;
import org.infinibay.infiniservice.adapters.windows.services.WindowsServiceInventory;
import org.infinibay.infiniservice.application.service.apps.AppCatalog;
import org.infinibay.infiniservice.application.service.apps.TrackedApplicationSource;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiPortSource;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiProcessSource;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiSelfMonitor;
import org.infinibay.infiniservice.adapters.windows.metrics.OshiSystemMetricsSource;
import org.infinibay.infiniservice.adapters.windows.state.WindowsStateStore;
import org.infinibay.infiniservice.adapters.windows.system.WindowsSystemFactsSource;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.service.metrics.MetricsService;
import org.infinibay.infiniservice.bootstrap.config.Configuration;

/**
 * The Windows adapters: OSHI metrics, the SYSTEM/Administrators-only state directory, system facts,
 * {@code windows_services} from the SCM (§7.7) and {@code applications} usage tracked from the
 * process samples (§7.8).
 */
@Module(includes = {GuestModule.class, WindowsActionsModule.class})
public final class WindowsModule {
    private WindowsModule() {
    }

    @Provides
    @Named("platform")
    static String platform() {
        return "windows";
    }

    @Provides
    @Singleton
    static StateStore stateStore(Configuration c) {
        return new WindowsStateStore(c.stateDir());
    }

    @Provides
    @Singleton
    static SystemFactsSource facts() {
        return new WindowsSystemFactsSource();
    }

    @Provides
    @Singleton
    static OshiProcessSource processes() {
        return new OshiProcessSource();
    }

    static String systemDrive() {
        String d = System.getenv("SystemDrive");
        return d == null || d.isBlank() ? "C:" : d;
    }

    @Provides
    @Singleton
    static MetricsService.Sources sources(OshiProcessSource processes, TrackedApplicationSource applications,
                                          ScmServiceManager services) {
        return new MetricsService.Sources(new OshiSystemMetricsSource(systemDrive()), processes, new OshiPortSource(),
                applications, new WindowsServiceInventory(services, System::nanoTime));
    }

    /** Uninstall entries (machine and loaded user hives) and the Program Files roots. */
    @Provides
    @Singleton
    static AppCatalog applicationCatalog() {
        String root = WindowsActionsModule.systemRoot();
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
        }, root, programRoots);
    }

    @Provides
    @Singleton
    static SelfMonitor selfMonitor() {
        return new OshiSelfMonitor();
    }
}
