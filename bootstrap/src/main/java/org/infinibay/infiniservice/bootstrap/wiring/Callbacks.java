package org.infinibay.infiniservice.bootstrap.wiring;

import jakarta.inject.Provider;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.infinibay.infiniservice.application.port.in.RunAgentUseCase;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.port.out.ShellCommand;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import org.infinibay.infiniservice.application.port.out.os.ProcessControl;
import org.infinibay.infiniservice.application.service.actions.MaintenanceActions;
import org.infinibay.infiniservice.application.service.actions.PackageUpdateActions;
import org.infinibay.infiniservice.application.service.actions.UpdateAgentActions;
import org.infinibay.infiniservice.application.service.metrics.MetricsService;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.policy.Lockdown;
import org.infinibay.infiniservice.application.service.selfcheck.BudgetWatcher;
import org.infinibay.infiniservice.application.service.selfcheck.StateDirectoryCheck;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.message.OutboundMessage;

/**
 * The callbacks the wiring hands to the services, as one named class with a switch over a {@link Kind},
 * instead of a lambda or method reference each: the first lambda the agent runs loads the whole
 * LambdaMetafactory machinery (~90 classes for the agent's life), and every callback here runs at
 * start-up, in a metrics cycle, in keep-alive handling or when a command is dispatched (issue #17).
 * Each instance is one callback: only the interface of its kind is called on it.
 */
