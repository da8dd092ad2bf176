package org.infinibay.infiniservice.application.service.command;

import java.lang.System.Logger.Level;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.infinibay.infiniservice.application.port.in.PublishMetricsUseCase;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditRecord;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.UnsafeCommandHandler;
import org.infinibay.infiniservice.application.service.outbound.OutboundQueue;
import org.infinibay.infiniservice.application.service.policy.PatternRule;
import org.infinibay.infiniservice.application.service.policy.PolicyDecision;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.domain.command.ActionParameters;
import org.infinibay.infiniservice.domain.command.ActionResult;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.command.SafeAction;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.json.JsonString;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.message.InboundMessage;
import org.infinibay.infiniservice.domain.message.Outbound;

/**
 * Runs verified commands on the worker pool, never on the reader or writer thread (CONTRACT §8.6),
 * and guarantees exactly one response per command id: the action's, or a prompt failure (unknown
 * action, invalid command, duplicate id, busy) or the deadline's {@code 124} (§8.3), whichever
 * comes first. At the deadline the worker is interrupted so the action kills what it started.
 */
public final class CommandService {
    private static final System.Logger LOG = Logs.get(CommandService.class);
    private static final long ID_MEMORY_NANOS = TimeUnit.MINUTES.toNanos(5);

    private final SafeActionRegistry registry;
    private final UnsafeCommandHandler unsafe;
    private final ResponseFactory responses;
    private final OutboundQueue queue;
    private final ExecutorService workers;
    private final ScheduledExecutorService timers;
    private final AgentClock clock;
    private final PublishMetricsUseCase metrics;
    private final PolicyEvaluator policy;
    private final CommandAdmission admission;
    private final AuditTrail audit;
    /** Command ids seen recently (running or answered), with the time they arrived, oldest first. */
    private final Map<String, Long> recentIds = new LinkedHashMap<>();
    private String exclusiveRunning;

