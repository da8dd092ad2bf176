package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.port.out.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.application.port.out.os.CleanupTargets;
import org.infinibay.infiniservice.application.port.out.os.DomainJoiner;
import org.infinibay.infiniservice.application.port.out.os.FirewallInspector;
import org.infinibay.infiniservice.application.port.out.os.GoldenImagePreparer;
import org.infinibay.infiniservice.application.port.out.os.LocalAccounts;
import org.infinibay.infiniservice.application.port.out.os.PackageManager;
import org.infinibay.infiniservice.application.port.out.os.PowerControl;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.application.service.MetricsObserver;
import org.infinibay.infiniservice.application.service.actions.CleanupActions;
import org.infinibay.infiniservice.application.service.actions.DiskSpaceAction;
import org.infinibay.infiniservice.application.service.actions.FirewallActions;
import org.infinibay.infiniservice.application.service.actions.GoldenImageAction;
import org.infinibay.infiniservice.application.service.actions.HealthCheck;
import org.infinibay.infiniservice.application.service.actions.HealthCheckActions;
import org.infinibay.infiniservice.application.service.actions.InventoryCache;
import org.infinibay.infiniservice.application.service.actions.JoinDomainAction;
import org.infinibay.infiniservice.application.service.actions.MaintenanceActions;
import org.infinibay.infiniservice.application.service.actions.PackageActions;
import org.infinibay.infiniservice.application.service.actions.ProcessActions;
import org.infinibay.infiniservice.application.service.actions.RebootAction;
import org.infinibay.infiniservice.application.service.actions.ResourceHistory;
import org.infinibay.infiniservice.application.service.actions.ResourceOptimizationAction;
import org.infinibay.infiniservice.application.service.actions.ServiceActions;
import org.infinibay.infiniservice.application.service.actions.StandardHealthChecks;
import org.infinibay.infiniservice.application.service.actions.SystemInfoActions;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.domain.command.ParameterRule;

/**
 * The safe actions every guest OS has (CONTRACT §8.4), assembled from the OS ports a platform module
 * binds. A platform module provides:
 * <ul>
 *   <li>{@link ServiceManager}, {@link PackageManager}, {@link FirewallInspector}, {@link PowerControl},
 *       {@link CleanupTargets}, {@link DomainJoiner}, {@link GoldenImagePreparer}, {@link LocalAccounts},
 *       {@link ProcessControl};</li>
 *   <li>{@code @Named("actions")} {@link SystemMetricsSource} and {@link ProcessSource}: the actions' own
 *       sources, so sampling for a command never shortens the periodic collection's interval;</li>
 *   <li>{@code @Named("service")} and {@code @Named("package")} {@link ParameterRule}s (§8.2 names);</li>
 *   <li>{@code @Named("updates")} {@link SafeActionExecutor} and its {@link MaintenanceActions.UpdateStatus};</li>
 *   <li>{@code @Named("platform")} {@code List<HealthCheck>}: checks added to the standard ones;</li>
 *   <li>a {@link GoldenImageShutdown};</li>
 *   <li>its OS-only executors into the same {@code Set<SafeActionExecutor>} (one {@code @ElementsIntoSet}).</li>
 * </ul>
 */
@Module
public final class ActionsModule {
    /** §8.5.12: the power-off (or sysprep launch) comes at least 3 s after the reply was written. */
    static final Duration GOLDEN_IMAGE_DELAY = Duration.ofSeconds(3);

    private ActionsModule() {
    }

    /**
     * What follows a golden-image preparation: {@code power.powerOff()} 3 s after the reply;
     * {@code sysprep}: that power-off is the sysprep launch (it reports the schedule as such).
     */
    public record GoldenImageShutdown(PowerControl power, boolean sysprep) {
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

    /** The shared handlers over the platform's ports. */
    @Provides
    @ElementsIntoSet
    static Set<SafeActionExecutor> sharedExecutors(
            @Named("platform") String platform, @Named("version") String version, SystemFactsSource facts,
            AgentClock clock, ResourceHistory history,
            @Named("actions") SystemMetricsSource metrics, @Named("actions") ProcessSource processes,
            ProcessControl processControl, LocalAccounts accounts,
            ServiceManager services, @Named("service") ParameterRule serviceRule,
            PackageManager packages, @Named("package") ParameterRule packageRule,
            @Named("updates") SafeActionExecutor updates, MaintenanceActions.UpdateStatus updateStatus,
            FirewallInspector firewall, @Named("platform") List<HealthCheck> platformChecks,
            CleanupTargets cleanupTargets, PowerControl power, GoldenImagePreparer goldenImage,
            GoldenImageShutdown goldenImageShutdown, DomainJoiner domainJoiner, PolicyEvaluator policy) {
        ResourceOptimizationAction optimization = new ResourceOptimizationAction(history, clock);
        List<HealthCheck> checks = new ArrayList<>(
                StandardHealthChecks.all(metrics, updateStatus, firewall, services, optimization));
        checks.addAll(platformChecks);
        HealthCheckActions health = new HealthCheckActions(checks);
        CleanupActions cleanup = new CleanupActions(cleanupTargets);
        // §8.3: PackageList/PackageSearch and the update checks keep computing after a 124 and answer the
        // retry from a 120 s cache; one cache, so a package mutation also drops the update status.
        InventoryCache inventory = new InventoryCache(clock);
        return Set.of(
                new SystemInfoActions(facts, accounts, version),
                new ProcessActions(processes, processControl, platform),
                new ServiceActions(services, serviceRule, policy),
                inventory.wrap(new PackageActions(packages, packageRule)),
                inventory.wrap(updates),
                new FirewallActions(firewall),
                new DiskSpaceAction(metrics),
                optimization,
                health,
                cleanup,
                new MaintenanceActions(cleanup, health, updateStatus),
                new RebootAction(power),
                new GoldenImageAction(goldenImage, goldenImageShutdown.power(), facts, GOLDEN_IMAGE_DELAY,
                        goldenImageShutdown.sysprep()),
                new JoinDomainAction(domainJoiner, power, facts));
    }
}
