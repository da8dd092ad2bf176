package org.infinibay.infiniservice.application.service.scripts;

import org.infinibay.infiniservice.application.port.out.ScriptFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.infinibay.infiniservice.application.port.in.ExecRequest;
import org.infinibay.infiniservice.application.port.in.ExecResult;
import org.infinibay.infiniservice.application.port.in.ProgramRunner;
import org.infinibay.infiniservice.application.port.out.AgentClock;
import org.infinibay.infiniservice.application.port.out.AuditRecord;
import org.infinibay.infiniservice.application.port.out.AuditTrail;
import org.infinibay.infiniservice.application.port.out.Deadline;
import org.infinibay.infiniservice.application.service.DaemonThreads;
import org.infinibay.infiniservice.application.service.OutboundSink;
import org.infinibay.infiniservice.application.service.PendingScriptsHandler;
import org.infinibay.infiniservice.application.service.outbound.RetainedSpool;
import org.infinibay.infiniservice.application.service.policy.PolicyDecision;
import org.infinibay.infiniservice.application.service.policy.PolicyEvaluator;
import org.infinibay.infiniservice.application.service.unsafe.AccountResolver;
import org.infinibay.infiniservice.application.port.out.ShellCommand;
import org.infinibay.infiniservice.application.port.out.ShellPlatform;
import org.infinibay.infiniservice.domain.command.ExitCodes;
import org.infinibay.infiniservice.domain.json.Json;
import org.infinibay.infiniservice.domain.json.JsonArray;
import org.infinibay.infiniservice.domain.json.JsonObject;
import org.infinibay.infiniservice.domain.log.Logs;
import org.infinibay.infiniservice.domain.message.Outbound;

/**
 * The host-scheduled scripts flow (CONTRACT §10.4). Requests are retried on the injected scheduler
 * and never block; scripts run one at a time, in the order received, on one dedicated worker
 * thread, so they never hold up ordinary commands, keep-alive or metrics. Every script that is
 * accepted or refused with a usable {@code execution_id} gets exactly one {@code script_completion};
 * every failure also gets an {@code agent_event}.
 */
public final class PendingScriptsService implements PendingScriptsHandler {
    private static final System.Logger LOG = Logs.get(PendingScriptsService.class);
    private static final String SOURCE = "scripts";

    private final OutboundSink sink;
    private final ProgramRunner runner;
    private final ShellPlatform shells;
    private final AccountResolver accounts;
    private final AuditTrail audit;
    private final AgentClock clock;
    private final ScheduledExecutorService scheduler;
    private final String vmId;
    private final ScriptFiles files;
    private final RetryPolicy retry;
    /** The script worker, made for the first script (most agents never run one); guarded by {@link #requestLock}. */
    private ExecutorService worker;
    private boolean shutDown; // guarded by requestLock
    private final PolicyEvaluator policy;
    /** Where a running script is recorded, so that an agent death cannot cost it its completion; may be null. */
    private final RetainedSpool journal;
    private final String runPrefix;
    private final AtomicLong runCounter = new AtomicLong();
    /** Execution ids queued or running: a second copy is not queued (§10.4 item 4). */
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

    private final Object requestLock = new Object();
    private long requestRound;
    private ScheduledFuture<?> pendingRetry;

    /**
     * @param scheduler the agent's scheduler, used only for the request retries
     * @param files     where private script files go, and how they are protected and removed
     */
    public PendingScriptsService(OutboundSink sink, ProgramRunner runner, ShellPlatform shells,
                                 AccountResolver accounts, AuditTrail audit, AgentClock clock,
                                 ScheduledExecutorService scheduler, String vmId, ScriptFiles files, RetryPolicy retry) {
        this(sink, runner, shells, accounts, audit, clock, scheduler, vmId, files, retry,
                PolicyEvaluator.permissive(), null);
    }

    /**
     * @param policy  the guest owner's policy: a denied script completes at once with exit code 1
     * @param journal the outbound spool, which records the running script (see {@link #recoverInterrupted});
     *                {@code null}: not recorded
     */
    public PendingScriptsService(OutboundSink sink, ProgramRunner runner, ShellPlatform shells,
                                 AccountResolver accounts, AuditTrail audit, AgentClock clock,
                                 ScheduledExecutorService scheduler, String vmId, ScriptFiles files, RetryPolicy retry,
                                 PolicyEvaluator policy, RetainedSpool journal) {
        this.policy = policy;
        this.journal = journal;
        this.runPrefix = "s" + Long.toString(clock.nowMillis(), 36) + "-";
        this.sink = sink;
        this.runner = runner;
        this.shells = shells;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
        this.scheduler = scheduler;
        this.vmId = vmId;
        this.files = files;
        this.retry = retry;
    }

