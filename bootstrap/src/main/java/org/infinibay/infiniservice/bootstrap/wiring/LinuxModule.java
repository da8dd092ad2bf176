package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.adapters.linux.apps.LinuxApplicationSource;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsPortSource;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsProcessSource;
import org.infinibay.infiniservice.adapters.linux.metrics.ProcfsSystemMetricsSource;
import org.infinibay.infiniservice.adapters.linux.state.FileStateStore;
import org.infinibay.infiniservice.adapters.linux.system.LinuxSystemFactsSource;
import org.infinibay.infiniservice.application.exec.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.service.metrics.MetricsService;
import org.infinibay.infiniservice.domain.metrics.MetricsSnapshot;
import org.infinibay.infiniservice.application.service.MetricsObserver;
import org.infinibay.infiniservice.bootstrap.config.Configuration;

/** The Linux adapters: procfs metrics, the state directory, system facts. */
@Module(includes = LinuxActionsModule.class)
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
    static MetricsService.Sources sources(ProcfsProcessSource processes, LinuxApplicationSource applications) {
        return new MetricsService.Sources(new ProcfsSystemMetricsSource(), processes, new ProcfsPortSource(),
                applications, null);
    }

    @Provides
    @Singleton
    static LinuxApplicationSource applications(StateStore store, ProgramRunner runner) {
        return new LinuxApplicationSource(store, runner);
    }

    /** Application usage is saved at most once a minute; the last minute is saved at shutdown. */
    @Provides
    @IntoSet
    static MetricsObserver flushApplicationUsage(LinuxApplicationSource applications) {
        return new MetricsObserver() {
            @Override
            public void onSnapshot(MetricsSnapshot snapshot, long epochMillis) {
            }

            @Override
            public void onShutdown() {
                applications.flush();
            }
        };
    }
}
