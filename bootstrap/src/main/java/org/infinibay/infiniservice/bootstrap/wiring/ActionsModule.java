package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import dagger.multibindings.IntoSet;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemFactsSource;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
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
import org.infinibay.infiniservice.application.port.out.os.SecurityModuleInspector;
import org.infinibay.infiniservice.application.port.out.os.ServiceManager;
import org.infinibay.infiniservice.application.port.out.os.UpdateAgent;
import org.infinibay.infiniservice.application.service.MetricsObserver;
import org.infinibay.infiniservice.application.service.actions.AntivirusActions;
import org.infinibay.infiniservice.application.service.actions.ApplicationInventoryActions;
import org.infinibay.infiniservice.application.service.actions.CleanupActions;
import org.infinibay.infiniservice.application.service.actions.DiskSpaceAction;
import org.infinibay.infiniservice.application.service.actions.FirewallActions;
import org.infinibay.infiniservice.application.service.actions.GoldenImageAction;
import org.infinibay.infiniservice.application.service.actions.HealthCheck;
import org.infinibay.infiniservice.application.service.actions.HealthCheckActions;
import org.infinibay.infiniservice.application.service.actions.IntegrityAction;
import org.infinibay.infiniservice.application.service.actions.InventoryCache;
import org.infinibay.infiniservice.application.service.actions.JoinDomainAction;
import org.infinibay.infiniservice.application.service.actions.MaintenanceActions;
import org.infinibay.infiniservice.application.service.actions.PackageActions;
import org.infinibay.infiniservice.application.service.actions.PackageUpdateActions;
import org.infinibay.infiniservice.application.service.actions.ProcessActions;
import org.infinibay.infiniservice.application.service.actions.RebootAction;
import org.infinibay.infiniservice.application.service.actions.ResourceHistory;
import org.infinibay.infiniservice.application.service.actions.ResourceOptimizationAction;
import org.infinibay.infiniservice.application.service.actions.ScriptHostAction;
import org.infinibay.infiniservice.application.service.actions.SecurityModuleAction;
import org.infinibay.infiniservice.application.service.actions.ServiceActions;
import org.infinibay.infiniservice.application.service.actions.StandardHealthChecks;
import org.infinibay.infiniservice.application.service.actions.SystemInfoActions;
import org.infinibay.infiniservice.application.service.actions.UpdateAgentActions;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.bootstrap.guest.ForActions;

/**
 * Every safe-action handler (CONTRACT §8.4), built from the ports the guest OS provides
 * ({@link org.infinibay.infiniservice.bootstrap.guest.GuestOs}). The handlers every guest has come
 * from its required ports; the others exist when the guest binds their optional port:
 * <ul>
 *   <li>an {@link UpdateAgent} (OS updates apart from the package manager): {@link UpdateAgentActions}
 *       and {@link ApplicationInventoryActions}; without one the package manager is the update source
 *       ({@link PackageUpdateActions});</li>
 *   <li>an {@link AntivirusInspector}: {@link AntivirusActions}, and its check joins the health checks;</li>
 *   <li>a {@link ScriptHost}: {@link ScriptHostAction}; a {@link SecurityModuleInspector}:
 *       {@link SecurityModuleAction}; an {@link IntegrityChecker}: {@link IntegrityAction}.</li>
 * </ul>
 * A catalogue action without a handler answers 126 "not supported" ({@code SafeActionRegistry}).
 */
@Module
public final class ActionsModule {
    /** §8.5.12: the power-off (or sysprep launch) comes at least 3 s after the reply was written. */
    static final Duration GOLDEN_IMAGE_DELAY = Duration.ofSeconds(3);

