package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
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
 * The Windows adapters: OSHI metrics, the SYSTEM/Administrators-only state directory, system facts.
 * {@code applications} and {@code windows_services} are not collected yet (both optional, §7.7/§7.8).
 */
@Module(includes = WindowsActionsModule.class)
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
    static MetricsService.Sources sources(OshiProcessSource processes) {
        return new MetricsService.Sources(new OshiSystemMetricsSource(systemDrive()), processes, new OshiPortSource(),
                null, null);
    }

    @Provides
    @Singleton
    static SelfMonitor selfMonitor() {
        return new OshiSelfMonitor();
    }
}
