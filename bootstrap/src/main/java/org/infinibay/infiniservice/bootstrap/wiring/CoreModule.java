package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.ElementsIntoSet;
import jakarta.inject.Named;
import jakarta.inject.Provider;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.infinibay.infiniservice.application.port.in.CollectMetricsUseCase;
import org.infinibay.infiniservice.application.port.in.RunAgentUseCase;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.GuestPlatform;
import org.infinibay.infiniservice.application.port.out.HostChannel;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.PortSource;
import org.infinibay.infiniservice.application.port.out.ProcessSource;
import org.infinibay.infiniservice.application.service.command.SafeActionExecutor;
import org.infinibay.infiniservice.application.port.out.ServiceInventorySource;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.port.out.SystemMetricsSource;
import org.infinibay.infiniservice.application.service.agent.AgentService;
import org.infinibay.infiniservice.application.service.AgentSettings;
import org.infinibay.infiniservice.application.service.DaemonThreads;
import org.infinibay.infiniservice.application.service.agent.InboundProcessor;
import org.infinibay.infiniservice.application.service.MetricsObserver;
import org.infinibay.infiniservice.application.service.PendingScriptsHandler;
import org.infinibay.infiniservice.application.service.UnsafeCommandHandler;
import org.infinibay.infiniservice.application.service.auth.EnvelopeVerifier;
import org.infinibay.infiniservice.application.service.auth.RejectionReporter;
import org.infinibay.infiniservice.application.service.apps.TrackedApplicationSource;
import org.infinibay.infiniservice.application.service.auth.ReplayStore;
import org.infinibay.infiniservice.application.service.command.CommandService;
import org.infinibay.infiniservice.application.service.command.ResponseFactory;
import org.infinibay.infiniservice.application.service.command.SafeActionRegistry;
import org.infinibay.infiniservice.application.service.metrics.MetricsService;
import org.infinibay.infiniservice.application.service.outbound.LineRenderer;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.policy.Lockdown;
import org.infinibay.infiniservice.application.service.outbound.OutboundWriter;
import org.infinibay.infiniservice.application.service.outbound.RetainedSpool;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.application.service.selfcheck.BudgetWatcher;
import org.infinibay.infiniservice.bootstrap.config.Configuration;
import org.infinibay.infiniservice.domain.auth.SharedSecret;

/**
 * Platform-neutral wiring of the core services, from the ports a guest OS component provides
 * ({@link org.infinibay.infiniservice.bootstrap.guest.GuestOs}); nothing here changes when a guest OS
 * is added, and nothing here names an adapter class (ArchitectureTest).
 */
@Module(includes = PolicyModule.class)
public final class CoreModule {
    /** Bounded so a flood of commands is refused promptly ("agent busy") instead of piling up. */
    static final int COMMAND_BACKLOG = 256;

    private CoreModule() {
    }

    @Provides
    @Singleton
    static AgentSettings settings(Configuration c, GuestPlatform platform, @Named("version") String version) {
        return new AgentSettings(c.vmId(), SharedSecret.fromConfigured(c.secretText()), version, platform.name(),
                c.metricsIntervalSeconds(), c.processesPerKind(), c.commandTypeAction(), 4);
    }

    @Provides
    static AgentClock clock() {
        return AgentClock.SYSTEM;
    }

    @Provides
    @ElementsIntoSet
    static Set<SafeActionExecutor> noCoreExecutors() {
        return Set.of();
    }

    @Provides
    @ElementsIntoSet
    static Set<MetricsObserver> noCoreObservers() {
        return Set.of();
    }

    @Provides
    @Singleton
    static RetainedSpool spool(StateStore store) {
        return new RetainedSpool(store);
    }

    @Provides
    @Singleton
    static OutboundQueue queue(JsonCodec codec, AgentClock clock, RetainedSpool spool) {
        return new OutboundQueue(codec, clock, spool);
    }

    @Provides
    @Singleton
    static OutboundWriter writer(OutboundQueue queue, HostChannel channel, AgentClock clock, JsonCodec codec) {
        return new OutboundWriter(queue, channel, clock, new LineRenderer(codec));
    }

