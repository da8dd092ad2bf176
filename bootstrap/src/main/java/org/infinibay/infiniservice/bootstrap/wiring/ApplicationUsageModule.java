package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoSet;
import jakarta.inject.Singleton;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.service.MetricsObserver;
import org.infinibay.infiniservice.application.port.out.AppCatalog;
import org.infinibay.infiniservice.application.service.apps.TrackedApplicationSource;
import org.infinibay.infiniservice.domain.metrics.MetricsSnapshot;

/**
 * {@code data.applications} (§7.8) on any guest OS: usage tracked from the process samples over the
 * {@link AppCatalog} the platform module provides, persisted as {@code application-usage}.
 */
@Module
public final class ApplicationUsageModule {
    private ApplicationUsageModule() {
    }

    @Provides
    @Singleton
    static TrackedApplicationSource applications(StateStore store, AppCatalog catalog) {
        return new TrackedApplicationSource(store, catalog);
    }

    /** Application usage is saved at most once a minute; the last minute is saved at shutdown. */
    @Provides
    @IntoSet
    static MetricsObserver flushApplicationUsage(TrackedApplicationSource applications) {
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