public final class Callbacks implements IntSupplier, LongSupplier, Supplier<Object>, Consumer<Object>,
        Predicate<String>, Function<String, Optional<String>>, LongFunction<Optional<String>>,
        MaintenanceActions.UpdateStatus, Runnable {

    /** What a callback does; the fields it uses are named beside each kind. */
    enum Kind {
        /** IntSupplier: the outbound queue's lines ({@code a}: OutboundQueue). */
        QUEUE_LINES,
        /** LongSupplier: the outbound queue's bytes ({@code a}: OutboundQueue). */
        QUEUE_BYTES,
        /** IntSupplier: commands waiting for a worker ({@code a}: ExecutorService). */
        COMMAND_BACKLOG,
        /** Consumer of Boolean: shed the optional metrics parts ({@code a}: MetricsService). */
        SHED,
        /** Consumer of OutboundMessage: queue it ({@code a}: OutboundQueue). */
        SEND,
        /**
         * Consumer of the timers, on start: the state directory probe, then the lockdown event when the agent
         * starts locked down ({@code a}: StateDirectoryCheck, {@code b}: Lockdown, {@code c}: OutboundQueue).
         */
        START_CHECKS,
        /** Consumer of the timers, on start: the budget watcher ({@code a}: BudgetWatcher). */
        START_WATCHER,
        /** Supplier: the process environment, {@link System#getenv()}. */
        ENVIRONMENT,
        /** Supplier: what a Dagger provider provides ({@code a}: Provider). */
        PROVIDED,
        /** Predicate: is this the agent's account ({@code a}: ShellPlatform). */
        AGENT_ACCOUNT,
        /** Function: the program a shell runs, empty when refused ({@code a}: ShellPlatform). */
        SHELL_PROGRAM,
        /** LongFunction: a process's name ({@code a}: ProcessControl). */
        PROCESS_NAME,
        /** UpdateStatus: the package or update-agent status ({@code a}: its actions). */
        UPDATE_STATUS,
        /** Runnable: the shutdown hook, stops the agent ({@code a}: RunAgentUseCase). */
        STOP_AGENT
    }

    private final Kind kind;
    private final Object a;
    private final Object b;
    private final Object c;

    private Callbacks(Kind kind, Object a, Object b, Object c) {
        this.kind = kind;
        this.a = a;
        this.b = b;
        this.c = c;
    }

    static Callbacks of(Kind kind, Object a) {
        return new Callbacks(kind, a, null, null);
    }

    /** {@link System#getenv()} as a supplier (also for the platform modules outside this package). */
    public static Supplier<Map<String, String>> environment() {
        return typed(new Callbacks(Kind.ENVIRONMENT, null, null, null));
    }

    /** The agent's start-up steps of {@link PolicyModule}. */
    static Consumer<ScheduledExecutorService> startChecks(StateDirectoryCheck check, Lockdown lockdown,
                                                          OutboundQueue queue) {
        return typed(new Callbacks(Kind.START_CHECKS, check, lockdown, queue));
    }

    /** The shutdown hook's work: {@code agent.stop()}. */
    public static Runnable stop(RunAgentUseCase agent) {
        return new Callbacks(Kind.STOP_AGENT, agent, null, null);
    }


    /** This callback as the generic interface its kind implements (the type arguments are erased). */
    @SuppressWarnings("unchecked")
    static <T> T typed(Callbacks c) {
        return (T) c;
    }

    @Override
    public int getAsInt() {
        switch (kind) {
            case QUEUE_LINES:
                return ((OutboundQueue) a).size();
            case COMMAND_BACKLOG:
                return a instanceof ThreadPoolExecutor ? ((ThreadPoolExecutor) a).getQueue().size() : 0;
            default:
                throw wrong("IntSupplier");
        }
    }

    @Override
    public long getAsLong() {
        if (kind == Kind.QUEUE_BYTES) {
            return ((OutboundQueue) a).sizeBytes();
        }
        throw wrong("LongSupplier");
    }

    @Override
    public Object get() {
        switch (kind) {
            case ENVIRONMENT:
                return System.getenv();
            case PROVIDED:
                return ((Provider<?>) a).get();
            default:
                throw wrong("Supplier");
        }
    }

    @Override
    public void accept(Object value) {
        switch (kind) {
            case SHED:
                ((MetricsService) a).shedOptionalParts((Boolean) value);
                return;
            case SEND:
                ((OutboundQueue) a).send((OutboundMessage) value);
                return;
            case START_CHECKS:
                // before the first command is read: an unusable state directory degrades the agent
                ((StateDirectoryCheck) a).start((ScheduledExecutorService) value);
                Lockdown lockdown = (Lockdown) b;
                if (lockdown.reason() != null) {
                    ((OutboundQueue) c).send(lockdown.event());
                }
                return;
            case START_WATCHER:
                ((BudgetWatcher) a).start((ScheduledExecutorService) value);
                return;
            default:
                throw wrong("Consumer");
        }
    }

    @Override
    public boolean test(String account) {
        if (kind == Kind.AGENT_ACCOUNT) {
            return ((ShellPlatform) a).isAgentAccount(account);
        }
        throw wrong("Predicate");
    }

    @Override
    public Optional<String> apply(String shell) {
        if (kind == Kind.SHELL_PROGRAM) {
            ShellPlatform shells = (ShellPlatform) a;
            ShellCommand cmd = shells.command(shell, shells.noOpCommand());
            return cmd.isRefused() ? Optional.empty() : Optional.of(cmd.program());
        }
        throw wrong("Function");
    }

    @Override
    public Optional<String> apply(long pid) {
        if (kind == Kind.PROCESS_NAME) {
            return ((ProcessControl) a).processName(pid);
        }
        throw wrong("LongFunction");
    }


    @Override
    public JsonObject status(Deadline deadline) throws Exception {
        if (kind == Kind.UPDATE_STATUS) {
            return a instanceof UpdateAgentActions
                    ? ((UpdateAgentActions) a).updateStatus(deadline)
                    : ((PackageUpdateActions) a).updateStatus(deadline);
        }
        throw wrong("UpdateStatus");
    }

    @Override
    public void run() {
        if (kind == Kind.STOP_AGENT) {
            ((RunAgentUseCase) a).stop();
            return;
        }
        throw wrong("Runnable");
    }

    private IllegalStateException wrong(String as) {
        return new IllegalStateException("callback " + kind + " called as " + as);
    }

    @Override
    public String toString() {
        return "Callbacks." + kind;
    }
}