    @Provides
    @Singleton
    static ReplayStore replayStore(StateStore store, ScheduledExecutorService timers) {
        return new ReplayStore(store, 100_000, timers);
    }

    @Provides
    @Singleton
    static EnvelopeVerifier verifier(AgentSettings s, AgentClock clock, ReplayStore replay) {
        return new EnvelopeVerifier(s.secret(), clock, replay);
    }

    @Provides
    @Singleton
    static RejectionReporter rejections(OutboundQueue queue, AgentClock clock) {
        return new RejectionReporter(queue, clock);
    }

    @Provides
    @Singleton
    static ScheduledExecutorService timers() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, named("infiniservice-timer"));
        t.setRemoveOnCancelPolicy(true); // cancelled command watchdogs must not linger
        return t;
    }

    @Provides
    @Singleton
    static ExecutorService workers(AgentSettings s) {
        int n = s.workerThreads();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(COMMAND_BACKLOG), named("infiniservice-worker"));
        pool.allowCoreThreadTimeOut(true); // idle agents keep no worker threads
        return pool;
    }

    /** The periodic collection's sources: the guest's, plus application usage tracked over its catalog. */
    @Provides
    @Singleton
    static MetricsService.Sources sources(SystemMetricsSource system, ProcessSource processes, PortSource ports,
                                          TrackedApplicationSource applications,
                                          Optional<ServiceInventorySource> services) {
        return new MetricsService.Sources(system, processes, ports, applications, services.orElse(null));
    }

    @Provides
    @Singleton
    static MetricsService metrics(MetricsService.Sources sources, OutboundQueue queue, JsonCodec codec,
                                  AgentClock clock, AgentSettings s, Set<MetricsObserver> observers) {
        return new MetricsService(sources, queue, codec, clock, s.metricsIntervalSeconds(), s.processesPerKind(),
                observers);
    }

    /**
     * Created on the first command: a Provider, not the set itself. A catalogue action no executor of this
     * guest handles answers "not supported on" the guest's platform.
     */
    @Provides
    @Singleton
    static SafeActionRegistry registry(Provider<Set<SafeActionExecutor>> executors, GuestPlatform platform) {
        return new SafeActionRegistry(Callbacks.typed(Callbacks.of(Callbacks.Kind.PROVIDED, executors)), platform);
    }

    @Provides
    @Singleton
    static CommandService commands(SafeActionRegistry registry, UnsafeCommandHandler unsafe,
                                   JsonCodec codec, AgentSettings s, OutboundQueue queue, ExecutorService workers,
                                   ScheduledExecutorService timers, AgentClock clock, MetricsService metrics,
                                   PolicyEvaluator policy, BudgetWatcher budget, AuditTrail audit) {
        return new CommandService(registry, unsafe,
                new ResponseFactory(codec, s.commandTypeAction()), queue, workers, timers, clock, metrics,
                policy, budget, audit);
    }

    @Provides
    @Singleton
    static InboundProcessor inbound(EnvelopeVerifier verifier, ReplayStore replay, RejectionReporter rejections,
                                    CommandService commands, PendingScriptsHandler scripts, MetricsService metrics,
                                    OutboundQueue queue, Lockdown lockdown) {
        return new InboundProcessor(verifier, replay, rejections, commands, scripts, metrics, queue, lockdown);
    }

    @Provides
    @Singleton
    static AgentService agent(AgentSettings s, HostChannel channel, OutboundQueue queue, OutboundWriter writer,
                              MetricsService metrics, InboundProcessor inbound, RejectionReporter rejections,
                              ReplayStore replay, PendingScriptsHandler scripts, AgentClock clock,
                              ScheduledExecutorService timers, ExecutorService workers,
                              AgentService.Extensions extensions) {
        return new AgentService(s, channel, queue, writer, metrics, inbound, rejections, replay, scripts, clock,
                new AgentService.Runtime(timers, workers), extensions);
    }

    @Provides
    static RunAgentUseCase runAgent(AgentService agent) {
        return agent;
    }

    @Provides
    static CollectMetricsUseCase collectMetrics(MetricsService metrics) {
        return metrics;
    }

    static ThreadFactory named(String prefix) {
        return DaemonThreads.numbered(prefix);
    }
}
