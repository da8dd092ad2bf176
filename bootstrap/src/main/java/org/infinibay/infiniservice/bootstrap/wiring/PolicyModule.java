package org.infinibay.infiniservice.bootstrap.wiring;

import dagger.Module;
import dagger.Provides;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.JsonCodec;
import org.infinibay.infiniservice.application.port.out.SelfMonitor;
import org.infinibay.infiniservice.application.port.out.StateStore;
import org.infinibay.infiniservice.application.service.agent.AgentService;
import org.infinibay.infiniservice.application.service.metrics.MetricsService;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.policy.LoadedPolicy;
import org.infinibay.infiniservice.application.service.policy.Lockdown;
import org.infinibay.infiniservice.application.service.selfcheck.StateDirectoryCheck;
import org.infinibay.infiniservice.application.service.selfcheck.BudgetWatcher;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.bootstrap.policy.PolicyFileLoader;
import org.infinibay.infiniservice.bootstrap.policy.PolicyLocation;

/**
 * Platform-neutral wiring of the guest policy and of self-protection. A platform module supplies
 * the {@code PolicyEvaluator} (it knows the shells, the agent account and process names) and the
 * {@link SelfMonitor}; the component binds the {@link PolicyLocation}.
 */
@Module
public final class PolicyModule {
    private PolicyModule() {
    }

    /** Loaded once at start; a change takes effect at the next agent restart. */
    @Provides
    @Singleton
    static LoadedPolicy policy(PolicyLocation location) {
        return new PolicyFileLoader(location).load();
    }

    @Provides
    @Singleton
    static BudgetWatcher budgetWatcher(LoadedPolicy policy, SelfMonitor monitor, OutboundQueue queue,
                                       ExecutorService workers, MetricsService metrics, StateStore store,
                                       JsonCodec codec, AgentClock clock) {
        BudgetWatcher.Gauges gauges = new BudgetWatcher.Gauges(Callbacks.of(Callbacks.Kind.QUEUE_LINES, queue),
                Callbacks.of(Callbacks.Kind.QUEUE_BYTES, queue), Callbacks.of(Callbacks.Kind.COMMAND_BACKLOG, workers));
        return new BudgetWatcher(policy.policy().budget(), monitor, gauges, queue,
                Callbacks.typed(Callbacks.of(Callbacks.Kind.SHED, metrics)), store, codec, clock, policy.summary());
    }

    /**
     * The lockdown every command is checked against: from a policy file that cannot be used (for the
     * life of the process) and from the state directory probe (see {@code StateDirectoryHealth}).
     */
    @Provides
    @Singleton
    static Lockdown lockdown(LoadedPolicy policy) {
        return new Lockdown(policy.error());
    }

    /**
     * The handshake's {@code policy} key, the state-directory probe and the self-check started with the
     * agent and, when the agent starts locked down (policy file, state directory), an {@code agent_event}
     * saying why (retained until a host reads it).
     */
    @Provides
    @Singleton
    static AgentService.Extensions extensions(LoadedPolicy policy, BudgetWatcher watcher, Lockdown lockdown,
                                              OutboundQueue queue, StateStore store) {
        StateDirectoryCheck stateDirectory = new StateDirectoryCheck(store, lockdown,
                Callbacks.typed(Callbacks.of(Callbacks.Kind.SEND, queue)));
        // before the first command is read: an unusable state directory degrades the agent (Callbacks.Kind)
        return new AgentService.Extensions(JsonObject.builder().put("policy", policy.summary()).build(),
                List.of(Callbacks.startChecks(stateDirectory, lockdown, queue),
                        Callbacks.typed(Callbacks.of(Callbacks.Kind.START_WATCHER, watcher))));
    }
}