    /**
     * @param policy    the guest owner's policy, checked before anything runs (denied: exit 1, audited)
     * @param admission self-protection: refuses new commands while over the backlog budget
     */
    public CommandService(SafeActionRegistry registry, UnsafeCommandHandler unsafe, ResponseFactory responses,
                          OutboundQueue queue, ExecutorService workers, ScheduledExecutorService timers,
                          AgentClock clock, PublishMetricsUseCase metrics, PolicyEvaluator policy,
                          CommandAdmission admission, AuditTrail audit) {
        this.policy = policy;
        this.admission = admission;
        this.audit = audit;
        this.registry = registry;
        this.unsafe = unsafe;
        this.responses = responses;
        this.queue = queue;
        this.workers = workers;
        this.timers = timers;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Whether the command names an action of the catalogue that only reads and changes nothing in the
     * guest ({@link SafeAction#readOnly()}), resolved as for execution: running it a second time is
     * harmless, so its envelope's nonce need not be synced before it runs (see {@code ReplayStore}).
     * Everything else, unknown names included, is treated as able to change the guest.
     */
    public boolean readOnly(InboundMessage.SafeCommand cmd) {
        String action = actionOf(cmd);
        if (action == null) {
            return false;
        }
        Optional<Map.Entry<String, SafeActionExecutor>> found = registry.find(action);
        return found.isPresent() && SafeAction.isReadOnly(found.get().getKey());
    }

    public void submitSafe(InboundMessage.SafeCommand cmd) {
        long received = clock.monotonicNanos();
        if (!firstSeen(cmd.id(), received)) {
            reply(responses.safe(cmd.id(), actionOf(cmd), ActionResult.failure(ExitCodes.FAILED,
                    "duplicate command id"), 0));
            return;
        }
        Optional<Json> ct = cmd.raw().get("command_type");
        if (ct.isEmpty() || !(ct.get() instanceof JsonObject commandType)) {
            reply(responses.safe(cmd.id(), null, ActionResult.failure(ExitCodes.INVALID_PARAMETERS,
                    "invalid command: command_type " + (ct.isEmpty() ? "missing" : "is not an object")), 0));
            return;
        }
        Optional<String> actionName = commandType.string("action");
        if (actionName.isEmpty() || actionName.get().isEmpty()) {
            reply(responses.safe(cmd.id(), null,
                    ActionResult.failure(ExitCodes.INVALID_PARAMETERS, "missing action"), 0));
            return;
        }
        String action = actionName.get();
        Optional<Map.Entry<String, SafeActionExecutor>> found = registry.find(action);
        if (found.isEmpty()) {
            LOG.log(Level.INFO, "command {0}: unsupported action {1}", cmd.id(), printable(action));
            reply(responses.safe(cmd.id(), action,
                    ActionResult.failure(ExitCodes.UNKNOWN_ACTION, "unsupported action: " + printable(action)), 0));
            return;
        }
        String canonical = found.get().getKey();
        JsonObject topParams = cmd.raw().object("params").orElse(null);
        PolicyDecision decision = policy.safeCommand(canonical, new ActionParameters(commandType, topParams));
        if (!decision.allowed()) {
            denied(cmd.id(), "safe", canonical, "agent", decision);
            reply(responses.safe(cmd.id(), action, ActionResult.failure(ExitCodes.FAILED, decision.error()),
                    elapsedMs(received)));
            return;
        }
        Optional<String> refusal = admission.refusal();
        if (refusal.isEmpty()) {
            refusal = admitExclusive(canonical);
        }
        if (refusal.isPresent()) {
            reply(responses.safe(cmd.id(), action, ActionResult.failure(ExitCodes.FAILED, refusal.get()), 0));
            return;
        }
        Deadline deadline = Deadline.forWireTimeout(received, cmd.timeoutSeconds());
        Optional<SafeAction> known = SafeAction.named(canonical);
        Execution run = new Execution(cmd.id(), action, canonical, received, deadline,
                known.isPresent() && known.get().metricsAfter(), found.get().getValue(), null);
        // executors switch on the exact name, so they get the canonical one; the reply echoes what was sent
        run.request = new ActionRequest(cmd.id(), canonical, new ActionParameters(commandType, topParams),
                deadline, run);
        // a read-only query is over in milliseconds: its "finished" line is enough at INFO
        LOG.log(known.isPresent() && known.get().readOnly() ? Level.DEBUG : Level.INFO, "command {0}: {1} started",
                cmd.id(), canonical);
        start(run);
    }

    public void submitUnsafe(InboundMessage.UnsafeCommand cmd) {
        long received = clock.monotonicNanos();
        if (!firstSeen(cmd.id(), received)) {
            reply(responses.unsafe(cmd.id(), ActionResult.failure(ExitCodes.FAILED, "duplicate command id"), 0));
            return;
        }
        String shell = cmd.raw().string("shell").orElse(null);
        PolicyDecision decision = policy.unsafeCommand(shell, cmd.raw().fields().get("run_as"));
        if (!decision.allowed()) {
            denied(cmd.id(), "unsafe", shell == null ? "" : shell,
                    runAsShown(cmd), decision);
            reply(responses.unsafe(cmd.id(), ActionResult.failure(ExitCodes.FAILED, decision.error()),
                    elapsedMs(received)));
            return;
        }
        Optional<String> refusal = admission.refusal();
        if (refusal.isEmpty()) {
            refusal = admitExclusive(null);
        }
        if (refusal.isPresent()) {
            reply(responses.unsafe(cmd.id(), ActionResult.failure(ExitCodes.FAILED, refusal.get()), 0));
            return;
        }
        Deadline deadline = Deadline.forWireTimeout(received, cmd.timeoutSeconds());
        LOG.log(Level.INFO, "command {0}: unsafe command started", cmd.id());
        start(new Execution(cmd.id(), null, null, received, deadline, false, null, cmd));
    }

    /**
     * Answers a command that must not run at all (its envelope's nonce could not be stored durably,
     * see {@code InboundProcessor}) with one prompt {@code success:false}. The id is not remembered:
     * the host may send the command again once the agent can run it.
     */
    public void refuse(InboundMessage.SafeCommand cmd, String reason) {
        reply(responses.safe(cmd.id(), actionOf(cmd), ActionResult.failure(ExitCodes.FAILED, reason), 0));
    }

    /** As {@link #refuse(InboundMessage.SafeCommand, String)}, for an unsafe command. */
    public void refuse(InboundMessage.UnsafeCommand cmd, String reason) {
        reply(responses.unsafe(cmd.id(), ActionResult.failure(ExitCodes.FAILED, reason), 0));
    }

    private static String runAsShown(InboundMessage.UnsafeCommand cmd) {
        Optional<String> runAs = cmd.raw().string("run_as");
        return runAs.isPresent() && !runAs.get().isBlank() ? runAs.get() : "agent";
    }

    /**
     * One admitted command: its work on a worker, its deadline on the timer, and the "reply written"
     * signal from the writer thread; whichever of work and deadline comes first answers. The three
     * callbacks are one named class with a switch over {@link Step}'s kind: the lambdas and method
     * references they replace spun a proxy class each and loaded the lambda machinery on the first
     * command (docs/performance.md, round 5).
     */
    private final class Execution implements ActionRequest.ReplyWritten {
        final String id;
        /** The action as received (for the reply); null for an unsafe command. */
        final String action;
        /** The canonical action (the exclusive slot, the log); null for an unsafe command. */
        final String canonical;
        final long received;
        final Deadline deadline;
        final boolean metricsAfter;
        final SafeActionExecutor executor;
        final InboundMessage.UnsafeCommand unsafeCommand;
        ActionRequest request;
        final AtomicBoolean answered = new AtomicBoolean();
        final CountDownLatch written = new CountDownLatch(1);
        volatile ScheduledFuture<?> watchdog;
        volatile Future<?> future;

        Execution(String id, String action, String canonical, long received, Deadline deadline, boolean metricsAfter,
                  SafeActionExecutor executor, InboundMessage.UnsafeCommand unsafeCommand) {
            this.id = id;
            this.action = action;
            this.canonical = canonical;
            this.received = received;
            this.deadline = deadline;
            this.metricsAfter = metricsAfter;
            this.executor = executor;
            this.unsafeCommand = unsafeCommand;
        }

        @Override
        public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
            return written.await(timeout, unit);
        }

        ActionResult call() throws InterruptedException {
            return unsafeCommand != null ? unsafe.execute(unsafeCommand, deadline) : executor.execute(request);
        }

        Outbound.Response reply(ActionResult r) {
            return unsafeCommand != null ? responses.unsafe(id, r, elapsedMs(received))
                    : responses.safe(id, action, r, elapsedMs(received));
        }

        /** On a worker: the work, then the reply unless the deadline answered first. */
        void work() {
            try {
                ActionResult result;
                try {
                    result = call();
                } catch (InterruptedException e) {
                    result = timedOut(deadline);
                } catch (RuntimeException e) {
                    LOG.log(Level.ERROR, "command " + id + " failed unexpectedly", e);
                    result = ActionResult.failure(ExitCodes.FAILED, "internal error: " + e.getClass().getSimpleName());
                }
                if (answered.compareAndSet(false, true)) {
                    queue.send(reply(result), new Step(Step.WRITTEN, this));
                    // logged once the reply is queued: the writer sends it while this line is written
                    LOG.log(Level.INFO, "command {0}: {1} finished, exit code {2}", id,
                            canonical == null ? "unsafe command" : canonical, result.exitCode());
                    if (metricsAfter) {
                        metrics.publishMetricsNow();
                    }
                }
            } finally {
                finished(canonical);
                ScheduledFuture<?> w = watchdog;
                if (w != null) {
                    w.cancel(false); // free the timer slot early; a late firing is a no-op anyway
                }
            }
        }

        /** On the timer at the deadline. */
        void deadlineReached() {
            if (answered.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "command {0}: deadline of {1} s reached", id, deadline.seconds());
                queue.send(reply(timedOut(deadline)), new Step(Step.WRITTEN, this));
                future.cancel(true); // interrupts the action so it kills what it started
            }
        }
    }

    /** The callbacks of an {@link Execution}: its work, its deadline, its reply written. */
    private static final class Step implements Runnable {
        static final int WORK = 0;
        static final int DEADLINE = 1;
        static final int WRITTEN = 2;
        private final int kind;
        private final Execution execution;

        Step(int kind, Execution execution) {
            this.kind = kind;
            this.execution = execution;
        }

        @Override
        public void run() {
            switch (kind) {
                case WORK:
                    execution.work();
                    break;
                case DEADLINE:
                    execution.deadlineReached();
                    break;
                default:
                    execution.written.countDown();
            }
        }
    }

    private void start(Execution run) {
        try {
            run.future = workers.submit(new Step(Step.WORK, run));
        } catch (RejectedExecutionException e) {
            finished(run.canonical);
            reply(run.reply(ActionResult.failure(ExitCodes.FAILED, "agent busy: too many commands queued")));
            return;
        }
        long delay = run.deadline.remainingNanos(clock.monotonicNanos());
        run.watchdog = timers.schedule(new Step(Step.DEADLINE, run), delay, TimeUnit.NANOSECONDS);
    }

    private static ActionResult timedOut(Deadline deadline) {
        return ActionResult.failure(ExitCodes.TIMED_OUT, "timed out after " + deadline.seconds() + " s");
    }

    /**
     * Records the id; false when it was seen within the last 5 minutes (running or answered), so a
     * command is never executed twice (§8.6).
     */
    private synchronized boolean firstSeen(String id, long now) {
        // insertion order is arrival order (one reader thread, a monotonic clock): the expired ids
        // are at the head, so this stops at the first live one instead of scanning every id
        for (Iterator<Long> it = recentIds.values().iterator(); it.hasNext(); ) {
            if (now - it.next() <= ID_MEMORY_NANOS) {
                break;
            }
            it.remove();
        }
        return recentIds.putIfAbsent(id, now) == null;
    }

    /** Refuses anything while an exclusive action runs; an exclusive action takes the slot. */
    private synchronized Optional<String> admitExclusive(String action) {
        if (exclusiveRunning != null) {
            return Optional.of("agent busy: " + exclusiveRunning + " in progress");
        }
        Optional<SafeAction> known = action == null ? Optional.empty() : SafeAction.named(action);
        if (known.isPresent() && known.get().exclusive()) {
            exclusiveRunning = action;
        }
        return Optional.empty();
    }

    /** The non-empty action name the command sends in command_type, else null (not yet resolved by the registry). */
    private static String actionOf(InboundMessage.SafeCommand cmd) {
        Optional<JsonObject> commandType = cmd.raw().object("command_type");
        Optional<String> action = commandType.isPresent() ? commandType.get().string("action") : Optional.empty();
        return action.isPresent() && !action.get().isEmpty() ? action.get() : null;
    }

    private synchronized void finished(String action) {
        if (action != null && action.equals(exclusiveRunning)) {
            exclusiveRunning = null;
        }
    }

    /** A policy denial leaves an audit line, like every refused execution. */
    private void denied(String id, String kind, String program, String user, PolicyDecision decision) {
        LOG.log(Level.INFO, "command {0}: {1}", id, decision.error());
        audit.record(new AuditRecord(clock.nowMillis(), id, kind, program, user, 0, ExitCodes.FAILED,
                AuditRecord.digest("", decision.error()), decision.error()));
    }

    private void reply(Outbound.Response response) {
        queue.send(response);
    }

    private long elapsedMs(long received) {
        return TimeUnit.NANOSECONDS.toMillis(clock.monotonicNanos() - received);
    }

    /** Action names come from the host; keep log lines printable and short. */
    private static String printable(String s) {
        String t = s.length() > 64 ? s.substring(0, 64) : s;
        return new JsonString(PatternRule.printable(t)).value();
    }
}