    /** The worker, made on first use; after {@link #shutdown()} every task is refused. */
    private ExecutorService worker() {
        synchronized (requestLock) {
            if (shutDown) {
                throw new RejectedExecutionException("the script worker is shut down");
            }
            if (worker == null) {
                worker = Executors.newSingleThreadExecutor(DaemonThreads.named("script-worker"));
            }
            return worker;
        }
    }

    // ---- request_pending_scripts and its retries ---------------------------------------------

    @Override
    public void requestPendingScripts() {
        synchronized (requestLock) {
            long round = ++requestRound;
            cancelRetry();
            sink.send(new Outbound.RequestPendingScripts(vmId));
            scheduleCheck(round, 0);
        }
    }

    /** After {@code responseWait} without an answer, the next request goes out after the next backoff. */
    private void scheduleCheck(long round, int retriesDone) {
        pendingRetry = schedule(new RetryStep(round, retriesDone, false), retry.responseWait());
    }

    /**
     * A step of the request's retries, on the scheduler: {@code resend} false checks for the answer
     * after {@code responseWait} and schedules the resend after the next backoff; {@code resend} true
     * sends the next request. A named class: the two lambdas it replaces spun proxy classes in every
     * poll (docs/performance.md, round 5).
     */
    private final class RetryStep implements Runnable {
        private final long round;
        private final int retriesDone;
        private final boolean resend;

        RetryStep(long round, int retriesDone, boolean resend) {
            this.round = round;
            this.retriesDone = retriesDone;
            this.resend = resend;
        }

        @Override
        public void run() {
            synchronized (requestLock) {
                if (round != requestRound) {
                    return; // answered, or superseded by a newer attach
                }
                if (resend) {
                    sink.send(new Outbound.RequestPendingScripts(vmId));
                    scheduleCheck(round, retriesDone + 1);
                    return;
                }
                if (retriesDone >= retry.backoffs().size()) {
                    LOG.log(System.Logger.Level.INFO, "no pending_scripts_response after {0} requests",
                            retriesDone + 1);
                    return;
                }
                pendingRetry = schedule(new RetryStep(round, retriesDone, true), retry.backoffs().get(retriesDone));
            }
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        try {
            return scheduler.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null; // the agent is stopping
        }
    }

    private void cancelRetry() {
        if (pendingRetry != null) {
            pendingRetry.cancel(false);
            pendingRetry = null;
        }
    }

    // ---- pending_scripts_response ------------------------------------------------------------

    @Override
    public void onPendingScriptsResponse(JsonArray scripts) {
        synchronized (requestLock) {
            requestRound++; // any response, solicited or pushed, ends the retries
            cancelRetry();
        }
        for (Json entry : scripts.items()) {
            PendingScript.Parsed parsed = PendingScript.parse(entry, accounts);
            String id = parsed.script() != null ? parsed.script().executionId() : parsed.invalid().executionId();
            if (id != null && !inFlight.add(id)) {
                LOG.log(System.Logger.Level.INFO, "script execution {0} is already queued or running; ignored", id);
                continue;
            }
            if (parsed.invalid() != null) {
                try {
                    reportInvalid(parsed.invalid());
                } finally {
                    if (id != null) {
                        inFlight.remove(id);
                    }
                }
                continue;
            }
            PendingScript script = parsed.script();
            PolicyDecision decision = policy.script(script.shell(), script.target().user());
            if (!decision.allowed()) {
                try {
                    reportDenied(script, decision);
                } finally {
                    inFlight.remove(id);
                }
                continue;
            }
            try {
                worker().execute(() -> runAndComplete(script));
            } catch (RejectedExecutionException e) {
                inFlight.remove(id);
                LOG.log(System.Logger.Level.INFO, "agent stopping: script execution {0} not started", id);
            }
        }
    }

    private void reportInvalid(PendingScript.Invalid bad) {
        long now = clock.nowMillis();
        audit.record(new AuditRecord(now, bad.executionId() == null ? "" : bad.executionId(), "script", "", "agent", 0,
                bad.code(), AuditRecord.digest("", bad.problem()), "rejected: " + bad.problem()));
        if (bad.executionId() != null) {
            sink.send(new Outbound.ScriptCompletion(bad.executionId(), bad.code(), "", bad.problem(), null));
        }
        sink.send(event(Outbound.AgentEvent.Severity.error, bad.name(), bad.problem(), bad.executionId(),
                bad.scriptId(), bad.code(), false, 0));
        LOG.log(System.Logger.Level.WARNING, "script {0} ({1}) refused: {2}", bad.name(), bad.executionId(),
                bad.problem());
    }