    private ActionsModule() {
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

    /** The guest's optional ports, for the handlers that exist only with them. */
    record OptionalPorts(Optional<UpdateAgent> updates, Optional<AntivirusInspector> antivirus,
                         Optional<ScriptHost> scripts, Optional<SecurityModuleInspector> securityModules,
                         Optional<IntegrityChecker> integrity) {
    }

    @Provides
    static OptionalPorts optionalPorts(Optional<UpdateAgent> updates, Optional<AntivirusInspector> antivirus,
                                       Optional<ScriptHost> scripts, Optional<SecurityModuleInspector> securityModules,
                                       Optional<IntegrityChecker> integrity) {
        return new OptionalPorts(updates, antivirus, scripts, securityModules, integrity);
    }

    /** The handlers, over the guest's ports. */
    @Provides
    @ElementsIntoSet
    static Set<SafeActionExecutor> executors(
            @Named("version") String version, SystemFactsSource facts, AgentClock clock, ResourceHistory history,
            @ForActions SystemMetricsSource metrics, @ForActions ProcessSource processes,
            ProcessControl processControl, LocalAccounts accounts, ServiceManager services, PackageManager packages,
            ApplicationInventory applications, FirewallInspector firewall, CleanupTargets cleanupTargets,
            PowerControl power, GoldenImagePreparer goldenImage, GoldenImageShutdown goldenImageShutdown,
            DomainJoiner domainJoiner, PolicyEvaluator policy, ProgramRunner runner, OptionalPorts optional) {
        Set<SafeActionExecutor> all = new HashSet<>();
        // §8.3: the inventories keep computing after a 124 and answer the retry from a 120 s cache; one cache,
        // so a package mutation also drops the update status and the application list.
        InventoryCache inventory = new InventoryCache(clock);
        MaintenanceActions.UpdateStatus updateStatus;
        if (optional.updates().isPresent()) {
            UpdateAgentActions updates = new UpdateAgentActions(optional.updates().get(), clock);
            updateStatus = Callbacks.of(Callbacks.Kind.UPDATE_STATUS, updates);
            all.add(inventory.wrap(updates));
            all.add(inventory.wrap(new ApplicationInventoryActions(applications, packages, optional.updates().get(),
                    clock)));
        } else {
            PackageUpdateActions updates = new PackageUpdateActions(packages, facts, clock, applications);
            updateStatus = Callbacks.of(Callbacks.Kind.UPDATE_STATUS, updates);
            all.add(inventory.wrap(updates));
        }
        ResourceOptimizationAction optimization = new ResourceOptimizationAction(history, clock);
        List<HealthCheck> checks = new ArrayList<>(
                StandardHealthChecks.all(metrics, updateStatus, firewall, services, optimization));
        if (optional.antivirus().isPresent()) {
            AntivirusActions antivirus = new AntivirusActions(optional.antivirus().get(), clock);
            checks.add(antivirus.healthCheck());
            all.add(antivirus);
        }
        if (optional.scripts().isPresent()) {
            all.add(new ScriptHostAction(optional.scripts().get(), runner, clock));
        }
        if (optional.securityModules().isPresent()) {
            all.add(new SecurityModuleAction(optional.securityModules().get()));
        }
        if (optional.integrity().isPresent()) {
            all.add(new IntegrityAction(optional.integrity().get()));
        }
        HealthCheckActions health = new HealthCheckActions(checks);
        CleanupActions cleanup = new CleanupActions(cleanupTargets);
        all.add(new SystemInfoActions(facts, accounts, version));
        all.add(new ProcessActions(processes, processControl));
        all.add(new ServiceActions(services, policy));
        all.add(inventory.wrap(new PackageActions(packages)));
        all.add(new FirewallActions(firewall));
        all.add(new DiskSpaceAction(metrics));
        all.add(optimization);
        all.add(health);
        all.add(cleanup);
        all.add(new MaintenanceActions(cleanup, health, updateStatus));
        all.add(new RebootAction(power));
        all.add(new GoldenImageAction(goldenImage, goldenImageShutdown, facts, GOLDEN_IMAGE_DELAY));
        all.add(new JoinDomainAction(domainJoiner, power, facts));
        return all;
    }
}
