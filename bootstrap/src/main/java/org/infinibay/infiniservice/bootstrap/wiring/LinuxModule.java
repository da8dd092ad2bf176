package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.adapters.linux.apps.LinuxAppCatalog;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsPortSource;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsProcessSource;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.adapters.linux.state.FileStateStore;
import org.infinibay.infiniservice.adapters.linux.system.LinuxSystemFactsSource;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.service.apps.AppCatalog;
import org.infinibay.infiniservice.application.service.apps.TrackedApplicationSource;
import org.infinibay.infiniservice.application.service.metrics.MetricsService;
import org.infinibay.infiniservice.bootstrap.config.Configuration;

/**
 * The Linux adapters: procfs metrics, the state directory, system facts, the installed-application
 * catalog; the ports of the shared modules ({@link GuestModule}) are bound in {@link LinuxActionsModule}.
 */
@Module(includes = {GuestModule.class, LinuxActionsModule.class})
public final class LinuxModule {
    private LinuxModule() {
    }

    @Provides
    @Named("platform")
    static String platform() {
        return "linux";
    }

    @Provides
    @Singleton
    static StateStore stateStore(Configuration c) {
        return new FileStateStore(c.stateDir());
    }

    @Provides
    @Singleton
    static SystemFactsSource facts() {
        return new LinuxSystemFactsSource();
    }

    @Provides
    @Singleton
    static ProcfsProcessSource processes() {
        return new ProcfsProcessSource();
    }

    @Provides
    @Singleton
    static MetricsService.Sources sources(ProcfsProcessSource processes, TrackedApplicationSource applications) {
        return new MetricsService.Sources(new ProcfsSystemMetricsSource(), processes, new ProcfsPortSource(),
                applications, null);
    }

    /** Desktop entries and package-owned executables; rpm (where there is no dpkg) runs through the engine. */
    @Provides
    @Singleton
    static AppCatalog applicationCatalog(ProgramRunner runner) {
        return LinuxAppCatalog.standard(runner);
    }
}