    /** Denied by the guest policy: completion with exit 1 and the reason, the event, the audit line. */
    private void reportDenied(PendingScript s, PolicyDecision decision) {
        long now = clock.nowMillis();
        // audit first: once the host has the outcome, the audit trail must already show the denial
        audit.record(new AuditRecord(now, s.executionId(), "script", "", s.target().userForLog(), 0, ExitCodes.FAILED,
                AuditRecord.digest("", decision.error()), decision.error()));
        sink.send(new Outbound.ScriptCompletion(s.executionId(), ExitCodes.FAILED, "", decision.error(), null));
        sink.send(event(Outbound.AgentEvent.Severity.error, s.name(), decision.error(), s.executionId(), s.scriptId(),
                ExitCodes.FAILED, false, 0));
        LOG.log(System.Logger.Level.WARNING, "script {0} ({1}) {2}", s.name(), s.executionId(), decision.error());
    }

    // ---- the script worker -------------------------------------------------------------------

    /** The result of one script, sent only after its file is gone. */
    private record Outcome(String program, int exit, String stdout, String stderr, String reason, boolean timedOut,
                           boolean startFailed, long durationMs) {
    }

    private void runAndComplete(PendingScript script) {
        long startMillis = clock.nowMillis();
        long startNanos = clock.monotonicNanos();
        String runId = runPrefix + runCounter.incrementAndGet();
        Outcome outcome;
        Path file = null;
        try {
            if (journal != null) {
                journal.runStarted(runId, startMillis, script.executionId(), script.scriptId(), script.name());
            }
            file = files.create(script.content(), shells.scriptExtension(script.shell()), script.target().user());
            outcome = run(script, file, runId);
        } catch (IOException e) {
            outcome = new Outcome("", ExitCodes.UNKNOWN_ACTION, "", "",
                    "failed to start: cannot write the script file: " + e.getMessage(), false, true,
                    elapsedMs(startNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new Outcome("", ExitCodes.FAILED, "", "", "agent shutting down", false, false,
                    elapsedMs(startNanos));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "script " + script.executionId() + " failed internally", e);
            outcome = new Outcome("", ExitCodes.FAILED, "", "", "internal error: " + e.getClass().getSimpleName(),
                    false, false, elapsedMs(startNanos));
        } finally {
            if (file != null) {
                files.delete(file);
            }
        }
        try {
            Outcome o = outcome;
            if (journal != null) {
                journal.endRun(runId, () -> complete(script, o, startMillis));
            } else {
                complete(script, o, startMillis);
            }
        } finally {
            inFlight.remove(script.executionId());
        }
    }

    private Outcome run(PendingScript script, Path file, String runId) throws InterruptedException {
        ShellCommand argv = shells.script(script.shell(), file.toString());
        if (argv.isRefused()) {
            return new Outcome("", argv.refusalCode(), "", "", argv.refusal(), false, true, 0);
        }
        long now = clock.monotonicNanos();
        Deadline deadline = new Deadline(now + TimeUnit.SECONDS.toNanos(script.timeoutSeconds()),
                script.timeoutSeconds());
        ExecResult r = runner.run(new ExecRequest(argv.argv(), Map.of(), script.target().workDir(),
                script.target().user(), deadline, null, runId));
        String reason = null;
        if (r.timedOut()) {
            reason = "timed out after " + script.timeoutSeconds() + " s";
        } else if (r.startFailed()) {
            reason = firstLine(r.stderr());
        } else if (r.exitCode() != 0) {
            reason = "exit code " + r.exitCode();
        }
        return new Outcome(argv.program(), r.exitCode(), r.stdout(), r.stderr(), reason, r.timedOut(),
                r.startFailed(), r.durationMs());
    }

    /** Exactly one completion, plus the event on failure, plus the audit record. */
    private void complete(PendingScript s, Outcome o, long startMillis) {
        String program = o.program();
        int exit = o.exit();
        String stdout = o.stdout();
        String stderr = o.stderr();
        String reason = o.reason();
        boolean timedOut = o.timedOut();
        boolean startFailed = o.startFailed();
        long durationMs = o.durationMs();
        String err = stderr;
        // A start failure's reason already is the engine's stderr; every other reason is appended.
        if (reason != null && !(startFailed && stderr.startsWith(reason))) {
            err = stderr.isEmpty() ? reason : stderr + (stderr.endsWith("\n") ? "" : "\n") + reason;
        }
        audit.record(new AuditRecord(startMillis, s.executionId(), "script", program, s.target().userForLog(),
                durationMs, exit, AuditRecord.digest(stdout, err), program.isEmpty() ? "not run: " + reason : "allowed"));
        sink.send(new Outbound.ScriptCompletion(s.executionId(), exit, stdout, err, null));
        if (exit != 0) {
            Outbound.AgentEvent.Severity severity = timedOut || startFailed
                    ? Outbound.AgentEvent.Severity.error : Outbound.AgentEvent.Severity.warn;
            sink.send(event(severity, s.name(), reason == null ? "exit code " + exit : reason, s.executionId(),
                    s.scriptId(), exit, timedOut, durationMs));
        }
        LOG.log(System.Logger.Level.INFO, "script {0} ({1}): {2}, {3} chars, as {4}: {5} in {6} ms", s.name(),
                s.executionId(), program, s.content().length(), s.target().userForLog(),
                exit == 0 ? "exit 0" : reason, durationMs);
    }

    private static Outbound.AgentEvent event(Outbound.AgentEvent.Severity severity, String name, String reason,
                                             String executionId, String scriptId, long exit, boolean timedOut,
                                             long durationMs) {
        JsonObject context = JsonObject.builder()
                .put("script_id", scriptId)
                .put("exit_code", exit)
                .put("timed_out", timedOut)
                .put("duration_ms", durationMs)
                .build();
        return new Outbound.AgentEvent(severity, SOURCE, "script " + name + " failed: " + reason, executionId, context);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private long elapsedMs(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(clock.monotonicNanos() - startNanos);
    }

    // ---- after an agent death ------------------------------------------------------------------

    /**
     * The programs an earlier agent process left running are stopped (the engine finds them by the
     * container each was recorded in), then every script that agent had started and never completed
     * gets its one completion: 128+9 when what was left of it had to be killed now, 1 when it had
     * already ended (its exit code and output went with the agent). Each also gets an error event.
     */
    @Override
    public void recoverInterrupted() {
        Set<String> killed;
        try {
            killed = runner.recoverLeftovers();
        } catch (RuntimeException e) { // never keeps the agent from starting
            LOG.log(System.Logger.Level.ERROR, "stopping what an earlier agent process left running failed", e);
            killed = Set.of();
        }
        if (journal == null) {
            return;
        }
        for (RetainedSpool.InterruptedRun run : journal.interruptedRuns()) {
            try {
                completeInterrupted(run, killed.contains(run.key()));
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot complete interrupted script " + run.executionId(), e);
            }
        }
    }

    private void completeInterrupted(RetainedSpool.InterruptedRun run, boolean wasRunning) {
        int exit = wasRunning ? 128 + 9 : ExitCodes.FAILED;
        String reason = wasRunning
                ? "interrupted: the agent stopped unexpectedly while the script ran; what was left of it was"
                + " killed (SIGKILL) when the agent restarted; its output is lost"
                : "interrupted: the agent stopped unexpectedly while the script ran; the script had ended"
                + " before the agent restarted; its exit code and output are lost";
        long durationMs = Math.max(0, clock.nowMillis() - run.startedMillis());
        String name = run.name() == null ? run.executionId() : run.name();
        journal.endRun(run.key(), () -> {
            audit.record(new AuditRecord(run.startedMillis(), run.executionId(), "script", "", "?", durationMs,
                    exit, AuditRecord.digest("", reason), "interrupted by an agent restart"));
            sink.send(new Outbound.ScriptCompletion(run.executionId(), exit, "", reason, null));
            sink.send(event(Outbound.AgentEvent.Severity.error, name, "interrupted by an agent restart",
                    run.executionId(), run.scriptId(), exit, false, durationMs));
        });
        LOG.log(System.Logger.Level.WARNING, "script {0} ({1}) was interrupted by the agent''s death; completed"
                + " with exit code {2}", name, run.executionId(), exit);
    }

    @Override
    public void shutdown() {
        ExecutorService w;
        synchronized (requestLock) {
            requestRound++;
            cancelRetry();
            shutDown = true;
            w = worker;
        }
        if (w == null) {
            return; // no script ever ran
        }
        w.shutdownNow(); // interrupts the running script: the engine kills its tree
        try {
            if (!w.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "script worker did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
